/**
 * The bare worker, a process of its own as the product's worker is: the bare workflow on its task queue, with the
 * SDK's defaults (the same cache size as the product's worker, which sets none). Prints one JSON line when polling.
 * Environment: TEMPORAL_ADDRESS, BARE_TASK_QUEUE.
 */
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { bundleInChildProcess } from '../../worker/bundle';

async function main() {
  // Errors only: the SDK warns that a worker without activities polls no activity task, which is the point here.
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BARE_TASK_QUEUE!,
    // Bundled as the product's worker bundles its own, in a process of its own, but with none of its modules.
    workflowBundle: await bundleInChildProcess(require.resolve('./workflows'), []),
  });
  console.log(JSON.stringify({ polling: true, maxCachedWorkflows: worker.options.maxCachedWorkflows }));
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
