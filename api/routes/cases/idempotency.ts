/**
 * The Idempotency-Key (spec §4): the first answer to (scope, action, key) is the only one ever given; the same key
 * with a different request is 422.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { storeAnswer, storedAnswer, type StoredAnswer } from '../../case-store';
import type { Words } from '../../../domain/words';
import { badRequest, HttpError, ruleRefusal } from '../../errors';
import { answerWords } from '../../language';

/**
 * Produces the answer, or with an Idempotency-Key gives the one stored for it. Refusals (4xx) are stored like
 * successes; a 5xx is not, so the request can be sent again. `requestHash` is the request's identity (by default its
 * parameters and JSON body; an upload gives its own, from the file's checksum).
 */
export async function answerOnce(
  pool: Pool,
  request: FastifyRequest,
  scope: string,
  action: string,
  produce: () => Promise<StoredAnswer>,
  requestHash = hashOf({ params: request.params, body: request.body }),
): Promise<StoredAnswer> {
  const key = idempotencyKey(request);
  if (!key) return produce();
  const stored = await storedAnswer(pool, scope, action, key);
  if (stored) return sameRequest(stored, requestHash);
  let answer: StoredAnswer;
  try {
    answer = await produce();
  } catch (err) {
    const refused = err instanceof HttpError ? err : ruleRefusal(err);
    if (!refused || refused.statusCode >= 500) throw err;
    // Kept in English, with both languages when it has them: whoever sends the key again reads it in their own.
    answer = { statusCode: refused.statusCode, body: { error: refused.code, message: refused.message, ...(refused.words && { words: refused.words }) } };
  }
  return sameRequest(await storeAnswer(pool, scope, action, key, { ...answer, requestHash }), requestHash);
}

/** Spec §4: the same key with a different request is 422, never the first request's answer. */
export function sameRequest(stored: StoredAnswer, requestHash: string): StoredAnswer {
  if (stored.requestHash && stored.requestHash !== requestHash) throw keyReused();
  return stored;
}

/** Spec §4's 422: an Idempotency-Key sent again with another request. */
export const keyReused = () =>
  new HttpError(422, 'idempotency-key-reused', 'This Idempotency-Key was first sent with a different request; send a new key with a new request.');

/**
 * Sends an answer as produced or as stored for an Idempotency-Key: its status and body are untyped
 * there (a row of the store), but always one the route's response schemas describe.
 */
export function sendAnswer(reply: FastifyReply, answer: StoredAnswer) {
  if (answer.statusCode < 400) return reply.code(answer.statusCode).send(answer.body);
  // A refusal given again from the store is audited with its words (English), like the first time.
  const { words, ...body } = answer.body as { error: string; message: string; words?: Words };
  reply.request.audit.reason = body.message;
  if (words) body.message = answerWords(reply.request, reply, words);
  return reply.code(answer.statusCode).send(body);
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !key || key.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  // A key is the caller's own: another person sending the same key gets no answer given to the first.
  const caller = createHash('sha256').update(request.actor?.sub ?? '').digest('base64url').slice(0, 16);
  return `${caller}:${key}`;
}

/** A request's identity for its Idempotency-Key: its parameters and body, whatever the order of their fields. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
