/** Rule 16: run by a Temporal Schedule (attentionReportCron), it lists the cases past a deadline. */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { compileAttentionReport } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export async function attentionReportWorkflow(): Promise<number> {
  // The run's start time names the report: a retry writes the same one.
  return compileAttentionReport({ scheduledAt: workflowInfo().runStartTime.toISOString() });
}
