/** buildApp(deps): the HTTP API as Fastify plugins, given its dependencies (tests pass real ones). */
import { createHash, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Policy } from '../domain/policy';
import { HttpError, registerErrorHandler } from './errors';
import { registerAuth, type JwksAuthConfig } from './auth';
import { metricsRoutes, registerMetrics } from './metrics';
import { SnapshotRateLimitStore } from './rate-limit-store';
import { auditRoutes, registerAudit } from './audit';
import { healthRoutes } from './routes/health';
import { applicationsRoutes } from './routes/applications';
import { reportsRoutes } from './routes/reports';
import { codecRoutes } from './routes/codec';

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
  /** Requests a second allowed per token (per address without one). */
  rateLimitPerSecond?: number;
}

export const BODY_LIMIT_BYTES = 256 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Unknown fields are an error the sender must hear about, not something to drop silently.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    genReqId: () => randomUUID(),
    // A malformed URL or an over-long path segment still gets the API's error shape.
    frameworkErrors: (error, _request, reply) => {
      const answer =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new HttpError(414, 'uri-too-long', 'A path segment is too long.')
          : new HttpError(400, 'bad-request', 'The URL is malformed.');
      void reply.status(answer.statusCode as never).send({ error: answer.code, message: answer.message } as never);
    },
  });
  // Response schemas document the API (OpenAPI); answers are written as they are, so that a schema
  // out of step with a stored case can neither drop a field nor turn a good answer into a 500.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandler(app);
  registerAudit(app, deps.pool);
  // This app's own registry: several apps in one process (the tests) never share their counts.
  const metrics = registerMetrics(app);
  // Swagger UI needs inline scripts; the API answers JSON, where a CSP adds nothing.
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cors, {
    origin: deps.corsOrigins ?? [],
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-namespace', 'idempotency-key'],
  });
  await app.register(rateLimit, {
    max: deps.rateLimitPerSecond ?? 200,
    timeWindow: 1000,
    store: SnapshotRateLimitStore,
    allowList: (request) => ['/healthz', '/readyz'].includes(request.url),
    // Per token: a hash, so that the limiter's memory holds no credential.
    keyGenerator: (request) =>
      request.headers.authorization
        ? createHash('sha256').update(request.headers.authorization).digest('base64url')
        : request.ip,
    // Thrown to the error handler, which answers { error: 'rate-limited', message } like every error.
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate-limited', `Over the rate limit of ${context.max} requests a second; retry in ${context.after}.`),
  });
  await app.register(cookie);
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
  await registerAuth(app, { secret: deps.jwtSecret, jwks: deps.jwks });
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, { registry: metrics });
  await app.register(applicationsRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(reportsRoutes, deps);
  await app.register(codecRoutes, { codec: deps.codec, cookieSecure: false });
  return app;
}
