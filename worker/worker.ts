/** The worker: case workflows and ROC-O's activities on one task queue. */
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverterFor, type KeyRing } from '../infra/codec';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  payloadKeys: KeyRing;
  /** MIDI's, ROC-O's and the offices abroad's addresses and languages (NOTICE_RECIPIENTS_FILE), as they are now. */
  noticeRecipients?: ActivityDeps['noticeRecipients'];
  /** The mail server notices go through, and their sender (NOTICE_FROM). */
  mailer: ActivityDeps['mailer'];
  noticeFrom?: string;
  /** Tests only: runs after the mail server accepted a notice and before the outbox records it. */
  afterNoticeAccepted?: ActivityDeps['afterNoticeAccepted'];
  /** A prebuilt bundle (tests build it once per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({
      pool: deps.pool,
      noticeRecipients: deps.noticeRecipients,
      mailer: deps.mailer,
      noticeFrom: deps.noticeFrom,
      afterNoticeAccepted: deps.afterNoticeAccepted,
    }),
    dataConverter: dataConverterFor(deps.payloadKeys),
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
