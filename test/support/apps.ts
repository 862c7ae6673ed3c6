/**
 * A second API beside a stack's, on the same Temporal client, database and worker's task queue, with
 * some options changed (the rate limit, the identity provider). Each is closed by closeApps().
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../api/app';
import { resolvePolicy } from '../../domain/policy';
import { EncryptionCodec } from '../../infra/codec';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, type Stack } from './stack';

const open: FastifyInstance[] = [];

export async function appBeside(stack: Stack, overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    client: stack.client,
    pool: stack.pool,
    taskQueue: stack.taskQueue,
    policy: resolvePolicy(),
    jwtSecret: TEST_JWT_SECRET,
    codec: new EncryptionCodec(TEST_PAYLOAD_KEYS),
    ...overrides,
  });
  open.push(app);
  return app;
}

export async function closeApps(): Promise<void> {
  for (const app of open.splice(0)) await app.close();
}
