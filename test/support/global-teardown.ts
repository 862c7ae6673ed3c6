import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Inbox } from '../../scripts/inbox';

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as Record<string, unknown>).__temporalEnv as TestWorkflowEnvironment | undefined;
  const inbox = (globalThis as Record<string, unknown>).__inbox as Inbox | undefined;
  await Promise.all([env?.teardown(), inbox?.stop()]);
  // The bundle and the inbox's mail (NATs carry names) do not outlive the run.
  if (process.env.TEST_WORKFLOW_BUNDLE) rmSync(path.dirname(process.env.TEST_WORKFLOW_BUNDLE), { recursive: true, force: true });
  if (inbox) rmSync(inbox.mailDirectory, { recursive: true, force: true });
}
