/** Errors in the spec's shape: `{ error, message }`, with the status that says whose fault it is. */
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { BAD_INPUT, RULE_REFUSED } from '../domain/decisions';
import { safeError } from '../infra/safe-error';
import { FORMATS } from '../domain/formats';
import { words, type Words } from '../domain/words';
import { answerWords } from './language';

/**
 * An answer in the spec's shape. Its `message` is English (what the audit and the logs keep); one given as `Words`
 * also has French, and is answered in the language the request prefers (api/language.ts).
 */
export class HttpError extends Error {
  /** The message in both languages, when it has both. */
  readonly words?: Words;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string | Words,
  ) {
    super(typeof message === 'string' ? message : message.en);
    if (typeof message !== 'string') this.words = message;
  }
}

export const badRequest = (message: string | Words) => new HttpError(400, 'bad-request', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'No such case.') => new HttpError(404, 'not-found', message);
export const conflict = (message: string | Words) => new HttpError(409, 'conflict', message);
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const PG_UNAVAILABLE = /^(08|57P0[1-3])/;

/**
 * The answer to an Update the case refused: 409 with the rule's words, or 400 when the case shows the
 * input to be wrong (spec §4 "Bad input"); undefined when the failure is something else. The words are the
 * failure's message (English) and the French its details carry (domain/decision-messages.ts `refusalFailure`).
 */
export function ruleRefusal(err: unknown): HttpError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === RULE_REFUSED) return conflict(failureWords(cause));
  if (cause instanceof ApplicationFailure && cause.type === BAD_INPUT) return badRequest(failureWords(cause));
  return undefined;
}

/** A refusal's words: its message in English, with the French of its details when it carries them. */
function failureWords(failure: ApplicationFailure): string | Words {
  const fr = (failure.details?.[0] as { fr?: unknown } | undefined)?.fr;
  return typeof fr === 'string' && fr ? words(failure.message, fr) : failure.message;
}

/** The gRPC status code of a failed call to Temporal, if it is one. */
export function grpcCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.cause?.code === 'number') return e.cause.code;
  return typeof e?.code === 'number' ? e.code : undefined;
}

/** Temporal or PostgreSQL cannot be reached: the caller should retry later. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown; name?: string };
  // An Update nobody took up before our deadline: no worker is polling, or it is overwhelmed.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
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

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  object: 'an object',
  array: 'a list (a JSON array)',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'null',
};

/** What the schema wanted, in words: the field (`body.flights.0.departure`), then what is wrong. */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'request';
  if (!first) return err.message;
  const at = `${where}${first.instancePath.replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~')}`;
  const params = first.params as Record<string, unknown>;
  const n = Number(params.limit);
  switch (first.keyword) {
    case 'additionalProperties':
      return `${at} has an unknown field "${params.additionalProperty}".`;
    case 'required':
      return `${at} is missing the required field "${params.missingProperty}".`;
    case 'pattern':
      return `${at} is not in the expected form (${params.pattern}).`;
    case 'enum':
      return `${at} must be one of: ${(params.allowedValues as string[]).join(', ')}.`;
    case 'format': {
      const format = String(params.format);
      if (format === 'email') return `${at} must be an email address.`;
      return `${at} ${FORMATS[format]?.mustBe ?? `must be written as a ${format}`}.`;
    }
    case 'type': {
      const types = String(params.type).split(',');
      return `${at} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.`;
    }
    case 'minLength':
      return n <= 1 ? `${at} must not be empty.` : `${at} must be at least ${n} characters long.`;
    case 'maxLength':
      return `${at} must be at most ${n} characters long.`;
    case 'minItems':
      return `${at} must list at least ${n} item${n === 1 ? '' : 's'}.`;
    case 'maxItems':
      return `${at} must list at most ${n} item${n === 1 ? '' : 's'}.`;
    case 'minimum':
    case 'maximum':
      return `${at} must be ${first.keyword === 'minimum' ? 'at least' : 'at most'} ${n}.`;
    default:
      return `${at} ${first.message}.`;
  }
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const answer = answerFor(err, request.log);
    // The audit keeps the reason the person was given, in English.
    if (request.audit) request.audit.reason = answer.message;
    const message = answer.words ? answerWords(request, reply, answer.words) : answer.message;
    return reply.code(answer.statusCode).send({ error: answer.code, message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );
}

/** What a failure means to the person who sent the request: a status, a code and words. */
function answerFor(err: FastifyError, log: FastifyBaseLogger): HttpError {
  if (err instanceof HttpError) return err;
  if (err.validation) return badRequest(validationMessage(err));
  const refused = ruleRefusal(err);
  if (refused) return refused;
  if (isUnavailable(err)) {
    // A summary only: a database error's text and detail may quote the data that caused it.
    log.warn({ err: safeError(err) }, 'dependency unavailable');
    return unavailable('A service the product depends on (Temporal, the database or the worker) is unavailable; retry shortly.');
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return new HttpError(413, 'payload-too-large', 'The request body is too large.');
  if (status === 429) return new HttpError(429, 'rate-limited', err.message);
  if (status === 415) return new HttpError(415, 'unsupported-media-type', err.message);
  if (status >= 400 && status < 500) return badRequest(err.message);
  log.error({ err: safeError(err) }, 'unexpected failure');
  return new HttpError(500, 'internal', 'Something went wrong on our side; it has been logged.');
}
