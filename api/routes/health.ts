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
        if (!found.pollers?.length) throw new Error(`no worker polls the task queue ${deps.taskQueue}`);
      }),
    ]);
    const checks = { database, temporal, worker };
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}
