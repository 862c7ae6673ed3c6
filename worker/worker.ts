/** The worker: case workflows and ROC-O's activities on one task queue. */
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { dataConverterFor, type KeyRing } from '../infra/codec';
import type { NoticeRecipients } from '../domain/recipients';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  payloadKeys: KeyRing;
  /** MIDI's, ROC-O's and the offices abroad's addresses and languages (NOTICE_RECIPIENTS_FILE). */
  noticeRecipients?: NoticeRecipients;
  /** A prebuilt bundle (tests build it once per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({ pool: deps.pool, noticeRecipients: deps.noticeRecipients }),
    dataConverter: dataConverterFor(deps.payloadKeys),
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
