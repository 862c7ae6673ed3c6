/**
 * Replay: a year-long PSR case — opened, its four documents uploaded and its package filed, a year of MIDI not
 * answering for the CSQ (twelve monthly reminders, each a timer and a notice), then to arrival — replayed by
 * `Worker.runReplayHistory` against today's workflow code, as a worker does when the case comes back after leaving
 * its cache. The year runs on a policy where a month is a second (midiFollowUp "1s"), on a worker of the bench's own
 * with the product's workflows, activities and codec: the history has the events of a year, in seconds. The uploads
 * are sent as the API sends them once a file is stored (the `documentUploaded` Update), with made-up documents.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import type { CaseInput } from '../../domain/case';
import { caseWorkflowId, REQUIRED_DOCUMENTS, type DocumentType } from '../../domain/case-types';
import { documentUploadedUpdate, type StoredDocument } from '../../domain/documents';
import { caseOpenedUpdate, DECISION_NAMES, DECISIONS, decisionUpdate } from '../../domain/decisions';
import { resolvePolicy } from '../../domain/policy';
import { currentNoticeRecipients } from '../../infra/config';
import { createPool } from '../../infra/db';
import { createMailer } from '../../infra/mailer';
import { psrPathBodies, PSR_PATH } from '../../test/reliability/support/drive';
import { psrOpening } from '../../test/support/fixtures';
import type { caseWorkflow } from '../../workflows/case-workflow';
import { latency, progress, row, timed, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { touch } from '../bare/workflows';
import { startBare } from './cases';
import { bundleInChildProcess } from '../../worker/bundle';

const MONTHS_UNANSWERED = 12;
const REPLAYS = 10;

export async function replay(stack: BenchStack): Promise<Row[]> {
  const env = stack.product.workerEnv;
  const dataConverter = stack.caseDataConverter;
  const { code } = await bundleInChildProcess(require.resolve('../../workflows'));
  const client = stack.caseClient;
  const pool = createPool(stack.product.databaseUrl);
  const mailer = createMailer({ smtpUrl: env.SMTP_URL!, from: 'roc-o@ircc.example' });
  const nativeConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
  const taskQueue = 'bench-year-long-case';
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: stack.namespace,
    taskQueue,
    workflowBundle: { code },
    dataConverter,
    activities: createActivities({ pool, mailer, noticeRecipients: currentNoticeRecipients(env.NOTICE_RECIPIENTS_FILE) }),
  });
  const bar = progress('replay: a year-long case, then replays', REQUIRED_DOCUMENTS.length + PSR_PATH.length + 2 + 4 * REPLAYS);
  try {
    const history = await worker.runUntil(async () => {
      const caseId = `year${randomBytes(6).toString('hex')}`;
      const input: CaseInput = { ...psrOpening(`group-${caseId}`), caseId, policy: resolvePolicy({ midiFollowUp: '1s' }) } as CaseInput;
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      });
      await client.workflow.executeUpdateWithStart(caseOpenedUpdate, { startWorkflowOperation });
      const handle = client.workflow.getHandle(caseWorkflowId(caseId));
      const documents: Array<{ type: DocumentType; documentId: string }> = [];
      const bodies = psrPathBodies(1, { documents });
      for (const step of PSR_PATH) {
        // Spec §6: a package is filed once every required document is stored; the application names them.
        if (step === 'pr-application') {
          for (const type of REQUIRED_DOCUMENTS) {
            const document = madeUpDocument(type);
            await handle.executeUpdate(documentUploadedUpdate, { args: [{ document, by: 'sponsor' }] });
            documents.push({ type, documentId: document.documentId });
            bar.tick();
          }
        }
        if (step === 'csq-decision') await reminders(pool, caseId, MONTHS_UNANSWERED);
        const [role, body] = bodies[step];
        const name = DECISION_NAMES.find((n) => DECISIONS[n].path === step)!;
        await handle.executeUpdate(decisionUpdate(name), { args: [{ body, by: role }] } as never);
        bar.tick();
      }
      return handle.fetchHistory();
    });
    const events = history.events?.length ?? 0;
    const tasks = countTasks(history);
    // Bare Temporal's history with as many workflow tasks: the bare workflow sent one no-op Update a task.
    const bare = await startBare(stack);
    for (let i = 1; i < tasks; i++) await bare.executeUpdate(touch);
    const bareHistory = await bare.fetchHistory();
    bar.tick();
    const { code: bareCode } = await bundleInChildProcess(require.resolve('../bare/workflows'), []);
    bar.tick();

    const product = await replayTimes({ workflowBundle: { code }, dataConverter }, history, bar.tick);
    const baseline = await replayTimes({ workflowBundle: { code: bareCode } }, bareHistory, bar.tick);
    bar.stop();
    return [
      row('replay', `year-long case (${events} events, ${tasks} tasks), runReplayHistory`, 'ms', product.single, baseline.single, {
        text: '≤ 50 ms',
        holds: (_, ms) => ms <= 50,
      }),
      row('replay', `the same, ${REPLAYS} in one replay worker, each`, 'ms', product.batch, baseline.batch),
    ];
  } finally {
    mailer.close();
    await pool.end();
    await nativeConnection.close();
  }
}

/** Median ms of one `runReplayHistory` (a replay worker each), and ms each of REPLAYS replayed by one replay worker. */
async function replayTimes(options: ReplayWorkerOptions, history: History, tick: () => void): Promise<{ single: number; batch: number }> {
  const single: number[] = [];
  for (let i = 0; i < REPLAYS; i++) {
    single.push(await timed(() => Worker.runReplayHistory(options, history)));
    tick();
  }
  const batchMs = await timed(async () => {
    for await (const result of Worker.runReplayHistories(options, Array.from({ length: REPLAYS }, (_, i) => ({ workflowId: `replay-${i}`, history })))) {
      if (result.error) throw result.error;
      tick();
    }
  });
  return { single: latency(single).p50, batch: batchMs / REPLAYS };
}

/** A document as the store would have kept it (no file stored: the case keeps only what it is told). */
function madeUpDocument(type: StoredDocument['type']): StoredDocument {
  const bytes = 2048;
  return {
    documentId: randomUUID(),
    type,
    fileName: `${type.toLowerCase()}.pdf`,
    contentType: 'application/pdf',
    bytes,
    sha256: createHash('sha256').update(randomBytes(bytes)).digest('hex'),
    uploadedAt: new Date().toISOString(),
  };
}

function countTasks(history: History): number {
  const completed = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
  return history.events?.filter((e) => e.eventType === completed).length ?? 0;
}

/** Waits until the case has sent MIDI `count` reminders (one a "month"), at most a minute past their due. */
async function reminders(pool: ReturnType<typeof createPool>, caseId: string, count: number): Promise<void> {
  const deadline = Date.now() + (count + 60) * 1000;
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM notices WHERE case_id = $1 AND kind = 'midi-reminder'`, [caseId]);
    if (rows[0].n >= count) return;
    if (Date.now() > deadline) throw new Error(`the year-long case sent ${rows[0].n} of ${count} reminders`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
