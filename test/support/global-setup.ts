/**
 * Once per `npm test`: a Temporal dev server from the pinned CLI on free ports, with the search
 * attributes registered; a fresh test database, migrated; the workflows bundled once; the local inbox.
 * With TEST_TEMPORAL_ADDRESS_EXTERNAL=host:port the tests use that Temporal instead (its namespace `default` and
 * the search attributes set up already): `npm run test:production-shape` runs Temporal's own server on PostgreSQL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/bundle';
import { Client } from 'pg';
import { ensureTemporalCli } from '../../scripts/temporal-cli';
import { CASE_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { migrate } from '../../infra/db';
import { freePort, startInbox, type Inbox } from '../../scripts/inbox';

export default async function globalSetup(): Promise<void> {
  // TEST_DATABASE_SUFFIX lets two runs on one machine keep apart (resettlement_<suffix>).
  const { env, databaseUrl, bundlePath, inbox } = await startTestEnvironment(process.env.TEST_DATABASE_SUFFIX || 'test');
  (globalThis as Record<string, unknown>).__temporalEnv = env;
  (globalThis as Record<string, unknown>).__inbox = inbox;
  process.env.TEST_TEMPORAL_ADDRESS = env.address;
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_SMTP_URL = inbox.smtpUrl;
  process.env.TEST_INBOX_URL = inbox.webUrl;
}

export interface TestEnvironment {
  env: TestWorkflowEnvironment;
  /** The database `<name>_<suffix>`, recreated and migrated. */
  databaseUrl: string;
  /** The workflows bundled once, in a temporary folder. */
  bundlePath: string;
  /** A real mail server with a REST API (maildev) on free ports, its mail in a temporary folder. */
  inbox: Inbox;
}

/** What the tests run against; `scripts/record-histories.ts` starts its own on another database. */
export async function startTestEnvironment(databaseSuffix: string): Promise<TestEnvironment> {
  const external = process.env.TEST_TEMPORAL_ADDRESS_EXTERNAL;
  const databaseUrl = testDatabaseUrl(databaseSuffix);
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);

  const [env, bundle, inbox] = await Promise.all([
    external
      ? TestWorkflowEnvironment.createFromExistingServer({ address: external, namespace: 'default' })
      : TestWorkflowEnvironment.createLocal({
          server: {
            executable: { type: 'existing-path', path: await ensureTemporalCli() },
            ip: '127.0.0.1',
            searchAttributes: CASE_SEARCH_ATTRIBUTES,
            extraArgs: ['--log-level', 'error'],
          },
        }),
    // Bundled as the worker bundles them: the pure modules shared by the cases (worker/bundle.ts).
    bundleWorkflowCode({ ...workflowBundleOptions(require.resolve('../../workflows')), logger: quietLogger }),
    (async () =>
      startInbox({
        smtpPort: await freePort(),
        webPort: await freePort(),
        mailDirectory: mkdtempSync(path.join(os.tmpdir(), 'resettlement-inbox-')),
      }))(),
  ]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resettlement-test-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  return { env, databaseUrl, bundlePath, inbox };
}

function testDatabaseUrl(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement');
  url.pathname = `/${url.pathname.slice(1) || 'resettlement'}_${suffix}`;
  return url.toString();
}

async function recreateDatabase(databaseUrl: string): Promise<void> {
  await adminQuery(databaseUrl, async (admin, name) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await adminQuery(databaseUrl, (admin, name) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function adminQuery(databaseUrl: string, work: (admin: Client, name: string) => Promise<unknown>): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await work(admin, name);
  } finally {
    await admin.end();
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};
