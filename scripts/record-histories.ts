/**
 * npm run record-histories: drives a few cases through the HTTP API on the test stack (its own
 * Temporal dev server and the database `resettlement_histories`, dropped at the end) and writes
 * each workflow's history to test/histories/<name>.json, which test/replay.test.ts replays.
 *
 * A recorded history stands for the cases already running, so it is kept: only missing files are
 * written (`-- --overwrite` rewrites them all). When a workflow gains a path, add a scenario here and
 * run this; a change to a workflow that has running cases goes behind patched() instead of a
 * re-recording. Payloads are encrypted with the tests' deterministic keys (TEST_PAYLOAD_KEYS).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { dropDatabase, startTestEnvironment } from '../test/support/global-setup';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { call, startStack, type Stack } from '../test/support/stack';
import { COMPLETE_PACKAGE, psrOpening } from '../test/support/fixtures';
import { upload } from '../test/support/documents';
import { GENERATION } from '../test/support/generation';
import {
  allowedArrival,
  expectOk,
  flightsTo,
  journey,
  openGar,
  openPsr,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
  type Journey,
} from '../test/support/journey';
import { caseWorkflowId, oywWorkflowId, REQUIRED_DOCUMENTS } from '../domain/case-types';
import type { CaseInput } from '../domain/case';
import { caseOpenedUpdate } from '../domain/decisions';
import { retryEffectSignal } from '../domain/effects';
import { resolvePolicy } from '../domain/policy';
import type { caseWorkflow } from '../workflows/case-workflow';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'test', 'histories');
const EventType = temporal.api.enums.v1.EventType;

/** `<scenario>--<generation>.json`: the generation (its newest patch) is set in test/support/generation.ts. */
const recorded = (scenario: string) => `${scenario}--${GENERATION}`;

/** A recorded history: the file name (without .json) and the workflow (and run, when not the latest) it comes from. */
interface Recording {
  name: string;
  workflowId: string;
  runId?: string;
}

/** Visa issued, travel booked past the NAT lead time (a GAR on a day MIDI receives), arrival recorded today. */
async function toArrival(j: Journey, stream: 'PSR' | 'GAR'): Promise<void> {
  await readyForVisa(j, stream);
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrivalDate = allowedArrival();
  expectOk('travel', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) }));
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
}

/**
 * (a) A PSR case from the undertaking to arrival: the sponsor uploads the four documents, a first package naming
 * one of them is returned incomplete, the complete one is filed at once.
 */
async function psrToArrival(stack: Stack): Promise<Recording[]> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const uploaded = await j.uploadPackage();
  const incomplete = expectOk('incomplete package', await j.prApplication({ documents: uploaded.documents.slice(0, 1) }));
  if (incomplete.body.missingDocuments.length === 0) throw new Error('the incomplete package was accepted');
  const filed = expectOk('complete package', await j.prApplication(uploaded));
  if (filed.body.stage !== 'overseas-processing') throw new Error(`complete package: stage ${filed.body.stage}`);
  await toArrival(j, 'PSR');
  return [{ name: recorded('psr-to-arrival'), workflowId: caseWorkflowId(j.caseId) }];
}

/** (b) A GAR case from the referral to arrival. */
async function garToArrival(stack: Stack): Promise<Recording[]> {
  const j = await openGar(stack);
  await toArrival(j, 'GAR');
  return [{ name: recorded('gar-to-arrival'), workflowId: caseWorkflowId(j.caseId) }];
}

/**
 * (c) A PSR case: a dependant added (on hold), MIDI's reassessment, arrival, then an OYW application
 * for the spouse left behind, selected by MIDI and approved by ROC-O. Its OYW child is recorded too.
 */
async function psrDependantAndOyw(stack: Stack): Promise<Recording[]> {
  const j = await psrAtOverseasProcessing(stack);
  const child = { familyName: 'Abdelrahman', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child', accompanying: true };
  expectOk('dependant', await j.dependant({ dependant: child }));
  expectOk('reassessment', await j.sponsorship({ decision: 'approved' }));
  await toArrival(j, 'PSR');

  const oyw = (url: string, token: string, body: unknown) =>
    call(stack.app, 'POST', `/applications/${j.caseId}/oyw-applications${url}`, { token, body });
  const opened = await oyw('', tokens.rocO, { memberId: 'm2' });
  if (opened.status !== 201) throw new Error(`open OYW: ${opened.status} ${JSON.stringify(opened.body)}`);
  const { oywId } = opened.body;
  expectOk('MIDI selection', await oyw(`/${oywId}/decision`, tokens.midi, { decision: 'approved' }));
  expectOk('ROC-O decision', await oyw(`/${oywId}/decision`, tokens.rocO, { decision: 'approved' }));
  const childId = oywWorkflowId(j.caseId, 1);
  await stack.client.workflow.getHandle(childId).result();
  return [
    { name: recorded('psr-dependant-oyw'), workflowId: caseWorkflowId(j.caseId) },
    { name: recorded('oyw-application'), workflowId: childId },
  ];
}

/** (d) A PSR case at the office abroad (GCMS record, file transferred, CSQ requested), withdrawn by ROC-O (rule 12). */
async function psrWithdrawal(stack: Stack): Promise<Recording[]> {
  const j = await psrAtOverseasProcessing(stack);
  const withdrawn = expectOk('withdrawal', await j.withdrawal({ reason: 'the group can no longer support the family' }));
  if (withdrawn.body.outcome !== 'sponsorship-withdrawn') throw new Error(`withdrawal: outcome ${withdrawn.body.outcome}`);
  // Closed: the run ends once its effects (GCMS closed, the office abroad and MIDI told) are done.
  await stack.client.workflow.getHandle(caseWorkflowId(j.caseId)).result();
  return [{ name: recorded('psr-withdrawal'), workflowId: caseWorkflowId(j.caseId) }];
}

/** The undertaking lapse the lapse scenario waits for: short enough to wait, long enough to file the package first. */
const LAPSE = '5s';

/**
 * (e) A PSR case approved and filed (CSQ requested), then no CSQ within `undertakingLapse`: closed, outcome
 * `lapsed` (rule 15). Recorded on a stack of its own whose policy has a short lapse (a case keeps its policy).
 */
async function psrLapse(): Promise<Recording[]> {
  const lapsing = await startStack({ policy: { undertakingLapse: LAPSE } });
  try {
    const j = await openPsr(lapsing);
    // Uploaded before the approval, from which the lapse counts: the package is filed well within it.
    const uploaded = await j.uploadPackage();
    expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
    expectOk('complete package', await j.prApplication(uploaded));
    await lapsing.client.workflow.getHandle(caseWorkflowId(j.caseId)).result();
    const closed = expectOk('read', await j.read());
    if (closed.body.outcome !== 'lapsed') throw new Error(`lapse: outcome ${closed.body.outcome}`);
    return [{ name: recorded('psr-lapse'), workflowId: caseWorkflowId(j.caseId) }];
  } finally {
    await lapsing.stop();
  }
}

/**
 * Updates a run of the continue-as-new scenario takes: its 4 uploads and 8 decisions make two runs, of 7 (to the
 * CSQ, the documents and the filed package among them) and 5, which carries the documents on.
 */
const UPDATES_PER_RUN = 7;

/**
 * (f) A PSR case to arrival that continues as new after its seventh Update (the per-run limit lowered, as
 * test/continue-as-new.test.ts does): the run that ended in continue-as-new and the run after it, which carries
 * its state on. The case opens as the API opens one (Update-with-Start) but with the limit in its input.
 */
async function psrContinuedAsNew(stack: Stack): Promise<Recording[]> {
  const caseId = randomBytes(8).toString('hex');
  const workflowId = caseWorkflowId(caseId);
  const input: CaseInput = { ...psrOpening(), caseId, policy: resolvePolicy(), maxUpdatesPerRun: UPDATES_PER_RUN };
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
    workflowId,
    taskQueue: stack.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    staticSummary: `${input.stream} case, visa office ${input.visaOffice}`,
  });
  await stack.client.workflow.executeUpdateWithStart(caseOpenedUpdate, { startWorkflowOperation });
  const firstRunId = (await stack.client.workflow.getHandle(workflowId).describe()).runId;
  const j = journey(stack, caseId);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  expectOk('complete package', await j.prApplication(await j.uploadPackage()));
  await toArrival(j, 'PSR');

  const first = await stack.client.workflow.getHandle(workflowId, firstRunId).fetchHistory();
  const last = first.events?.at(-1);
  const nextRunId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  if (last?.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW || !nextRunId) {
    throw new Error(`the first run did not continue as new: last event ${JSON.stringify(last)}`);
  }
  const latest = await stack.client.workflow.getHandle(workflowId).describe();
  if (latest.runId !== nextRunId) throw new Error('the case continued as new more than once');
  return [
    { name: recorded('psr-continued-as-new-first-run'), workflowId, runId: firstRunId },
    { name: recorded('psr-continued-as-new-next-run'), workflowId, runId: nextRunId },
  ];
}

/**
 * (g) A PSR case whose complete package came on paper (spec §6): it waits at roc-o-intake with the four types to
 * digitize, ROC-O uploads the scans, the last one files it (GCMS, the office abroad, the CSQ requested), and the case
 * goes on to arrival.
 */
async function psrPaperPackageScanned(stack: Stack): Promise<Recording[]> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const waiting = expectOk('package on paper', await j.prApplication(COMPLETE_PACKAGE)).body;
  if (waiting.stage !== 'roc-o-intake' || waiting.documentsToDigitize.length !== REQUIRED_DOCUMENTS.length) {
    throw new Error(`package on paper: stage ${waiting.stage}, to digitize ${JSON.stringify(waiting.documentsToDigitize)}`);
  }
  for (const type of REQUIRED_DOCUMENTS) await upload(stack.app, j.caseId, tokens.rocO, type, { fileName: `scan-${type.toLowerCase()}.pdf` });
  // The last scan's Update filed the package: the case moved on before the upload was answered.
  const filed = expectOk('read', await j.read()).body;
  if (filed.stage !== 'overseas-processing' || filed.csq.status !== 'requested') {
    throw new Error(`after the last scan: stage ${filed.stage}, CSQ ${filed.csq.status}`);
  }
  await toArrival(j, 'PSR');
  return [{ name: recorded('psr-paper-package-scanned'), workflowId: caseWorkflowId(j.caseId) }];
}

/**
 * (h) A PSR case whose file transfer the outbox refuses for good (a check constraint on its case id): the effect is
 * parked as failed; ops send the `retryEffect` Signal twice from the Temporal UI, first naming an effect that did
 * not fail (kept as rejected), then, the cause mended, the failed one, which runs again and is done.
 */
async function psrEffectRetriedBySignal(stack: Stack): Promise<Recording[]> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const constraint = `refuse_${j.caseId}`;
  await stack.pool.query(`ALTER TABLE notices ADD CONSTRAINT ${constraint} CHECK (case_id <> '${j.caseId}' OR kind <> 'file-transfer') NOT VALID`);
  type Effects = { effectId: string; status: string }[];
  const effects = async () => expectOk('read', await j.read()).body.effects as Effects;
  const until = async (ok: (e: Effects) => boolean, what: string) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const e = await effects();
      if (ok(e)) return e;
    }
    throw new Error(`effect retried by Signal: ${what} did not happen`);
  };
  try {
    expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
    const settled = await until((e) => e.some((x) => x.status === 'failed') && e.every((x) => x.status !== 'pending'), 'the failure');
    const failed = settled.find((e) => e.status === 'failed')!.effectId;
    const handle = stack.client.workflow.getHandle(caseWorkflowId(j.caseId));
    await handle.signal(retryEffectSignal, { effectId: settled.find((e) => e.status === 'done')!.effectId });
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT ${constraint}`);
    await handle.signal(retryEffectSignal, { effectId: failed });
    await until((e) => e.every((x) => x.status === 'done'), 'the retry');
  } finally {
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT IF EXISTS ${constraint}`);
  }
  return [{ name: recorded('psr-effect-retried-by-signal'), workflowId: caseWorkflowId(j.caseId) }];
}

/** Each scenario and the histories it records. */
const SCENARIOS: Array<{ names: string[]; run: (stack: Stack) => Promise<Recording[]> }> = [
  { names: [recorded('psr-to-arrival')], run: psrToArrival },
  { names: [recorded('gar-to-arrival')], run: garToArrival },
  { names: [recorded('psr-dependant-oyw'), recorded('oyw-application')], run: psrDependantAndOyw },
  { names: [recorded('psr-withdrawal')], run: psrWithdrawal },
  { names: [recorded('psr-lapse')], run: psrLapse },
  {
    names: [recorded('psr-continued-as-new-first-run'), recorded('psr-continued-as-new-next-run')],
    run: psrContinuedAsNew,
  },
  { names: [recorded('psr-paper-package-scanned')], run: psrPaperPackageScanned },
  { names: [recorded('psr-effect-retried-by-signal')], run: psrEffectRetriedBySignal },
];

/**
 * The full history once the workflow has nothing in flight: no workflow task, activity or child
 * pending, and the history unchanged for a moment (a child's completion reaches its parent late).
 */
async function quietHistory(client: Client, workflowId: string, runId?: string) {
  const handle = client.workflow.getHandle(workflowId, runId);
  const deadline = Date.now() + 30_000;
  let previous = -1;
  for (;;) {
    const { raw } = await handle.describe();
    const busy = raw.pendingWorkflowTask || raw.pendingActivities?.length || raw.pendingChildren?.length;
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const lastTask = [...events].reverse().find((e) => isTaskEvent(e.eventType));
    const settled = lastTask?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    if (!busy && settled && events.length === previous) return history;
    if (Date.now() > deadline) throw new Error(`${workflowId} did not settle: last event ${JSON.stringify(events.at(-1))}`);
    previous = events.length;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function isTaskEvent(type: temporal.api.enums.v1.EventType | null | undefined): boolean {
  return (
    type === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ||
    type === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED ||
    type === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED ||
    type === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED ||
    type === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
  );
}

async function main(): Promise<void> {
  const overwrite = process.argv.includes('--overwrite');
  const fileOf = (name: string) => path.join(HISTORIES_DIR, `${name}.json`);
  const todo = SCENARIOS.filter(({ names }) => overwrite || !names.every((name) => existsSync(fileOf(name))));
  for (const { names } of SCENARIOS.filter((scenario) => !todo.includes(scenario))) {
    console.log(`${names.join(', ')}: kept (recorded already; --overwrite records again)`);
  }
  if (!todo.length) return;
  // Before the dev server, which would otherwise install the SDK's runtime logging at INFO.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log('Starting a Temporal dev server, the database and the worker...');
  const { env, databaseUrl, bundlePath, inbox } = await startTestEnvironment('histories');
  process.env.TEST_SMTP_URL = inbox.smtpUrl;
  process.env.TEST_TEMPORAL_ADDRESS = env.address;
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  let stack: Stack | undefined;
  try {
    stack = await startStack();
    mkdirSync(HISTORIES_DIR, { recursive: true });
    for (const { run } of todo) {
      for (const { name, workflowId, runId } of await run(stack)) {
        const file = fileOf(name);
        if (existsSync(file) && !overwrite) continue;
        const history = await quietHistory(stack.client, workflowId, runId);
        const text = `${historyToJSON(history)}\n`;
        writeFileSync(file, text);
        console.log(`${path.relative(process.cwd(), file)}: ${history.events?.length} events, ${Buffer.byteLength(text)} bytes`);
      }
    }
  } finally {
    await stack?.stop();
    await env.teardown();
    await inbox.stop();
    await dropDatabase(databaseUrl);
    rmSync(path.dirname(bundlePath), { recursive: true, force: true });
    // The notices' mail carries names, as in the tests' teardown: it does not outlive the recording.
    rmSync(inbox.mailDirectory, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
