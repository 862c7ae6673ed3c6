/**
 * The workflows bundled by a short-lived process of their own, so that webpack's memory (hundreds of MiB at its
 * peak, which the heap gives back but the process's RSS keeps) never stays in the worker. The worker then loads
 * the bundle by path, as Temporal advises for production.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Bundles the workflows at `workflowsPath` in a child process, through a temporary file removed after, with the
 * modules `preloadModules` lists loaded once per thread (the product's shared modules unless told otherwise).
 * @returns the bundle, for `workflowBundle`
 * @throws Error with the bundler's output when it fails
 */
export async function bundleInChildProcess(workflowsPath: string, preloadModules = SHARED_WORKFLOW_MODULES): Promise<{ code: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resettlement-bundle-'));
  const out = path.join(dir, 'workflows.js');
  try {
    const args = ['--import', 'tsx', __filename, workflowsPath, out, JSON.stringify(preloadModules)];
    await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 2 ** 20 });
    return { code: readFileSync(out, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The workflows' pure modules — the domain's types, calendar, policy and views, and the rules — loaded once per
 * worker thread and shared by every case it runs, instead of once for each case (module scope per workflow is the
 * SDK's default). Their module scope holds constants only, no case's state: a module that keeps state must not be
 * listed here.
 */
export const SHARED_WORKFLOW_MODULES = [
  'domain/calendar',
  'domain/case-types',
  'domain/case',
  'domain/case-details',
  'domain/closed',
  'domain/decision-messages',
  'domain/effects',
  'domain/oyw',
  'domain/policy',
  'domain/search-attributes',
  'domain/words',
  'workflows/rules/index',
].map((m) => require.resolve(path.join(__dirname, '..', m)));

/** The bundle's options: the workflows at `workflowsPath`, the shared modules preloaded. */
export function workflowBundleOptions(workflowsPath: string) {
  return { workflowsPath, preloadModules: SHARED_WORKFLOW_MODULES };
}

/** Run as a process: `bundle.ts <workflowsPath> <out> <preloadModules as JSON>`. */
async function bundleToFile(workflowsPath: string, out: string, preloadModules: string[]): Promise<void> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { writeFile } = await import('node:fs/promises');
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
  const { code } = await bundleWorkflowCode({ workflowsPath, preloadModules, logger: quiet });
  await writeFile(out, code);
}

if (require.main === module) {
  bundleToFile(process.argv[2], process.argv[3], JSON.parse(process.argv[4]) as string[]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
