/**
 * Temporal's codec protocol for the Temporal UI and CLI: POST /codec/encode and /codec/decode
 * take and give `{ payloads: [{ metadata, data }] }` in base64. Only roc-o and ops see payloads
 * decoded. A bearer token always works (the Temporal UI passes the access token of an ops person
 * signed in through the identity provider); the browser signs in once at /codec/login, which sets
 * an HttpOnly cookie the UI server `npm start` runs sends along (its codec configuration has
 * `includeCredentials: true`; the app's first hook reads that cookie for /codec/ URLs; see registerAuth).
 *
 * Decoding never fails as a whole: a payload that cannot be decrypted (a key not configured here,
 * tampered ciphertext) comes back exactly as it was sent, the others decoded, and the failure is
 * logged with the key id and the reason, never the payload. Malformed base64 is a 400.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { actAs, authenticate, principalOf } from '../auth';
import { badRequest } from '../errors';
import { PayloadDecryptionError } from '../../infra/codec';
import { CodecPayloads, errorResponses } from '../../domain/schemas';

export const CODEC_COOKIE = 'resettlement_codec';
const CODEC_ROLES = ['roc-o', 'ops'] as const;
const CODEC_ERRORS = errorResponses(400, 401, 403, 413, 415, 429, 503);

const Payloads = Type.Object(
  {
    payloads: Type.Array(
      Type.Object({
        metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
        data: Type.Optional(Type.String()),
      }),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
type Payloads = { payloads: Array<{ metadata?: Record<string, string>; data?: string }> };

export async function codecRoutes(app: FastifyInstance, deps: { codec: PayloadCodec; cookieSecure: boolean }) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  for (const direction of ['encode', 'decode'] as const) {
    app.post(
      `/codec/${direction}`,
      {
        // The bearer token, or the one the codec sign-in put in its cookie: verified by the app's first hook.
        onRequest: async (request) => {
          actAs(await principalOf(request), CODEC_ROLES, request);
        },
        schema: {
          summary: `Temporal codec: ${direction} payloads`,
          tags: ['codec'],
          security: [{ bearerAuth: [] }],
          body: Payloads,
          response: { 200: CodecPayloads, ...CODEC_ERRORS },
        },
      },
      async (request) => {
        const sent = (request.body as Payloads).payloads;
        const payloads = sent.map((p, i) => fromJson(p, i));
        if (direction === 'encode') return { payloads: (await deps.codec.encode(payloads)).map(toJson) };
        // One at a time, so that one payload the codec cannot read leaves the others decoded.
        const answer = [];
        for (const [i, payload] of payloads.entries()) {
          try {
            const [decoded] = await deps.codec.decode([payload]);
            answer.push(toJson(decoded));
          } catch (err) {
            const keyId = Buffer.from(payload.metadata?.[KEY_ID_FIELD] ?? []).toString();
            request.log.warn(
              err instanceof PayloadDecryptionError
                ? { payload: i, keyId: err.keyId.slice(0, 100), reason: err.reason }
                : { payload: i, keyId: keyId.slice(0, 100), reason: (err as Error)?.name ?? 'unknown' },
              'codec: payload not decoded; returned as sent',
            );
            answer.push(sent[i]);
          }
        }
        return { payloads: answer };
      },
    );
  }

  app.get('/codec/login', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html').send(`<!doctype html><meta charset="utf-8"><title>Codec sign-in</title>
<h1>Decode payloads in the Temporal UI</h1>
<p>Paste a roc-o or ops token (<code>npm run token -- --role ops --sub you</code>), then open the Temporal UI
at the same host (127.0.0.1): it shows payloads decoded.</p>
<form method="post" action="/codec/login"><textarea name="token" rows="6" cols="80"></textarea><br>
<button type="submit">Sign in</button></form>`),
  );

  app.post(
    '/codec/login',
    {
      schema: {
        summary: 'Sign the browser in to the codec endpoint with a staff token (sets an HttpOnly cookie)',
        tags: ['codec'],
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
        response: {
          200: { description: 'Signed in: a page saying so', content: { 'text/html': { schema: { type: 'string' } } } },
          ...CODEC_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { token } = request.body as { token: string };
      actAs(await authenticate(request, `Bearer ${token.trim()}`), CODEC_ROLES, request);
      reply.setCookie(CODEC_COOKIE, token.trim(), {
        path: '/codec',
        httpOnly: true,
        sameSite: deps.cookieSecure ? 'none' : 'lax',
        secure: deps.cookieSecure,
      });
      return reply.type('text/html').send('<!doctype html><p>Signed in. The Temporal UI now shows payloads decoded.</p>');
    },
  );
}

/** The key id an encrypted payload names in its metadata (infra/codec.ts). */
const KEY_ID_FIELD = 'encryption-key-id';

/** Standard or URL-safe base64, padded or not (protobuf's JSON form of bytes accepts both). */
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/** Bytes sent as base64, or 400 naming where they are. */
function bytes(text: string, where: string): Buffer {
  if (!BASE64.test(text)) throw badRequest(`${where} is not base64.`);
  // Node's base64 decoder reads both alphabets.
  return Buffer.from(text, 'base64');
}

function fromJson(p: { metadata?: Record<string, string>; data?: string }, i: number): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, bytes(v, `body.payloads.${i}.metadata.${k.slice(0, 100)}`)]),
    ),
    data: bytes(p.data ?? '', `body.payloads.${i}.data`),
  };
}

function toJson(p: Payload) {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}
