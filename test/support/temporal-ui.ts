/**
 * Temporal's standalone Web UI server, as `npm start` runs it (scripts/temporal-ui.ts), against the tests' Temporal
 * and an API of the test's: configured in a temporary folder, on a free port of 127.0.0.1, stopped after.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalUi, writeTemporalUiConfig, type TemporalUiSettings } from '../../scripts/temporal-ui';
import { retryUntil, stopGracefully } from '../../scripts/services';

export interface TestTemporalUi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops it (SIGTERM, SIGKILL after 5 s) and removes its configuration; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the UI server with `settings` (the tests' Temporal and namespace `default` unless said) and resolves once
 * its /healthz answers.
 * @throws Error with what it wrote when it exits or does not answer within `timeoutMs`
 */
export async function startTemporalUi(
  settings: Omit<TemporalUiSettings, 'temporalAddress' | 'namespace'> & Partial<Pick<TemporalUiSettings, 'temporalAddress' | 'namespace'>>,
  timeoutMs = 30_000,
): Promise<TestTemporalUi> {
  await ensureTemporalUi(() => undefined);
  const root = mkdtempSync(path.join(os.tmpdir(), 'resettlement-temporal-ui-'));
  const { command, args } = writeTemporalUiConfig(root, 'test', {
    temporalAddress: process.env.TEST_TEMPORAL_ADDRESS!,
    namespace: 'default',
    ...settings,
  });
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://${settings.host ?? '127.0.0.1'}:${settings.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopGracefully(child, 5_000);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await retryUntil(
      'the Temporal UI server',
      async () => {
        if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}: ${output}`);
        const res = await fetch(`${url}/healthz`);
        if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      },
      Date.now() + timeoutMs,
      () => child.exitCode !== null,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return { url, stop };
}
