/** Errors in the spec's shape: `{ error, message }`, with the status that says whose fault it is. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RULE_REFUSED } from '../domain/decisions';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad-request', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'No such case.') => new HttpError(404, 'not-found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const PG_UNAVAILABLE = /^(08|57P0[1-3])/;

/** The 409 of an Update a rule refused, or undefined when the failure is something else. */
export function ruleRefusal(err: unknown): HttpError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === RULE_REFUSED) return conflict(cause.message);
  return undefined;
}

/** Temporal or PostgreSQL cannot be reached: the caller should retry later. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown; name?: string };
  if (err instanceof ServiceError) {
    const code = (err.cause as { code?: number } | undefined)?.code;
    return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
  }
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return true;
  if (typeof e?.code === 'string' && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || PG_UNAVAILABLE.test(e.code))) {
    return true;
  }
  if (typeof e?.code === 'number' && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  return /timeout exceeded when trying to connect|Connection terminated/i.test(String((err as Error)?.message));
}

function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'request';
  if (!first) return err.message;
  const at = `${where}${first.instancePath.replace(/\//g, '.')}`;
  const params = first.params as Record<string, unknown>;
  if (first.keyword === 'additionalProperties') return `${at} has an unknown field "${params.additionalProperty}".`;
  if (first.keyword === 'required') return `${at} is missing the required field "${params.missingProperty}".`;
  return `${at} ${first.message}.`;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (request.audit) request.audit.reason = err.message;
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ error: err.code, message: err.message });
    }
    if (err.validation) return reply.code(400).send({ error: 'bad-request', message: validationMessage(err) });
    const refused = ruleRefusal(err);
    if (refused) return reply.code(409).send({ error: refused.code, message: refused.message });
    if (isUnavailable(err)) {
      request.log.warn({ err: { message: err.message, code: err.code } }, 'dependency unavailable');
      return reply.code(503).send({
        error: 'unavailable',
        message: 'A service the product depends on (Temporal, the database or the worker) is unavailable; retry shortly.',
      });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: 'payload-too-large', message: 'The request body is too large.' });
    if (status === 429) return reply.code(429).send({ error: 'rate-limited', message: err.message });
    if (status >= 400 && status < 500) {
      return reply.code(status === 415 ? 415 : 400).send({ error: 'bad-request', message: err.message });
    }
    request.log.error({ err }, 'unexpected failure');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side; it has been logged.' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );
}
