/** Liveness and readiness: ready when Temporal, the database and a worker polling the task queue answer. */
import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { Liveness, Readiness } from '../../domain/schemas';

export interface HealthDeps {
  client: Client;
  pool: Pool;
  taskQueue: string;
}

export async function healthRoutes(app: FastifyInstance, deps: HealthDeps) {
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['health'], response: { 200: Liveness } } }, async () => ({
    status: 'ok',
  }));

  const readyz = {
    summary: 'Readiness: Temporal, the database, a worker polling',
    tags: ['health'],
    response: { 200: Readiness, 503: Readiness },
  };
  app.get('/readyz', { schema: readyz }, async (_request, reply) => {
    const [database, temporal, worker] = await Promise.all([
      check(() => deps.pool.query('SELECT 1')),
      check(() =>
        deps.client.connection.withDeadline(Date.now() + 3000, () => deps.client.workflowService.getSystemInfo({})),
      ),
      check(async () => {
        const found = await deps.client.connection.withDeadline(Date.now() + 3000, () =>
          deps.client.workflowService.describeTaskQueue({
            namespace: deps.client.options.namespace,
            taskQueue: { name: deps.taskQueue },
            taskQueueType: 1, // workflow tasks
          }),
        );
        // Temporal lists a poller for minutes after its worker died; a live one polls again at least every minute.
        const recent = (found.pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 > Date.now() - POLLED_WITHIN_MS);
        if (!recent.length) throw new Error(`no worker has polled the task queue ${deps.taskQueue} in the last ${POLLED_WITHIN_MS / 1000} s`);
      }),
    ]);
    const checks = { database, temporal, worker };
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}

/** A worker's long poll lasts up to a minute, then it polls again: none within this, and none is alive. */
const POLLED_WITHIN_MS = 75_000;

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}
