/** A long-lived case continues as new before the server's per-run limits, keeping its state and timers. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { startStack, type Stack } from './support/stack';
import { garOpening } from './support/fixtures';
import type { caseWorkflow } from '../workflows/case-workflow';
import { caseQuery, decisionUpdate, type DecisionBody, type DecisionName } from '../domain/decisions';
import type { Role } from '../domain/case-types';
import { openOywUpdate, oywDecisionUpdate } from '../domain/oyw';
import { resolvePolicy } from '../domain/policy';
import { addDays, quebecDate } from '../domain/calendar';
import { flightsTo } from './support/journey';
import { temporal } from '@temporalio/proto';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

test('past its updates-per-run limit the case continues as new and answers with everything it knew', async () => {
  const caseId = `can-${Date.now()}`;
  const policy = resolvePolicy({ noShowAfter: '30 days' });
  const handle = await stack.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: `case-${caseId}`,
    taskQueue: stack.taskQueue,
    args: [{ ...garOpening(), caseId, policy, maxUpdatesPerRun: 10 }],
  }).catch((err) => {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new Error('case id reused');
    throw err;
  });
  const firstRunId = handle.firstExecutionRunId;
  const send = <N extends DecisionName>(name: N, body: DecisionBody<N>) =>
    handle.executeUpdate(decisionUpdate(name), { args: [{ body, by: 'migration-officer' }] });
  const today = quebecDate(Date.now());
  await send('csqDecision', { decision: 'issued', csqNumber: 'CSQ-CAN' });
  await send('destination', { city: 'Québec' });
  await send('eligibilityDecision', { decision: 'eligible' });
  await send('admissibilityDecision', { decision: 'admissible', medicalExamDate: addDays(today, -10) });
  await send('visaDecision', { decision: 'issued' });
  const bookings = 26;
  for (let n = 1; n <= bookings; n++) {
    // Each a real re-booking (another flight number): the same booking again would change nothing (rule 18).
    const flights = flightsTo(today).map((f) => ({ ...f, number: String(800 + n) }));
    await send('travel', { arrivalDate: today, portOfEntry: 'YUL', flights, urgent: true });
  }

  const view = await handle.query(caseQuery);
  expect(view).toMatchObject({ stage: 'travel-booked', destination: 'Québec', csq: { status: 'issued', number: 'CSQ-CAN' } });
  expect(view.travel?.natNumber).toMatch(new RegExp(`-${bookings}$`));
  expect(view.nextDeadline?.kind).toBe('no-show');

  const latest = await handle.describe();
  expect(latest.runId).not.toBe(firstRunId);
  const firstRun = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: `case-${caseId}`, runId: firstRunId },
  });
  const lastEvent = firstRun.history!.events!.at(-1)!;
  expect(lastEvent.eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
});

test('an OYW child open across a continue-as-new reports to the new run, which records its result', async () => {
  const caseId = `can-oyw-${Date.now()}`;
  const policy = resolvePolicy({ noShowAfter: '30 days' });
  const handle = await stack.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: `case-${caseId}`,
    taskQueue: stack.taskQueue,
    args: [{ ...garOpening(), caseId, policy, maxUpdatesPerRun: 4 }],
  });
  const firstRunId = handle.firstExecutionRunId;
  const send = <N extends DecisionName>(name: N, body: DecisionBody<N>, by: Role = 'migration-officer') =>
    handle.executeUpdate(decisionUpdate(name), { args: [{ body, by }] });
  const today = quebecDate(Date.now());
  await send('csqDecision', { decision: 'issued', csqNumber: 'CSQ-OYW' }, 'midi');
  await send('destination', { city: 'Québec' }, 'midi');
  await send('eligibilityDecision', { decision: 'eligible' });
  await send('admissibilityDecision', { decision: 'admissible', medicalExamDate: addDays(today, -10) });
  await send('visaDecision', { decision: 'issued' });
  await send('travel', { arrivalDate: today, portOfEntry: 'YUL', flights: flightsTo(today), urgent: true });
  await send('arrival', { arrivedOn: today, portOfEntry: 'YUL' }, 'roc-o');
  const opened = await handle.executeUpdate(openOywUpdate, { args: [{ body: { memberId: 'm1' }, by: 'roc-o' }] });
  expect(opened.oywId).toBe('oyw-1');

  // Enough Updates for at least one more run while the child waits for MIDI.
  const decide = (by: 'midi' | 'roc-o') =>
    handle.executeUpdate(oywDecisionUpdate, { args: [{ oywId: 'oyw-1', body: { decision: 'approved' }, by }] });
  await decide('midi');
  const closed = await decide('roc-o');
  expect(closed.oyw).toEqual([expect.objectContaining({ oywId: 'oyw-1', status: 'closed', outcome: 'approved' })]);

  const latest = await handle.describe();
  expect(latest.runId).not.toBe(firstRunId);
  const child = await stack.client.workflow.getHandle(`case-${caseId}-oyw-1`).result();
  expect(child).toMatchObject({ oywId: 'oyw-1', outcome: 'approved' });
  expect((await handle.query(caseQuery)).oyw).toEqual(closed.oyw);
});
