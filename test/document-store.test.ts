/**
 * Spec §6: uploaded documents' bytes, encrypted at rest, in PostgreSQL (the default) or an S3-compatible store.
 * Each store, for real: the PostgreSQL store on a database of this file's own (migrated, dropped at the end), the S3
 * store on our gofakes3 server (test/support/s3-server) started on a free port. What a user of the store would check:
 * a document comes back byte for byte, an absent one is "not found", a failed upload keeps nothing, nothing readable
 * is at rest, keys rotate, and altered ciphertext is refused rather than returned.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Client, type Pool } from 'pg';
import { createPool, migrate } from '../infra/db';
import { keyRingFrom, DEV_KEY_ID, type KeyRing } from '../infra/codec';
import { loadConfig, DEFAULT_DOCUMENT_MAX_BYTES } from '../infra/config';
import { DocumentDecryptionError, DocumentNotFoundError, documentStoreFrom, type DocumentStore } from '../infra/document-store';
import { DEV_DOCUMENT_KEY_ID, documentKeyRingFrom } from '../infra/document-encryption';
import { ensureS3Server, startS3Server, type S3Server } from '../scripts/s3-server';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const K1 = key('k1', 0x11);
const K2 = key('k2', 0x22);
const RING_K1 = keyRingFrom(K1, 'DOCUMENT_ENCRYPTION_KEYS');
const RING_K2_K1 = keyRingFrom(`${K2},${K1}`, 'DOCUMENT_ENCRYPTION_KEYS');
const RING_K2 = keyRingFrom(K2, 'DOCUMENT_ENCRYPTION_KEYS');

const BUCKET = 'documents-test';
const PREFIX = 'case-files';
const S3_ENV = { AWS_ACCESS_KEY_ID: 'test-access-key', AWS_SECRET_ACCESS_KEY: 'test-secret-key', AWS_REGION: 'us-east-1' };

let databaseUrl: string;
let pool: Pool;
let s3Server: S3Server;
let s3Env: NodeJS.ProcessEnv;
let s3: S3Client;

beforeAll(async () => {
  // A database of our own beside the run's test database: other test files' rows never mix with ours.
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `${url.pathname}_documents`;
  databaseUrl = url.toString();
  await dropDatabase(databaseUrl);
  await migrate(databaseUrl);
  pool = createPool(databaseUrl);

  // Built here too when missing, so that this file also runs alone (npm test builds it first).
  s3Server = await startS3Server(await ensureS3Server());
  s3Env = { ...S3_ENV, AWS_ENDPOINT_URL_S3: s3Server.endpoint };
  s3 = new S3Client({
    endpoint: s3Server.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: S3_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: S3_ENV.AWS_SECRET_ACCESS_KEY },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 600_000);

afterAll(async () => {
  s3?.destroy();
  await s3Server?.stop();
  await pool?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

/** The stores under test, each with a way to look at what it keeps (for "nothing kept" and tampering). */
interface StoreUnderTest {
  name: string;
  make(keys: KeyRing): DocumentStore;
  /** Whether anything at all is kept for that object key (rows, an object, parts of an unfinished upload). */
  keepsAnything(objectKey: string): Promise<boolean>;
  /** Flips one bit of the stored ciphertext, `at` bytes from its start. */
  flipBit(objectKey: string, at: number): Promise<void>;
}

const stores: StoreUnderTest[] = [
  {
    name: 'PostgreSQL',
    make: (keys) => documentStoreFrom({ pool, keys }),
    async keepsAnything(objectKey) {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM document_blobs WHERE object_key = $1', [objectKey]);
      return rows[0].n > 0;
    },
    async flipBit(objectKey, at) {
      const { rows } = await pool.query<{ seq: number; length: number }>(
        'SELECT seq, length(data) AS length FROM document_blobs WHERE object_key = $1 ORDER BY seq',
        [objectKey],
      );
      let offset = at;
      const chunk = rows.find((row) => (offset < row.length ? true : ((offset -= row.length), false)))!;
      await pool.query('UPDATE document_blobs SET data = set_byte(data, $3, get_byte(data, $3) # 1) WHERE object_key = $1 AND seq = $2', [
        objectKey,
        chunk.seq,
        offset,
      ]);
    },
  },
  {
    name: 'S3',
    make: (keys) => documentStoreFrom({ url: `s3://${BUCKET}/${PREFIX}`, pool, keys, env: s3Env }),
    async keepsAnything(objectKey) {
      const name = `${PREFIX}/${objectKey}`;
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: name }));
      const object = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: name })).then(
        () => true,
        (err: { name?: string }) => {
          if (err.name === 'NotFound' || err.name === 'NoSuchKey') return false;
          throw err;
        },
      );
      return object || (uploads.Uploads ?? []).length > 0;
    },
    async flipBit(objectKey, at) {
      const name = `${PREFIX}/${objectKey}`;
      const stored = await rawObject(name);
      stored[at] ^= 0x01;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: name, Body: stored }));
    },
  },
];

describe.each(stores)('the $name store', (under) => {
  test('a 5.5 MiB document streamed in small chunks comes back byte for byte', async () => {
    const store = under.make(RING_K1);
    const document = randomBytes(5.5 * 1024 * 1024);
    const stored = await store.put('doc-roundtrip', inSmallChunks(document));
    expect(stored).toEqual({ keyId: 'k1' });
    const back = await readAll(await store.get('doc-roundtrip'));
    expect(back.length).toBe(document.length);
    expect(sha256(back)).toBe(sha256(document));
  });

  test('an empty document comes back empty', async () => {
    const store = under.make(RING_K1);
    await store.put('doc-empty', Readable.from([]));
    expect((await readAll(await store.get('doc-empty'))).length).toBe(0);
  });

  test('a document stored again under its key reads back as the second one', async () => {
    const store = under.make(RING_K1);
    await store.put('doc-replaced', Readable.from([Buffer.from('first version')]));
    await store.put('doc-replaced', Readable.from([Buffer.from('second version')]));
    expect((await readAll(await store.get('doc-replaced'))).toString()).toBe('second version');
  });

  test('an unknown key is not found; a deleted document is not found; deleting it again is no error', async () => {
    const store = under.make(RING_K1);
    await expect(store.get('doc-never-stored')).rejects.toBeInstanceOf(DocumentNotFoundError);

    await store.put('doc-deleted', Readable.from([Buffer.from('soon gone')]));
    await store.delete('doc-deleted');
    await expect(store.get('doc-deleted')).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect(await under.keepsAnything('doc-deleted')).toBe(false);
    await expect(store.delete('doc-deleted')).resolves.toBeUndefined();
  });

  test('a source that fails mid-way: put rejects with its error and nothing is kept', async () => {
    const store = under.make(RING_K1);
    // Past one S3 part (5 MiB) and many PostgreSQL chunks before it fails, so that both had started writing.
    const source = failingAfter(randomBytes(7 * 1024 * 1024), new Error('the upload was interrupted'));
    await expect(store.put('doc-interrupted', source)).rejects.toThrow('the upload was interrupted');
    expect(await under.keepsAnything('doc-interrupted')).toBe(false);
    await expect(store.get('doc-interrupted')).rejects.toBeInstanceOf(DocumentNotFoundError);
  });

  test('a source destroyed mid-way without an error: put rejects and nothing is kept', async () => {
    const store = under.make(RING_K1);
    const source = failingAfter(randomBytes(1024 * 1024), undefined);
    await expect(store.put('doc-destroyed', source)).rejects.toThrow();
    expect(await under.keepsAnything('doc-destroyed')).toBe(false);
  });

  test('keys rotate: k2 first reads k1 documents and writes new ones with k2; k2 alone cannot read k1 documents', async () => {
    const old = Buffer.from('%PDF-1.4\n' + 'ROTATION-CONTENT-MARKER '.repeat(10_000));
    expect(await under.make(RING_K1).put('doc-under-k1', Readable.from([old]))).toEqual({ keyId: 'k1' });

    const rotated = under.make(RING_K2_K1);
    expect(sha256(await readAll(await rotated.get('doc-under-k1')))).toBe(sha256(old));
    const fresh = Buffer.from('a document written after the rotation');
    expect(await rotated.put('doc-under-k2', Readable.from([fresh]))).toEqual({ keyId: 'k2' });
    expect((await readAll(await rotated.get('doc-under-k2'))).equals(fresh)).toBe(true);

    const k2Only = under.make(RING_K2);
    expect((await readAll(await k2Only.get('doc-under-k2'))).equals(fresh)).toBe(true);
    // Refused by get() or by the stream it gives: either way an error in words, and not the document.
    const refused = await (async () => readAll(await k2Only.get('doc-under-k1')))().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused).toBeInstanceOf(DocumentDecryptionError);
    expect(refused!.message).toMatch(/DOCUMENT_ENCRYPTION_KEYS/);
    expect(refused!.message).not.toMatch(/ROTATION-CONTENT-MARKER|PDF/);
  });

  test('one flipped ciphertext bit: the read errors, and what came before it is the document unaltered', async () => {
    const store = under.make(RING_K1);
    const document = randomBytes(1024 * 1024);
    await store.put('doc-tampered', inSmallChunks(document));
    // Past the header and the first frames: bytes were already given when the altered frame comes.
    await under.flipBit('doc-tampered', 600_000);

    const given: Buffer[] = [];
    const failure = await (await store.get('doc-tampered'))
      .forEach((chunk: Buffer) => void given.push(chunk))
      .then(
        () => undefined,
        (err: Error) => err,
      );
    expect(failure).toBeInstanceOf(DocumentDecryptionError);
    expect(failure!.message).toMatch(/does not authenticate/);
    const before = Buffer.concat(given);
    expect(before.length).toBeLessThan(600_000);
    expect(before.equals(document.subarray(0, before.length))).toBe(true);
  });

  test('ready() answers for a store that is there', async () => {
    await expect(under.make(RING_K1).ready()).resolves.toBeUndefined();
  });
});

test('PostgreSQL: a 20 MiB document is written as it arrives and read as it is asked for, never held whole', async () => {
  const measured = measuredPool(pool);
  const store = documentStoreFrom({ pool: measured.pool, keys: RING_K1 });
  const document = randomBytes(20 * 1024 * 1024);

  // Writing: what the source gave and the database has not yet received stays under 2 MiB (a tenth) all along.
  let given = 0;
  let mostAhead = 0;
  let at = 0;
  const source = new Readable({
    read() {
      mostAhead = Math.max(mostAhead, given - measured.inserted);
      const piece = document.subarray(at, at + 64 * 1024);
      at += piece.length;
      given += piece.length;
      this.push(piece.length ? piece : null);
    },
  });
  await store.put('doc-20mib', source);
  expect(measured.inserted).toBeGreaterThan(document.length);
  expect(mostAhead).toBeLessThan(2 * 1024 * 1024);

  // Reading, slowly: what was fetched from the database and not yet given to the reader stays under 2 MiB (a few
  // chunks in the decryption's stages), however long the document.
  let received = 0;
  let mostFetchedAhead = 0;
  const hash = createHash('sha256');
  for await (const chunk of await store.get('doc-20mib')) {
    received += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
    mostFetchedAhead = Math.max(mostFetchedAhead, measured.fetched - received);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(received).toBe(document.length);
  expect(hash.digest('hex')).toBe(sha256(document));
  expect(measured.fetched).toBeGreaterThan(document.length);
  expect(mostFetchedAhead).toBeLessThan(2 * 1024 * 1024);
});

describe('no plaintext at rest', () => {
  const MARKER = 'RESETTLEMENT-AT-REST-MARKER-4b1e9';
  const PDF_HEADER = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1');
  const document = Buffer.concat([PDF_HEADER, Buffer.from(`${MARKER} `.repeat(30_000)), Buffer.from('%%EOF\n')]);

  test('PostgreSQL: a dump of every table of the database holds neither the marker nor its bytes in hex', async () => {
    await documentStoreFrom({ pool, keys: RING_K1 }).put('doc-at-rest', inSmallChunks(document));
    const dump = await pgDump(databaseUrl);
    // The dump does hold the stored ciphertext (pg_dump writes bytea as \x + hex): the check below looks at it.
    const { rows } = await pool.query(
      "SELECT encode(substring(data from 1 for 64), 'hex') AS head FROM document_blobs WHERE object_key = 'doc-at-rest' AND seq = 0",
    );
    expect(dump).toContain(rows[0].head);
    expect(dump).not.toContain(MARKER);
    expect(dump).not.toContain(Buffer.from(MARKER).toString('hex'));
    expect(dump).not.toContain('%PDF');
    expect(dump).not.toContain(PDF_HEADER.toString('hex'));
  });

  test('S3: the raw object holds neither the marker nor the PDF header', async () => {
    await documentStoreFrom({ url: `s3://${BUCKET}/${PREFIX}`, pool, keys: RING_K1, env: s3Env }).put('doc-at-rest', inSmallChunks(document));
    const raw = await rawObject(`${PREFIX}/doc-at-rest`);
    expect(raw.length).toBeGreaterThan(document.length);
    expect(raw.includes(MARKER)).toBe(false);
    expect(raw.includes(PDF_HEADER)).toBe(false);
  });
});

describe('where documents go and with which keys (configuration)', () => {
  test('DOCUMENT_STORE_URL: unset, postgres: and postgresql: are the application database; s3:// names a bucket and a prefix', () => {
    for (const url of [undefined, '', 'postgres:', 'postgresql:', 'postgres://']) {
      expect(documentStoreFrom({ url, pool, keys: RING_K1 }).description).toBe('PostgreSQL');
    }
    expect(documentStoreFrom({ url: 's3://bucket-a/some/prefix/', pool, keys: RING_K1, env: S3_ENV }).description).toBe(
      's3://bucket-a/some/prefix',
    );
    const minio = { ...S3_ENV, AWS_ENDPOINT_URL: 'http://user:pw@minio.local:9000' };
    expect(documentStoreFrom({ url: 's3://bucket-a', pool, keys: RING_K1, env: minio }).description).toBe('s3://bucket-a at http://minio.local:9000');
    expect(loadConfig({ DOCUMENT_STORE_URL: 's3://bucket-a/prefix' }).documentStoreUrl).toBe('s3://bucket-a/prefix');
    expect(loadConfig({}).documentStoreUrl).toBeUndefined();
  });

  test.each(['garbage', 'ftp://files.example/documents', 'postgres://other-host/db', 's3://', 's3://key:secret@bucket/p'])(
    'DOCUMENT_STORE_URL=%s is refused at start, in words naming the variable and what it accepts',
    (url) => {
      expect(() => loadConfig({ DOCUMENT_STORE_URL: url })).toThrow(/DOCUMENT_STORE_URL/);
      expect(() => documentStoreFrom({ url, pool, keys: RING_K1 })).toThrow(/DOCUMENT_STORE_URL/);
      let message = '';
      try {
        loadConfig({ DOCUMENT_STORE_URL: url });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/s3:\/\/|postgres/);
      expect(message).not.toContain('secret');
    },
  );

  test('DOCUMENT_MAX_BYTES: 20 MiB by default, a whole number of bytes when set, refused at start otherwise', () => {
    expect(loadConfig({}).documentMaxBytes).toBe(20 * 1024 * 1024);
    expect(DEFAULT_DOCUMENT_MAX_BYTES).toBe(20 * 1024 * 1024);
    expect(loadConfig({ DOCUMENT_MAX_BYTES: '1048576' }).documentMaxBytes).toBe(1048576);
    for (const bad of ['0', 'abc', '-5', '1.5', '10MB']) {
      expect(() => loadConfig({ DOCUMENT_MAX_BYTES: bad })).toThrow(/DOCUMENT_MAX_BYTES/);
    }
  });

  test('DOCUMENT_ENCRYPTION_KEYS: the same form as PAYLOAD_ENCRYPTION_KEYS, its errors naming it; unset, a development key of its own', () => {
    const config = loadConfig({ DOCUMENT_ENCRYPTION_KEYS: `${K2},${K1}` });
    expect(config.documentKeys.currentKeyId).toBe('k2');
    expect([...config.documentKeys.keys.keys()]).toEqual(['k2', 'k1']);
    expect(config.documentKeysAreDefault).toBe(false);

    const defaults = loadConfig({});
    expect(defaults.documentKeysAreDefault).toBe(true);
    expect(defaults.documentKeys.currentKeyId).toBe(DEV_DOCUMENT_KEY_ID);
    expect(DEV_DOCUMENT_KEY_ID).toBe('dev-documents-1');
    expect(defaults.documentKeys.keys.get(DEV_DOCUMENT_KEY_ID)!.equals(defaults.payloadKeys.keys.get(DEV_KEY_ID)!)).toBe(false);
    expect(documentKeyRingFrom(undefined).keys.get(DEV_DOCUMENT_KEY_ID)!.length).toBe(32);

    for (const bad of ['no-colon', `short:${Buffer.alloc(16).toString('base64')}`, ' , ']) {
      expect(() => loadConfig({ DOCUMENT_ENCRYPTION_KEYS: bad })).toThrow(/DOCUMENT_ENCRYPTION_KEYS/);
    }
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: 'no-colon' })).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
  });

  test('a bucket that does not exist: ready() rejects, and put() rejects without waiting on its source forever', async () => {
    const store = documentStoreFrom({ url: 's3://no-such-bucket', pool, keys: RING_K1, env: s3Env });
    await expect(store.ready()).rejects.toThrow();
    await expect(store.put('doc-nowhere', inSmallChunks(randomBytes(12 * 1024 * 1024)))).rejects.toThrow(/bucket/i);
  });
});

/** `document` as a stream of 16 KiB pieces, given as they are asked for. */
function inSmallChunks(document: Buffer): Readable {
  let at = 0;
  return new Readable({
    read() {
      const piece = document.subarray(at, at + 16 * 1024);
      at += piece.length;
      this.push(piece.length ? piece : null);
    },
  });
}

/** Gives `bytes` in 16 KiB pieces, then, instead of ending, is destroyed with `error` (none: destroyed plainly). */
function failingAfter(bytes: Buffer, error: Error | undefined): Readable {
  let at = 0;
  return new Readable({
    read() {
      if (at >= bytes.length) {
        // Later, as a network failure would come: not within the read call.
        setImmediate(() => this.destroy(error));
        return;
      }
      const piece = bytes.subarray(at, at + 16 * 1024);
      at += piece.length;
      this.push(piece);
    },
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function rawObject(name: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: name }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

/**
 * `pool`, counting the bytea bytes it sends to the database in INSERTs (`inserted`) and the Buffers it brings back in
 * rows (`fetched`), on its clients too.
 */
function measuredPool(pool: Pool): { pool: Pool; inserted: number; fetched: number } {
  const measured = { pool, inserted: 0, fetched: 0 };
  const measure = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object);
        if (property === 'connect') return async () => measure(await (object as unknown as Pool).connect());
        if (property !== 'query') return typeof value === 'function' ? value.bind(object) : value;
        return async (text: string, values?: unknown[]) => {
          const result = await (object as unknown as Pool).query(text, values);
          if (/^\s*INSERT/i.test(text)) {
            for (const v of values ?? []) if (Buffer.isBuffer(v)) measured.inserted += v.length;
          }
          for (const row of result.rows ?? []) {
            for (const v of Object.values(row)) if (Buffer.isBuffer(v)) measured.fetched += v.length;
          }
          return result;
        };
      },
    });
  measured.pool = measure(pool);
  return measured;
}

/** `pg_dump --data-only` of the whole database, as text. */
function pgDump(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const dump = spawn('pg_dump', ['--data-only', '--dbname', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    dump.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    dump.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    dump.on('error', reject);
    dump.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('latin1'));
      else reject(new Error(`pg_dump exited with ${code}: ${err}`));
    });
  });
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
