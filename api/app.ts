/** buildApp(deps): the HTTP API as Fastify plugins, given its dependencies (tests pass real ones). */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Policy } from '../domain/policy';
import { HttpError, registerErrorHandler } from './errors';
import { registerContentTypes } from './content-types';
import { registerFormats } from '../domain/formats';
import { registerAuth, type JwksAuthConfig } from './auth';
import { metricsRoutes, registerMetrics, type HttpMetrics } from './metrics';
import { SnapshotRateLimitStore } from './rate-limit-store';
import { auditMalformedUrl, auditRoutes, registerAudit } from './audit';
import { healthRoutes } from './routes/health';
import { applicationsRoutes } from './routes/applications';
import { reportsRoutes } from './routes/reports';
import { CODEC_COOKIE, codecRoutes } from './routes/codec';
import type { DocumentDeps } from './routes/cases/documents';
import { documentStoreFrom } from '../infra/document-store';
import { documentKeyRingFrom } from '../infra/document-encryption';
import { DEFAULT_DOCUMENT_MAX_BYTES, DEV_JWT_SECRET } from '../infra/config';
import { consolePlugin, type ConsoleDeps } from '../console/plugin';
import { sessionKeyFrom } from '../console/session';

export interface AppDeps {
  client: Client;
  pool: Pool;
  taskQueue: string;
  policy: Policy;
  /** The HS256 key for staff tokens, used unless `jwks` is given. */
  jwtSecret: string;
  /** Verify tokens with an identity provider's published keys instead (AUTH_JWKS_URL); the secret is then refused. */
  jwks?: JwksAuthConfig;
  /** The payload codec the codec endpoint applies for the Temporal UI. */
  codec: PayloadCodec;
  /** Origins allowed to call the API from a browser (the Temporal UI, for the codec endpoint). */
  corsOrigins?: string[];
  logger?: boolean | object;
  workflowTimeoutMs?: number;
  /** Requests a second allowed per token subject (valid tokens; default 200). */
  rateLimitPerSecond?: number;
  /** Requests a second allowed per client address for requests without a valid token (default 20). */
  rateLimitPerAddressPerSecond?: number;
  /** The window the limits count in, in milliseconds (default 1000: the limits are per second). */
  rateLimitWindowMs?: number;
  /** Where documents are kept and the largest accepted; by default the application database, the development key, 20 MB. */
  documents?: DocumentDeps;
  /** The staff console at /console (spec §7); by default its development sign-in when the secret is the development one. */
  console?: Omit<ConsoleDeps, 'pool' | 'jwtSecret'>;
}

/** Answered without a token and never limited: liveness and readiness probes. */
const RATE_LIMIT_EXEMPT = new Set(['/healthz', '/readyz']);

export const BODY_LIMIT_BYTES = 256 * 1024;
/** How many times the per-address limit the console's pages get (20 a second by default: 200). */
const CONSOLE_ADDRESS_FACTOR = 10;
/** How long a connection may stay silent, in either direction, before it is closed (60 s: over the 20 s a case may take to answer). */
export const CONNECTION_IDLE_MS = 60_000;

/**
 * The validator of request schemas: unknown fields are an error the sender must hear about, not something to drop
 * silently; formats from ajv-formats (email), then ours (domain/formats.ts: date, date-time, text, iata) over them.
 */
function schemaValidator(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
  addFormats(ajv);
  registerFormats(ajv);
  return ajv;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    // A connection silent this long is closed: a request whose body stalls (an upload left hanging) holds nothing.
    connectionTimeout: CONNECTION_IDLE_MS,
    genReqId: () => randomUUID(),
    // What Node's HTTP parser refuses before Fastify sees a request (headers too large, a malformed request line)
    // still gets the API's error shape.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const [status, reason, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
          : [400, 'Bad Request', 'The request is not valid HTTP.'];
      const body = JSON.stringify({ error: status === 431 ? 'headers-too-large' : 'bad-request', message });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    // A malformed URL or an over-long path segment still gets the API's error shape. Fastify answers these
    // before any hook runs, so they are limited, audited and counted here (see malformedUrlAnswer below).
    frameworkErrors: (error, request, reply) => {
      const answer =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new HttpError(414, 'uri-too-long', 'A path segment is too long.')
          : new HttpError(400, 'bad-request', 'The URL is malformed.');
      void malformedUrl(request, reply, answer).catch((err) => {
        request.log.error({ err: { message: (err as Error).message } }, 'malformed URL not answered');
        if (!reply.sent) void reply.status(500 as never).send({ error: 'internal', message: 'Something went wrong on our side; it has been logged.' } as never);
      });
    },
  });
  // Response schemas document the API (OpenAPI); answers are written as they are, so that a schema
  // out of step with a stored case can neither drop a field nor turn a good answer into a 500.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // A body's types are what the sender wrote (`"accompanying": "true"` is 400); the query string and the
  // path are text, read as the numbers and lists their schemas say.
  const bodyValidator = schemaValidator(false);
  const urlValidator = schemaValidator('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyValidator : urlValidator).compile(schema));
  registerErrorHandler(app);
  registerContentTypes(app);
  registerAudit(app, deps.pool);
  // This app's own registry: several apps in one process (the tests) never share their counts.
  const metrics = registerMetrics(app);
  // Set once the rate limit is registered: frameworkErrors only runs for requests, after buildApp.
  let malformedUrl: (request: FastifyRequest, reply: FastifyReply, answer: HttpError) => Promise<void>;
  // Swagger UI needs inline scripts; the API answers JSON, where a CSP adds nothing.
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cors, {
    origin: deps.corsOrigins ?? [],
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-namespace', 'idempotency-key'],
    // An OPTIONS request that is not a browser's preflight gets 204 without CORS headers, not a text/plain 400.
    strictPreflight: false,
  });
  // Hook order, app-level onRequest hooks first and in the order added, then each route's own (requireRoles):
  // the audit's and the security headers' set-up; the codec sign-in cookie parsed; the token verified once,
  // which never throws and decides nothing (the principal, or the 401/503 to give, kept on the request);
  // then the rate limit, per token subject for a valid token and per client address otherwise, before any
  // route answers 401 or 403. @fastify/rate-limit's own global mode would add its hook to each route AFTER the
  // route's onRequest hooks (addRouteRateHook pushes onto routeOptions.onRequest), where a request without a
  // valid token is refused before it is ever counted; hence global: false and one app-level hook here.
  await app.register(cookie);
  await registerAuth(app, { secret: deps.jwtSecret, jwks: deps.jwks, cookie: { name: CODEC_COOKIE, pathPrefix: '/codec/' } });
  const perSubject = deps.rateLimitPerSecond ?? 200;
  const perAddress = deps.rateLimitPerAddressPerSecond ?? 20;
  const windowMs = deps.rateLimitWindowMs ?? 1000;
  const perWindow = windowMs === 1000 ? 'a second' : `every ${windowMs / 1000} seconds`;
  await app.register(rateLimit, {
    global: false,
    // The console's pages carry a session, not a token: counted per address too, but an office behind one address
    // is many people (what the pages ask of the API is counted per person, by their token).
    max: (request) => (request.identity?.principal ? perSubject : request.url.startsWith('/console') ? perAddress * CONSOLE_ADDRESS_FACTOR : perAddress),
    timeWindow: windowMs,
    store: SnapshotRateLimitStore,
    allowList: (request) => RATE_LIMIT_EXEMPT.has(request.routeOptions.url ?? ''),
    // The subject whatever token carries it (a renewed token, `bearer` in any case); no credential kept.
    keyGenerator: (request) =>
      request.identity?.principal
        ? `subject:${request.identity.principal.sub}`
        : `${request.url.startsWith('/console') ? 'console-address' : 'address'}:${normalizeIP(request.ip)}`,
    // Thrown to the error handler, which answers { error: 'rate-limited', message } like every error.
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate-limited', `Over the rate limit of ${context.max} requests ${perWindow}; retry in ${context.after}.`),
  });
  app.addHook('onRequest', app.rateLimit() as never);
  malformedUrl = malformedUrlAnswer(app, deps.pool, metrics, perWindow);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Resettlement to Quebec',
        version: '0.1.0',
        description: 'Cases of refugees destined to Quebec, shared by MIDI, ROC-O and the offices abroad.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, { registry: metrics.registry });
  const documents = deps.documents ?? {
    store: documentStoreFrom({ pool: deps.pool, keys: documentKeyRingFrom(undefined) }),
    maxBytes: DEFAULT_DOCUMENT_MAX_BYTES,
  };
  await app.register(applicationsRoutes, { ...deps, documents });
  await app.register(auditRoutes, deps);
  await app.register(reportsRoutes, deps);
  await app.register(codecRoutes, { codec: deps.codec, cookieSecure: false });
  const development = deps.jwtSecret === DEV_JWT_SECRET && !deps.jwks;
  await app.register(consolePlugin, {
    prefix: '/console',
    pool: deps.pool,
    jwtSecret: deps.jwtSecret,
    ...(deps.console ?? { devSignIn: development, sessionKey: sessionKeyFrom(undefined, { jwtSecret: deps.jwtSecret }).key, secureCookies: false }),
  });
  return app;
}

/**
 * The answer to a URL Fastify could not route (bad percent-encoding, a path segment over 100 characters). No hook
 * runs for it, and its request is not decorated (no token verification on it), so the same steps are taken here,
 * as for a request without a valid token: the rate limit counted per address (429 beyond it, not audited), the
 * attempt audited when the path names a case (without a subject), the answer counted in the metrics.
 */
function malformedUrlAnswer(app: FastifyInstance, pool: Pool, metrics: HttpMetrics, perWindow: string) {
  const limit = app.createRateLimit();
  return async (request: FastifyRequest, reply: FastifyReply, refusal: HttpError): Promise<void> => {
    request.audit = {};
    request.identity = { refusal: new HttpError(401, 'unauthorized', 'The URL is malformed; the token was not read.') };
    let answer = refusal;
    const counted = await limit(request);
    if (!counted.isAllowed && counted.isExceeded) {
      reply.header('retry-after', counted.ttlInSeconds);
      const after = `${counted.ttlInSeconds} second${counted.ttlInSeconds === 1 ? '' : 's'}`;
      answer = new HttpError(429, 'rate-limited', `Over the rate limit of ${counted.max} requests ${perWindow}; retry in ${after}.`);
    } else {
      await auditMalformedUrl(pool, request, answer.statusCode, answer.message);
    }
    metrics.count(request, answer.statusCode, reply.elapsedTime / 1000);
    await reply.status(answer.statusCode as never).send({ error: answer.code, message: answer.message } as never);
  };
}
