/**
 * Bare Temporal, the bench's baseline: a workflow that does nothing but count the Updates it takes and answer a
 * Query, parked until it is terminated. No activity, no search attribute, no codec.
 */
import { condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';

/** A no-op Update: answers the count of Updates so far. */
export const touch = defineUpdate<number, []>('touch');
export const countQuery = defineQuery<number>('count');

export async function bareWorkflow(): Promise<void> {
  let count = 0;
  setHandler(touch, () => ++count);
  setHandler(countQuery, () => count);
  await condition(() => false);
}
