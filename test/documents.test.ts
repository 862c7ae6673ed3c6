/**
 * Spec §6: documents uploaded, kept encrypted, listed, read back byte for byte by those who may; bad uploads keep
 * nothing; a complete package is filed in GCMS once digitized, on paper it waits at roc-o-intake for ROC-O's scans.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { Pool } from 'pg';
import { connect, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { call, startStack, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { COMPLETE_PACKAGE } from './support/fixtures';
import { expectOk, openGar, openPsr, tokens, type Journey } from './support/journey';
import { download, ELF_EXECUTABLE, postDocument, SAMPLE_JPEG, SAMPLE_PNG, samplePdf, upload } from './support/documents';
import { eventuallyPasses } from './support/wait';
import { documentStoreFrom } from '../infra/document-store';
import { documentKeyRingFrom } from '../infra/document-encryption';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const documentsOf = async (j: Journey, token = tokens.rocO) =>
  call(stack.app, 'GET', `/applications/${j.caseId}/documents`, { token });
const storedCount = async (caseId: string) =>
  Number((await stack.pool.query('SELECT count(*) FROM documents WHERE case_id = $1', [caseId])).rows[0].count);
const gcmsDocuments = async (caseId: string) =>
  (
    await stack.pool.query(
      'SELECT type, file_name, document_id, sha256, digitized_at IS NOT NULL AS digitized FROM gcms_documents WHERE case_id = $1 ORDER BY id',
      [caseId],
    )
  ).rows;

async function approvedPsr(): Promise<Journey> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  return j;
}

test('an upload is answered 201 with its checksum, listed, and read back byte for byte by an officer abroad', async () => {
  const j = await approvedPsr();
  const content = samplePdf('Formulaire IMM 0008 — Abdelrahman');
  const answer = await postDocument(stack.app, j.caseId, tokens.sponsor, [
    { name: 'type', value: 'IMM0008' },
    { name: 'file', fileName: 'C:\\fakepath\\imm0008 signed.pdf', content, contentType: 'application/octet-stream' },
  ]);
  expect(answer.status).toBe(201);
  expect(answer.body).toEqual({
    documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    type: 'IMM0008',
    fileName: 'imm0008 signed.pdf',
    contentType: 'application/pdf',
    bytes: content.length,
    sha256: sha256(content),
    uploadedAt: expect.any(String),
  });
  const listed = await documentsOf(j, tokens.officer);
  expect(listed.status).toBe(200);
  expect(listed.body).toEqual([{ ...answer.body, inGcmsRecord: false }]);

  const read = await download(stack.app, j.caseId, answer.body.documentId, tokens.officer);
  expect(read.status).toBe(200);
  expect(sha256(read.bytes)).toBe(sha256(content));
  expect(read.headers['content-type']).toBe('application/pdf');
  expect(read.headers['content-disposition']).toBe(`attachment; filename="imm0008 signed.pdf"; filename*=UTF-8''imm0008%20signed.pdf`);

  // An id is written as the upload answered it.
  const upper = await download(stack.app, j.caseId, answer.body.documentId.toUpperCase(), tokens.officer);
  expect([upper.status, upper.body.message]).toEqual([400, expect.stringMatching(/^params\.documentId must be a document id as its upload answered it/)]);

  const png = await upload(stack.app, j.caseId, tokens.rocO, 'other', { fileName: 'photo.png', content: SAMPLE_PNG });
  // Saved under a name that ends as its content is: a PDF named .html is not opened as a web page.
  const disguised = await upload(stack.app, j.caseId, tokens.rocO, 'other', { fileName: 'notes.html' });
  expect(disguised.fileName).toBe('notes.html');
  expect((await download(stack.app, j.caseId, disguised.documentId, tokens.rocO)).headers['content-disposition']).toBe(
    `attachment; filename="notes.html.pdf"; filename*=UTF-8''notes.html.pdf`,
  );
  expect(png).toMatchObject({ contentType: 'image/png', bytes: SAMPLE_PNG.length });
  const jpeg = await upload(stack.app, j.caseId, tokens.sponsor, 'other', { fileName: 'passport.jpg', content: SAMPLE_JPEG });
  expect(jpeg.contentType).toBe('image/jpeg');
  expect(sha256((await download(stack.app, j.caseId, jpeg.documentId, tokens.sponsor)).bytes)).toBe(sha256(SAMPLE_JPEG));
});

test('who may: the sponsor of the case, ROC-O and officers abroad read; MIDI and ops 403; another group 404; officers do not upload', async () => {
  const j = await approvedPsr();
  const doc = await upload(stack.app, j.caseId, tokens.sponsor, 'IMM0008');
  const file = [{ name: 'type', value: 'other' }, { name: 'file', fileName: 'a.pdf', content: samplePdf() }];
  for (const [who, token, status] of [
    ['midi', tokens.midi, 403],
    ['ops', tokens.ops, 403],
    ['other sponsor', tokens.otherSponsor, 404],
  ] as const) {
    const list = await documentsOf(j, token);
    const read = await download(stack.app, j.caseId, doc.documentId, token);
    const sent = await postDocument(stack.app, j.caseId, token, file);
    expect([who, list.status, read.status, sent.status]).toEqual([who, status, status, status]);
    expect(read.bytes.includes(Buffer.from('IMM0008 form'))).toBe(false);
  }
  expect((await documentsOf(j, tokens.midi)).body.message).toBe('This action is for: sponsor, roc-o, migration-officer.');
  expect((await download(stack.app, j.caseId, doc.documentId, tokens.otherSponsor)).body).toEqual({ error: 'not-found', message: 'No such case.' });
  const byOfficer = await postDocument(stack.app, j.caseId, tokens.officer, file);
  expect(byOfficer.status).toBe(403);
  for (const token of [tokens.sponsor, tokens.rocO, tokens.officer]) {
    expect((await download(stack.app, j.caseId, doc.documentId, token)).status).toBe(200);
  }
  // A document of another case, named under this one, is not found.
  const other = await approvedPsr();
  const elsewhere = await upload(stack.app, other.caseId, tokens.rocO, 'IMM0008');
  const crossed = await download(stack.app, j.caseId, elsewhere.documentId, tokens.rocO);
  expect([crossed.status, crossed.body.message]).toEqual([404, 'No such document on this case.']);
  expect(await storedCount(j.caseId)).toBe(1);
});

test('every upload and download is audited with the document, refused attempts with their reason', async () => {
  const j = await approvedPsr();
  const doc = await upload(stack.app, j.caseId, tokens.sponsor, 'IMM0008');
  await download(stack.app, j.caseId, doc.documentId, tokens.officer);
  await download(stack.app, j.caseId, doc.documentId, tokens.midi);
  const audit = (await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops })).body;
  const documentEntries = audit
    .filter((e: { action: string }) => e.action.includes('/documents'))
    .map((e: { action: string; role: string; status: number; documentId?: string; reason: string | null }) => [e.action, e.role, e.status, e.documentId ?? null, e.reason]);
  expect(documentEntries).toEqual([
    ['POST /applications/:caseId/documents', 'sponsor', 201, doc.documentId, null],
    ['GET /applications/:caseId/documents/:documentId', 'migration-officer', 200, doc.documentId, null],
    ['GET /applications/:caseId/documents/:documentId', 'midi', 403, null, 'This action is for: sponsor, roc-o, migration-officer.'],
  ]);
});

test('bad uploads answer 400, 413 or 415 in words and store nothing', async () => {
  const j = await approvedPsr();
  const small = await appBeside(stack, {
    documents: { store: documentStoreFrom({ pool: stack.pool, keys: documentKeyRingFrom(undefined) }), maxBytes: 64 * 1024 },
  });
  const pdf = samplePdf();
  const cases: Array<[string, Parameters<typeof postDocument>[3], number, RegExp]> = [
    ['renamed executable', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'imm0008.pdf', content: ELF_EXECUTABLE, contentType: 'application/pdf' }], 415, /not a PDF, JPEG or PNG file: its content was read, not its name/],
    ['text file', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'x.pdf', content: Buffer.from('hello, this is not a pdf at all') }], 415, /not a PDF, JPEG or PNG/],
    ['empty file', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'empty.pdf', content: Buffer.alloc(0) }], 400, /^body\.file is empty/],
    ['over the limit', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'big.pdf', content: Buffer.concat([pdf, randomBytes(80 * 1024)]) }], 413, /larger than the 65536 bytes a document may be \(DOCUMENT_MAX_BYTES\)/],
    ['no type', [{ name: 'file', fileName: 'a.pdf', content: pdf }], 400, /^body\.type is missing: one of IMM0008, IMM0008-ScheduleA, IMM0008-Schedule2, sponsorship-undertaking, other\.$/],
    ['type after the file, unknown', [{ name: 'file', fileName: 'a.pdf', content: pdf }, { name: 'type', value: 'passport' }], 400, /^body\.type must be one of: IMM0008/],
    ['no file', [{ name: 'type', value: 'IMM0008' }], 400, /^body\.file is missing/],
    ['two files', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a.pdf', content: pdf }, { name: 'file2', fileName: 'b.pdf', content: pdf }], 400, /more than one file/],
    ['unknown field', [{ name: 'type', value: 'IMM0008' }, { name: 'note', value: 'hi' }, { name: 'file', fileName: 'a.pdf', content: pdf }], 400, /unknown field "note"/],
    ['type twice', [{ name: 'type', value: 'IMM0008' }, { name: 'type', value: 'other' }, { name: 'file', fileName: 'a.pdf', content: pdf }], 400, /given more than once/],
    ['control character in the name', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a\u0007.pdf', content: pdf }], 400, /name must not contain control characters/],
    ['a PDF header and nothing else', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a.pdf', content: Buffer.from('%PDF') }], 415, /^body\.file begins as application\/pdf but does not end as one: it is not a whole PDF file\.$/],
    ['a PDF header, then anything', [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a.pdf', content: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5000)]) }], 415, /not a whole PDF file/],
    ['a JPEG header alone', [{ name: 'type', value: 'other' }, { name: 'file', fileName: 'a.jpg', content: SAMPLE_JPEG.subarray(0, 20) }], 415, /not a whole JPEG file/],
    ['a PNG signature alone', [{ name: 'type', value: 'other' }, { name: 'file', fileName: 'a.png', content: SAMPLE_PNG.subarray(0, 8) }], 415, /not a whole PNG file/],
    ['the file sent as text', [{ name: 'type', value: 'IMM0008' }, { name: 'file', value: '%PDF-1.4 hello' }], 400, /^body\.file must be sent as a file, with its name/],
    ['the type sent as a file', [{ name: 'type', fileName: 't.txt', content: Buffer.from('IMM0008') }, { name: 'file', fileName: 'a.pdf', content: pdf }], 400, /^body\.type must be a text field/],
  ];
  for (const [what, parts, status, message] of cases) {
    const answer = await postDocument(small, j.caseId, tokens.sponsor, parts);
    expect([what, answer.status, answer.body?.message]).toEqual([what, status, expect.stringMatching(message)]);
  }
  // JSON, text, and a multipart body cut short.
  const json = await call(small, 'POST', `/applications/${j.caseId}/documents`, { token: tokens.sponsor, body: { type: 'IMM0008' } });
  expect([json.status, json.body.message]).toEqual([415, expect.stringMatching(/multipart\/form-data with one file and a type field \(this request sent application\/json\)/)]);
  const cut = await small.inject({
    method: 'POST',
    url: `/applications/${j.caseId}/documents`,
    headers: { authorization: `Bearer ${tokens.sponsor}`, 'content-type': 'multipart/form-data; boundary=xyz' },
    payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut',
  });
  expect([cut.statusCode, cut.json().message]).toEqual([400, 'The body is not valid multipart/form-data.']);
  // A name that is not UTF-8 (a Latin-1 é), which would be kept as U+FFFD.
  const latin1 = await small.inject({
    method: 'POST',
    url: `/applications/${j.caseId}/documents`,
    headers: { authorization: `Bearer ${tokens.sponsor}`, 'content-type': 'multipart/form-data; boundary=xyz' },
    payload: Buffer.concat([
      Buffer.from('--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nIMM0008\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="caf'),
      Buffer.from([0xe9]),
      Buffer.from('.pdf"\r\nContent-Type: application/pdf\r\n\r\n'),
      pdf,
      Buffer.from('\r\n--xyz--\r\n'),
    ]),
  });
  expect([latin1.statusCode, latin1.json().message]).toEqual([400, "body.file's name is not valid UTF-8: send it in UTF-8."]);

  expect(await storedCount(j.caseId)).toBe(0);
  const blobs = await stack.pool.query('SELECT count(DISTINCT object_key) FROM document_blobs WHERE object_key NOT IN (SELECT document_id::text FROM documents)');
  expect(Number(blobs.rows[0].count)).toBe(0);
  expect((await j.read()).body.stage).toBe('awaiting-pr-application');
});

test('a client that leaves mid-upload keeps nothing, and the audit says the request was cut short', async () => {
  const j = await approvedPsr();
  const listening = await appBeside(stack);
  await listening.listen({ host: '127.0.0.1', port: 0 });
  const { port } = listening.server.address() as AddressInfo;
  const body = Buffer.concat([
    Buffer.from('--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nIMM0008\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'),
    samplePdf(),
  ]);
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    `POST /applications/${j.caseId}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens.sponsor}\r\n` +
      `Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: ${body.length + 100_000}\r\n\r\n`,
  );
  socket.write(body);
  // The upload has begun once the store holds its transaction open, waiting for the rest of the file.
  const storing = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'";
  await eventuallyPasses(async () => expect(Number((await stack.pool.query(storing)).rows[0].count)).toBeGreaterThan(0));
  socket.destroy();
  await eventuallyPasses(async () => {
    const audit = (await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops })).body;
    expect(audit.at(-2)).toMatchObject({ action: 'POST /applications/:caseId/documents', status: 400, reason: 'The request was cut short before its file arrived whole; nothing was kept.' });
  });
  expect(await storedCount(j.caseId)).toBe(0);
});

test('no plaintext of an uploaded PDF anywhere in the database', async () => {
  const j = await approvedPsr();
  const marker = `PLAINTEXT-MARKER-${randomBytes(6).toString('hex')}`;
  const doc = await upload(stack.app, j.caseId, tokens.sponsor, 'IMM0008', { content: samplePdf(marker.repeat(50)) });
  const databaseUrl = new URL(String(stack.pool.options.connectionString ?? ''));
  const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', databaseUrl.toString()], { maxBuffer: 512 * 1024 * 1024, encoding: 'buffer' });
  expect(stdout.length).toBeGreaterThan(0);
  expect(stdout.includes(Buffer.from(marker))).toBe(false);
  expect(stdout.includes(Buffer.from(Buffer.from(marker).toString('hex')))).toBe(false);
  // …while the file itself is served back with it.
  expect((await download(stack.app, j.caseId, doc.documentId, tokens.rocO)).bytes.includes(Buffer.from(marker))).toBe(true);
});

test('a closed case takes no document (rule 14), and what it refused is not kept', async () => {
  const j = await openPsr(stack);
  expectOk('refused', await j.sponsorship({ decision: 'refused', reason: 'the group is not eligible' }));
  const answer = await postDocument(stack.app, j.caseId, tokens.rocO, [
    { name: 'type', value: 'IMM0008' },
    { name: 'file', fileName: 'a.pdf', content: samplePdf() },
  ]);
  expect([answer.status, answer.body.message]).toEqual([409, 'The case is closed (outcome sponsorship-refused); no action is allowed on a closed case.']);
  expect(await storedCount(j.caseId)).toBe(0);
});

test('the same Idempotency-Key stores the file once; with another file it is 422', async () => {
  const j = await approvedPsr();
  const parts = [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a.pdf', content: samplePdf('first') }];
  const first = await postDocument(stack.app, j.caseId, tokens.sponsor, parts, { 'idempotency-key': 'upload-1' });
  const again = await postDocument(stack.app, j.caseId, tokens.sponsor, parts, { 'idempotency-key': 'upload-1' });
  expect(first.status).toBe(201);
  expect(again).toEqual(first);
  const other = await postDocument(stack.app, j.caseId, tokens.sponsor, [parts[0], { name: 'file', fileName: 'a.pdf', content: samplePdf('second') }], {
    'idempotency-key': 'upload-1',
  });
  expect([other.status, other.body.error]).toEqual([422, 'idempotency-key-reused']);
  // A key that is no key is refused before the file is read.
  const empty = await postDocument(stack.app, j.caseId, tokens.sponsor, [parts[0], { name: 'file', fileName: 'x.pdf', content: ELF_EXECUTABLE }], { 'idempotency-key': '' });
  expect([empty.status, empty.body.message]).toEqual([400, 'Idempotency-Key must be 1 to 200 characters.']);
  expect(await storedCount(j.caseId)).toBe(1);
});

test('an upload sent again with its Idempotency-Key after a 503 is one document, whether or not the case took the first', async () => {
  const j = await approvedPsr();
  const hasty = await appBeside(stack, { workflowTimeoutMs: 2_000 });
  const parts = [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'imm0008.pdf', content: samplePdf('sent twice') }];
  await stack.pauseWorker();
  let first;
  try {
    first = await postDocument(hasty, j.caseId, tokens.sponsor, parts, { 'idempotency-key': 'scan-1' });
  } finally {
    await stack.resumeWorker();
  }
  expect([first.status, first.body.message]).toEqual([503, expect.stringMatching(/may still be applied: read the case before sending it again/)]);
  const again = await postDocument(stack.app, j.caseId, tokens.sponsor, parts, { 'idempotency-key': 'scan-1' });
  expect(again.status).toBe(201);
  expect(await postDocument(stack.app, j.caseId, tokens.sponsor, parts, { 'idempotency-key': 'scan-1' })).toEqual(again);
  const listed = (await documentsOf(j)).body;
  expect(listed.map((d: { documentId: string }) => d.documentId)).toEqual([again.body.documentId]);
  // The case knows the document once: a package naming it files.
  const filed = await j.prApplication({ documents: [{ type: 'IMM0008', documentId: again.body.documentId }, ...COMPLETE_PACKAGE.documents.slice(1)] });
  expect([filed.status, filed.body.stage]).toEqual([200, 'roc-o-intake']);
});

test('the same Idempotency-Key with another file after a 503 is 422, and the first file is kept as it was', async () => {
  const j = await approvedPsr();
  const hasty = await appBeside(stack, { workflowTimeoutMs: 2_000 });
  const type = { name: 'type', value: 'IMM0008' };
  const content = samplePdf('the first file');
  await stack.pauseWorker();
  try {
    expect((await postDocument(hasty, j.caseId, tokens.sponsor, [type, { name: 'file', fileName: 'a.pdf', content }], { 'idempotency-key': 'k' })).status).toBe(503);
  } finally {
    await stack.resumeWorker();
  }
  const second = await postDocument(stack.app, j.caseId, tokens.sponsor, [type, { name: 'file', fileName: 'a.pdf', content: samplePdf('another file') }], {
    'idempotency-key': 'k',
  });
  expect([second.status, second.body.error]).toEqual([422, 'idempotency-key-reused']);
  const [kept] = (await documentsOf(j)).body;
  expect(sha256((await download(stack.app, j.caseId, kept.documentId, tokens.rocO)).bytes)).toBe(sha256(content));
});

test('spec §6: a complete package uploaded is filed in GCMS at once, which lists each document with its checksum', async () => {
  const j = await approvedPsr();
  const pkg = await j.uploadPackage();
  const filed = expectOk('package', await j.prApplication(pkg)).body;
  expect(filed).toMatchObject({ stage: 'overseas-processing', documentsToDigitize: [], gcmsNumber: expect.stringMatching(/^G\d{9}$/) });
  const listed = (await documentsOf(j)).body as Array<{ documentId: string; sha256: string; type: string }>;
  await eventuallyPasses(async () => expect(await gcmsDocuments(j.caseId)).toHaveLength(4));
  expect(await gcmsDocuments(j.caseId)).toEqual(
    listed.map((d) => ({ type: d.type, file_name: `${d.type.toLowerCase()}.pdf`, document_id: d.documentId, sha256: d.sha256, digitized: true })),
  );
  expect((await documentsOf(j)).body.every((d: { inGcmsRecord: boolean }) => d.inGcmsRecord)).toBe(true);
  // A document uploaded after filing joins the GCMS record.
  const late = await upload(stack.app, j.caseId, tokens.rocO, 'other');
  await eventuallyPasses(async () => expect((await gcmsDocuments(j.caseId)).map((d) => d.document_id)).toContain(late.documentId));
});

test('spec §6: a package on paper waits at roc-o-intake with documentsToDigitize, and moves on by itself at the last scan', async () => {
  const j = await approvedPsr();
  const sponsorUpload = await upload(stack.app, j.caseId, tokens.sponsor, 'IMM0008');
  const pkg = {
    documents: [
      { type: 'IMM0008', documentId: sponsorUpload.documentId },
      ...COMPLETE_PACKAGE.documents.slice(1),
      { type: 'other', fileName: 'letter-of-support.pdf' },
    ],
  };
  const waiting = expectOk('package on paper', await j.prApplication(pkg)).body;
  expect(waiting).toMatchObject({
    stage: 'roc-o-intake',
    gcmsNumber: null,
    missingDocuments: [],
    documentsToDigitize: ['IMM0008-ScheduleA', 'IMM0008-Schedule2', 'sponsorship-undertaking'],
    csq: { status: 'not-requested' },
  });
  await upload(stack.app, j.caseId, tokens.rocO, 'IMM0008-ScheduleA');
  await upload(stack.app, j.caseId, tokens.rocO, 'sponsorship-undertaking');
  expect((await j.read()).body).toMatchObject({ stage: 'roc-o-intake', documentsToDigitize: ['IMM0008-Schedule2'] });
  // A dependant waits for the file to be in GCMS.
  const dependant = await j.dependant({ dependant: { familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child', accompanying: true } });
  expect([dependant.status, dependant.body.message]).toEqual([409, expect.stringMatching(/waits at ROC-O intake for its documents to be digitized/)]);

  const last = await upload(stack.app, j.caseId, tokens.rocO, 'IMM0008-Schedule2');
  await eventuallyPasses(async () => expect((await j.read()).body).toMatchObject({ stage: 'overseas-processing', documentsToDigitize: [], csq: { status: 'requested' }, gcmsNumber: expect.stringMatching(/^G\d{9}$/) }));
  await eventuallyPasses(async () => expect(await gcmsDocuments(j.caseId)).toHaveLength(5));
  const listed = await gcmsDocuments(j.caseId);
  expect(listed.filter((d) => d.digitized).map((d) => d.type).sort()).toEqual(['IMM0008', 'IMM0008-Schedule2', 'IMM0008-ScheduleA', 'sponsorship-undertaking']);
  expect(listed.find((d) => d.document_id === last.documentId)).toMatchObject({ sha256: last.sha256, digitized: true });
  expect(listed.find((d) => d.type === 'other')).toEqual({ type: 'other', file_name: 'letter-of-support.pdf', document_id: null, sha256: null, digitized: false });
  await eventuallyPasses(async () => expect((await j.notices()).body.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['file-transfer', 'csq-request'])));
});

test('a package naming a document not of this case, or under another type, is 400 naming the field', async () => {
  const j = await approvedPsr();
  const mine = await upload(stack.app, j.caseId, tokens.sponsor, 'other');
  const elsewhere = await upload(stack.app, (await approvedPsr()).caseId, tokens.sponsor, 'IMM0008');
  const rest = COMPLETE_PACKAGE.documents.slice(1);
  const foreign = await j.prApplication({ documents: [{ type: 'IMM0008', documentId: elsewhere.documentId }, ...rest] });
  expect([foreign.status, foreign.body.message]).toEqual([400, 'body.documents.0.documentId names no document uploaded to this case.']);
  const retyped = await j.prApplication({ documents: [{ type: 'IMM0008', documentId: mine.documentId }, ...rest] });
  expect([retyped.status, retyped.body.message]).toEqual([400, `body.documents.0.type is IMM0008, but document ${mine.documentId} was uploaded as other.`]);
  const twice = await j.prApplication({ documents: [{ type: 'other', documentId: mine.documentId }, { type: 'other', documentId: mine.documentId }, ...COMPLETE_PACKAGE.documents] });
  expect([twice.status, twice.body.message]).toEqual([400, `body.documents.1.documentId names document ${mine.documentId} again: a package names each document once.`]);
  const upper = await j.prApplication({ documents: [{ type: 'other', documentId: mine.documentId.toUpperCase() }, ...COMPLETE_PACKAGE.documents] });
  expect([upper.status, upper.body.message]).toEqual([400, expect.stringMatching(/^body\.documents\.0\.documentId must be a document id as its upload answered it: a UUID in lowercase/)]);
  const passport = await j.prApplication({ documents: [{ type: 'passport', fileName: 'p.pdf' }] });
  expect([passport.status, passport.body.message]).toEqual([400, 'body.documents.0.type must be one of: IMM0008, IMM0008-ScheduleA, IMM0008-Schedule2, sponsorship-undertaking, other.']);
  const both = await j.prApplication({ documents: [{ type: 'IMM0008', documentId: mine.documentId, fileName: 'x.pdf' }, ...rest] });
  expect([both.status, both.body.message]).toEqual([400, expect.stringMatching(/^body\.documents\.0 names both a documentId and a fileName/)]);
  const neither = await j.prApplication({ documents: [{ type: 'IMM0008' }, ...rest] });
  expect([neither.status, neither.body.message]).toEqual([400, expect.stringMatching(/^body\.documents\.0 names neither a documentId nor a fileName/)]);
  expect((await j.read()).body).toMatchObject({ stage: 'awaiting-pr-application', decisions: [expect.objectContaining({ name: 'sponsorship-decision' })] });
});

test('a GAR case keeps documents ROC-O uploads, listed in its GCMS record', async () => {
  const j = await openGar(stack);
  const doc = await upload(stack.app, j.caseId, tokens.rocO, 'other', { fileName: 'referral.png', content: SAMPLE_PNG });
  await eventuallyPasses(async () => expect((await gcmsDocuments(j.caseId)).map((d) => d.document_id)).toEqual([doc.documentId]));
});

test('a document store that cannot be reached answers 503, and nothing is listed', async () => {
  const j = await approvedPsr();
  const unreachable = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/nothing', connectionTimeoutMillis: 2_000 });
  try {
    const down = await appBeside(stack, { documents: { store: documentStoreFrom({ pool: unreachable, keys: documentKeyRingFrom(undefined) }), maxBytes: 1024 * 1024 } });
    const answer = await postDocument(down, j.caseId, tokens.rocO, [{ name: 'type', value: 'IMM0008' }, { name: 'file', fileName: 'a.pdf', content: samplePdf() }]);
    expect([answer.status, answer.body.error]).toEqual([503, 'unavailable']);
    expect(await storedCount(j.caseId)).toBe(0);
  } finally {
    await unreachable.end();
  }
});

test('a key rotation: documents stored under the old key are read back identical, new ones go under the new key', async () => {
  const j = await approvedPsr();
  const key = () => randomBytes(32).toString('base64');
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;
  const withKeys = (keys: string) =>
    appBeside(stack, { documents: { store: documentStoreFrom({ pool: stack.pool, keys: documentKeyRingFrom(keys) }), maxBytes: 1024 * 1024 } });
  const before = await withKeys(k1);
  const old = await upload(before, j.caseId, tokens.rocO, 'IMM0008', { content: samplePdf('stored under k1') });
  const rotated = await withKeys(`${k2},${k1}`);
  const fresh = await upload(rotated, j.caseId, tokens.rocO, 'other', { content: samplePdf('stored under k2') });
  expect(sha256((await download(rotated, j.caseId, old.documentId, tokens.officer)).bytes)).toBe(old.sha256);
  expect(sha256((await download(rotated, j.caseId, fresh.documentId, tokens.officer)).bytes)).toBe(fresh.sha256);
  const keyIds = await stack.pool.query('SELECT document_id, key_id FROM documents WHERE case_id = $1 ORDER BY uploaded_at', [j.caseId]);
  expect(keyIds.rows).toEqual([
    { document_id: old.documentId, key_id: 'k1' },
    { document_id: fresh.documentId, key_id: 'k2' },
  ]);
  // The old key dropped too soon: the document is not served, and the answer says nothing of its content.
  const withoutK1 = await withKeys(k2);
  const lost = await download(withoutK1, j.caseId, old.documentId, tokens.officer);
  expect([lost.status, lost.body]).toEqual([
    500,
    { error: 'document-unreadable', message: 'The document cannot be decrypted with the keys configured (DOCUMENT_ENCRYPTION_KEYS), or it was altered; this has been logged for ops.' },
  ]);
});
