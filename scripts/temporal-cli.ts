/**
 * The pinned Temporal CLI (server, Web UI and SQLite in one binary), built into the project's
 * git-ignored .tools folder with the machine's Go when it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** v1.6.0 and later refuse `go install` (a replace directive); v1.5.1 brings server 1.29.1 and UI 2.42.1. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TOOLS_BIN = path.resolve(__dirname, '..', '.tools', 'bin');
export const TEMPORAL_CLI = process.env.TEMPORAL_CLI_PATH ?? path.join(TOOLS_BIN, 'temporal');

/** A copy kept outside the work tree, so that other clones on this machine (CI's included) skip the build. */
const MACHINE_CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'resettlement',
  `temporal-${TEMPORAL_CLI_VERSION}`,
);

export async function ensureTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  if (existsSync(TEMPORAL_CLI)) {
    keepMachineCopy();
    return TEMPORAL_CLI;
  }
  if (process.env.TEMPORAL_CLI_PATH) throw new Error(`TEMPORAL_CLI_PATH names ${TEMPORAL_CLI}, which does not exist.`);
  if (existsSync(MACHINE_CACHE)) {
    mkdirSync(TOOLS_BIN, { recursive: true });
    copyFileSync(MACHINE_CACHE, TEMPORAL_CLI);
    log(`Temporal CLI ${TEMPORAL_CLI_VERSION} copied from ${MACHINE_CACHE}.`);
    return TEMPORAL_CLI;
  }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      [
        'The Temporal CLI is missing and Go is not installed to build it.',
        'Any one of these works:',
        '  - install Go 1.24 or later (https://go.dev/dl/) and run this command again;',
        `  - put a temporal binary (${TEMPORAL_CLI_VERSION}) at ${TEMPORAL_CLI}, or name one with TEMPORAL_CLI_PATH;`,
        '  - point the product at a running Temporal with TEMPORAL_ADDRESS (a cluster, Temporal Cloud, docker-compose).',
      ].join('\n'),
    );
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go.stdout.trim()} into ${TOOLS_BIN}.`);
  log('The first build downloads about 2 GB of Go modules and takes a few minutes; later runs reuse it.');
  const started = Date.now();
  const ticker = setInterval(() => log(`  ...still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const build = spawn('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      build.on('error', reject);
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
  } finally {
    clearInterval(ticker);
  }
  log(`Built ${TEMPORAL_CLI} in ${Math.round((Date.now() - started) / 1000)} s.`);
  keepMachineCopy();
  return TEMPORAL_CLI;
}

function keepMachineCopy(): void {
  if (process.env.TEMPORAL_CLI_PATH || existsSync(MACHINE_CACHE)) return;
  try {
    mkdirSync(path.dirname(MACHINE_CACHE), { recursive: true });
    copyFileSync(TEMPORAL_CLI, MACHINE_CACHE);
  } catch {
    // Only a shortcut for other clones; the project's own copy is what runs.
  }
}
