/**
 * npm run test:production-shape: the test suite (test/, the reliability suite's short form included) against
 * Temporal's own server on PostgreSQL — the production shape — instead of the dev server. The server gets free ports
 * and its own databases (temporal_<suffix>_test and temporal_<suffix>_test_visibility, recreated at each run); the
 * tests' database is resettlement_<suffix> (TEST_DATABASE_SUFFIX, `ps` unless set). Arguments go to jest, e.g.
 * `npm run test:production-shape -- test/decisions.test.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './inbox';
import { postgresFromUrl, startProductionTemporal, type ProductionTemporal } from './temporal-server';

const ROOT = path.resolve(__dirname, '..');
const say = (line: string) => console.log(`[production-shape] ${line}`);

async function main(): Promise<number> {
  const suffix = process.env.TEST_DATABASE_SUFFIX || 'ps';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resettlement-production-shape-'));
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'temporal.log');
  let temporal: ProductionTemporal | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (temporal) {
      say('stopping temporal-server and the Web UI');
      await temporal.stop();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stop().then(() => process.exit(130)));
  }
  try {
    temporal = await startProductionTemporal({
      postgres: postgresFromUrl(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement'),
      dbPrefix: `temporal_${suffix}_test`.replace(/[^a-z0-9_]/gi, '_'),
      frontendPort: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      dataDir,
      logLevel: 'warn',
      logFile,
      recreateDatabases: true,
      log: say,
    });
    say(`server log: ${logFile}`);
    const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      // TEMPORAL_PERSISTENCE reaches the products the reliability suite starts with npm start's script.
      env: { ...process.env, TEST_TEMPORAL_ADDRESS_EXTERNAL: temporal.address, TEST_DATABASE_SUFFIX: suffix, TEMPORAL_PERSISTENCE: 'postgres' },
    });
    const code = await new Promise<number>((resolve) => jest.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
    if (temporal.server.exitCode !== null || temporal.server.signalCode !== null) {
      say(`temporal-server died during the run (${temporal.server.signalCode ?? temporal.server.exitCode}); see ${logFile}`);
      return 1;
    }
    return code;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[production-shape] ${(err as Error).message}`);
    process.exit(1);
  },
);
