/**
 * The same change as ./changed-workflows.ts shipped the way the README says (for test/replay-guard.test.ts only):
 * behind patched(), so a case recorded before it takes the old branch on replay (no timer) and replays.
 */
import { patched, sleep } from '@temporalio/workflow';
import type { CaseInput } from '../../../domain/case';
import { caseWorkflow as realCaseWorkflow } from '../../../workflows/case-workflow';

export { oywWorkflow } from '../../../workflows/oyw-workflow';
export { attentionReportWorkflow } from '../../../workflows/attention-report-workflow';

export async function caseWorkflow(input: CaseInput) {
  if (patched('replay-guard-timer-first')) await sleep('1 second');
  return realCaseWorkflow(input);
}
