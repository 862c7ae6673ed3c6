/**
 * Issue 9: logs never carry an applicant's name (spec §5), not even when bad input makes PostgreSQL fail: its
 * errors quote the data (`detail`, `where`, sometimes the message). Bad input carrying a marker name is sent to the
 * API and, where it gets that far, to the workflow, the activities and the database; documents are uploaded under
 * file names that carry it, accepted and refused; the API's and the worker's log lines are captured in memory and
 * searched for the marker.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import pino from 'pino';
import { Client } from 'pg';
import { loggerOptions } from '../infra/logger';
import { safeError } from '../infra/safe-error';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { COMPLETE_PACKAGE, garOpening, psrOpening } from './support/fixtures';
import { flightsTo, journey, tokens, today } from './support/journey';
import { ELF_EXECUTABLE, postDocument, samplePdf, type Part } from './support/documents';
import { REQUIRED_DOCUMENTS } from '../domain/case-types';
import { memoryLog } from './support/memory-log';
import { addDays } from '../domain/calendar';

/** The name searched for: ASCII and contiguous, so that JSON escaping cannot hide it. */
const MARKER = 'Zzyzxmarker';
const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

const apiLog = memoryLog();
const workerLog = memoryLog();
let stack: Stack;

beforeAll(async () => {
  // The worker's own messages go through pino as worker/main.ts sends them, at the most talkative level.
  const workerPino = pino({ ...loggerOptions, level: 'trace' }, workerLog.stream);
  try {
    Runtime.install({
      logger: new DefaultLogger('TRACE', ({ level, message, meta }) =>
        workerPino[level.toLowerCase() as Lowercase<LogLevel>]({ sdk: true, ...meta }, message),
      ),
    });
  } catch {
    // Another test file in this process installed the runtime first: the worker's lines are then not captured,
    // and the API's still are.
  }
  // The API's logger as api/main.ts configures it, at the most talkative level.
  stack = await startStack({ logger: { ...loggerOptions, level: 'trace', stream: apiLog.stream } });
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

/** Strings that carry the marker and something the edge must refuse, or the database cannot store. */
const hostile = [
  `${MARKER}${NUL}`,
  `${MARKER}${LONE_SURROGATE}`,
  `${MARKER}\u0007`,
  `${MARKER}${NUL}${'x'.repeat(300)}`,
];

test('bad input carrying a name, sent to every kind of route, never puts the name in a log line', async () => {
  const j = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() })).body.caseId);
  const gar = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: garOpening() })).body.caseId);
  expect(j.caseId).toBeTruthy();
  expect(gar.caseId).toBeTruthy();
  const statuses: number[] = [];
  const send = async (p: Promise<{ status: number }>) => statuses.push((await p).status);

  for (const bad of hostile) {
    const psr = psrOpening();
    await send(call(stack.app, 'POST', '/applications', { token: tokens.midi, body: { ...psr, principalApplicant: { ...psr.principalApplicant, familyName: bad } } }));
    await send(call(stack.app, 'POST', '/applications', { token: tokens.midi, body: { ...psr, sponsor: { ...psr.sponsor!, name: bad } } }));
    const g = garOpening();
    await send(call(stack.app, 'POST', '/applications', {
      token: tokens.rocO,
      body: { ...g, familyMembers: [{ ...g.familyMembers[0], givenNames: bad }] },
      headers: { 'idempotency-key': `logs-${statuses.length}` },
    }));
    // Approving moves the case on (a second decision is then 409); nothing here closes it.
    await send(j.sponsorship({ decision: 'approved', reason: bad }));
    await send(j.prApplication({ documents: [{ type: 'IMM0008', fileName: bad }] }));
    await send(j.dependant({ dependant: { familyName: bad, givenNames: 'Ali', dateOfBirth: '2020-01-01', relationship: 'child', accompanying: true } }));
    await send(gar.destination({ city: bad }));
    await send(gar.csq({ decision: 'issued', csqNumber: bad }));
    await send(gar.travel({ arrivalDate: addDays(today(), 30), portOfEntry: 'YUL', flights: flightsTo(addDays(today(), 30)).map((f) => ({ ...f, carrier: bad })) }));
    // Not JSON, or JSON the parser refuses: some parsers quote what they could not read.
    for (const payload of [`{"familyName": "${MARKER}`, `{"familyName": ${MARKER}}`, `{"__proto__": {"familyName": "${MARKER}"}}`]) {
      await send(call(stack.app, 'POST', '/applications', { token: tokens.midi, body: payload, headers: { 'content-type': 'application/json' } }));
    }
  }
  // A sponsor's own submission, with the marker in a document name, on a case ready for it.
  await send(j.prApplication({ documents: COMPLETE_PACKAGE.documents.map((d) => ({ ...d, fileName: `${MARKER}${NUL}.pdf` })) }));
  // Spec §6: documents whose file names carry the name, as a sponsor's browser sends them: one accepted (its PDF's
  // text names the person too), and refused ones — an empty file, an executable renamed .pdf, a control character
  // in the name — each answered in words that must not reach a log either.
  const file = (fileName: string, content: Buffer): Part[] => [
    { name: 'type', value: 'other' },
    { name: 'file', fileName, content },
  ];
  const uploads = [
    await postDocument(stack.app, j.caseId, tokens.sponsor, file(`${MARKER} passport.pdf`, samplePdf(`Passport of ${MARKER}`))),
    await postDocument(stack.app, j.caseId, tokens.sponsor, file(`${MARKER} empty.pdf`, Buffer.alloc(0))),
    await postDocument(stack.app, j.caseId, tokens.sponsor, file(`${MARKER} scan.pdf`, ELF_EXECUTABLE)),
    await postDocument(stack.app, j.caseId, tokens.sponsor, file(`${MARKER}\u0007.pdf`, samplePdf())),
  ];
  expect(uploads.map((u) => u.status)).toEqual([201, 400, 415, 400]);
  expect(uploads[0].body.fileName).toBe(`${MARKER} passport.pdf`);
  // Good input carrying the name: it reaches the workflow, the activities and the database (the read model, the
  // GCMS record, the notices), and the refusals of rules (409) that follow.
  const named = psrOpening();
  const opened = await call(stack.app, 'POST', '/applications', {
    token: tokens.midi,
    body: { ...named, principalApplicant: { ...named.principalApplicant, familyName: MARKER }, sponsor: { ...named.sponsor!, name: `Groupe ${MARKER}` } },
    headers: { 'idempotency-key': `${MARKER}-opening` },
  });
  expect(opened.status).toBe(201);
  const m = journey(stack, opened.body.caseId);
  await send(m.sponsorship({ decision: 'approved', reason: `${MARKER} est parrainé` }));
  await send(m.sponsorship({ decision: 'refused', reason: `${MARKER} again` })); // 409: no decision awaited
  await send(m.dependant({ dependant: { familyName: MARKER, givenNames: 'Ali', dateOfBirth: '2020-01-01', relationship: 'child', accompanying: true } }));
  await send(m.prApplication({ documents: COMPLETE_PACKAGE.documents.map((d) => ({ ...d, fileName: `${MARKER}.pdf` })) }));
  // That package came on paper: it waits for ROC-O's scans, named after the person too; the last one files it, and
  // GCMS lists each scan under its name (spec §6).
  const scans = [];
  for (const type of REQUIRED_DOCUMENTS) {
    const parts: Part[] = [
      { name: 'type', value: type },
      { name: 'file', fileName: `${MARKER} ${type}.pdf`, content: samplePdf(`${type} of ${MARKER}`) },
    ];
    scans.push((await postDocument(stack.app, m.caseId, tokens.rocO, parts)).status);
  }
  expect(scans).toEqual([201, 201, 201, 201]);
  expect((await m.read()).body).toMatchObject({ stage: 'overseas-processing', documentsToDigitize: [] });
  await send(m.visa({ decision: 'issued', reason: MARKER })); // 409: no CSQ, no eligibility
  await send(m.travel({ arrivalDate: addDays(today(), 30), portOfEntry: 'YUL', flights: flightsTo(addDays(today(), 30)).map((f) => ({ ...f, carrier: MARKER })) }));
  await send(m.withdrawal({ reason: `${MARKER} withdraws` }));
  await send(m.withdrawal({ reason: `${MARKER} withdraws again` })); // 409: closed
  expect(statuses.slice(-8).filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
  expect(statuses.slice(-8).filter((s) => s === 409).length).toBeGreaterThanOrEqual(2);

  // Last, since an accepted withdrawal closes the case.
  for (const bad of hostile) await send(j.withdrawal({ reason: bad }));

  // Whatever reached the workflow and its activities has had time to fail and be retried (and logged).
  await new Promise((resolve) => setTimeout(resolve, 3000));

  expect(statuses.length).toBeGreaterThan(40);
  expect(apiLog.lines.length).toBeGreaterThan(0);
  expect({ api: apiLog.matching('zzyzx'), worker: workerLog.matching('zzyzx') }).toEqual({ api: [], worker: [] });
  // The uploads are in the log all the same, by route: what was searched did pass through it.
  const uploadLines = apiLog.entries().filter((e) => (e.req as { route?: string } | undefined)?.route === '/applications/:caseId/documents');
  expect(uploadLines.length).toBeGreaterThanOrEqual(uploads.length + scans.length);
});

test('a name typed into a URL, its path or its query, never reaches a log line: requests are logged by route', async () => {
  for (const url of [
    `/applications?familyName=${MARKER}&givenNames=Amira`,
    `/applications/${MARKER}%20Dupontel`,
    `/applications/${MARKER}/notices`,
    `/nonexistent/${MARKER}`,
  ]) {
    const answer = await call(stack.app, 'GET', url, { token: tokens.rocO });
    expect(answer.status).toBeGreaterThanOrEqual(400);
  }
  expect(apiLog.matching('zzyzx')).toEqual([]);
  // The requests are in the log all the same, by method and route pattern.
  expect(apiLog.entries().some((e) => (e.req as { route?: string } | undefined)?.route === '/applications/:caseId/notices')).toBe(true);
});

test('a PostgreSQL error quoting the data is logged by its SQLSTATE and names only', async () => {
  // A route that hands the body to PostgreSQL as JSON, as a bug that lets bad input through would.
  const apiLines = memoryLog();
  const app = await appBeside(stack, { logger: { level: 'trace', stream: apiLines.stream } });
  app.post('/test-only/store', async (request) => {
    await stack.pool.query('SELECT $1::jsonb', [(request.body as { raw: string }).raw]);
    return { stored: true };
  });
  const midi = tokenFor('midi', 'alice');
  const answers = [];
  for (const raw of [
    `{"familyName": "${MARKER}\\u0000"}`, // 22P05: the detail and where quote it
    `{"familyName": ${MARKER}}`, // 22P02: "Token "Zzyzxmarker" is invalid"
  ]) {
    answers.push(await call(app, 'POST', '/test-only/store', { token: midi, body: { raw } }));
  }
  expect(answers.map((a) => [a.status, a.body])).toEqual([
    [500, { error: 'internal', message: expect.any(String) }],
    [500, { error: 'internal', message: expect.any(String) }],
  ]);
  const logged = apiLines.entries().filter((e) => e.msg === 'unexpected failure');
  expect(logged.map((e) => (e.err as { code?: string }).code)).toEqual(['22P05', '22P02']);
  expect(logged.map((e) => (e.err as { message?: string }).message)).toEqual([
    'PostgreSQL error 22P05 (untranslatable character)',
    'PostgreSQL error 22P02 (invalid text representation)',
  ]);
  expect(apiLines.matching('zzyzx')).toEqual([]);
  expect(apiLines.lines.join('\n')).not.toMatch(/"(detail|where|parameters)"/);
});

test('the loggers never write detail, where or parameters, whatever is logged', async () => {
  const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  let pgError: unknown;
  try {
    await db.query('SELECT $1::jsonb', [`{"familyName": "${MARKER}\\u0000"}`]);
  } catch (err) {
    pgError = err;
  } finally {
    await db.end();
  }
  // The raw error quotes the marker: this is what must not reach a log.
  expect(JSON.stringify({ ...(pgError as object), message: (pgError as Error).message })).toMatch(MARKER);
  expect(safeError(pgError)).toEqual({
    name: 'DatabaseError',
    code: '22P05',
    message: 'PostgreSQL error 22P05 (untranslatable character)',
    severity: 'ERROR',
    routine: expect.any(String),
  });

  const out = memoryLog();
  const log = pino({ ...loggerOptions, level: 'trace' }, out.stream);
  log.error({ err: pgError }, 'as err');
  log.error({ error: pgError }, 'as error (the Temporal SDK logger)');
  log.error({ err: new Error('wrapped', { cause: pgError }) }, 'as a cause');
  log.error({ err: { message: 'hand-made', code: '23505', detail: `Key (case_id)=(${MARKER}) already exists.`, where: MARKER, parameters: [MARKER] } }, 'plain object');
  log.error({ err: new SyntaxError(`Unexpected token 'Z', "${MARKER}" is not valid JSON`) }, 'a JSON.parse failure');
  expect(out.lines).toHaveLength(5);
  expect(out.matching('zzyzx')).toEqual([]);
  expect(out.lines.join('\n')).not.toMatch(/"(detail|where|parameters)"/);
  // What stays is enough to act on.
  expect(out.entries()[0].err).toMatchObject({ code: '22P05', name: 'DatabaseError' });
  expect(out.entries()[2].err).toMatchObject({ message: 'wrapped', cause: { code: '22P05' } });
  expect(out.entries()[3].err).toMatchObject({ message: 'hand-made', code: '23505' });
});
