/** The cases and bare workflows the sections work on, opened and started the way each side does it. */
import { randomUUID } from 'node:crypto';
import { garOpening, psrOpening } from '../../test/support/fixtures';
import { call } from '../api';
import type { BenchStack } from '../stack';
import { bareWorkflow } from '../bare/workflows';

/** Opens a GAR case through the API as ROC-O officer `sub`; @returns its case id */
export async function openGar(stack: BenchStack, sub = 'roc-o-bench'): Promise<string> {
  const opened = await call(stack.product, 'POST', '/applications', stack.product.token('roc-o', sub), garOpening(), 201);
  return opened.caseId as string;
}

/** Opens a PSR case through the API as MIDI officer `sub` for sponsor group `group`; @returns its case id */
export async function openPsr(stack: BenchStack, group: string, sub = 'midi-bench'): Promise<string> {
  const opened = await call(stack.product, 'POST', '/applications', stack.product.token('midi', sub), psrOpening(group), 201);
  return opened.caseId as string;
}

/** Starts a bare workflow with the bare client; @returns its handle */
export function startBare(stack: BenchStack) {
  return stack.bare.workflow.start(bareWorkflow, { taskQueue: stack.bareTaskQueue, workflowId: `bare-${randomUUID()}` });
}
