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
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { dropDatabase, startTestEnvironment } from '../test/support/global-setup';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { call, startStack, type Stack } from '../test/support/stack';
import { COMPLETE_PACKAGE } from '../test/support/fixtures';
import {
  allowedArrival,
  expectOk,
  flightsTo,
  openGar,
  openPsr,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
  type Journey,
} from '../test/support/journey';
import { caseWorkflowId, oywWorkflowId } from '../domain/case-types';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'test', 'histories');
const EventType = temporal.api.enums.v1.EventType;

/**
 * The workflow code's generation the scenarios record now, named after its newest patch:
 * `<scenario>--<generation>.json`. Each generation's files stay and keep replaying: files without one
 * were recorded before effects left the decision path (they run the frozen code in workflows/legacy),
 * `--effects-queue` before the case followed up its OYW applications (`--oyw-follow-ups-in-case`),
 * `--oyw-follow-ups-in-case` before the case sent MIDI the OYW selection request itself (`--oyw-request-in-case`).
 */
const GENERATION = 'oyw-request-in-case';
const recorded = (scenario: string) => `${scenario}--${GENERATION}`;

/** A recorded history: the file name (without .json) and the workflow it comes from. */
interface Recording {
  name: string;
  workflowId: string;
}

/** Visa issued, travel booked past the NAT lead time (a GAR on a day MIDI receives), arrival recorded today. */
async function toArrival(j: Journey, stream: 'PSR' | 'GAR'): Promise<void> {
  await readyForVisa(j, stream);
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrivalDate = allowedArrival();
  expectOk('travel', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) }));
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
}

/** (a) A PSR case from the undertaking to arrival, its first package returned incomplete. */
async function psrToArrival(stack: Stack): Promise<Recording[]> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const incomplete = expectOk('incomplete package', await j.prApplication({ documents: [COMPLETE_PACKAGE.documents[0]] }));
  if (incomplete.body.missingDocuments.length === 0) throw new Error('the incomplete package was accepted');
  expectOk('complete package', await j.prApplication(COMPLETE_PACKAGE));
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

/** Each scenario and the histories it records. */
const SCENARIOS: Array<{ names: string[]; run: (stack: Stack) => Promise<Recording[]> }> = [
  { names: [recorded('psr-to-arrival')], run: psrToArrival },
  { names: [recorded('gar-to-arrival')], run: garToArrival },
  { names: [recorded('psr-dependant-oyw'), recorded('oyw-application')], run: psrDependantAndOyw },
];

/**
 * The full history once the workflow has nothing in flight: no workflow task, activity or child
 * pending, and the history unchanged for a moment (a child's completion reaches its parent late).
 */
async function quietHistory(client: Client, workflowId: string) {
  const handle = client.workflow.getHandle(workflowId);
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
      for (const { name, workflowId } of await run(stack)) {
        const file = fileOf(name);
        if (existsSync(file) && !overwrite) continue;
        const history = await quietHistory(stack.client, workflowId);
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
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
