import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Inbox } from '../../scripts/inbox';

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as Record<string, unknown>).__temporalEnv as TestWorkflowEnvironment | undefined;
  const inbox = (globalThis as Record<string, unknown>).__inbox as Inbox | undefined;
  await Promise.all([env?.teardown(), inbox?.stop()]);
}
