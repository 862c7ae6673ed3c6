/**
 * What keeps a case cheap for Temporal (README, Benchmarks): the opening answered in its first workflow task, its
 * database copy written by a local activity before GCMS and MIDI's requests; the deadline timer left running while
 * the next deadline stays; the workflow bundle free of the schema library, its pure modules loaded once per thread.
 */
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { caseWorkflowId } from '../domain/case-types';
import { startStack, type Stack } from './support/stack';
import { expectOk, openGar, type Journey } from './support/journey';
import { eventually } from './support/wait';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

async function history(caseId: string): Promise<HistoryEvent[]> {
  const res = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: caseWorkflowId(caseId) },
  });
  return res.history!.events!;
}

/** The case once every effect it queued is done (the read shows none pending). */
async function settled(j: Journey) {
  return eventually(j.read, (r) => r.status === 200 && r.body.effects.every((e: { status: string }) => e.status === 'done'));
}

const count = (events: HistoryEvent[], type: number) => events.filter((e) => e.eventType === type).length;

test("a GAR case opens in one workflow task: its database copy by a local activity, GCMS and MIDI's requests after", async () => {
  const j = await openGar(stack);
  await settled(j);
  const events = await history(j.caseId);
  const answered = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  const beforeAnswer = events.slice(0, answered);
  expect(count(beforeAnswer, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(1);
  const markers = beforeAnswer.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED);
  expect(markers.map((m) => m.markerRecordedEventAttributes?.markerName)).toContain('core_local_activity');
  // The activities that follow the opening, in order: GCMS first (scheduled by the opening's own task), then MIDI's
  // two requests; no activity for the copy the opening waited for.
  const scheduled = events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  expect(scheduled.slice(0, 3)).toEqual(['createGcmsApplication', 'sendNotice', 'sendNotice']);
});

test('the deadline timer runs on while effects settle, and starts again once when a decision moves the deadline', async () => {
  const j = await openGar(stack);
  await settled(j);
  // Four effects settled (GCMS, two requests, the copy), each a change of the case: one timer still, never cancelled.
  let events = await history(j.caseId);
  expect(count(events, EventType.EVENT_TYPE_TIMER_STARTED)).toBe(1);
  expect(count(events, EventType.EVENT_TYPE_TIMER_CANCELED)).toBe(0);

  // MIDI answers the CSQ: the next deadline is now the follow-up of the destination, not of the CSQ.
  expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-TIMER' }));
  await settled(j);
  events = await history(j.caseId);
  expect(count(events, EventType.EVENT_TYPE_TIMER_CANCELED)).toBe(1);
  expect(count(events, EventType.EVENT_TYPE_TIMER_STARTED)).toBe(2);
});

test('the workflow bundle holds no schema library, and preloads the pure domain modules and rules', () => {
  const code = readFileSync(process.env.TEST_WORKFLOW_BUNDLE!, 'utf8');
  expect(code).not.toContain('node_modules/@sinclair/typebox');
  const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
  for (const module of ['domain/calendar.ts', 'domain/case.ts', 'domain/policy.ts', 'workflows/rules/index.ts']) expect(preload).toContain(module);
  expect(preload).not.toContain('workflows/case/');
});
