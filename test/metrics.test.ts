/** Spec §4: GET /metrics — Prometheus metrics, for ops only; HTTP requests labelled by route pattern; rate-limited requests. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { openPsr, tokens } from './support/journey';
import { ROLES } from '../domain/case-types';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** GET /metrics as a Prometheus server scrapes it, parsed into samples. */
async function scrape(app: FastifyInstance): Promise<{ text: string; samples: Sample[] }> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${tokens.ops}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = res.body
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
  return { text: res.body, samples };
}

function requestCount(samples: Sample[], labels: Record<string, string>): number {
  const found = samples.find(
    (s) => s.name === 'http_requests_total' && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value ?? 0;
}

test('GET /metrics is for ops only: 401 without a token, 403 for every other role', async () => {
  const anonymous = await call(stack.app, 'GET', '/metrics');
  expect(anonymous).toEqual({ status: 401, body: { error: 'unauthorized', message: expect.any(String) } });
  const roleTokens = { midi: tokens.midi, 'roc-o': tokens.rocO, 'migration-officer': tokens.officer, sponsor: tokens.sponsor };
  for (const role of ROLES.filter((r) => r !== 'ops')) {
    const answer = await call(stack.app, 'GET', '/metrics', { token: roleTokens[role as keyof typeof roleTokens] });
    expect({ role, ...answer }).toEqual({ role, status: 403, body: { error: 'forbidden', message: 'This action is for: ops.' } });
  }
  await scrape(stack.app);
});

test('the process metrics, and every answer counted and timed by route pattern and status, never by case id', async () => {
  const j = await openPsr(stack);
  expect((await j.read()).status).toBe(200);
  expect((await call(stack.app, 'GET', '/applications/no-such-case-7f3a', { token: tokens.rocO })).status).toBe(404);
  expect((await call(stack.app, 'GET', '/nowhere/secret-path-9c1d', { token: tokens.rocO })).status).toBe(404);

  const { text, samples } = await scrape(stack.app);
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
    expect(samples.some((s) => s.name === name)).toBe(true);
  }
  const caseRoute = { method: 'GET', route: '/applications/:caseId' };
  expect(requestCount(samples, { ...caseRoute, status_code: '200' })).toBeGreaterThanOrEqual(1);
  expect(requestCount(samples, { ...caseRoute, status_code: '404' })).toBe(1);
  expect(requestCount(samples, { method: 'POST', route: '/applications', status_code: '201' })).toBe(1);
  expect(requestCount(samples, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
  const timed = samples.filter(
    (s) => s.name === 'http_request_duration_seconds_count' && s.labels.route === '/applications/:caseId' && s.labels.status_code === '404',
  );
  expect(timed.map((s) => s.value)).toEqual([1]);
  expect(samples.some((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.le === '+Inf')).toBe(true);

  // No URL, case id or path a caller chose is ever a label value.
  for (const raw of [j.caseId, 'no-such-case-7f3a', 'secret-path-9c1d']) expect(text).not.toContain(raw);
  const routes = new Set(samples.filter((s) => s.labels.route !== undefined).map((s) => s.labels.route));
  for (const route of routes) expect(route === 'unmatched' || !/\/applications\/[^:]/.test(route)).toBe(true);

  // Not a case route: not audited.
  const { rows } = await stack.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action LIKE '%/metrics'");
  expect(rows[0].n).toBe(0);
});

test('each app keeps its own registry: requests to one are not counted by another', async () => {
  const other = await appBeside(stack);
  const before = requestCount((await scrape(stack.app)).samples, { route: '/reports/attention', status_code: '200' });
  for (let i = 0; i < 3; i++) expect((await call(other, 'GET', '/reports/attention', { token: tokens.midi })).status).toBe(200);
  expect(requestCount((await scrape(other)).samples, { route: '/reports/attention', status_code: '200' })).toBe(3);
  expect(requestCount((await scrape(stack.app)).samples, { route: '/reports/attention', status_code: '200' })).toBe(before);
});

test('GET /metrics is in the OpenAPI document, for ops with a bearer token', async () => {
  const docs = await call(stack.app, 'GET', '/docs/json');
  expect(docs.status).toBe(200);
  expect(docs.body.paths['/metrics'].get).toMatchObject({
    tags: ['ops'],
    security: [{ bearerAuth: [] }],
    responses: { 200: { content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
});

test('requests refused by the rate limit are counted by route pattern and by what they were counted under', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 2, rateLimitPerAddressPerSecond: 2, rateLimitWindowMs: 60_000 });
  const j = await openPsr(stack);
  const junk = () => app.inject({ method: 'GET', url: `/applications/${j.caseId}`, remoteAddress: '203.0.113.50', headers: { authorization: 'Bearer junk' } });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await junk()).statusCode);
  expect(statuses).toEqual([401, 401, 429, 429, 429]);
  const busy = `Bearer ${tokenFor('midi', `busy-${randomUUID()}`)}`;
  for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/reports/attention', headers: { authorization: busy } });

  const { text, samples } = await scrape(app);
  const limited = (labels: Record<string, string>) =>
    samples.find((s) => s.name === 'http_rate_limited_total' && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;
  expect(limited({ method: 'GET', route: '/applications/:caseId', limited_by: 'address' })).toBe(3);
  expect(limited({ method: 'GET', route: '/reports/attention', limited_by: 'subject' })).toBe(1);
  expect(requestCount(samples, { method: 'GET', route: '/applications/:caseId', status_code: '429' })).toBe(3);
  expect(requestCount(samples, { method: 'GET', route: '/applications/:caseId', status_code: '401' })).toBe(2);
  expect(text).toMatch(/# HELP http_rate_limited_total /);
  expect(text).not.toContain(j.caseId);

  // Counted, not audited: the two 401s are on record, the three 429s are not.
  const { rows } = await stack.pool.query('SELECT status FROM audit_log WHERE case_id = $1 AND status IN (401, 429)', [j.caseId]);
  expect(rows.map((r) => r.status)).toEqual([401, 401]);
});
