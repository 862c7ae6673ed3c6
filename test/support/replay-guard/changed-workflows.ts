/**
 * A deliberately changed workflow, for test/replay-guard.test.ts only (never registered by a worker): the real
 * case workflow, but a timer before its first state change — a change to the commands a running case would
 * replay, shipped without patched(). Replaying any recorded case against it must fail.
 */
import { patched, sleep } from '@temporalio/workflow';
import type { CaseInput } from '../../../domain/case';
import {
  caseWorkflow as realCaseWorkflow,
  DEADLINE_TIMER_KEPT_PATCH,
  EFFECTS_QUEUE_PATCH,
  OPS_SEARCH_ATTRIBUTES_PATCH,
} from '../../../workflows/case-workflow';

export { oywWorkflow } from '../../../workflows/oyw-workflow';
export { attentionReportWorkflow } from '../../../workflows/attention-report-workflow';

export async function caseWorkflow(input: CaseInput) {
  // The real code's first command (its patch marker, and a continued run's next one; patched() answers the same when
  // the real code asks again), then the change.
  patched(EFFECTS_QUEUE_PATCH);
  patched(OPS_SEARCH_ATTRIBUTES_PATCH);
  if (input.carried) patched(DEADLINE_TIMER_KEPT_PATCH);
  await sleep('1 second');
  return realCaseWorkflow(input);
}
