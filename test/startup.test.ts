/**
 * Issue 9: APIs and workers starting at once each create the database if missing and migrate it. They wait for one
 * another instead of failing with node-pg-migrate's "Another migration is already running", and two CREATE
 * DATABASE at once are not an error.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { ensureDatabase, migrate, MIGRATION_LOCK_KEY, MIGRATIONS_DIR } from '../infra/db';
import { dropDatabase } from './support/global-setup';

/** A database of this test's own, beside the suite's: resettlement_startup_<random>. */
function freshDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/resettlement_startup_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const MIGRATION_FILES = readdirSync(MIGRATIONS_DIR).filter((f) => /\.(sql|js|ts)$/.test(f));

describe('start-up: several processes create and migrate the database at once', () => {
  const created: string[] = [];
  const fresh = () => {
    const url = freshDatabaseUrl();
    created.push(url);
    return url;
  };
  afterAll(async () => {
    for (const url of created) await dropDatabase(url);
  });

  test('four migrate() calls at once on a database that does not exist yet all succeed, each migration applied once', async () => {
    const databaseUrl = fresh();
    const logs: string[][] = [[], [], [], []];
    const results = await Promise.allSettled(logs.map((lines) => migrate(databaseUrl, (line) => lines.push(line))));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);

    const applied = await withClient(databaseUrl, async (db) => {
      const { rows } = await db.query('SELECT name, count(*)::int AS n FROM pgmigrations GROUP BY name ORDER BY name');
      return rows as { name: string; n: number }[];
    });
    expect(applied.map((r) => r.name)).toEqual(MIGRATION_FILES.map((f) => f.replace(/\.\w+$/, '')).sort());
    expect(applied.every((r) => r.n === 1)).toBe(true);
    // One of them migrated; the others found nothing left to do.
    expect(logs.filter((lines) => lines.some((l) => /Migrating files/.test(l)))).toHaveLength(1);

    // The schema is there and usable.
    await withClient(databaseUrl, (db) => db.query('SELECT count(*) FROM cases'));
    // And a fifth start later is a no-op.
    await migrate(databaseUrl);
    const total = await withClient(databaseUrl, async (db) => (await db.query('SELECT count(*)::int AS n FROM pgmigrations')).rows[0].n);
    expect(total).toBe(MIGRATION_FILES.length);
  });

  test('a migration waits while another process holds the migration lock, then runs', async () => {
    const databaseUrl = fresh();
    await ensureDatabase(databaseUrl);
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      const lines: string[] = [];
      let done = false;
      const migrating = migrate(databaseUrl, (line) => lines.push(line)).then(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(done).toBe(false);
      expect(lines).toContain('Another process is migrating this database; waiting for it to finish.');
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      await migrating;
      expect(done).toBe(true);
    } finally {
      await holder.end();
    }
    const total = await withClient(databaseUrl, async (db) => (await db.query('SELECT count(*)::int AS n FROM pgmigrations')).rows[0].n);
    expect(total).toBe(MIGRATION_FILES.length);
  });

  test('eight ensureDatabase() calls at once on a missing database all succeed', async () => {
    const databaseUrl = fresh();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ensureDatabase(databaseUrl)));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(Array(8).fill('ok'));
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    const found = await withClient(admin.toString(), (db) => db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
    expect(found.rowCount).toBe(1);
  });
});
