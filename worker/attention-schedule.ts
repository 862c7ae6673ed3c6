/** The Temporal Schedule that runs the attention report (rule 16) on `attentionReportCron`. */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** One schedule per task queue, so that separate deployments (and test runs) keep their own. */
export const attentionScheduleId = (taskQueue: string) => `attention-report-${taskQueue}`;

export async function ensureAttentionSchedule(client: Client, taskQueue: string, cron: string): Promise<void> {
  const spec = { cronExpressions: [cron], timezone: 'America/Montreal' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'attentionReportWorkflow',
    workflowId: attentionScheduleId(taskQueue),
    taskQueue,
  };
  try {
    await client.schedule.create({
      scheduleId: attentionScheduleId(taskQueue),
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // Keep the schedule in step with the policy's cron.
    await client.schedule.getHandle(attentionScheduleId(taskQueue)).update((previous) => ({ ...previous, spec, action }));
  }
}
