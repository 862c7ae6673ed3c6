/** The bare Temporal baseline: one Update that changes a counter, nothing else. */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const bump = defineUpdate<number, [unknown]>('bump');

export async function baselineWorkflow(): Promise<void> {
  let count = 0;
  setHandler(bump, () => ++count);
  await condition(() => false);
}
