/** Spec §3 rules 2, 9, 10, 14 and 15: the timers that follow up on people, on second-long policies. */
import { startStack, type Stack } from './support/stack';
import { COMPLETE_PACKAGE } from './support/fixtures';
import { expectOk, flightsTo, openPsr, psrAtOverseasProcessing, readyForVisa, today, type Journey } from './support/journey';
import { eventually } from './support/wait';
import { addDays } from '../domain/calendar';
import { openCase, type CaseState } from '../domain/case';
import { caseWorkflowId } from '../domain/case-types';
import { resolvePolicy } from '../domain/policy';
import { psrOpening } from './support/fixtures';
import type { caseWorkflow } from '../workflows/case-workflow';

const POLICY = {
  // Reminders at 8 s and 14 s: room for a reminder sent a moment late (the next counts from it, rule 20).
  prApplicationDeadline: '16s',
  midiFollowUp: '1500ms',
  undertakingLapse: '30s',
  natLeadTime: '0 working days',
  noShowAfter: '1s',
  settlementReportDue: '1s',
  sponsorshipPeriod: '3s',
  oywWindow: '2s',
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: POLICY });
});
afterAll(() => stack?.stop());

const kinds = async (j: Journey): Promise<string[]> => (await j.notices()).body.map((n: { kind: string; party: string }) => `${n.kind}>${n.party}`);
const outcomeOf = (j: Journey) => eventually(() => j.read(), (r) => r.body.outcome !== null, 30_000);

test('rule 2: reminders to the sponsor at one half and seven eighths of the deadline, then abandoned', async () => {
  const j = await openPsr(stack);
  await j.sponsorship({ decision: 'approved' });
  const closed = await outcomeOf(j);
  expect(closed.body).toMatchObject({ stage: 'closed', outcome: 'abandoned' });
  // The outbox is written by activities, which may finish just after the case shows it closed.
  const reminderNotices = async () =>
    (await j.notices()).body.filter((n: { kind: string }) => n.kind === 'pr-deadline-reminder') as Array<{ party: string }>;
  const reminders = await eventually(reminderNotices, (r) => r.length >= 2, 10_000);
  expect(reminders).toHaveLength(2);
  expect(reminders.every((n: { party: string }) => n.party === 'sponsor')).toBe(true);
});

test('rule 15: MIDI is reminded each midiFollowUp while a decision is awaited, and no more once it answers', async () => {
  const j = await openPsr(stack);
  const reminded = await eventually(() => kinds(j), (k) => k.filter((x) => x === 'midi-reminder>midi').length >= 2, 10_000);
  expect(reminded.every((k) => k === 'midi-reminder>midi')).toBe(true);
  await j.sponsorship({ decision: 'approved' });
  const count = (await kinds(j)).filter((k) => k === 'midi-reminder>midi').length;
  await new Promise((r) => setTimeout(r, 2000));
  expect((await kinds(j)).filter((k) => k === 'midi-reminder>midi').length).toBe(count);
});

test('rule 9: no arrival after noShowAfter alerts ROC-O; a visa that expires before arrival closes the case', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  await j.visa({ decision: 'issued' });
  expectOk('travel', await j.travel({ arrivalDate: today(), portOfEntry: 'YUL', flights: flightsTo(today()) }));
  await eventually(() => kinds(j), (k) => k.includes('no-show-alert>roc-o'), 10_000);
  expect((await j.read()).body.outcome).toBeNull();

  // A visa issued ten days ago on a medical exam of a year ago expires today, before any arrival. The API
  // refuses an exam already too old for a visa (spec §4), so the case starts from that state, as a case
  // carried over from an earlier run does.
  const caseId = `expiring-${Date.now()}`;
  const input = { ...psrOpening(), caseId, policy: resolvePolicy(POLICY) };
  const carried: CaseState = {
    ...openCase(input, Date.now()),
    stage: 'visa-issued',
    sponsorship: { status: 'approved', approvedAt: Date.now(), reassessment: false },
    midiRequests: {},
    csq: { status: 'issued', number: 'CSQ-9' },
    eligibility: { decision: 'eligible' },
    admissibility: { decision: 'admissible', medicalExamDate: addDays(today(), -365) },
    visa: { status: 'issued', expiresOn: today(), issuedOn: addDays(today(), -10) },
  };
  const expiring = await stack.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: stack.taskQueue,
    args: [{ ...input, carried }],
  });
  expect(await expiring.result()).toMatchObject({ stage: 'closed', outcome: 'visa-expired', visa: { status: 'expired' } });
});

test('rules 10 and 14: after arrival, the settlement report reminder, then settled when the periods end', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  await j.visa({ decision: 'issued' });
  await j.travel({ arrivalDate: today(), portOfEntry: 'YUL', flights: flightsTo(today()) });
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
  const settled = await outcomeOf(j);
  expect(settled.body).toMatchObject({ stage: 'closed', outcome: 'settled' });
  expect(await kinds(j)).toContain('settlement-report-reminder>sponsor');
});

test('rules 3 and 14: a withdrawn sponsorship is no longer valid for intake: the withdrawal closed the case', async () => {
  const j = await openPsr(stack);
  await j.sponsorship({ decision: 'approved' });
  expectOk('withdrawal', await j.withdrawal({ reason: 'the group dissolved' }));
  const late = await j.prApplication(COMPLETE_PACKAGE);
  expect(late.status).toBe(409);
  expect(late.body.message).toBe('The case is closed (outcome sponsorship-withdrawn); no action is allowed on a closed case.');
});
