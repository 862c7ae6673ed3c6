/**
 * The bare Temporal baseline: one Update that changes a counter, nothing else, continuing as new
 * every 1,000 Updates as the case does (the server refuses a run's 2,001st Update).
 */
import { allHandlersFinished, condition, continueAsNew, defineUpdate, setHandler } from '@temporalio/workflow';

export const bump = defineUpdate<number, [unknown]>('bump');

const UPDATES_PER_RUN = 1000;

export async function baselineWorkflow(carried = 0): Promise<void> {
  let count = carried;
  let thisRun = 0;
  setHandler(bump, () => {
    thisRun++;
    return ++count;
  });
  await condition(() => thisRun >= UPDATES_PER_RUN);
  await condition(allHandlersFinished);
  await continueAsNew<typeof baselineWorkflow>(count);
}
