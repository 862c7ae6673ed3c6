/**
 * Documents' encryption at rest (spec §6), the one layer both document stores use: the AWS Encryption SDK's streaming
 * message format, AES-256-GCM with a committing key derivation (HKDF-SHA512) and no signature. Each document gets its
 * own data key, wrapped by the current key of DOCUMENT_ENCRYPTION_KEYS (a raw AES-256 keyring); the body is cut in
 * frames of FRAME_LENGTH bytes, each authenticated on its own, so that a download decrypts as it streams and never
 * releases a frame that does not authenticate. Keys rotate as PAYLOAD_ENCRYPTION_KEYS do: the first encrypts, all
 * decrypt (the message header names the key that wrapped its data key).
 *
 * The message also binds the document's object key (in its encryption context, authenticated with the header):
 * ciphertext moved under another object key does not decrypt.
 */
import { Duplex, Readable } from 'node:stream';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy, MultiKeyringNode } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import type { KeyRing } from './codec';

export { DEV_DOCUMENT_KEY_ID, documentKeyRingFrom } from './codec';

/** The keyrings' namespace (the provider id written beside each wrapped data key). */
export const DOCUMENT_KEY_NAMESPACE = 'resettlement-documents';
/** Plaintext bytes per frame: each frame is authenticated on its own before its bytes are released. */
export const FRAME_LENGTH = 64 * 1024;
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
/** The encryption context's entry naming the object key the message belongs to. */
const OBJECT_KEY_CONTEXT = 'resettlement-object-key';

/** Encrypts and decrypts documents as streams under one key ring. */
export interface DocumentCipher {
  /** The id of the key new documents are encrypted with (the ring's first). */
  readonly keyId: string;
  /**
   * A stream that takes a document's plaintext and gives its ciphertext (an Encryption SDK message), for the
   * document kept under `objectKey`.
   */
  encryptor(objectKey: string): Duplex;
  /**
   * The plaintext of `ciphertext`, the message stored under `objectKey`, as it decrypts. The stream errors with
   * DocumentDecryptionError when no key of the ring opens it, a frame does not authenticate, the message is cut
   * short or belongs to another object key; bytes of a frame are released only once that frame authenticated.
   * An error of `ciphertext` itself errors the stream as it is.
   */
  decrypt(objectKey: string, ciphertext: Readable): Readable;
}

/** The cipher for `keys`: one raw AES-256 keyring per key (keyName = the key id). */
export function documentCipherFor(keys: KeyRing): DocumentCipher {
  const keyringOf = (keyName: string, key: Buffer) =>
    new RawAesKeyringNode({
      keyName,
      keyNamespace: DOCUMENT_KEY_NAMESPACE,
      unencryptedMasterKey: new Uint8Array(key),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  const encryptKeyring = keyringOf(keys.currentKeyId, keys.keys.get(keys.currentKeyId)!);
  const decryptKeyring = new MultiKeyringNode({ children: [...keys.keys].map(([id, key]) => keyringOf(id, key)) });
  // Every message is written with one wrapped data key; refusing more bounds the work a crafted header can ask for.
  const { encryptStream } = buildEncrypt({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: 1 });
  const { decryptUnsignedMessageStream } = buildDecrypt({
    commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    maxEncryptedDataKeys: 1,
  });

  return {
    keyId: keys.currentKeyId,
    encryptor: (objectKey) =>
      new EncryptingStream(
        encryptStream(encryptKeyring, {
          suiteId: SUITE,
          frameLength: FRAME_LENGTH,
          encryptionContext: { [OBJECT_KEY_CONTEXT]: objectKey },
        }),
      ),
    decrypt(objectKey, ciphertext) {
      const decryptor = decryptUnsignedMessageStream(decryptKeyring);
      // Its inner streams may report an error again after it was destroyed: heard here, so never uncaught; the
      // reader learns of errors through the iteration below.
      decryptor.on('error', () => undefined);
      decryptor.once('MessageHeader', (header: { encryptionContext: Record<string, string> }) => {
        if (header.encryptionContext[OBJECT_KEY_CONTEXT] !== objectKey) {
          decryptor.destroy(new DocumentDecryptionError('the ciphertext belongs to another document'));
        }
      });
      // The source is destroyed with an error only by itself (a lost connection, a failed query): that error is
      // given as it is. When decryption fails or the reader stops, the source is destroyed without one.
      let sourceError: unknown;
      ciphertext.on('error', (err) => {
        sourceError ??= err;
        decryptor.destroy(err);
      });
      ciphertext.pipe(decryptor);
      async function* frames(): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of decryptor as AsyncIterable<Buffer>) yield chunk;
        } catch (err) {
          throw sourceError ?? decryptionError(err as Error);
        } finally {
          ciphertext.destroy();
        }
      }
      // Pulled as the reader reads: a frame is decrypted when asked for; destroying the result stops both streams.
      return Readable.from(frames(), { objectMode: false });
    },
  };
}

/**
 * The SDK's encryption stream, with a destroy that cannot crash the process. The SDK pipes its inner streams without
 * a callback (readable-stream's pipeline then throws "Premature close" as an uncaught exception when they are
 * destroyed before their end), so it is never destroyed: when this stream is destroyed early (the plaintext failed),
 * the SDK's is ended instead and its remaining output dropped; it finishes a message nobody keeps.
 */
class EncryptingStream extends Duplex {
  private innerDone = false;
  private innerEnded = false;
  private readonly forward = (chunk: Buffer) => {
    if (!this.push(chunk)) this.inner.pause();
  };

  constructor(private readonly inner: Duplex) {
    super();
    inner.on('data', this.forward);
    inner.once('end', () => {
      this.innerDone = true;
      this.push(null);
    });
    inner.on('error', (err: Error) => {
      this.innerDone = true;
      this.destroy(err);
    });
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.innerEnded = true;
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.innerDone) {
      this.inner.off('data', this.forward);
      this.inner.resume();
      if (!this.innerEnded) this.inner.end();
      this.innerEnded = true;
    }
    callback(error);
  }
}

/** A stored document that does not decrypt: why, in words, never its content. */
export class DocumentDecryptionError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`document not decrypted: ${reason}`, options);
    this.name = 'DocumentDecryptionError';
  }
}

/** The SDK's error as a reason in words (its messages name no content, only states such as a failed tag). */
function decryptionError(err: Error): DocumentDecryptionError {
  if (err instanceof DocumentDecryptionError) return err;
  const message = err.message ?? '';
  let reason = 'the ciphertext is damaged or incomplete';
  if (/unencryptedDataKey|unable to decrypt data key|No Encrypted Data Keys|Unable to decrypt/i.test(message)) {
    reason = 'no key of DOCUMENT_ENCRYPTION_KEYS opens its data key (wrapped by a key not in the ring, or its header was altered)';
  } else if (/authenticate|auth tag|Unsupported state/i.test(message)) {
    reason = 'a frame does not authenticate (the ciphertext was altered)';
  }
  return new DocumentDecryptionError(reason, { cause: err });
}
