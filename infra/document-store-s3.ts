/**
 * Documents kept in an S3-compatible object store (DOCUMENT_STORE_URL=s3://bucket/prefix): one object per document,
 * named `<prefix>/<objectKey>` (the object key alone without a prefix), holding the encrypted message. Uploads stream
 * through `@aws-sdk/lib-storage`'s Upload (a multipart upload in parts of 5 MiB, two at a time, for a body whose
 * length is not known beforehand; one PutObject when it fits in one part); a source that fails aborts the multipart
 * upload, so no object and no parts are left.
 *
 * What it reads from the environment (the `env` given, process.env by default), besides what the AWS SDK reads itself:
 * - AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL: another S3-compatible server (MinIO, Ceph, a local server), addressed
 *   path-style (`http://host:port/bucket/key`); unset, AWS S3 itself, virtual-hosted style.
 * - AWS_REGION, else AWS_DEFAULT_REGION; with neither, `us-east-1` when an endpoint is set (what such servers expect),
 *   otherwise the SDK's own chain (the `region` of the profile in ~/.aws/config).
 * - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) when both are set; otherwise the SDK's default
 *   credential chain, from process.env: profiles (AWS_PROFILE), web identity, SSO, container and instance roles.
 * The SDK itself also reads AWS_REQUEST_CHECKSUM_CALCULATION, AWS_RESPONSE_CHECKSUM_VALIDATION, AWS_MAX_ATTEMPTS.
 *
 * Permissions: s3:PutObject (with the multipart actions), s3:GetObject, s3:DeleteObject, s3:AbortMultipartUpload, and
 * s3:ListBucket, without which S3 answers a missing object with AccessDenied instead of NoSuchKey (not "not found").
 */
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { DocumentCipher } from './document-encryption';
import { DocumentNotFoundError, type DocumentStore } from './document-store';

/** Where the S3 store keeps documents: a bucket and a prefix without leading or trailing slashes ('' for none). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** Bytes per uploaded part (S3's minimum for all parts but the last), and parts uploaded at once. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_AT_ONCE = 2;

/** The store in `location`, with a client configured from `env` (see the module's comment). */
export function s3DocumentStore(location: S3Location, cipher: DocumentCipher, env: NodeJS.ProcessEnv = process.env): DocumentStore {
  const { config, endpoint } = s3ClientConfigFrom(env);
  const client = new S3Client(config);
  const objectName = (objectKey: string) => (location.prefix ? `${location.prefix}/${objectKey}` : objectKey);
  const where = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;

  return {
    description: endpoint ? `${where} at ${endpoint}` : where,

    async put(objectKey, plaintext) {
      const body = new PassThrough();
      const upload = new Upload({
        client,
        params: { Bucket: location.bucket, Key: objectName(objectKey), Body: body },
        partSize: PART_BYTES,
        queueSize: PARTS_AT_ONCE,
        leavePartsOnError: false,
      });
      // A failed source destroys `body` with its error: the Upload stops reading, aborts the multipart upload and
      // rejects once that abort is answered. A failed upload destroys `body`, which stops the source. Either way
      // put() rejects, once both are over, with the error that came first.
      let first: { error: unknown } | undefined;
      const piped = pipeline(plaintext, cipher.encryptor(objectKey), body).catch((error) => {
        first ??= { error };
        throw error;
      });
      const uploaded = upload.done().catch((error) => {
        first ??= { error };
        body.destroy(error);
        throw error;
      });
      await Promise.allSettled([piped, uploaded]);
      if (first) throw first.error;
      return { keyId: cipher.keyId };
    },

    async get(objectKey) {
      let body: Readable;
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: objectName(objectKey) }));
        body = answer.Body as Readable;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') throw new DocumentNotFoundError(objectKey);
        throw err;
      }
      return cipher.decrypt(objectKey, body);
    },

    async delete(objectKey) {
      // S3 answers 204 for an object that is not there.
      await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: objectName(objectKey) }));
    },

    async ready() {
      await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
    },
  };
}

/**
 * The S3 client's configuration from `env`, and the endpoint named there (without credentials, for messages).
 * @throws Error naming the variable when AWS_ENDPOINT_URL(_S3) is not an http(s) URL
 */
export function s3ClientConfigFrom(env: NodeJS.ProcessEnv): { config: S3ClientConfig; endpoint: string | undefined } {
  const variable = env.AWS_ENDPOINT_URL_S3 ? 'AWS_ENDPOINT_URL_S3' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  const config: S3ClientConfig = {};
  let endpoint: string | undefined;
  if (variable && env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== 'true') {
    let url: URL;
    try {
      url = new URL(env[variable]!);
    } catch {
      throw new Error(`${variable} must be a URL such as http://127.0.0.1:9000`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${variable} must be http:// or https://`);
    config.endpoint = url.toString();
    // MinIO, Ceph and local servers answer at one host name: the bucket goes in the path.
    config.forcePathStyle = true;
    endpoint = `${url.protocol}//${url.host}`;
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined);
  if (region) config.region = region;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    };
  }
  return { config, endpoint };
}
