/**
 * The product as `npm start` runs it — the Temporal dev server, the local inbox, the worker and the API as separate
 * processes under start.ts, on free ports, with its own database and data folder — so that a test can kill one of
 * them for real (SIGKILL) and watch the process manager start it again. Optionally its database is reached through
 * a TCP proxy the test can cut (test/reliability/support/tcp-proxy.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSigner } from 'fast-jwt';
import type { PolicyText } from '../../../domain/policy';
import type { Role } from '../../../domain/case-types';
import { freePort } from '../../../scripts/inbox';
import { dropDatabase } from '../../support/global-setup';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SECRET = 'reliability-secret-0123456789-0123456789';

export interface Product {
  api: string;
  inbox: string;
  /** The product's database, as start.ts was told (through the proxy when there is one). */
  databaseUrl: string;
  /** The environment of a worker of the product's own: another one can be started with it. */
  workerEnv: NodeJS.ProcessEnv;
  /** Everything start.ts and its processes printed so far. */
  log(): string;
  /** How many times a line containing `text` was printed. */
  count(text: string): number;
  /** The pid of start.ts's child whose command line contains `marker` (`worker/main.ts`, `api/main.ts`). */
  pidOf(marker: string): number | undefined;
  /** The pid of the Temporal server: the dev server, or Temporal's own under TEMPORAL_PERSISTENCE=postgres. */
  temporalPid(): number | undefined;
  token(role: Role, sub?: string, sponsorGroupId?: string): string;
  /** SIGTERM to start.ts, as Ctrl-C would: resolves with its exit code once it has stopped everything. */
  stop(): Promise<number | null>;
}

/**
 * Starts `npm start`'s script with a database of its own (`resettlement_rel_<random>`, dropped at stop), free
 * ports, a policy, and the database reached at `databaseHostPort` (a proxy) when given.
 * @throws Error with the log when it has not printed "Resettlement is running." within 180 s
 */
export async function startProduct(
  opts: {
    policy?: PolicyText;
    databaseHostPort?: string;
    /** The server and credentials of the product's database (its name is replaced); TEST_DATABASE_URL's by default. */
    databaseUrl?: string;
    /** More environment for start.ts and its processes. */
    env?: NodeJS.ProcessEnv;
    /** Keep only the last this many characters of the log (a long run prints a line a request). */
    logLimit?: number;
  } = {},
): Promise<Product> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resettlement-rel-'));
  const policyFile = path.join(dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(opts.policy ?? {}));
  const base = new URL(opts.databaseUrl ?? process.env.TEST_DATABASE_URL!);
  base.pathname = `/resettlement_rel_${Math.random().toString(16).slice(2, 10)}`;
  const directUrl = base.toString();
  const viaProxy = new URL(directUrl);
  if (opts.databaseHostPort) viaProxy.host = opts.databaseHostPort;
  const [port, temporalPort, uiPort, smtpPort, webPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    INBOX_SMTP_PORT: String(smtpPort),
    INBOX_WEB_PORT: String(webPort),
    DATABASE_URL: viaProxy.toString(),
    RESETTLEMENT_DATA_DIR: dataDir,
    RESETTLEMENT_POLICY_FILE: policyFile,
    AUTH_JWT_SECRET: SECRET,
    TEMPORAL_TASK_QUEUE: `rel-${port}`,
    LOG_LEVEL: 'info',
    ...opts.env,
  };
  for (const name of ['TEMPORAL_ADDRESS', 'SMTP_URL', 'NOTICE_RECIPIENTS_FILE', 'AUTH_JWKS_URL', 'TEMPORAL_DB_PREFIX']) delete env[name];
  // Temporal's own server (npm run test:production-shape) keeps its databases beside the product's, reached
  // directly: an outage cut at the proxy is the product's database alone.
  const productionShape = env.TEMPORAL_PERSISTENCE === 'postgres';
  if (productionShape) env.TEMPORAL_DATABASE_URL = directUrl;
  else delete env.TEMPORAL_DATABASE_URL;
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (opts.logLimit && output.length > 2 * opts.logLimit) output = output.slice(-opts.logLimit);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  /** SIGTERM to start.ts, as Ctrl-C would; its database and data folder removed once it has stopped. */
  const stop = async () => {
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(timer);
    await dropDatabase(directUrl).catch(() => undefined);
    if (productionShape) {
      // productionTemporalSettings names them after the product's: resettlement_rel_x → temporal_rel_x(_visibility).
      for (const name of [base.pathname.replace('/resettlement', '/temporal'), base.pathname.replace('/resettlement', '/temporal') + '_visibility']) {
        const url = new URL(directUrl);
        url.pathname = name;
        await dropDatabase(url.toString()).catch(() => undefined);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };

  const deadline = Date.now() + 180_000;
  while (!output.includes('Resettlement is running.')) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      // Whatever it started is stopped and removed, as after a run.
      await stop();
      throw new Error(`npm start did not come up:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const sign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 3_600_000 });
  return {
    api: `http://127.0.0.1:${port}`,
    inbox: `http://127.0.0.1:${webPort}`,
    databaseUrl: viaProxy.toString(),
    workerEnv: {
      ...env,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      NOTICE_RECIPIENTS_FILE: path.join(dataDir, 'notice-recipients.example.json'),
    },
    log: () => output,
    count: (text) => output.split('\n').filter((line) => line.includes(text)).length,
    pidOf: (marker) => childPid(proc, (args) => args.includes(marker)),
    temporalPid: () =>
      childPid(proc, (args) => (productionShape ? args.split(/\s+/)[0].endsWith('/temporal-server') : args.includes('start-dev'))),
    token: (role, sub = `${role}-rel`, sponsorGroupId) => sign({ sub, roles: [role], ...(sponsorGroupId && { sponsorGroupId }) }),
    stop,
  };
}

/** The pid of `parent`'s child whose command line passes `test`. */
function childPid(parent: ChildProcess, test: (args: string) => boolean): number | undefined {
  const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent.pid)], { encoding: 'utf8' });
  const line = ps.stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && test(l.slice(l.indexOf(' ') + 1)));
  return line ? Number(line.split(/\s+/)[0]) : undefined;
}
