/**
 * Payload encryption: AES-256-GCM, the key id in each payload's metadata, several keys accepted
 * so that keys rotate without losing old histories. Used by the client, the worker and the
 * codec endpoint the Temporal UI calls.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyRing {
  /** The key new payloads are encrypted with. */
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

/** A development key, derived from a fixed phrase, when PAYLOAD_ENCRYPTION_KEYS is unset. */
export const DEV_KEY_ID = 'dev-1';
const DEV_KEY = createHash('sha256').update('resettlement development payload key').digest();

/** Documents' development key (spec §6), when DOCUMENT_ENCRYPTION_KEYS is unset: not the payloads' one. */
export const DEV_DOCUMENT_KEY_ID = 'dev-documents-1';
const DEV_DOCUMENT_KEY = createHash('sha256').update('resettlement development document key').digest();

/** The key a ring holds when its variable is unset: an id and its 32 bytes. */
export interface DevelopmentKey {
  id: string;
  key: Buffer;
}

/**
 * Reads `id:base64key,id:base64key` (the first one encrypts; all decrypt). Each key is 32 bytes,
 * e.g. `openssl rand -base64 32`. Unset or empty: a ring of the one development key (the payloads' by default).
 * @param variableName the environment variable the text comes from, named in the errors
 * @throws Error naming `variableName` when an entry is not `id:base64key`, a key is not 32 bytes, or no key is named
 */
export function keyRingFrom(
  text: string | undefined,
  variableName = 'PAYLOAD_ENCRYPTION_KEYS',
  development: DevelopmentKey = { id: DEV_KEY_ID, key: DEV_KEY },
): KeyRing {
  if (!text) return { currentKeyId: development.id, keys: new Map([[development.id, development.key]]) };
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at < 1) throw new Error(`${variableName} entries are id:base64key, separated by commas`);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32) {
      throw new Error(`${variableName}: key ${entry.slice(0, at)} must be 32 bytes (base64 of openssl rand -base64 32)`);
    }
    keys.set(entry.slice(0, at), key);
  }
  const currentKeyId = [...keys.keys()][0];
  if (!currentKeyId) throw new Error(`${variableName} names no key`);
  return { currentKeyId, keys };
}

/**
 * The documents' key ring from DOCUMENT_ENCRYPTION_KEYS, in the same form as PAYLOAD_ENCRYPTION_KEYS (the first
 * encrypts, all decrypt); unset, the development key `dev-documents-1`.
 * @throws Error naming DOCUMENT_ENCRYPTION_KEYS when the text is malformed
 */
export function documentKeyRingFrom(text: string | undefined): KeyRing {
  return keyRingFrom(text, 'DOCUMENT_ENCRYPTION_KEYS', { id: DEV_DOCUMENT_KEY_ID, key: DEV_DOCUMENT_KEY });
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.ring.currentKeyId;
    const key = this.ring.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = Buffer.from(encodePayload(payload));
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(keyId) },
        data,
      };
    });
  }

  /**
   * Decrypts every encrypted payload (others pass as they are); throws PayloadDecryptionError, naming the key
   * id and why, for the first that cannot be decrypted.
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
    const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
    const key = this.ring.keys.get(keyId);
    if (!key) throw new PayloadDecryptionError(keyId, 'the key is not among the configured keys');
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(keyId, 'the ciphertext is too short');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(keyId, 'the ciphertext does not authenticate (tampered, or encrypted with another key)');
    }
    try {
      return decodePayload(plain);
    } catch {
      throw new PayloadDecryptionError(keyId, 'the decrypted bytes are not a Temporal payload');
    }
  }
}

/** A payload that cannot be decrypted: the key id it names and why, never its content. */
export class PayloadDecryptionError extends Error {
  constructor(
    readonly keyId: string,
    readonly reason: string,
  ) {
    super(`payload under key "${keyId}" not decrypted: ${reason}`);
    this.name = 'PayloadDecryptionError';
  }
}

// A payload is serialized with Temporal's own protobuf encoding, as Temporal's samples do.
function encodePayload(p: Payload): Uint8Array {
  return temporal.api.common.v1.Payload.encode(p).finish();
}

function decodePayload(plain: Buffer): Payload {
  return temporal.api.common.v1.Payload.decode(plain) as Payload;
}

/**
 * JSON typed by a person (the Temporal UI's "Send a Signal" and "Send an Update" dialogs) made readable by the SDK's
 * default payload converter, after decryption: `json/protobuf` (a choice the dialogs offer, which the converter
 * does not know) is read as the JSON it is, and JSON that does not parse becomes `null`. Without this, a Signal
 * carrying either fails its case's workflow task at every attempt, for good; with it, the case's handler receives a
 * value and rejects it in words (`rejectedSignals`). Encoding leaves payloads as they are.
 */
export class TypedJsonCodec implements PayloadCodec {
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map(readableJson);
  }
}

const JSON_PLAIN = 'json/plain';
const JSON_NULL = Buffer.from('null');

function readableJson(payload: Payload): Payload {
  const encoding = Buffer.from(payload.metadata?.encoding ?? []).toString();
  if (encoding !== JSON_PLAIN && encoding !== 'json/protobuf') return payload;
  const data = Buffer.from(payload.data ?? []);
  let parses = true;
  try {
    JSON.parse(data.toString('utf8'));
  } catch {
    parses = false;
  }
  if (encoding === JSON_PLAIN && parses) return payload;
  return { metadata: { encoding: Buffer.from(JSON_PLAIN) }, data: parses ? data : JSON_NULL };
}

/**
 * The client's and the worker's data converter: payloads encrypted (EncryptionCodec); on decoding, decrypted first,
 * then made readable (TypedJsonCodec: codecs decode in the reverse of their order).
 */
export function dataConverterFor(ring: KeyRing) {
  return { payloadCodecs: [new TypedJsonCodec(), new EncryptionCodec(ring)] };
}
