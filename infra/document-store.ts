/**
 * Where uploaded documents' bytes live (spec §6), encrypted at rest by infra/document-encryption.ts: in the
 * application database by default, or in an S3-compatible object store (DOCUMENT_STORE_URL=s3://bucket/prefix).
 * Both keep ciphertext only, under an object key the caller chooses.
 */
import type { Readable } from 'node:stream';
import type { Pool } from 'pg';
import type { KeyRing } from './codec';
import { documentStoreLocationFrom } from './config';
import { documentCipherFor } from './document-encryption';
import { postgresDocumentStore } from './document-store-postgres';
import { s3DocumentStore } from './document-store-s3';

export { DocumentDecryptionError } from './document-encryption';

/** Where uploaded documents' bytes live, encrypted at rest (spec §6). Object keys are opaque ids chosen by the caller (never personal data). */
export interface DocumentStore {
  /**
   * Encrypts `plaintext` as it streams and keeps it under `objectKey` (replacing what was there). Resolves once durably
   * stored with the id of the key that encrypted it. If `plaintext` errors or is destroyed, rejects (with its error)
   * and keeps nothing.
   */
  put(objectKey: string, plaintext: NodeJS.ReadableStream | Readable): Promise<{ keyId: string }>;
  /**
   * The plaintext, byte for byte, as a stream (decrypted as it streams; a frame that does not authenticate errors the
   * stream with DocumentDecryptionError, before any of its bytes are given). Rejects with DocumentNotFoundError when
   * absent.
   */
  get(objectKey: string): Promise<Readable>;
  /** Removes it; no error when absent. */
  delete(objectKey: string): Promise<void>;
  /** Resolves when the store answers (readiness); rejects otherwise. */
  ready(): Promise<void>;
  /** Where it keeps documents, in words without secrets, e.g. `PostgreSQL` or `s3://bucket/prefix`. */
  readonly description: string;
}

/** No document is stored under that object key. */
export class DocumentNotFoundError extends Error {
  constructor(readonly objectKey: string) {
    super(`no document is stored under ${objectKey}`);
    this.name = 'DocumentNotFoundError';
  }
}

/**
 * The store DOCUMENT_STORE_URL names: unset, `postgres:` or `postgresql:` → the application database on `pool`;
 * `s3://bucket[/prefix]` → that bucket, with the AWS_* variables of `env` (process.env by default; see
 * infra/document-store-s3.ts). Documents are encrypted with `keys` (the first encrypts, all decrypt).
 * @throws Error naming DOCUMENT_STORE_URL and what it accepts, for any other value
 */
export function documentStoreFrom(options: { url?: string; pool: Pool; keys: KeyRing; env?: NodeJS.ProcessEnv }): DocumentStore {
  const location = documentStoreLocationFrom(options.url);
  const cipher = documentCipherFor(options.keys);
  return location.kind === 'postgres'
    ? postgresDocumentStore(options.pool, cipher)
    : s3DocumentStore(location, cipher, options.env ?? process.env);
}
