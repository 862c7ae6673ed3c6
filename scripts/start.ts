/**
 * npm start: the whole product on embedded defaults. Starts the Temporal dev server, headless, and Temporal's Web UI
 * server beside it (unless TEMPORAL_ADDRESS names a Temporal) and the local inbox (unless SMTP_URL names a mail server), registers the
 * search attributes, creates and migrates the database, starts the worker and the API, waits until each is ready and prints where to look.
 * A process that dies is started again (with a back-off if it keeps dying); Ctrl-C or SIGTERM stops everything it
 * started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { documentStoreLocationFrom, loadConfig } from '../infra/config';
import { connectClient, registerSearchAttributes, temporalAddress } from '../infra/temporal';
import { migrate } from '../infra/db';
import { ensureTemporalCli } from './temporal-cli';
import { retryUntil, running, stopGracefully } from './services';
import { spawnInbox, startInbox, type Inbox } from './inbox';
import { prepareProductionTemporal, productionTemporalSettings } from './temporal-server';
import { ensureTemporalUi, temporalUiOidcFrom, writeTemporalUiConfig } from './temporal-ui';

/**
 * Where the walk-throughs' notices go when NOTICE_RECIPIENTS_FILE is unset: example addresses, all caught by the
 * local inbox. `"*"` serves every office abroad.
 */
const EXAMPLE_RECIPIENTS = {
  midi: 'refugies@midi.example',
  'roc-o': 'roc-o@ircc.example',
  'office-abroad': { '*': 'bureau-des-visas@ircc.example' },
};

const ROOT = path.resolve(__dirname, '..');
/** A process we run and keep running: started again when it dies, until Ctrl-C or SIGTERM. */
interface Service {
  name: string;
  spawn: () => ChildProcess;
  proc: ChildProcess;
  startedAt: number;
  /** Restarts in a row, each within a minute of the one before: the back-off grows with them. */
  restarts: number;
}
const services: Service[] = [];
let stopping = false;

const say = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const config = loadConfig();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stopWhenOrphaned();
  assertDistinctPorts(config);

  const productionShape = process.env.TEMPORAL_PERSISTENCE === 'postgres';
  if (process.env.TEMPORAL_PERSISTENCE && !productionShape) {
    throw new Error(`TEMPORAL_PERSISTENCE must be postgres (Temporal's own server) or unset (the dev server), not "${process.env.TEMPORAL_PERSISTENCE}"`);
  }
  // The Web UI server beside either Temporal: the codec endpoint with credentials on, and the identity provider's
  // sign-in when TEMPORAL_UI_OIDC_* are set (README, Temporal UI).
  const uiOidc = temporalUiOidcFrom(process.env, config.devServer.uiPort);
  if (!config.temporalAddress && productionShape) {
    // Temporal's own server, its services on PostgreSQL, and its Web UI beside it (README, Production shape).
    await assertPortFree(config.devServer.port, 'TEMPORAL_DEV_PORT');
    await assertPortFree(config.devServer.uiPort, 'TEMPORAL_UI_PORT');
    const temporal = await prepareProductionTemporal(
      productionTemporalSettings({
        databaseUrl: config.databaseUrl,
        frontendPort: config.devServer.port,
        uiPort: config.devServer.uiPort,
        namespace: config.temporalNamespace,
        dataDir: path.resolve(ROOT, config.devServer.dataDir),
        codecEndpoint: `${apiUrl(config)}/codec`,
        uiOidc,
        log: say,
      }),
    );
    say(`starting Temporal's own server on ${temporal.address} (PostgreSQL) and its Web UI on ${temporal.uiUrl}`);
    run('temporal', temporal.server.command, temporal.server.args);
    run('temporal-ui', temporal.ui.command, temporal.ui.args);
    // Waits for the frontend, creates the namespace, registers the search attributes.
    await temporal.ready();
  } else if (!config.temporalAddress) {
    const cli = await ensureTemporalCli(say);
    await ensureTemporalUi(say);
    const dataDir = path.resolve(ROOT, config.devServer.dataDir);
    mkdirSync(dataDir, { recursive: true });
    await assertPortFree(config.devServer.port, 'TEMPORAL_DEV_PORT');
    await assertPortFree(config.devServer.uiPort, 'TEMPORAL_UI_PORT');
    say(`starting the Temporal dev server on 127.0.0.1:${config.devServer.port} (data in ${dataDir})`);
    run('temporal', cli, [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(config.devServer.port),
      // Its built-in UI cannot be told to send the browser's credentials to the codec endpoint: the UI server does.
      '--headless',
      '--db-filename', path.join(dataDir, 'temporal.db'),
      // A write-ahead log, synced at checkpoints: a crash of any process loses nothing, and a write costs no fsync
      // of its own (a power cut may lose the last moments; the production shape keeps Temporal on PostgreSQL).
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
      '--namespace', config.temporalNamespace,
      '--log-level', 'error',
    ]);
    const ui = writeTemporalUiConfig(path.join(dataDir, 'temporal-ui'), 'development', {
      port: config.devServer.uiPort,
      temporalAddress: `127.0.0.1:${config.devServer.port}`,
      namespace: config.temporalNamespace,
      codecEndpoint: `${apiUrl(config)}/codec`,
      oidc: uiOidc,
    });
    say(`starting the Temporal Web UI server on http://127.0.0.1:${config.devServer.uiPort} (codec ${apiUrl(config)}/codec, credentials on${uiOidc ? `; sign-in through ${uiOidc.providerUrl}` : ''})`);
    run('temporal-ui', ui.command, ui.args);
  }
  // Notices go to the local inbox unless SMTP_URL names a mail server; the worker is told where.
  const workerEnv: NodeJS.ProcessEnv = {};
  let inbox: Inbox | undefined;
  if (config.smtpUrlIsDefault) {
    await assertPortFree(config.inbox.smtpPort, 'INBOX_SMTP_PORT');
    await assertPortFree(config.inbox.webPort, 'INBOX_WEB_PORT');
    say(`starting the local inbox (maildev) on 127.0.0.1:${config.inbox.smtpPort}, web page on ${config.inbox.webPort}`);
    const inboxOptions = {
      smtpPort: config.inbox.smtpPort,
      webPort: config.inbox.webPort,
      mailDirectory: path.resolve(ROOT, config.devServer.dataDir, 'inbox'),
    };
    inbox = await startInbox(inboxOptions);
    supervise('inbox', () => spawnInbox(inboxOptions), inbox.proc);
    workerEnv.SMTP_URL = inbox.smtpUrl;
    if (!config.noticeRecipientsFile) {
      const file = path.resolve(ROOT, config.devServer.dataDir, 'notice-recipients.example.json');
      mkdirSync(path.dirname(file), { recursive: true });
      if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(EXAMPLE_RECIPIENTS, null, 2)}\n`);
      workerEnv.NOTICE_RECIPIENTS_FILE = file;
      say(`notices to MIDI, ROC-O and the offices abroad go to the example addresses in ${file}`);
    }
  }

  const address = temporalAddress(config);
  const client = await retry(`Temporal at ${address}`, async () => {
    const c = await connectClient(config);
    await c.workflowService.getSystemInfo({});
    return c;
  });
  await retry('the search attributes', () => registerSearchAttributes(client, config.temporalNamespace));
  say('Temporal is up; search attributes registered');
  await client.connection.close();

  say(`migrating the database ${redact(config.databaseUrl)}`);
  await migrate(config.databaseUrl).catch((err: Error & { code?: string }) => {
    throw new Error(
      `PostgreSQL at ${redact(config.databaseUrl)} did not accept the migration (${err.code ?? err.message}): ` +
        'start PostgreSQL or set DATABASE_URL.',
    );
  });

  await assertPortFree(config.port, 'PORT');
  run('worker', process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], workerEnv);
  run('api', process.execPath, ['--import', 'tsx', path.join(ROOT, 'api', 'main.ts')]);
  const api = apiUrl(config);
  await retry('the API and the worker (GET /readyz)', async () => {
    const res = await fetch(`${api}/readyz`);
    if (res.status !== 200) throw new Error(`readyz answered ${res.status}: ${await res.text()}`);
  }, 180);

  console.log('');
  console.log('Resettlement is running.');
  console.log(`  API            ${api}   (docs: ${api}/docs)`);
  if (!config.temporalAddress) {
    console.log(`  Temporal UI    http://127.0.0.1:${config.devServer.uiPort}${productionShape ? "   (Temporal's own server on PostgreSQL)" : ''}`);
  }
  console.log(`  Temporal       ${address}  namespace ${config.temporalNamespace}, task queue ${config.taskQueue}`);
  console.log(`  Database       ${redact(config.databaseUrl)}`);
  const documentsAt = documentStoreLocationFrom(config.documentStoreUrl);
  console.log(
    `  Documents      ${documentsAt.kind === 's3' ? `s3://${documentsAt.bucket}/${documentsAt.prefix}` : 'in the database'}, encrypted (AES-256-GCM, ` +
      `${config.documentKeysAreDefault ? 'the development key: set DOCUMENT_ENCRYPTION_KEYS' : `key ${config.documentKeys.currentKeyId}`}), up to ${config.documentMaxBytes} bytes each`,
  );
  if (inbox) console.log(`  Local inbox    ${inbox.webUrl}   (REST: ${inbox.webUrl}/email; SMTP ${inbox.smtpUrl})`);
  else console.log(`  Mail server    ${redact(config.smtpUrl)}`);
  if (config.jwks) console.log(`  Tokens         from the identity provider (${config.jwks.issuer}); keys at ${config.jwks.jwksUrl}`);
  else console.log('  A token:       npm run token -- --role midi --sub alice');
  if (uiOidc) console.log(`  Codec          the Temporal UI signs ops in through ${uiOidc.providerUrl} and passes their token to ${api}/codec`);
  else console.log(`  Codec sign-in  ${api}/codec/login   (sign in once there: the Temporal UI then shows payloads decoded)`);
  console.log(
    `  Staff console  ${api}/console   (${config.console.oidc ? `sign-in through ${config.console.oidc.issuer}` : ''}${config.console.oidc && config.console.devSignIn ? '; ' : ''}${config.console.devSignIn ? 'development sign-in: pick a role and a name' : ''})`,
  );
  if (config.jwtSecretIsDefault && !config.jwks) console.log('  WARNING: AUTH_JWT_SECRET is not set; tokens use the development secret.');
  console.log('Press Ctrl-C to stop everything.');
}

function apiUrl(config: ReturnType<typeof loadConfig>): string {
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
}

/** If whoever ran us dies without passing on its signal (a shell killed with SIGKILL), stop all the same. */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop(0);
  }, 1000).unref();
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const spawnIt = () =>
    spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env, SERVICE_NAME: name } });
  supervise(name, spawnIt, spawnIt());
}

/** Restarts after the first death come after 1 s, then 2, 4, … up to this; a process that ran a minute starts afresh. */
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

/**
 * Keeps a process running as a process manager would: when it dies (a crash, SIGKILL, an out-of-memory kill) it is
 * started again, with a line in the log and a back-off if it keeps dying; the others go on. Only Ctrl-C or SIGTERM
 * to `npm start` stops everything.
 */
function supervise(name: string, spawnIt: () => ChildProcess, first: ChildProcess): void {
  const service: Service = { name, spawn: spawnIt, proc: first, startedAt: Date.now(), restarts: 0 };
  services.push(service);
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping) return;
    if (Date.now() - service.startedAt > STABLE_AFTER_MS) service.restarts = 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** service.restarts);
    service.restarts++;
    console.error(`[start] ${name} exited (${signal ?? code}); starting it again in ${delay / 1000} s (restart ${service.restarts} in a row)`);
    setTimeout(() => {
      if (stopping) return;
      service.proc = service.spawn();
      service.startedAt = Date.now();
      service.proc.on('exit', onExit);
      say(`${name} started again (pid ${service.proc.pid})`);
      // Not unref'd: with every process dead at once, this timer is what keeps the manager alive to restart them.
    }, delay);
  };
  first.on('exit', onExit);
}

/** A first Ctrl-C or SIGTERM stops everything gracefully; another one while it does kills what is left at once. */
function onSignal(): void {
  if (!stopping) {
    void stop(0);
    return;
  }
  for (const { proc } of services) if (running(proc)) proc.kill('SIGKILL');
  say('stopped at once (a second signal)');
  process.exit(1);
}

let stopped: Promise<never> | undefined;

/** Stops the API and the worker first, then Temporal, each with a grace period; called again, waits for the first. */
function stop(code: number): Promise<never> {
  stopped ??= (async () => {
    stopping = true;
    say('stopping');
    for (const { name, proc } of [...services].reverse()) {
      if (!running(proc)) continue;
      await stopGracefully(proc, 10_000);
      say(`${name} stopped`);
    }
    process.exit(code);
  })();
  return stopped;
}

function retry<T>(what: string, attempt: () => Promise<T>, seconds = 60): Promise<T> {
  return retryUntil(what, attempt, Date.now() + seconds * 1000, () => stopping);
}

/** Two of our own services on one port would fail later with a misleading message: say so first. */
function assertDistinctPorts(config: ReturnType<typeof loadConfig>): void {
  const ports: Array<[string, number]> = [['PORT', config.port]];
  if (!config.temporalAddress) ports.push(['TEMPORAL_DEV_PORT', config.devServer.port], ['TEMPORAL_UI_PORT', config.devServer.uiPort]);
  if (config.smtpUrlIsDefault) ports.push(['INBOX_SMTP_PORT', config.inbox.smtpPort], ['INBOX_WEB_PORT', config.inbox.webPort]);
  for (const [i, [name, port]] of ports.entries()) {
    const other = ports.slice(0, i).find(([, p]) => p === port);
    if (other) throw new Error(`${other[0]} and ${name} are both ${port}: give each its own port`);
  }
}

function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use: stop what holds it, or set ${variable}`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

main().catch((err) => {
  console.error(`[start] ${(err as Error).message}`);
  void stop(1);
});
