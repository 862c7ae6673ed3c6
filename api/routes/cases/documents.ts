/**
 * Documents (spec §6): an upload stored encrypted and told to the case; the list; the file, byte for byte.
 *
 * An upload streams through one pass that recognizes its type from its first bytes, counts and hashes it, into the
 * document store, which encrypts as it writes: a 20 MB file is never held whole in memory. Bad input (400, 413,
 * 415) or a refusal by the case (409) keeps nothing. These routes live in their own Fastify scope, which takes
 * `multipart/form-data` and nothing else.
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { Static } from '@sinclair/typebox';
import { filetypeinfo } from 'magic-bytes.js';
import { DOCUMENT_TYPES, type DocumentType } from '../../../domain/case-types';
import { closedCaseMessage } from '../../../domain/closed';
import { words } from '../../../domain/words';
import { DOCUMENT_CONTENT_TYPES, documentUploadedUpdate, type DocumentContentType, type StoredDocument } from '../../../domain/documents';
import * as S from '../../../domain/schemas';
import { isText } from '../../../domain/formats';
import { DocumentDecryptionError, type DocumentStore } from '../../../infra/document-store';
import { safeError } from '../../../infra/safe-error';
import { requireRoles } from '../../auth';
import { caseFor, storedAnswer, type CaseRecordRow } from '../../case-store';
import { badRequest, conflict, HttpError, notFound } from '../../errors';
import { security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import { answerOnce, hashOf, idempotencyKey, keyReused, sameRequest, sendAnswer } from './idempotency';
import { MAY_STILL_APPLY, updateCase } from './workflow-calls';

/** Where documents are kept, and the largest accepted (DOCUMENT_MAX_BYTES, bytes). */
export interface DocumentDeps {
  store: DocumentStore;
  maxBytes: number;
}

/** Who may read a case's documents (spec §6); uploads are the sponsor's and ROC-O's. */
const READERS = ['sponsor', 'roc-o', 'migration-officer'] as const;
const UPLOADERS = ['sponsor', 'roc-o'] as const;

/** What a multipart request may carry besides its file: a few short fields, one of which counts. */
const MULTIPART_LIMITS = { fields: 5, fieldSize: 1024, fieldNameSize: 100, files: 1, parts: 8, headerPairs: 20 };
/** Room for the multipart framing and the fields around the file, when the declared length is checked first. */
const FRAMING_BYTES = 64 * 1024;
/** Enough of the file's start to recognize a PDF, a JPEG or a PNG. */
const SNIFF_BYTES = 16;

const TYPES_IN_WORDS = DOCUMENT_TYPES.join(', ');
const ACCEPTED = 'a PDF, JPEG or PNG file';

export async function documentRoutes(app: CaseApp, ctx: CaseContext, docs: DocumentDeps): Promise<void> {
  // Only multipart here; anything else, JSON included, is 415 in these words.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, _payload, done) => {
    const sent = request.headers['content-type'];
    done(
      new HttpError(
        415,
        'unsupported-media-type',
        `A document is sent as multipart/form-data with one file and a type field (this request sent ${sent ? sent.split(';')[0].trim().slice(0, 100) : 'no Content-Type'}).`,
      ),
      undefined,
    );
  });
  // busboy stops the file one byte past the limit; the upload's own count refuses it (413) and nothing is kept.
  await app.register(multipart, { limits: { ...MULTIPART_LIMITS, fileSize: docs.maxBytes + 1 }, throwFileSizeLimit: false });

  app.post(
    '/applications/:caseId/documents',
    {
      onRequest: requireRoles([...UPLOADERS]),
      schema: {
        summary: 'Upload a document: multipart/form-data with one file (PDF, JPEG or PNG) and a type field',
        description: `Roles: sponsor (own cases), roc-o. type: ${TYPES_IN_WORDS}. The file's type is read from its content, not its name; at most DOCUMENT_MAX_BYTES.`,
        tags: ['documents'],
        security,
        consumes: ['multipart/form-data'],
        params: S.CaseIdParams,
        response: { 201: S.DocumentView, ...S.errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503) },
      },
    },
    (request, reply) => uploadDocument(ctx, docs, request, reply),
  );

  app.get(
    '/applications/:caseId/documents',
    {
      onRequest: requireRoles([...READERS]),
      schema: {
        summary: 'The documents stored for the case, without their contents',
        tags: ['documents'],
        security,
        params: S.CaseIdParams,
        response: { 200: S.DocumentList, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    (request) => listDocuments(ctx, request),
  );

  app.get(
    '/applications/:caseId/documents/:documentId',
    {
      onRequest: requireRoles([...READERS]),
      schema: {
        summary: 'The document, byte for byte as uploaded, as an attachment',
        tags: ['documents'],
        security,
        params: S.DocumentParams,
        response: { 200: S.DocumentFile, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    (request, reply) => downloadDocument(ctx, docs, request, reply),
  );
}

type UploadRequest = CaseRequest<{ Params: Static<typeof S.CaseIdParams> }>;

/** The file received, stored (or, for an Idempotency-Key already answered, only read), and what it is. */
interface Upload extends StoredDocument {
  keyId: string | null;
}

/**
 * Stores the file and tells the case; 201 with the document. Once per Idempotency-Key (the same type, name and
 * bytes); the file of a request answered before, refused, or beaten by its twin is not kept.
 */
async function uploadDocument(ctx: CaseContext, docs: DocumentDeps, request: UploadRequest, reply: FastifyReply) {
  const record = await caseFor(ctx.pool, request.params.caseId, request.actor);
  // Rule 14, in the words the case itself uses; checked before the file is read, and again by the case.
  if (record.outcome) throw conflict(closedCaseMessage(record.outcome));
  const declared = Number(request.headers['content-length']);
  if (declared > docs.maxBytes + FRAMING_BYTES) throw tooLarge(docs.maxBytes);
  if (!request.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'A document is sent as multipart/form-data with one file and a type field.');

  const key = idempotencyKey(request);
  // With a key, the document's id comes from it: a request sent again after a 503 names the same document, which
  // the first attempt may have stored and the case may have taken.
  const documentId = key ? documentIdFor(record.caseId, key) : randomUUID();
  const answered = key ? await storedAnswer(ctx.pool, record.caseId, 'document', key) : undefined;
  const earlier = key && !answered ? await listedDocument(ctx, documentId) : undefined;
  const received = await receiveUpload(request, docs, documentId, { keep: !answered && !earlier });
  const identity = uploadIdentity(request, received);
  if (answered) return sendAnswer(reply, sameRequest(answered, identity));
  if (earlier && uploadIdentity(request, earlier) !== identity) throw keyReused();
  const upload = earlier ?? received;

  let answer;
  try {
    answer = await answerOnce(ctx.pool, request, record.caseId, 'document', () => recordUpload(ctx, record, upload, request), identity);
  } catch (err) {
    // A case that may have taken the document keeps it: the person reads the case before sending it again.
    if (!(err instanceof HttpError && err.message === MAY_STILL_APPLY)) await discard(ctx, docs, upload, request);
    throw err;
  }
  const ours = answer.statusCode === 201 && (answer.body as { documentId?: string }).documentId === upload.documentId;
  if (!ours) await discard(ctx, docs, upload, request);
  if (ours) request.audit.documentId = upload.documentId;
  return sendAnswer(reply, answer);
}

/** The document listed for the case, then told to the case, which may refuse it (409). */
async function recordUpload(ctx: CaseContext, record: CaseRecordRow, upload: Upload, request: FastifyRequest) {
  const { caseId } = record;
  await ctx.pool.query(
    `INSERT INTO documents (document_id, case_id, type, file_name, content_type, bytes, sha256, key_id, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (document_id) DO NOTHING`,
    [upload.documentId, caseId, upload.type, upload.fileName, upload.contentType, upload.bytes, upload.sha256, upload.keyId, upload.uploadedAt],
  );
  const { documentId, type, fileName, contentType, bytes, sha256, uploadedAt } = upload;
  const document: StoredDocument = { documentId, type, fileName, contentType, bytes, sha256, uploadedAt };
  await updateCase(ctx, record, (handle) =>
    handle.executeUpdate(documentUploadedUpdate, { args: [{ document, by: request.actor.role }], updateId: `document:${upload.documentId}` }),
  );
  return { statusCode: 201, body: document };
}

/** A request's identity for its Idempotency-Key: the case, and the file's type, name and checksum. */
function uploadIdentity(request: FastifyRequest, upload: Pick<Upload, 'type' | 'fileName' | 'sha256'>): string {
  return hashOf({ params: request.params, type: upload.type, fileName: upload.fileName, sha256: upload.sha256 });
}

/**
 * The id of the document an Idempotency-Key uploads to a case: a UUID (version 8, RFC 9562) from the SHA-256 of the
 * case and the caller's key, so that every attempt of one request names one document.
 */
export function documentIdFor(caseId: string, key: string): string {
  const bytes = createHash('sha256').update(`${caseId}\n${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A row of `documents` as the API shows a document (the 201's shape). */
function documentOf(r: {
  document_id: string;
  type: StoredDocument['type'];
  file_name: string;
  content_type: StoredDocument['contentType'];
  bytes: string | number;
  sha256: string;
  uploaded_at: Date;
}): StoredDocument {
  return {
    documentId: r.document_id,
    type: r.type,
    fileName: r.file_name,
    contentType: r.content_type,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    uploadedAt: r.uploaded_at.toISOString(),
  };
}

/** The document listed under this id, stored by an earlier attempt of the same request. */
async function listedDocument(ctx: CaseContext, documentId: string): Promise<Upload | undefined> {
  const { rows } = await ctx.pool.query(
    'SELECT type, file_name, content_type, bytes, sha256, key_id, uploaded_at FROM documents WHERE document_id = $1',
    [documentId],
  );
  const r = rows[0];
  return r && { ...documentOf({ ...r, document_id: documentId }), keyId: r.key_id };
}

/** Removes a file that is not to be kept, and its listing; a failure is logged, never the answer's. */
async function discard(ctx: CaseContext, docs: DocumentDeps, upload: Upload, request: FastifyRequest): Promise<void> {
  if (upload.keyId === null) return;
  try {
    await ctx.pool.query('DELETE FROM documents WHERE document_id = $1', [upload.documentId]);
    await docs.store.delete(upload.documentId);
  } catch (err) {
    request.log.error({ err: safeError(err), documentId: upload.documentId }, 'document not kept, but not removed');
  }
}

/**
 * Reads the multipart body: one file and a `type` field, in either order. The file streams into the store
 * (`keep`) or only through the count and the hash. Throws 400, 413 or 415 in words, having kept nothing.
 */
async function receiveUpload(request: FastifyRequest, docs: DocumentDeps, documentId: string, { keep }: { keep: boolean }): Promise<Upload> {
  let type: DocumentType | undefined;
  let file: Omit<Upload, 'type'> | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'type') throw badRequest('body.type must be a text field (curl -F type=IMM0008), not a file.');
      if (part.type === 'file') file = await receiveFile(part, documentId, docs, keep);
      else type = typeField(part, type);
    }
  } catch (err) {
    if (file?.keyId) await docs.store.delete(documentId).catch(() => undefined);
    // The store's own failure is no fault of the request: 503 when it cannot be reached, logged otherwise.
    if (err instanceof StoreFailure) throw concurrentTwin(err.cause) ?? err.cause;
    // A client that left mid-upload (or went silent past the connection timeout) hears nothing; the audit keeps why.
    if (request.raw.aborted || request.raw.destroyed) throw cutShort();
    throw multipartError(err, docs.maxBytes);
  }
  const refusal = !file
    ? badRequest(`body.file is missing: send ${ACCEPTED} and a type field.`)
    : type === undefined
      ? badRequest(`body.type is missing: one of ${TYPES_IN_WORDS}.`)
      : null;
  if (refusal) {
    if (file?.keyId) await docs.store.delete(documentId);
    throw refusal;
  }
  return { ...file!, type: type! };
}

/** The `type` field, checked; any other field is unknown (400). */
function typeField(part: MultipartValue, already: DocumentType | undefined): DocumentType {
  if (part.fieldname === 'file') {
    throw badRequest('body.file must be sent as a file, with its name (curl -F file=@scan.pdf), not as text.');
  }
  if (part.fieldname !== 'type') {
    throw badRequest(`body has an unknown field "${part.fieldname.slice(0, 100)}": send one file and a type field.`);
  }
  if (already !== undefined) throw badRequest('body.type is given more than once.');
  const value = typeof part.value === 'string' ? part.value.trim() : '';
  if (!(DOCUMENT_TYPES as readonly string[]).includes(value)) throw badRequest(`body.type must be one of: ${TYPES_IN_WORDS}.`);
  return value as DocumentType;
}

/** The file part: its name checked, its bytes recognized, counted, hashed and (kept) stored. */
async function receiveFile(part: MultipartFile, documentId: string, docs: DocumentDeps, keep: boolean): Promise<Omit<Upload, 'type'>> {
  const fileName = uploadedFileName(part.filename);
  const inspector = new UploadInspector(docs.maxBytes);
  let keyId: string | null = null;
  if (keep) {
    // The file's own fault (its type, its size, a request cut short) reaches the store through the inspector, which
    // then keeps nothing; that fault is the one to answer, the store's only when the file was fine.
    const [stored, fed] = await Promise.allSettled([docs.store.put(documentId, inspector), pipeline(part.file, inspector)]);
    if (fed.status === 'rejected') {
      if (stored.status === 'fulfilled') await docs.store.delete(documentId);
      throw fed.reason;
    }
    if (stored.status === 'rejected') throw new StoreFailure(stored.reason);
    keyId = stored.value.keyId;
  } else {
    await pipeline(part.file, inspector, new Writable({ write: (_chunk, _enc, done) => done() }));
  }
  return {
    documentId,
    fileName,
    contentType: inspector.contentType!,
    bytes: inspector.bytes,
    sha256: inspector.sha256(),
    uploadedAt: new Date().toISOString(),
    keyId,
  };
}

/** The document store failed while the file was fine. */
class StoreFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the document store failed');
  }
}

/** The name the file was sent under, without any folder; free text as everywhere (spec §4). */
function uploadedFileName(sent: string | undefined): string {
  const name = (sent ?? '').split(/[\\/]/).pop()!.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
  if (!name) throw badRequest('body.file has no file name: send the file with its name (e.g. curl -F file=@scan.pdf).');
  // busboy writes bytes that are not UTF-8 (or a lone surrogate percent-encoded) as U+FFFD: the name as sent is lost.
  if (name.includes('\ufffd')) throw badRequest("body.file's name is not valid UTF-8: send it in UTF-8.");
  if (!isText(name)) throw badRequest("body.file's name must not contain control characters, invisible characters or unpaired surrogates.");
  if (Array.from(name).length > 200) throw badRequest("body.file's name must be at most 200 characters long.");
  return name;
}

/**
 * Passes a file through as it streams: recognizes its type from its first bytes (415 unless PDF, JPEG or PNG),
 * counts its bytes (413 past the limit; 400 when there are none) and hashes them (SHA-256).
 */
class UploadInspector extends Transform {
  bytes = 0;
  contentType: DocumentContentType | undefined;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  /** The file's last TAIL_BYTES, where each accepted type says it ends. */
  private tail = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    this.tail = Buffer.concat([this.tail, chunk.subarray(-TAIL_BYTES)]).subarray(-TAIL_BYTES);
    if (this.contentType) return done(null, chunk);
    this.head.push(chunk);
    if (this.bytes < SNIFF_BYTES) return done();
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes === 0) return done(badRequest(`body.file is empty: send ${ACCEPTED}.`));
    if (!this.contentType) {
      this.release((err, head) => (err ? done(err) : (this.push(head), this.checkEnd(done))));
      return;
    }
    this.checkEnd(done);
  }

  /** A file that begins as its type but does not end as one (a header and nothing, or something else after it). */
  private checkEnd(done: TransformCallback): void {
    if (endsAsItsType(this.contentType!, this.tail)) return done();
    done(new HttpError(415, 'unsupported-media-type', `body.file begins as ${this.contentType} but does not end as one: it is not a whole ${describe(this.contentType!)} file.`));
  }

  private release(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.contentType = recognizedType(head);
    if (!this.contentType) {
      return done(new HttpError(415, 'unsupported-media-type', `body.file is not ${ACCEPTED}: its content was read, not its name.`));
    }
    done(null, head);
  }
}

/** How far from its end a file's end marker is looked for: PDFs and JPEGs may carry a few trailing bytes. */
const TAIL_BYTES = 1024;

/** Whether a file's last bytes hold its type's end marker: `%%EOF` (PDF), EOI `FF D9` (JPEG), the `IEND` chunk (PNG). */
function endsAsItsType(type: DocumentContentType, tail: Buffer): boolean {
  switch (type) {
    case 'application/pdf':
      return tail.includes('%%EOF');
    case 'image/jpeg':
      return tail.includes(JPEG_END);
    case 'image/png':
      return tail.includes('IEND');
  }
}

const JPEG_END = Buffer.from([0xff, 0xd9]);

const describe = (type: DocumentContentType) => ({ 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' })[type];

/** The accepted type the bytes begin as, or undefined. */
function recognizedType(head: Buffer): DocumentContentType | undefined {
  for (const { typename } of filetypeinfo(head)) {
    const type = DOCUMENT_CONTENT_TYPES[typename as keyof typeof DOCUMENT_CONTENT_TYPES];
    if (type) return type;
  }
  return undefined;
}

/** Two attempts of one upload (one Idempotency-Key) stored at the same moment: the second hears so. */
function concurrentTwin(err: unknown): HttpError | undefined {
  if ((err as { code?: string }).code !== '23505') return undefined;
  return conflict(
    words(
      'This upload (its Idempotency-Key) is being received by another request; read the documents before sending it again.',
      "Ce téléversement (sa clé d'idempotence, Idempotency-Key) est en cours de réception par une autre requête ; consultez les documents avant de l'envoyer de nouveau.",
    ),
  );
}

const cutShort = () => badRequest('The request was cut short before its file arrived whole; nothing was kept.');

const tooLarge = (max: number) =>
  new HttpError(413, 'payload-too-large', `The file is larger than the ${megabytes(max)} a document may be (DOCUMENT_MAX_BYTES).`);

function megabytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

/** @fastify/multipart's and busboy's failures, as the person should read them. */
function multipartError(err: unknown, maxBytes: number): unknown {
  if (err instanceof HttpError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return badRequest(`body has more than one file: send ${ACCEPTED} per request.`);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return badRequest('body has too many fields: send one file and a type field.');
    case 'FST_PROTO_VIOLATION':
      return badRequest('body has a forbidden field name.');
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_MP_PREMATURE_CLOSE':
      return cutShort();
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpError(415, 'unsupported-media-type', 'A document is sent as multipart/form-data with one file and a type field.');
  }
  // busboy's own: a malformed body (no boundary, a part cut short, a bad header).
  if (err instanceof Error && !(err as { statusCode?: number }).statusCode && !code?.startsWith('ECONN')) {
    return badRequest('The body is not valid multipart/form-data.');
  }
  return err;
}

type DocumentRequest = CaseRequest<{ Params: Static<typeof S.DocumentParams> }>;

/** The case's documents, oldest first, each with whether GCMS lists it. */
async function listDocuments(ctx: CaseContext, request: UploadRequest) {
  const record = await caseFor(ctx.pool, request.params.caseId, request.actor);
  const { rows } = await ctx.pool.query(
    `SELECT d.document_id, d.type, d.file_name, d.content_type, d.bytes, d.sha256, d.uploaded_at, g.id IS NOT NULL AS in_gcms
     FROM documents d LEFT JOIN gcms_documents g ON g.case_id = d.case_id AND g.document_id = d.document_id
     WHERE d.case_id = $1 ORDER BY d.uploaded_at, d.document_id`,
    [record.caseId],
  );
  return rows.map((r) => ({ ...documentOf(r), inGcmsRecord: r.in_gcms }));
}

/** The file as uploaded, streamed and decrypted as it goes, as an attachment. */
async function downloadDocument(ctx: CaseContext, docs: DocumentDeps, request: DocumentRequest, reply: FastifyReply) {
  const record = await caseFor(ctx.pool, request.params.caseId, request.actor);
  const { rows } = await ctx.pool.query(
    'SELECT file_name, content_type, bytes FROM documents WHERE case_id = $1 AND document_id = $2',
    [record.caseId, request.params.documentId],
  );
  const found = rows[0];
  if (!found) throw notFound('No such document on this case.');
  request.audit.documentId = request.params.documentId;
  let content: Readable;
  try {
    content = await readable(await docs.store.get(request.params.documentId));
  } catch (err) {
    if (!(err instanceof DocumentDecryptionError)) throw err;
    // Ops' to mend (a key removed too soon, a stored file altered): said in words, logged without content.
    request.log.error({ err: { message: err.message }, documentId: request.params.documentId }, 'document not decrypted');
    throw new HttpError(500, 'document-unreadable', 'The document cannot be decrypted with the keys configured (DOCUMENT_ENCRYPTION_KEYS), or it was altered; this has been logged for ops.');
  }
  return reply
    .header('content-type', found.content_type)
    .header('content-length', String(found.bytes))
    .header('content-disposition', attachment(withExtensionOf(found.file_name, found.content_type)))
    .header('cache-control', 'no-store')
    .send(content);
}

/** The stream once its first bytes are decrypted, so that a key not configured is an error before any header. */
async function readable(stream: Readable): Promise<Readable> {
  await Promise.race([once(stream, 'readable'), once(stream, 'end')]);
  return stream;
}

const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
};

/** The name a download is saved under ends as its content is: `notes.html` that is a PDF is saved as `notes.html.pdf`. */
function withExtensionOf(fileName: string, contentType: string): string {
  const extensions = EXTENSIONS[contentType] ?? [];
  return extensions.some((e) => fileName.toLowerCase().endsWith(e)) ? fileName : `${fileName}${extensions[0] ?? ''}`;
}

/** `Content-Disposition: attachment` with the file's name, ASCII fallback and RFC 5987 UTF-8 form. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
