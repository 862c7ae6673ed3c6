/**
 * Temporal's standalone Web UI server, as `npm start` runs it (scripts/temporal-ui.ts), against the tests' Temporal
 * and an API of the test's: configured in a temporary folder, on a free port of 127.0.0.1, stopped after.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureTemporalUi, writeTemporalUiConfig, type TemporalUiSettings } from '../../scripts/temporal-ui';
import { retryUntil, stopGracefully } from '../../scripts/services';
import { freePort } from '../../scripts/inbox';
import type { Stack } from './stack';
import { appBeside } from './apps';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

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

/** What a Temporal UI browser test runs against: an API on a real port beside `stack`, the UI server, Chromium. */
export interface UiBeside {
  api: FastifyInstance;
  /** `http://127.0.0.1:<port>`: the API, whose `/codec` the UI decodes through. */
  apiUrl: string;
  ui: TestTemporalUi;
  browser: Browser;
}

/**
 * Starts, beside the test's stack, an API listening on a free port (CORS open to the UI's origin), the UI server
 * configured with its codec endpoint as `npm start` does, and Debian's Chromium (headless). The test's afterAll
 * closes the browser, stops the UI and closes the apps (closeApps).
 */
export async function startUiBeside(stack: Stack): Promise<UiBeside> {
  const uiPort = await freePort();
  const api = await appBeside(stack, { corsOrigins: [`http://127.0.0.1:${uiPort}`] });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  const ui = await startTemporalUi({ port: uiPort, codecEndpoint: `${apiUrl}/codec` });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
  return { api, apiUrl, ui, browser };
}

/**
 * Full-page screenshots into `dir` (emptied first), named by step in the order taken: artifacts to look at, not
 * what is tested (a screenshot that fails is skipped).
 */
export function screenshotKeeper(dir: string): (page: Page, step: string) => Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let shots = 0;
  return async (page, step) => {
    shots += 1;
    await page.screenshot({ path: path.join(dir, `${String(shots).padStart(2, '0')}-${step}.png`), fullPage: true }).catch(() => undefined);
  };
}
