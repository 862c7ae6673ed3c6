/**
 * Documents kept in the application database (DOCUMENT_STORE_URL unset or `postgres:`): the encrypted message in
 * chunks of about CHUNK_BYTES in `document_blobs` (migration 1764000000008), written in one transaction and read
 * back one chunk at a time, as the reader asks, so that a document is never held whole in memory.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import type { DocumentCipher } from './document-encryption';
import { DocumentNotFoundError, type DocumentStore } from './document-store';

/** Ciphertext bytes per row (a chunk holds at least this much, and at most one encrypted frame more). */
export const CHUNK_BYTES = 256 * 1024;

/** The store on `pool`'s database; its table is created by the migrations. */
export function postgresDocumentStore(pool: Pool, cipher: DocumentCipher): DocumentStore {
  return {
    description: 'PostgreSQL',

    async put(objectKey, plaintext) {
      // pipeline listens to `plaintext` at once: an error it emits while the transaction opens is not lost.
      await pipeline(plaintext, cipher.encryptor(objectKey), new ChunkWriter(pool, objectKey));
      return { keyId: cipher.keyId };
    },

    async get(objectKey) {
      const { rows } = await pool.query<{ chunks: number }>(
        'SELECT count(*)::int AS chunks FROM document_blobs WHERE object_key = $1',
        [objectKey],
      );
      const chunks = rows[0].chunks;
      if (!chunks) throw new DocumentNotFoundError(objectKey);
      let seq = 0;
      const ciphertext = new Readable({
        // Called again only once the previous chunk was pushed and read: one chunk in flight at a time.
        read() {
          if (seq === chunks) {
            this.push(null);
            return;
          }
          const at = seq++;
          pool.query<{ data: Buffer }>('SELECT data FROM document_blobs WHERE object_key = $1 AND seq = $2', [objectKey, at]).then(
            (result) => {
              if (result.rows.length) this.push(result.rows[0].data);
              else this.destroy(new Error('the document was removed while it was being read'));
            },
            (err) => this.destroy(err),
          );
        },
      });
      // A document replaced while it is read mixes two messages' chunks: the next frame fails to authenticate.
      return cipher.decrypt(objectKey, ciphertext);
    },

    async delete(objectKey) {
      await pool.query('DELETE FROM document_blobs WHERE object_key = $1', [objectKey]);
    },

    async ready() {
      await pool.query('SELECT 1 FROM document_blobs LIMIT 1');
    },
  };
}

/**
 * Writes ciphertext as rows of one document, inside one transaction on one client: BEGIN when constructed (a
 * document stored again under the same key replaces the old one), COMMIT when the ciphertext ends; destroyed
 * before that (the plaintext failed, a query failed), ROLLBACK, and nothing of it is kept.
 */
class ChunkWriter extends Writable {
  private client: PoolClient | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private committed = false;

  constructor(
    private readonly pool: Pool,
    private readonly objectKey: string,
  ) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    (async () => {
      this.client = await this.pool.connect();
      await this.client.query('BEGIN');
      await this.client.query('DELETE FROM document_blobs WHERE object_key = $1', [this.objectKey]);
    })().then(() => callback(), callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < CHUNK_BYTES) {
      callback();
      return;
    }
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      if (this.pendingBytes) await this.flush();
      await this.client!.query('COMMIT');
      this.committed = true;
    })().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const client = this.client;
    this.client = undefined;
    this.pending = [];
    if (!client) {
      callback(error);
      return;
    }
    if (this.committed) {
      client.release();
      callback(error);
      return;
    }
    client.query('ROLLBACK').then(
      () => {
        client.release();
        callback(error);
      },
      (rollbackError: Error) => {
        // A client whose ROLLBACK failed has lost its connection: dropped from the pool, not reused.
        client.release(rollbackError);
        callback(error ?? rollbackError);
      },
    );
  }

  private async flush(): Promise<void> {
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.client!.query('INSERT INTO document_blobs (object_key, seq, data) VALUES ($1, $2, $3)', [
      this.objectKey,
      this.seq++,
      data,
    ]);
  }
}
