/** Rule 16: the schedule lists the cases past a deadline; GET /reports/attention serves the latest list. */
import { call, startStack, type Stack } from './support/stack';
import { openPsr, tokens } from './support/journey';
import { eventually } from './support/wait';
import { attentionScheduleId, ensureAttentionSchedule } from '../worker/attention-schedule';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: { midiFollowUp: '1s' } });
  await ensureAttentionSchedule(stack.client, stack.taskQueue, '0 6 * * *');
});
afterAll(async () => {
  await stack?.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).delete();
  await stack?.stop();
});

test('a case whose MIDI decision is overdue is on the next attention report; a case on time is not', async () => {
  const late = await openPsr(stack);
  await eventually(() => late.read(), (r) => r.body.overdue.includes('midi-sponsorship-decision'), 10_000);
  const onTime = await openPsr(stack);
  await onTime.sponsorship({ decision: 'approved' });

  await stack.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).trigger();
  const report = await eventually(
    () => call(stack.app, 'GET', '/reports/attention', { token: tokens.ops }),
    (r) => r.body.cases.some((c: { caseId: string }) => c.caseId === late.caseId),
  );
  expect(report.status).toBe(200);
  const ids = report.body.cases.map((c: { caseId: string }) => c.caseId);
  expect(ids).not.toContain(onTime.caseId);
  expect(report.body.cases.find((c: { caseId: string }) => c.caseId === late.caseId)).toMatchObject({
    stream: 'PSR',
    stage: 'sponsorship-review',
    overdue: ['midi-sponsorship-decision'],
  });
  expect((await call(stack.app, 'GET', '/reports/attention', { token: tokens.sponsor })).status).toBe(403);
});
