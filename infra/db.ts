/** The application database: created when missing, migrated with node-pg-migrate. */
import path from 'node:path';
import { Client, Pool } from 'pg';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.join(__dirname, '..', 'migrations');

/**
 * The advisory lock key node-pg-migrate itself takes (PG_MIGRATE_LOCK_ID in its runner). We take the same key,
 * but waiting for it: an API, a worker and `npm run migrate` starting together migrate one after the other, and a
 * `node-pg-migrate` command line run at the same time is still kept out.
 */
export const MIGRATION_LOCK_KEY = '7241865325823964';

/** SQLSTATEs of a CREATE DATABASE that lost a race with another one: the database exists now. */
const DATABASE_CREATED_MEANWHILE = new Set([
  '42P04', // duplicate_database
  '23505', // unique_violation on pg_database's name index (both creates passed the existence check)
]);

/** Creates the database named in the URL if it does not exist yet; another process creating it at once is fine. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process created it between our look and our create.
    if (!DATABASE_CREATED_MEANWHILE.has((err as { code?: string }).code ?? '')) throw err;
  } finally {
    await admin.end();
  }
}

/**
 * Creates the database if missing and applies the migrations not applied yet. Several processes may call it at
 * once: each waits (a session-level `pg_advisory_lock` on its own connection) until the one migrating is done,
 * then finds nothing left to do. node-pg-migrate's own lock, which refuses instead of waiting ("Another migration
 * is already running"), is turned off (`noLock`) since we hold the same key already.
 */
export async function migrate(databaseUrl: string, log: (msg: string) => void = () => undefined): Promise<void> {
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  // A connection lost while we wait or migrate is reported by the query that used it.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS locked`);
    if (!rows[0].locked) {
      log('Another process is migrating this database; waiting for it to finish.');
      // Released when that process unlocks or its connection ends (a crash included).
      await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    }
    try {
      await runner({
        dbClient: client,
        noLock: true,
        dir: MIGRATIONS_DIR,
        direction: 'up',
        migrationsTable: 'pgmigrations',
        log,
      });
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    // Ending the session releases the lock in any case.
    await client.end().catch(() => undefined);
  }
}

export function createPool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}
