/** When Temporal, the database or the worker is down, the API says so with 503 — never a 500, never a hang. */
import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app';
import { resolvePolicy } from '../domain/policy';
import { createPool } from '../infra/db';
import { dataConverterFor, EncryptionCodec } from '../infra/codec';
import { call, startStack, TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, tokenFor } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';

const midi = tokenFor('midi', 'alice');
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** A port nothing listens on: taken from the OS, then released. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function appWith(options: { temporalAddress?: string; databaseUrl?: string; taskQueue?: string }): Promise<FastifyInstance> {
  const connection = options.temporalAddress
    ? Connection.lazy({ address: options.temporalAddress, connectTimeout: 1000 })
    : await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  const pool = createPool(options.databaseUrl ?? process.env.TEST_DATABASE_URL!);
  const app = await buildApp({
    client: new Client({ connection, namespace: 'default', dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) }),
    pool,
    taskQueue: options.taskQueue ?? 'nobody-polls-this-queue',
    policy: resolvePolicy(),
    jwtSecret: TEST_JWT_SECRET,
    codec: new EncryptionCodec(TEST_PAYLOAD_KEYS),
    workflowTimeoutMs: 2000,
  });
  closers.push(() => app.close(), () => connection.close(), () => pool.end());
  return app;
}

test('Temporal unreachable: opening a case is 503 and readiness says Temporal is down', async () => {
  const app = await appWith({ temporalAddress: `127.0.0.1:${await deadPort()}` });
  const opened = await call(app, 'POST', '/applications', { token: midi, body: psrOpening() });
  expect(opened.status).toBe(503);
  expect(opened.body).toEqual({ error: 'unavailable', message: expect.stringMatching(/Temporal/) });
  const ready = await call(app, 'GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.checks.database).toBe('ok');
  expect(ready.body.checks.temporal).not.toBe('ok');
});

test('database unreachable: reading a case is 503 and readiness says the database is down', async () => {
  const app = await appWith({ databaseUrl: `postgres://postgres@127.0.0.1:${await deadPort()}/resettlement` });
  const read = await call(app, 'GET', '/applications/any-case', { token: midi });
  expect(read.status).toBe(503);
  expect(read.body.error).toBe('unavailable');
  const ready = await call(app, 'GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.checks.database).not.toBe('ok');
  expect(ready.body.checks.temporal).toBe('ok');
});

test('no worker polling: opening a case is 503 once the wait runs out, saying it may still be applied, and readiness names the worker', async () => {
  const app = await appWith({ taskQueue: `no-worker-${Date.now()}` });
  const opened = await call(app, 'POST', '/applications', { token: midi, body: psrOpening() });
  // The case starts with its first Update, answered once the workflow wrote the case: no worker, no answer.
  expect(opened.status).toBe(503);
  expect(opened.body.error).toBe('unavailable');
  expect(opened.body.message).toMatch(/it may still be applied: read the case before sending it again\.$/);
  const ready = await call(app, 'GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.checks.worker).toMatch(/no worker/);
});

test('the worker gone: a decision is 503 once the wait runs out, saying it may still be applied', async () => {
  const stack = await startStack();
  closers.push(() => stack.stop());
  const opened = await call(stack.app, 'POST', '/applications', { token: midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  // The 201 comes once the case is in the database's copy: it reads at once.
  const read = await call(stack.app, 'GET', `/applications/${opened.body.caseId}`, { token: midi });
  expect(read.status).toBe(200);
  await stack.pauseWorker();
  const app = await appBeside(stack, { workflowTimeoutMs: 2000 });
  closers.push(closeApps);
  const decided = await call(app, 'POST', `/applications/${opened.body.caseId}/sponsorship-decision`, {
    token: midi,
    body: { decision: 'approved' },
  });
  expect(decided.status).toBe(503);
  expect(decided.body.error).toBe('unavailable');
  // Temporal may have admitted the Update: the person is told to read the case before sending it again.
  expect(decided.body.message).toMatch(/it may still be applied: read the case before sending it again\.$/);
});
