/** One pino logger for the processes. Logs carry ids and stages, never personal data. */
import pino, { type LoggerOptions } from 'pino';
import { safeError } from './safe-error';

/** Fields of a database error that quote the data that caused it (pg's DatabaseError, query libraries). */
const DATA_FIELDS = ['detail', 'where', 'parameters', 'internalQuery', 'hint'];

// An error of another realm too (the workflow sandbox's), but not a plain object: a summary safeError already made
// (it has a message and a stack) is written as it is, not summarized again as "a non-error value".
const isErrorLike = (value: unknown): value is Error =>
  value instanceof Error ||
  (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype && 'stack' in value && 'message' in value);

/**
 * How an error is written: a thrown error as its safe summary (infra/safe-error: a database error by its SQLSTATE
 * and names, never its text), a plain object as given but without the data fields.
 */
function serializeError(value: unknown): unknown {
  if (isErrorLike(value)) return safeError(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of DATA_FIELDS) delete copy[field];
  if (copy.cause !== undefined) copy.cause = serializeError(copy.cause);
  return copy;
}

/**
 * A request as the API's log shows it: the method and the route's pattern (`/applications/:caseId`), never the URL
 * as sent, whose path and query may hold a case id or a name a caller typed.
 */
function serializeRequest(request: { method?: string; id?: unknown; routeOptions?: { url?: string } }) {
  return { method: request.method, route: request.routeOptions?.url ?? 'unmatched', requestId: request.id };
}

/**
 * The options every logger of the product uses (the API's Fastify logger takes the same object, with its stream
 * and level): errors under `err` or `error` through the serializer above, and `detail`, `where` and `parameters`
 * removed wherever they appear next to them, whatever a caller logs.
 */
export const loggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.SERVICE_NAME },
  serializers: { err: serializeError, error: serializeError, req: serializeRequest },
  redact: {
    paths: ['err', 'error', 'err.cause', 'error.cause'].flatMap((at) => DATA_FIELDS.map((field) => `${at}.${field}`)),
    remove: true,
  },
};

export const logger = pino(loggerOptions);
