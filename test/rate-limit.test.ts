/**
 * Spec §4 (issue 9): the rate limit comes first, before authentication decides anything. At least 100 requests a
 * second per token subject (200 by default); requests without a valid token are limited per client address, at
 * a lower limit (20 by default). Over it, 429 in the error shape with Retry-After, counted in the metrics and
 * never written to the audit one row each.
 *
 * Most tests here count in a 60-second window, so that no test depends on how fast the machine sends its
 * requests; one checks the default one-second window and its exact message.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { openPsr, tokens, type Journey } from './support/journey';
import { eventually } from './support/wait';

let stack: Stack;
let j: Journey;
beforeAll(async () => {
  stack = await startStack();
  j = await openPsr(stack);
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

const MINUTE = 60_000;

/** One request as a client at `address` sends it, with the Authorization header exactly as given. */
async function send(app: FastifyInstance, url: string, address: string, authorization?: string) {
  const res = await app.inject({
    method: 'GET',
    url,
    remoteAddress: address,
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: res.statusCode, body: JSON.parse(res.body || 'null'), headers: res.headers };
}

/** The audit rows of the test case, as ops read them. */
async function auditOf(caseId: string): Promise<Array<{ status: number; outcome: string; reason: string | null; sub: string | null }>> {
  const audit = await call(stack.app, 'GET', `/applications/${caseId}/audit`, { token: tokens.ops });
  expect(audit.status).toBe(200);
  return audit.body;
}

test('120 requests within a second with one token are all served; `bearer` in any letter case is accepted', async () => {
  const token = tokenFor('midi', `burst-${randomUUID()}`);
  const answers = await Promise.all(
    Array.from({ length: 120 }, (_, i) =>
      stack.app.inject({
        method: 'GET',
        url: '/reports/attention',
        headers: { authorization: `${['Bearer', 'bearer', 'BEARER'][i % 3]} ${token}` },
      }),
    ),
  );
  expect(answers.filter((a) => a.statusCode !== 200).map((a) => `${a.statusCode} ${a.body}`)).toEqual([]);
  expect(answers[0].headers['x-ratelimit-limit']).toBe('200');
});

test('without a valid token, one address is limited at the lower limit, counted before the 401; other addresses and valid tokens are not held up', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 50, rateLimitPerAddressPerSecond: 5, rateLimitWindowMs: MINUTE });
  const url = `/applications/${j.caseId}`;
  const flooder = '203.0.113.7';
  const junk = [undefined, 'Bearer junk', 'bearer not.a.jwt', 'Basic YWxhZGRpbjpvcGVu', `Bearer ${tokenFor('ops', 'x')}x`, 'Bearer junk', 'BEARER junk', 'Bearer junk'];
  const answers = [];
  for (const authorization of junk) answers.push(await send(app, url, flooder, authorization));

  // The first five are refused by authentication, with the reason; the rest by the rate limit, which came first.
  expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  expect(answers[0].body).toEqual({ error: 'unauthorized', message: 'A bearer token is required (Authorization: Bearer <JWT>).' });
  expect(answers[3].body).toEqual({ error: 'unauthorized', message: 'The Authorization header must be "Bearer <JWT>".' });
  expect(answers[5].body).toEqual({ error: 'rate-limited', message: expect.stringMatching(/^Over the rate limit of 5 requests every 60 seconds; retry in /) });
  expect(Number(answers[5].headers['retry-after'])).toBeGreaterThan(0);
  expect(answers[5].headers['x-ratelimit-limit']).toBe('5');

  // Another address has its own allowance; a valid token from the flooding address is counted by its subject.
  expect((await send(app, url, '203.0.113.8', 'Bearer junk')).status).toBe(401);
  expect((await send(app, url, flooder, `Bearer ${tokenFor('roc-o', `calm-${randomUUID()}`)}`)).status).toBe(200);
  // An unknown URL is limited as well: the limit is the app's, not a route's.
  expect((await send(app, '/no/such/route', flooder)).status).toBe(429);
  // Liveness and readiness are never limited.
  for (let i = 0; i < 3; i++) {
    expect((await send(app, '/healthz', flooder)).status).toBe(200);
    expect((await send(app, '/readyz', flooder)).status).not.toBe(429);
  }

  // The six 401s (five from the flooding address, one from the other) are on record with their reasons; the 429s are not.
  const audit = await auditOf(j.caseId);
  expect(audit.filter((a) => a.status === 401)).toHaveLength(6);
  expect(audit.filter((a) => a.status === 429)).toEqual([]);
  expect(audit.filter((a) => a.status === 401).map((a) => a.reason)).toContain('A bearer token is required (Authorization: Bearer <JWT>).');
});

test('a valid token is counted by its subject: `Bearer`, `bearer`, `BEARER` and a second token of the same subject share one allowance', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 4, rateLimitPerAddressPerSecond: 100, rateLimitWindowMs: MINUTE });
  const sub = `same-${randomUUID()}`;
  const first = tokenFor('midi', sub);
  const second = tokenFor('midi', sub, 'another-claim'); // another token, the same subject
  expect(second).not.toBe(first);
  const statuses = [];
  for (const authorization of [`Bearer ${first}`, `bearer ${first}`, `BEARER ${first}`, `bearer   ${second}`, `Bearer ${first}`, `bearer ${second}`]) {
    statuses.push((await send(app, '/reports/attention', '198.51.100.1', authorization)).status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  // From another address the subject is still over its allowance; another subject is not.
  expect((await send(app, '/reports/attention', '198.51.100.2', `Bearer ${first}`)).status).toBe(429);
  expect((await send(app, '/reports/attention', '198.51.100.1', `Bearer ${tokenFor('midi', `other-${randomUUID()}`)}`)).status).toBe(200);
});

test('a valid token flooding is refused with 429 before its role is checked, audited on none; another subject is served meanwhile', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 3, rateLimitWindowMs: MINUTE });
  const sponsor = tokenFor('sponsor', `flood-${randomUUID()}`, 'group-montreal-1');
  const url = `/applications/${j.caseId}/audit`; // not for sponsors: 403
  const before = (await auditOf(j.caseId)).length;
  const answers = await Promise.all(Array.from({ length: 10 }, () => call(app, 'GET', url, { token: sponsor })));
  expect(answers.map((a) => a.status).sort()).toEqual([403, 403, 403, 429, 429, 429, 429, 429, 429, 429]);
  expect(answers.find((a) => a.status === 403)!.body).toEqual({ error: 'forbidden', message: 'This action is for: roc-o, ops.' });

  const rocO = await call(app, 'GET', url, { token: tokenFor('roc-o', `calm-${randomUUID()}`) });
  expect(rocO.status).toBe(200);
  // The three 403s and ops' reading are on record; none of the seven 429s.
  const after = await auditOf(j.caseId);
  expect(after.slice(before).map((a) => a.status).sort()).toEqual([200, 200, 403, 403, 403]);
});

test('the codec sign-in cookie counts as the token it carries: by subject, not by address', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 6, rateLimitPerAddressPerSecond: 2, rateLimitWindowMs: MINUTE });
  const login = await app.inject({
    method: 'POST',
    url: '/codec/login',
    remoteAddress: '192.0.2.10',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${encodeURIComponent(tokenFor('ops', `ui-${randomUUID()}`))}`,
  });
  expect(login.statusCode).toBe(200);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    const res = await app.inject({ method: 'POST', url: '/codec/decode', remoteAddress: '192.0.2.10', headers: { cookie }, payload: { payloads: [] } });
    statuses.push(res.statusCode);
  }
  // Six decodes (over the address limit of 2, under the subject's 6), then 429.
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
});

test('over the default one-second window: 429 with the exact words and Retry-After, served again once the window has passed', async () => {
  const app = await appBeside(stack, { rateLimitPerSecond: 5 });
  const busy = tokenFor('roc-o', `busy-${randomUUID()}`);
  // Sent at once, so that they fall in one window of the limiter whatever the machine's speed.
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => app.inject({ method: 'GET', url: `/applications/${j.caseId}`, headers: { authorization: `Bearer ${busy}` } })),
  );
  expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  const refused = answers.find((a) => a.statusCode === 429)!;
  expect(JSON.parse(refused.body)).toEqual({ error: 'rate-limited', message: 'Over the rate limit of 5 requests a second; retry in 1 second.' });
  expect(refused.headers['retry-after']).toBe('1');

  // Asked again until served (a refused request does not extend the window): the window ends, the token is served.
  const served = await eventually(
    () => call(app, 'GET', `/applications/${j.caseId}`, { token: busy }),
    (a) => a.status !== 429,
    5_000,
  );
  expect(served.status).toBe(200);
});

test('URLs Fastify cannot route (malformed, over-long) are limited by address too, and their 429s not audited', async () => {
  const app = await appBeside(stack, { rateLimitPerAddressPerSecond: 3, rateLimitWindowMs: MINUTE });
  const before = await stack.pool.query(`SELECT coalesce(max(id), 0) AS id FROM audit_log`);
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await send(app, `/applications/%ED%A0%80${i}`, '203.0.113.99')).status);
  expect(statuses).toEqual([400, 400, 400, 429, 429, 429]);
  const rows = await stack.pool.query(`SELECT status FROM audit_log WHERE id > $1 AND case_id LIKE '\\%ED\\%A0\\%80_'`, [before.rows[0].id]);
  expect(rows.rows.map((r) => r.status)).toEqual([400, 400, 400]);
});
