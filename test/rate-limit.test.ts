/** Spec §4: at least 100 requests a second per token; over the limit, 429 in the error shape. */
import { randomUUID } from 'node:crypto';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { openPsr, tokens } from './support/journey';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

test('120 requests within a second with one token are all served', async () => {
  const authorization = `Bearer ${tokenFor('midi', `burst-${randomUUID()}`)}`;
  const answers = await Promise.all(
    Array.from({ length: 120 }, () => stack.app.inject({ method: 'GET', url: '/reports/attention', headers: { authorization } })),
  );
  expect(answers.filter((a) => a.statusCode !== 200).map((a) => `${a.statusCode} ${a.body}`)).toEqual([]);
  expect(answers[0].headers['x-ratelimit-limit']).toBe('200');
});

test('over the limit a token gets 429 in the error shape, audited on a case; another token is still served', async () => {
  const j = await openPsr(stack);
  const app = await appBeside(stack, { rateLimitPerSecond: 5 });
  const busy = tokenFor('roc-o', `busy-${randomUUID()}`);
  // Sent at once, so that they fall in one window of the limiter whatever the machine's speed.
  const answers = await Promise.all(
    Array.from({ length: 8 }, () =>
      app.inject({ method: 'GET', url: `/applications/${j.caseId}`, headers: { authorization: `Bearer ${busy}` } }),
    ),
  );
  const statuses = answers.map((a) => a.statusCode).sort();
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  const refused = answers.find((a) => a.statusCode === 429)!;
  expect(JSON.parse(refused.body)).toEqual({
    error: 'rate-limited',
    message: 'Over the rate limit of 5 requests a second; retry in 1 second.',
  });
  expect(refused.headers['retry-after']).toBe('1');

  // Another token has its own allowance.
  const other = await call(app, 'GET', `/applications/${j.caseId}`, { token: tokenFor('roc-o', `calm-${randomUUID()}`) });
  expect(other.status).toBe(200);

  // Every attempt on a case is audited, the refused ones with the words the caller was given.
  const audit = await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops });
  const limited = audit.body.filter((a: { status: number }) => a.status === 429);
  expect(limited).toHaveLength(3);
  expect(limited[0]).toMatchObject({ outcome: 'refused', reason: 'Over the rate limit of 5 requests a second; retry in 1 second.' });

  // The next second, the busy token is served again.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await call(app, 'GET', `/applications/${j.caseId}`, { token: busy })).status).toBe(200);
});
