/** Runs the worker until SIGINT or SIGTERM, then drains it. */
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config';
import { connectClient, connectWorker } from '../infra/temporal';
import { ensureAttentionSchedule } from './attention-schedule';
import { createPool } from '../infra/db';
import { createWorker } from './worker';
import { logger } from '../infra/logger';

async function main() {
  const config = loadConfig();
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const pool = createPool(config.databaseUrl);
  const connection = await connectWorker(config);
  const client = await connectClient(config);
  await ensureAttentionSchedule(client, config.taskQueue, config.policy.attentionReportCron);
  await client.connection.close();
  const worker = await createWorker({ connection, namespace: config.temporalNamespace, taskQueue: config.taskQueue, pool, payloadKeys: config.payloadKeys });
  logger.info({ taskQueue: config.taskQueue }, 'worker polling');
  await worker.run();
  await connection.close();
  await pool.end();
  logger.info('worker stopped');
}

main().catch((err) => {
  logger.error({ err }, 'worker failed');
  process.exit(1);
});
