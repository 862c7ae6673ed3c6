/**
 * GET /metrics (ops): Prometheus metrics. The process's own (CPU, memory, event loop, GC, handles)
 * and, per app, every HTTP answer counted and timed by method, route pattern and status — the
 * pattern (`/applications/:caseId`), never the URL, so case ids never become label values; and the
 * requests the rate limit refused.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { requireRoles } from './auth';
import { errorResponses } from '../domain/schemas';

/** Requests that matched no route share one label value, whatever URL they named. */
export const UNMATCHED_ROUTE = 'unmatched';

let processRegistry: Registry | undefined;

/**
 * The process's metrics, collected once per process: they describe the process, not an app, and
 * collecting them starts a GC observer and an event-loop monitor that are never stopped.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** One app's HTTP metrics: its registry, and how to count an answer given outside Fastify's hooks. */
export interface HttpMetrics {
  registry: Registry;
  /**
   * Counts and times one answer. Called for every answer by the app's onResponse hook; called by hand for
   * the few answers Fastify gives before any hook runs (a malformed URL, an over-long path segment).
   */
  count(request: FastifyRequest, statusCode: number, seconds: number): void;
}

/**
 * Counts and times every answer of `app` in a registry of its own. Requests refused by the rate limit (429)
 * are also counted in `http_rate_limited_total`, by route pattern and by what they were counted under: a
 * token's subject, or the client's address (no valid token). They are counted, not audited: a flood must not
 * grow the audit table.
 */
export function registerMetrics(app: FastifyInstance): HttpMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames,
    // Reads take milliseconds; a decision waits for the workflow's Update, seconds at worst.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: "Requests refused by the rate limit (429), by method, route pattern and what they were counted by: the token's subject, or the client's address.",
    labelNames: ['method', 'route', 'limited_by'] as const,
    registers: [registry],
  });
  const count = (request: FastifyRequest, statusCode: number, seconds: number) => {
    const labels = {
      method: request.method,
      route: request.routeOptions?.url ?? UNMATCHED_ROUTE,
      status_code: String(statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, Number.isFinite(seconds) && seconds >= 0 ? seconds : 0);
    if (statusCode === 429) {
      rateLimited.inc({
        method: labels.method,
        route: labels.route,
        limited_by: request.identity?.principal ? 'subject' : 'address',
      });
    }
  };
  app.addHook('onResponse', async (request, reply) => {
    count(request, reply.statusCode, reply.elapsedTime / 1000);
  });
  return { registry, count };
}

export async function metricsRoutes(app: FastifyInstance, deps: { registry: Registry }) {
  app.get(
    '/metrics',
    {
      onRequest: requireRoles(['ops']),
      schema: {
        summary: 'Prometheus metrics: the process, and HTTP requests by route pattern and status',
        tags: ['ops'],
        security: [{ bearerAuth: [] }],
        response: {
          200: {
            description: 'The Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errorResponses(401, 403, 429, 503),
        },
      },
    },
    async (_request, reply) => {
      const merged = Registry.merge([processMetrics(), deps.registry]);
      return reply.type(merged.contentType).send(await merged.metrics());
    },
  );
}
