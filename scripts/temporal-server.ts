/**
 * Production shape: Temporal's own server (frontend, history, matching and worker services) on PostgreSQL, its
 * schema set up by its own temporal-sql-tool, and the Web UI server beside it — instead of the dev server's single
 * process on SQLite. The binaries are built, when missing, into the project's git-ignored .tools folder with the
 * machine's Go, at the versions the pinned CLI carries (server 1.29.1, UI 2.42.1).
 *
 * `npm start` uses it under TEMPORAL_PERSISTENCE=postgres; `npm run test:production-shape` runs the tests against it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { registerSearchAttributes } from '../infra/temporal';
import { CASE_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { TOOLS_BIN } from './temporal-cli';
import { ensureTemporalUi, TEMPORAL_UI_VERSION, writeTemporalUiConfig, type TemporalUiOidc } from './temporal-ui';
import { retryUntil, stopGracefully } from './services';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export { TEMPORAL_UI_VERSION };

const SERVER_MODULE = 'go.temporal.io/server';

export interface TemporalServerTools {
  /** `temporal-server`: go.temporal.io/server's cmd/server. */
  server: string;
  /** `temporal-sql-tool`: go.temporal.io/server's cmd/tools/sql. */
  sqlTool: string;
  /** The Web UI server: github.com/temporalio/ui-server/v2's cmd/server (the UI's assets are embedded; scripts/temporal-ui.ts). */
  ui: string;
  /** The server module's schema/postgresql/v12 folder: temporal/versioned and visibility/versioned. */
  schemaDir: string;
}

const TOOLS: Omit<TemporalServerTools, 'ui'> = {
  server: path.join(TOOLS_BIN, 'temporal-server'),
  sqlTool: path.join(TOOLS_BIN, 'temporal-sql-tool'),
  schemaDir: path.join(TOOLS_BIN, 'temporal-schema', 'postgresql', 'v12'),
};
/** Which versions the binaries in .tools/bin are: a change of pin rebuilds them. */
const STAMP = path.join(TOOLS_BIN, 'temporal-server.versions');
const STAMP_TEXT = `server ${TEMPORAL_SERVER_VERSION} ui ${TEMPORAL_UI_VERSION}\n`;

/** A copy kept outside the work tree, so that other clones on this machine (CI's included) skip the build. */
const MACHINE_CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'resettlement',
  `temporal-server-${TEMPORAL_SERVER_VERSION}-ui-${TEMPORAL_UI_VERSION}`,
);
const CACHED_FILES = ['temporal-server', 'temporal-sql-tool', 'temporal-schema', 'temporal-server.versions'];

function toolsPresent(dir: string): boolean {
  return (
    CACHED_FILES.every((f) => existsSync(path.join(dir, f))) &&
    readFileSync(path.join(dir, 'temporal-server.versions'), 'utf8') === STAMP_TEXT
  );
}

/**
 * The three binaries and the schema, built when missing (a few minutes the first time); their paths. The UI server is
 * scripts/temporal-ui.ts's, built on its own (the dev server's `npm start` runs it too).
 */
export async function ensureTemporalServer(log: (line: string) => void = console.log): Promise<TemporalServerTools> {
  const ui = await ensureTemporalUi(log);
  if (toolsPresent(TOOLS_BIN)) {
    keepMachineCopy();
    return { ...TOOLS, ui };
  }
  if (toolsPresent(MACHINE_CACHE)) {
    mkdirSync(TOOLS_BIN, { recursive: true });
    for (const f of CACHED_FILES) cpSync(path.join(MACHINE_CACHE, f), path.join(TOOLS_BIN, f), { recursive: true });
    log(`Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool copied from ${MACHINE_CACHE}.`);
    return { ...TOOLS, ui };
  }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      [
        `Temporal's server (${TEMPORAL_SERVER_VERSION}) is missing and Go is not installed to build it.`,
        'Any one of these works:',
        '  - install Go 1.25 or later (https://go.dev/dl/) and run this command again;',
        `  - put temporal-server and temporal-sql-tool (${TEMPORAL_SERVER_VERSION}) in ${TOOLS_BIN};`,
        '  - leave TEMPORAL_PERSISTENCE unset (the dev server), or point the product at a running Temporal with TEMPORAL_ADDRESS.',
      ].join('\n'),
    );
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  log(`Building Temporal's server ${TEMPORAL_SERVER_VERSION} and its SQL tool with ${go.stdout.trim()} into ${TOOLS_BIN}.`);
  log('The first build may download Go modules and takes a few minutes; later runs reuse it.');
  const started = Date.now();
  const ticker = setInterval(() => log(`  ...still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await buildBinary(`${SERVER_MODULE}`, 'cmd/server', TEMPORAL_SERVER_VERSION, TOOLS.server, log);
    await buildBinary(`${SERVER_MODULE}`, 'cmd/tools/sql', TEMPORAL_SERVER_VERSION, TOOLS.sqlTool, log);
    log('  copying the PostgreSQL schema (schema/postgresql/v12) from the server module');
    const source = await moduleDir(SERVER_MODULE, TEMPORAL_SERVER_VERSION);
    rmSync(TOOLS.schemaDir, { recursive: true, force: true });
    cpSync(path.join(source, 'schema', 'postgresql', 'v12'), TOOLS.schemaDir, { recursive: true });
    writeFileSync(STAMP, STAMP_TEXT);
  } finally {
    clearInterval(ticker);
  }
  log(`Built temporal-server and temporal-sql-tool in ${Math.round((Date.now() - started) / 1000)} s.`);
  keepMachineCopy();
  return { ...TOOLS, ui };
}

/**
 * `go install module/cmd/x@version`; when Go refuses it (a module with replace directives), builds from the module's
 * source in Go's module cache instead, in a temporary copy.
 */
async function buildBinary(module: string, cmd: string, version: string, target: string, log: (line: string) => void): Promise<void> {
  log(`  go install ${module}/${cmd}@${version}`);
  const gobin = mkdtempSync(path.join(os.tmpdir(), 'resettlement-gobin-'));
  try {
    try {
      await go(['install', `${module}/${cmd}@${version}`], { GOBIN: gobin });
      renameOrCopy(path.join(gobin, path.basename(cmd)), target);
      return;
    } catch (err) {
      log(`  go install failed (${(err as Error).message}); building from the module's source instead`);
    }
    const source = await moduleDir(module, version);
    const work = path.join(gobin, 'src');
    cpSync(source, work, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', work]);
    await go(['build', '-o', target, `./${cmd}`], {}, work);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

function renameOrCopy(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    cpSync(from, to);
  }
}

async function moduleDir(module: string, version: string): Promise<string> {
  const out = await go(['mod', 'download', '-json', `${module}@${version}`], {}, os.tmpdir(), true);
  const dir = (JSON.parse(out) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download ${module}@${version} gave no folder: ${out}`);
  return dir;
}

function go(args: string[], env: NodeJS.ProcessEnv, cwd = os.tmpdir(), capture = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd,
      env: { ...process.env, GOFLAGS: '-mod=mod', ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`go ${args[0]} exited with ${code}`))));
  });
}

function keepMachineCopy(): void {
  if (toolsPresent(MACHINE_CACHE)) return;
  try {
    mkdirSync(MACHINE_CACHE, { recursive: true });
    for (const f of CACHED_FILES) cpSync(path.join(TOOLS_BIN, f), path.join(MACHINE_CACHE, f), { recursive: true });
  } catch {
    // Only a shortcut for other clones; the project's own copy is what runs.
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/** Host, port, user and password of a PostgreSQL URL (its database name is not used: Temporal has its own). */
export function postgresFromUrl(url: string): PostgresSettings {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

export interface ProductionTemporalSettings {
  postgres: PostgresSettings;
  /** `temporal` → the databases `temporal` (executions, history, tasks) and `temporal_visibility` (the list views). */
  dbPrefix: string;
  /** The frontend's gRPC port (what workers and the API connect to). */
  frontendPort: number;
  uiPort: number;
  namespace: string;
  /** Where the generated server and UI configs (and, with logFile, the logs) go. */
  dataDir: string;
  /** Registered on the namespace; the product's own (spec §5) when absent. */
  searchAttributes?: typeof CASE_SEARCH_ATTRIBUTES;
  /** The UI decodes payloads through this codec endpoint (the API's /codec), sending the browser's credentials. */
  codecEndpoint?: string;
  /** Ops sign in to the UI through this identity provider; the UI passes their access token to the codec endpoint. */
  uiOidc?: TemporalUiOidc;
  /** The server's log level: `error` unless set. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Server and UI output to this file instead of the terminal. */
  logFile?: string;
  /** Drop and recreate the two databases first (the tests' fresh start). */
  recreateDatabases?: boolean;
  retentionDays?: number;
  log?: (line: string) => void;
}

/**
 * npm start's settings under TEMPORAL_PERSISTENCE=postgres: Temporal's databases on the PostgreSQL of
 * TEMPORAL_DATABASE_URL, else of the application's DATABASE_URL, named after that URL's database (`resettlement` →
 * `temporal` and `temporal_visibility`; `resettlement_x` → `temporal_x…`; TEMPORAL_DB_PREFIX names them outright);
 * the generated configuration under `<dataDir>/temporal-server`.
 */
export function productionTemporalSettings(opts: {
  databaseUrl: string;
  frontendPort: number;
  uiPort: number;
  namespace: string;
  dataDir: string;
  codecEndpoint?: string;
  uiOidc?: TemporalUiOidc;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): ProductionTemporalSettings {
  const env = opts.env ?? process.env;
  const url = env.TEMPORAL_DATABASE_URL || opts.databaseUrl;
  const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'resettlement';
  const derived = name === 'resettlement' ? 'temporal' : name.startsWith('resettlement_') ? `temporal_${name.slice(13)}` : `temporal_${name}`;
  return {
    postgres: postgresFromUrl(url),
    dbPrefix: env.TEMPORAL_DB_PREFIX || derived,
    frontendPort: opts.frontendPort,
    uiPort: opts.uiPort,
    namespace: opts.namespace,
    dataDir: path.join(opts.dataDir, 'temporal-server'),
    codecEndpoint: opts.codecEndpoint,
    uiOidc: opts.uiOidc,
    log: opts.log,
  };
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface PreparedProductionTemporal {
  /** `temporal-server … start`: all four services in one process (see the README for several). */
  server: ProcessSpec;
  /** The Web UI server. */
  ui: ProcessSpec;
  /** `127.0.0.1:<frontendPort>` */
  address: string;
  uiUrl: string;
  /** Once the server runs: waits for its frontend, creates the namespace, registers the search attributes. */
  ready(timeoutSeconds?: number): Promise<void>;
}

/**
 * Everything before the processes start: the binaries, the two databases and their schemas (set up, or updated to
 * this server version), the server's and the UI's configuration. Returns what to run; a process manager (npm start's
 * supervisor) runs them, then calls ready().
 */
export async function prepareProductionTemporal(settings: ProductionTemporalSettings): Promise<PreparedProductionTemporal> {
  const log = settings.log ?? console.log;
  const tools = await ensureTemporalServer(log);
  const { postgres, dbPrefix } = settings;
  const databases = { default: dbPrefix, visibility: `${dbPrefix}_visibility` };

  for (const [kind, database] of Object.entries(databases) as Array<['default' | 'visibility', string]>) {
    const fresh = await ensureDatabase(postgres, database, settings.recreateDatabases ?? false);
    const sqlTool = (args: string[]) => runSqlTool(tools.sqlTool, postgres, database, args);
    if (fresh || !(await hasSchemaVersionTable(postgres, database))) {
      log(`setting up Temporal's ${kind} schema in the database ${database}`);
      await sqlTool(['setup-schema', '-v', '0.0']);
    }
    const versioned = path.join(tools.schemaDir, kind === 'default' ? 'temporal' : 'visibility', 'versioned');
    await sqlTool(['update-schema', '-d', versioned]);
  }

  const root = path.resolve(settings.dataDir);
  const configDir = path.join(root, 'config');
  mkdirSync(configDir, { recursive: true });
  const ports = await servicePorts(settings.frontendPort, settings.uiPort);
  const address = `127.0.0.1:${settings.frontendPort}`;
  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: postgres.password ?? '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...(httpPort ? { httpPort } : {}) },
  });
  // JSON is YAML: the server reads these files with its YAML loader.
  const serverConfig = {
    log: { stdout: true, level: settings.logLevel ?? 'error' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      // Fixed for the life of the cluster's database: changing it needs a new database. A real cluster has 512+.
      numHistoryShards: 4,
      datastores: {
        'postgres-default': store(databases.default, 20),
        'postgres-visibility': store(databases.visibility, 10),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(settings.frontendPort, ports.membership[0], ports.frontendHttp),
      history: service(ports.history, ports.membership[1]),
      matching: service(ports.matching, ports.membership[2]),
      worker: service(ports.worker, ports.membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: address,
          httpAddress: `127.0.0.1:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    publicClient: { hostPort: address },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
  // What the product relies on, said outright though 1.29.1 enables each by default (as the dev server does):
  // Update-with-Start (ExecuteMultiOperation), Updates, eager start, Schedules. The last three mirror the dev server.
  const dynamicConfig: Record<string, unknown> = {
    'frontend.enableUpdateWorkflowExecution': true,
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
    'frontend.enableExecuteMultiOperation': true,
    'system.enableEagerWorkflowStart': true,
    'frontend.enableSchedules': true,
    'worker.enableScheduler': true,
    'limit.maxIDLength': 255,
    'history.hostLevelCacheMaxSize': 8096,
    'frontend.namespaceRPS.visibility': 100,
  };
  writeFileSync(
    dynamicConfigFile,
    JSON.stringify(Object.fromEntries(Object.entries(dynamicConfig).map(([k, value]) => [k, [{ value, constraints: {} }]])), null, 2),
  );
  writeFileSync(path.join(configDir, 'production-shape.yaml'), JSON.stringify(serverConfig, null, 2), { mode: 0o600 });
  const ui = writeTemporalUiConfig(root, 'production-shape', {
    port: settings.uiPort,
    temporalAddress: address,
    namespace: settings.namespace,
    codecEndpoint: settings.codecEndpoint ?? '',
    oidc: settings.uiOidc,
  });

  return {
    server: {
      name: 'temporal-server',
      command: tools.server,
      args: ['--root', root, '--config', 'config', '--env', 'production-shape', '--allow-no-auth', 'start'],
    },
    ui: { name: 'temporal-ui', command: tools.ui, args: ui.args },
    address,
    uiUrl: `http://127.0.0.1:${settings.uiPort}`,
    ready: (timeoutSeconds = 120) =>
      setUpNamespace(address, settings.namespace, settings.retentionDays ?? 7, settings.searchAttributes ?? CASE_SEARCH_ATTRIBUTES, timeoutSeconds, log),
  };
}

export interface ProductionTemporal {
  address: string;
  uiUrl: string;
  server: ChildProcess;
  ui: ChildProcess;
  stop(): Promise<void>;
}

/** prepareProductionTemporal, then the server and the UI as child processes, then ready(): a running Temporal. */
export async function startProductionTemporal(settings: ProductionTemporalSettings): Promise<ProductionTemporal> {
  const log = settings.log ?? console.log;
  const prepared = await prepareProductionTemporal(settings);
  const output = settings.logFile ? createWriteStream(settings.logFile, { flags: 'a' }) : undefined;
  const launch = (spec: ProcessSpec) => {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit'],
    });
    child.stdout?.pipe(output!, { end: false });
    child.stderr?.pipe(output!, { end: false });
    return child;
  };
  log(`starting temporal-server ${TEMPORAL_SERVER_VERSION} on ${prepared.address} (PostgreSQL ${settings.postgres.host}:${settings.postgres.port}, databases ${settings.dbPrefix} and ${settings.dbPrefix}_visibility)`);
  const server = launch(prepared.server);
  const ui = launch(prepared.ui);
  const stopChild = (child: ChildProcess) => stopGracefully(child, 15_000);
  const stop = async () => {
    await stopChild(ui);
    await stopChild(server);
    output?.end();
  };
  const died = new Promise<never>((_, reject) =>
    server.once('exit', (code, signal) =>
      reject(new Error(`temporal-server exited (${signal ?? code}) while starting${settings.logFile ? `; see ${settings.logFile}` : ''}`)),
    ),
  );
  try {
    await Promise.race([prepared.ready(), died]);
  } catch (err) {
    await stop();
    throw err;
  }
  died.catch(() => undefined);
  log(`Temporal (production shape) is up on ${prepared.address}, namespace ${settings.namespace}; Web UI ${prepared.uiUrl}`);
  return { address: prepared.address, uiUrl: prepared.uiUrl, server, ui, stop };
}

async function setUpNamespace(
  address: string,
  namespace: string,
  retentionDays: number,
  searchAttributes: typeof CASE_SEARCH_ATTRIBUTES,
  timeoutSeconds: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const retry = <T>(what: string, attempt: () => Promise<T>) => retryUntil(what, attempt, deadline);
  const connection = await retry(`Temporal at ${address}`, async () => {
    const c = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await c.workflowService.getSystemInfo({});
      return c;
    } catch (err) {
      await c.close();
      throw err;
    }
  });
  try {
    await retry(`creating the namespace ${namespace}`, async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 5) throw err; // NOT_FOUND: register it
      }
      log(`creating the namespace ${namespace} (retention ${retentionDays} days)`);
      await connection.workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) })
        .catch((err: { code?: number }) => {
          if (err.code !== 6) throw err; // ALREADY_EXISTS: another starter won
        });
      await connection.workflowService.describeNamespace({ namespace });
    });
    const client = new Client({ connection, namespace });
    await retry('registering the search attributes', () => registerSearchAttributes(client, namespace));
    // Every service reads namespaces and their search attributes through a cache refreshed every few seconds: wait
    // until a list query naming each attribute is accepted, so that the first case may set them.
    const query = searchAttributes.map((k) => `${k.name} IS NOT NULL`).join(' OR ');
    await retry('the search attributes becoming visible', () =>
      connection.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 1 }),
    );
  } finally {
    await connection.close();
  }
}

/**
 * The other services' ports. Beside the frontend as Temporal lays them out (7233: history 7234, matching 7235, worker
 * 7239, HTTP 7243, membership 6933-6939), so that a restart finds its services where the membership table says they
 * were; when those are taken or out of range, free ones. The membership table keeps each membership port as a
 * SMALLINT: under 32768 only.
 */
async function servicePorts(frontendPort: number, uiPort: number) {
  const f = frontendPort;
  const beside = { frontendHttp: f + 10, history: f + 1, matching: f + 2, worker: f + 6, membership: [f - 300, f - 299, f - 298, f - 294] };
  const all = [beside.frontendHttp, beside.history, beside.matching, beside.worker, ...beside.membership];
  if (all.every((p) => p >= 1024 && p < 32768 && p !== uiPort) && (await Promise.all(all.map(isFree))).every(Boolean)) return beside;
  const taken = new Set<number>([frontendPort, uiPort]);
  const low = () => lowFreePort(taken);
  return {
    frontendHttp: await low(),
    history: await low(),
    matching: await low(),
    worker: await low(),
    membership: [await low(), await low(), await low(), await low()],
  };
}

function isFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A free port in 20000-32767 (below the OS's ephemeral range, and within PostgreSQL's SMALLINT), not in `taken`. */
async function lowFreePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (taken.has(port)) continue;
    if (await isFree(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port found between 20000 and 32767 for the Temporal services');
}

// ---------------------------------------------------------------------------------------------------------------

async function withPostgres<T>(pg: PostgresSettings, database: string, work: (c: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database if missing (a concurrent creation is not an error); true when it was created now. */
async function ensureDatabase(pg: PostgresSettings, name: string, recreate: boolean): Promise<boolean> {
  return withPostgres(pg, 'postgres', async (admin) => {
    if (recreate) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '42P04' || (err as { code?: string }).code === '23505') return false;
      throw err;
    }
  });
}

async function hasSchemaVersionTable(pg: PostgresSettings, database: string): Promise<boolean> {
  return withPostgres(pg, database, async (c) => {
    const r = await c.query("SELECT to_regclass('public.schema_version') IS NOT NULL AS present");
    return r.rows[0].present as boolean;
  });
}

function runSqlTool(sqlTool: string, pg: PostgresSettings, database: string, args: string[]): Promise<void> {
  const fullArgs = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', database, ...args];
  return new Promise((resolve, reject) => {
    // The password goes by environment (SQL_PASSWORD), not on the command line where `ps` shows it.
    const child = spawn(sqlTool, fullArgs, { env: { ...process.env, SQL_PASSWORD: pg.password ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`temporal-sql-tool ${args[0]} on ${database} exited with ${code}:\n${out.trim()}`)),
    );
  });
}
