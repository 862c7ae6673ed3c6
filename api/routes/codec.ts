/**
 * Temporal's codec protocol for the Temporal UI and CLI: POST /codec/encode and /codec/decode
 * take and give `{ payloads: [{ metadata, data }] }` in base64. Only roc-o and ops see payloads
 * decoded. A bearer token always works; the browser signs in once at /codec/login, which sets
 * an HttpOnly cookie the UI sends along when "include cross-origin credentials" is on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { actAs, authenticate, type Principal } from '../auth';
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

  /** The bearer token, or the token the codec login put in its cookie. */
  async function codecPrincipal(request: FastifyRequest): Promise<Principal> {
    const cookie = request.cookies?.[CODEC_COOKIE];
    if (!request.headers.authorization && cookie) request.headers.authorization = `Bearer ${cookie}`;
    return authenticate(request);
  }

  for (const direction of ['encode', 'decode'] as const) {
    app.post(
      `/codec/${direction}`,
      {
        onRequest: async (request) => {
          actAs(await codecPrincipal(request), CODEC_ROLES, request);
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
        const payloads = (request.body as Payloads).payloads.map(fromJson);
        const result = direction === 'encode' ? await deps.codec.encode(payloads) : await deps.codec.decode(payloads);
        return { payloads: result.map(toJson) };
      },
    );
  }

  app.get('/codec/login', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html').send(`<!doctype html><meta charset="utf-8"><title>Codec sign-in</title>
<h1>Decode payloads in the Temporal UI</h1>
<p>Paste a roc-o or ops token (<code>npm run token -- --role ops --sub you</code>). In the Temporal UI's codec
settings, turn on "Include cross-origin credentials".</p>
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
      request.headers.authorization = `Bearer ${token.trim()}`;
      actAs(await authenticate(request), CODEC_ROLES, request);
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

function fromJson(p: { metadata?: Record<string, string>; data?: string }): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload) {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}
