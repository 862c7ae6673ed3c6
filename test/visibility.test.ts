/**
 * Issue 16, parts 3 and 4: the questions ops ask in the Temporal UI, each as the README's visibility query run
 * against real cases opened through the API; and a failed effect repaired by the `retryEffect` Signal the UI's
 * "Send a Signal" dialog sends, an invalid one kept on the case as rejected and changing nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { call, startStack, type Stack } from './support/stack';
import { APPLICANT } from './support/fixtures';
import { expectOk, flightsTo, openGar, openPsr, psrAtOverseasProcessing, readyForVisa, today, tokens, type Journey } from './support/journey';
import { eventually } from './support/wait';
import { withFailedEffect } from './support/failed-effect';
import { CASE_STATIC_DETAILS } from '../domain/case-details';
import { caseWorkflowId } from '../domain/case-types';
import { retryEffectSignal, RETRY_SIGNAL_MALFORMED } from '../domain/effects';
import { AwaitingMidi, FailedEffects, OywOverdue } from '../domain/search-attributes';

/** The README's table of ops's questions: question → query, as written under "Operations in the Temporal UI". */
function readmeQueries(): Map<string, string> {
  const readme = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split('\n## Operations in the Temporal UI\n')[1].split('\n## ')[0];
  const rows = [...section.matchAll(/^\| ([^|]+?) \| `([^`]+)` \|$/gm)];
  return new Map(rows.map(([, question, query]) => [question, query]));
}

let stack: Stack;
beforeAll(async () => {
  // An OYW decision is due 2 s after MIDI's selection; travel may be booked for today.
  stack = await startStack({ policy: { natLeadTime: '0 working days', oywDecisionDue: '2s' } });
});
afterAll(() => stack?.stop());

/** The case ids the query finds among this file's cases (its own task queue), once the visibility store has caught up. */
async function found(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of stack.client.workflow.list({ query: `(${query}) AND TaskQueue = '${stack.taskQueue}'` })) {
    if (w.type === 'caseWorkflow') ids.push(w.workflowId.replace(/^case-/, ''));
  }
  return ids.sort();
}

const handleOf = (j: Journey) => stack.client.workflow.getHandle(caseWorkflowId(j.caseId));
const effectsOf = async (j: Journey) => (await j.read()).body.effects as { effectId: string; status: string; notice?: string; retries?: number }[];
const currentDetails = async (j: Journey) =>
  (await handleOf(j).query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails;

async function arrived(j: Journey): Promise<void> {
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  expectOk('travel', await j.travel({ arrivalDate: today(), portOfEntry: 'YUL', flights: flightsTo(today()) }));
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
}

test("every README query finds the cases it names, and no other of this file's", async () => {
  const queries = readmeQueries();
  // A GAR awaiting MIDI's CSQ, its destination chosen; a PSR awaiting MIDI's sponsorship decision.
  const gar = await openGar(stack);
  expectOk('destination', await gar.destination({ city: 'Sherbrooke' }));
  const fresh = await openPsr(stack);
  // A PSR on hold: a dependant added, MIDI asked to reassess (and its CSQ asked for too).
  const held = await psrAtOverseasProcessing(stack);
  expectOk('dependant', await held.dependant({ dependant: { familyName: 'Abdelrahman', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child', accompanying: true } }));
  // A PSR that arrived, whose OYW application MIDI selected 2 s ago: ROC-O's R141 decision is past due.
  const oyw = await psrAtOverseasProcessing(stack);
  await arrived(oyw);
  expect((await call(stack.app, 'POST', `/applications/${oyw.caseId}/oyw-applications`, { token: tokens.rocO, body: { memberId: 'm2' } })).status).toBe(201);
  expectOk('selection', await call(stack.app, 'POST', `/applications/${oyw.caseId}/oyw-applications/oyw-1/decision`, { token: tokens.midi, body: { decision: 'approved' } }));
  await eventually(() => oyw.read(), (r) => r.body.overdue.includes('oyw-1-r141-decision'));
  // A PSR with an effect failed for good.
  const failing = await withFailedEffect(stack);
  try {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const expected: Record<string, Journey[]> = {
      overdue: [oyw],
      'failed effect': [failing.j],
      'waiting on MIDI': [gar, fresh, held, failing.j],
      "waiting on MIDI's CSQ": [gar, held, failing.j],
      'on hold': [held],
      'OYW past due': [oyw],
      'by destination': [gar],
      'by office abroad': [gar],
    };
    expect([...queries.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [question, cases] of Object.entries(expected)) {
      const query = queries.get(question)!.replace('<now>', now);
      const want = cases.map((j) => j.caseId).sort();
      const got = await eventually(() => found(query), (ids) => JSON.stringify(ids) === JSON.stringify(want), 30_000);
      expect({ question, query, found: got }).toEqual({ question, query, found: want });
    }
    // The attributes behind them, as the UI lists them.
    const described = await handleOf(held).describe();
    expect(described.typedSearchAttributes.get(AwaitingMidi)?.sort()).toEqual(['csq', 'sponsorship']);
    expect((await handleOf(oyw).describe()).typedSearchAttributes.get(OywOverdue)).toBe(true);
  } finally {
    await failing.mend();
  }
}, 180_000);

test('rule 19 from the UI: the retryEffect Signal retries a failed effect; an invalid one is kept as rejected and changes nothing', async () => {
  const { j, failedId, mend } = await withFailedEffect(stack);
  try {
    const handle = handleOf(j);
    const before = (await j.read()).body;
    const details = await eventually(() => currentDetails(j), (d) => d.includes(failedId));
    expect(details).toContain(`- **Stage:** overseas-processing · PSR · visa office Nairobi`);
    expect(details).toMatch(new RegExp(`\\*\\*Failed effects\\*\\* .*${failedId} \\(notice file-transfer to office-abroad\\): `));
    for (const value of [APPLICANT.familyName, APPLICANT.givenNames, APPLICANT.dateOfBirth]) expect(details).not.toContain(value);
    const described = await handle.describe();
    expect({ summary: await described.staticSummary(), details: await described.staticDetails() }).toEqual({
      summary: 'PSR case, visa office Nairobi',
      details: CASE_STATIC_DETAILS,
    });

    // What the dialog may send that the route would refuse: kept on the case, in order, nothing else changed.
    const done = (await effectsOf(j)).find((e) => e.status === 'done')!;
    const invalid: unknown[] = ['e1', null, [failedId], { effectId: failedId, note: APPLICANT.familyName }, { effectId: 'Samira' }, { effectId: 'e999' }, { effectId: done.effectId }];
    for (const input of invalid) await handle.signal(retryEffectSignal, input);
    const rejected = await eventually(() => j.read(), (r) => r.body.rejectedSignals?.length === invalid.length);
    expect(rejected.body.rejectedSignals.map(({ effectId, reason }: { effectId: string | null; reason: string }) => ({ effectId, reason }))).toEqual([
      { effectId: null, reason: RETRY_SIGNAL_MALFORMED },
      { effectId: null, reason: RETRY_SIGNAL_MALFORMED },
      { effectId: null, reason: RETRY_SIGNAL_MALFORMED },
      { effectId: null, reason: RETRY_SIGNAL_MALFORMED },
      { effectId: null, reason: RETRY_SIGNAL_MALFORMED },
      { effectId: 'e999', reason: 'The case has no effect e999.' },
      { effectId: done.effectId, reason: `The effect ${done.effectId} is done; only an effect that failed is retried.` },
    ]);
    expect(JSON.stringify(rejected.body.rejectedSignals)).not.toMatch(/Abdelrahman|Samira/);
    const { rejectedSignals: _kept, ...after } = rejected.body;
    expect(after).toEqual(before);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await currentDetails(j)).toContain('**Last rejected Signal:** retryEffect at ');

    // Mended, then the Signal as the dialog sends it: the effect runs again and is done; the notice is sent.
    await mend();
    await handle.signal(retryEffectSignal, { effectId: failedId });
    const retried = await eventually(() => effectsOf(j), (e) => e.some((x) => x.effectId === failedId && x.status === 'done'));
    expect(retried.find((e) => e.effectId === failedId)).toMatchObject({ status: 'done', notice: 'file-transfer', retries: 1 });
    await eventually(() => handle.describe(), (d) => d.typedSearchAttributes.get(FailedEffects) === 0);
    await eventually(() => j.notices(), (n) => n.body.some((x: { kind: string }) => x.kind === 'file-transfer'));
    expect(await currentDetails(j)).not.toContain('**Failed effects**');
  } finally {
    await mend();
  }
}, 120_000);

test('a Signal whose input the SDK cannot read (json/protobuf, JSON that does not parse) is rejected too: the case goes on', async () => {
  const { j, failedId, mend } = await withFailedEffect(stack);
  try {
    // As the UI's dialog sends it with "json/protobuf" ticked, and as a tool may send it unencrypted and malformed.
    const send = (encoding: string, data: string) =>
      stack.client.workflowService.signalWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: caseWorkflowId(j.caseId) },
        signalName: retryEffectSignal.name,
        input: { payloads: [{ metadata: { encoding: Buffer.from(encoding) }, data: Buffer.from(data) }] },
      });
    await send('json/protobuf', JSON.stringify({ effectId: 'e999' }));
    await send('json/plain', '{"effectId": "e1"');
    const rejected = await eventually(() => j.read(), (r) => r.body.rejectedSignals?.length === 2);
    expect(rejected.body.rejectedSignals.map((r: { reason: string }) => r.reason)).toEqual(['The case has no effect e999.', RETRY_SIGNAL_MALFORMED]);
    const { raw } = await handleOf(j).describe();
    expect(raw.pendingWorkflowTask?.attempt ?? 1).toBe(1);
    // And the case still takes the Signal that names its failed effect (json/protobuf too).
    await mend();
    await send('json/protobuf', JSON.stringify({ effectId: failedId }));
    await eventually(() => effectsOf(j), (e) => e.some((x) => x.effectId === failedId && x.status === 'done'));
  } finally {
    await mend();
  }
}, 120_000);
