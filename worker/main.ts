/** Runs the worker until SIGINT or SIGTERM, then drains it. */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { loadConfig, currentNoticeRecipients } from '../infra/config';
import { createMailer } from '../infra/mailer';
import { connectClient, connectWorker } from '../infra/temporal';
import { attentionScheduleId, ensureAttentionSchedule } from './attention-schedule';
import { createPool } from '../infra/db';
import { createWorker } from './worker';
import { bundleInChildProcess } from './bundle';
import { logger } from '../infra/logger';

async function main() {
  const config = loadConfig();
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    // The SDK's own messages (bundling, state changes) go through our logger, warnings and up.
    logger: new DefaultLogger(sdkLogLevel(), ({ level, message, meta }) =>
      logger[level.toLowerCase() as Lowercase<LogLevel>]({ sdk: true, ...meta }, message),
    ),
  });
  const pool = createPool(config.databaseUrl);
  const connection = await connectWorker(config);
  const client = await connectClient(config);
  await ensureAttentionSchedule(client, config.taskQueue, config.policy.attentionReportCron);
  // A report from the moment the product starts, not only from the next morning.
  await client.schedule.getHandle(attentionScheduleId(config.taskQueue)).trigger();
  await client.connection.close();
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.noticeFrom });
  const workflowBundle = await bundleInChildProcess(require.resolve('../workflows'));
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    pool,
    payloadKeys: config.payloadKeys,
    noticeRecipients: currentNoticeRecipients(config.noticeRecipientsFile),
    mailer,
    noticeFrom: config.noticeFrom,
    workflowBundle,
  });
  logger.info({ taskQueue: config.taskQueue }, 'worker polling');
  await worker.run();
  mailer.close();
  await connection.close();
  await pool.end();
  logger.info('worker stopped');
}

function sdkLogLevel(): LogLevel {
  const level = (process.env.LOG_LEVEL ?? '').toUpperCase();
  return (['TRACE', 'DEBUG', 'INFO'] as const).find((l) => l === level) ?? 'WARN';
}

main().catch((err) => {
  logger.error({ err }, 'worker failed');
  process.exit(1);
});
