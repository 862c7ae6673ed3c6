/**
 * Spec §2 (issue 9): every attempt on a case is on record with the reason the person was given — openings too,
 * accepted (with the new case's id) and refused (with none). A malformed case id gets 400 (or 414 for an over-long
 * one, spec §4), never a 500, and is still on record, its text made safe for the database.
 */
import { randomUUID } from 'node:crypto';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { psrOpening } from './support/fixtures';
import { openPsr, tokens } from './support/journey';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

interface Row {
  case_id: string | null;
  sub: string | null;
  role: string | null;
  action: string;
  status: number;
  outcome: string;
  reason: string | null;
}

/** The audit rows a subject left, oldest first. */
async function rowsOf(sub: string): Promise<Row[]> {
  const { rows } = await stack.pool.query(
    'SELECT case_id, sub, role, action, status, outcome, reason FROM audit_log WHERE sub = $1 ORDER BY id',
    [sub],
  );
  return rows;
}

test('an accepted opening is on record with the new case id, and shows in the case audit', async () => {
  const sub = `opener-${randomUUID()}`;
  const opened = await call(stack.app, 'POST', '/applications', { token: tokenFor('midi', sub), body: psrOpening() });
  expect(opened.status).toBe(201);
  expect(await rowsOf(sub)).toEqual([
    { case_id: opened.body.caseId, sub, role: 'midi', action: 'POST /applications', status: 201, outcome: 'accepted', reason: null },
  ]);
  const audit = await call(stack.app, 'GET', `/applications/${opened.body.caseId}/audit`, { token: tokens.rocO });
  expect(audit.body[0]).toMatchObject({ sub, role: 'midi', action: 'POST /applications', status: 201, outcome: 'accepted' });
});

test('refused openings are on record with the reason given and no case id: 400, 403, 415, 401', async () => {
  const sub = `refused-opener-${randomUUID()}`;
  const midi = tokenFor('midi', sub);
  const answers = [
    await call(stack.app, 'POST', '/applications', { token: midi, body: { ...psrOpening(), colour: 'blue' } }),
    await call(stack.app, 'POST', '/applications', { token: midi, body: { ...psrOpening(), stream: 'GAR' } }),
    await call(stack.app, 'POST', '/applications', { token: tokenFor('sponsor', sub, 'group-montreal-1'), body: psrOpening() }),
    await call(stack.app, 'POST', '/applications', { token: midi, body: '<stream>PSR</stream>', headers: { 'content-type': 'application/xml' } }),
  ];
  expect(answers.map((a) => a.status)).toEqual([400, 403, 403, 415]);
  const rows = await rowsOf(sub);
  expect(rows).toEqual(
    answers.map((a, i) => ({
      case_id: null,
      sub,
      role: i === 2 ? 'sponsor' : 'midi',
      action: 'POST /applications',
      status: a.status,
      outcome: 'refused',
      reason: a.body.message,
    })),
  );
  expect(rows[0].reason).toMatch(/unknown field "colour"/);
  expect(rows[1].reason).toMatch(/GAR case is opened by ROC-O/);

  // Without a token nobody is named, but the attempt and its reason are on record all the same.
  const { rows: [{ last }] } = await stack.pool.query('SELECT coalesce(max(id), 0) AS last FROM audit_log');
  const anonymous = await call(stack.app, 'POST', '/applications', { body: psrOpening() });
  expect(anonymous.status).toBe(401);
  const { rows: found } = await stack.pool.query(
    `SELECT case_id, sub, status, outcome, reason FROM audit_log WHERE id > $1 AND action = 'POST /applications' AND status = 401`,
    [last],
  );
  expect(found).toContainEqual({ case_id: null, sub: null, status: 401, outcome: 'refused', reason: anonymous.body.message });
});

test('a case id with U+0000 is a 400, never a 500, and on record with the character replaced', async () => {
  const sub = `prober-${randomUUID()}`;
  const ops = tokenFor('ops', sub);
  const read = await call(stack.app, 'GET', '/applications/%00', { token: ops });
  expect(read).toEqual({
    status: 400,
    body: { error: 'bad-request', message: 'params.caseId must not contain control characters or unpaired surrogates.' },
  });
  const decision = await call(stack.app, 'POST', '/applications/ab%00cd%1F/sponsorship-decision', {
    token: tokenFor('midi', sub),
    body: { decision: 'approved' },
  });
  expect(decision.status).toBe(400);
  const anonymous = await call(stack.app, 'GET', '/applications/%00/notices');
  expect(anonymous.status).toBe(401);
  expect(await rowsOf(sub)).toEqual([
    { case_id: '\ufffd', sub, role: 'ops', action: 'GET /applications/:caseId', status: 400, outcome: 'refused', reason: read.body.message },
    {
      case_id: 'ab\ufffdcd\ufffd',
      sub,
      role: 'midi',
      action: 'POST /applications/:caseId/sponsorship-decision',
      status: 400,
      outcome: 'refused',
      reason: decision.body.message,
    },
  ]);
  const { rows } = await stack.pool.query(
    `SELECT status, reason FROM audit_log WHERE case_id = '\ufffd' AND action = 'GET /applications/:caseId/notices'`,
  );
  expect(rows).toContainEqual({ status: 401, reason: anonymous.body.message });
});

test('a malformed URL (a lone surrogate, bad percent-encoding) and an over-long case id are refused, never a 500, and on record', async () => {
  // Fastify refuses these before any hook runs: the token is not read, the attempt is recorded without a subject.
  const ops = tokenFor('ops', `malformed-${randomUUID()}`);
  const { rows: [{ last }] } = await stack.pool.query('SELECT coalesce(max(id), 0) AS last FROM audit_log');
  const surrogate = await call(stack.app, 'GET', '/applications/%ED%A0%80', { token: ops });
  expect(surrogate).toEqual({ status: 400, body: { error: 'bad-request', message: 'The URL is malformed.' } });
  const badEscape = await call(stack.app, 'POST', '/applications/abc%E0%A4%A/withdrawal', { token: ops, body: { reason: 'x' } });
  expect(badEscape.status).toBe(400);
  const long = await call(stack.app, 'GET', `/applications/${'x'.repeat(500)}/audit`, { token: ops });
  expect(long).toEqual({ status: 414, body: { error: 'uri-too-long', message: 'A path segment is too long.' } });
  const { rows } = await stack.pool.query(
    `SELECT case_id, sub, role, action, status, outcome, reason FROM audit_log
     WHERE id > $1 AND case_id IN ('%ED%A0%80', 'abc%E0%A4%A', $2) ORDER BY id`,
    [last, `${'x'.repeat(63)}…`],
  );
  expect(rows).toEqual([
    { case_id: '%ED%A0%80', sub: null, role: null, action: 'GET /applications/:caseId', status: 400, outcome: 'refused', reason: 'The URL is malformed.' },
    { case_id: 'abc%E0%A4%A', sub: null, role: null, action: 'POST /applications/:caseId/withdrawal', status: 400, outcome: 'refused', reason: 'The URL is malformed.' },
    { case_id: `${'x'.repeat(63)}…`, sub: null, role: null, action: 'GET /applications/:caseId/audit', status: 414, outcome: 'refused', reason: 'A path segment is too long.' },
  ]);
});

test('text a caller chose is made safe before it is recorded: U+0000 in a refusal reason, a 65-character case id', async () => {
  const sub = `sanitized-${randomUUID()}`;
  const midi = tokenFor('midi', sub);
  const j = await openPsr(stack);
  const odd = await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, {
    token: midi,
    body: { decision: 'approved', 'x\u0000y': 1 },
  });
  expect(odd.status).toBe(400);
  expect(odd.body.message).toContain('x\u0000y');
  const longId = await call(stack.app, 'GET', `/applications/${'y'.repeat(65)}`, { token: midi });
  expect(longId.status).toBe(400);
  const rows = await rowsOf(sub);
  expect(rows.map((r) => [r.case_id, r.status])).toEqual([
    [j.caseId, 400],
    [`${'y'.repeat(63)}…`, 400],
  ]);
  expect(rows[0].reason).toBe(odd.body.message.replace('\u0000', '\ufffd'));

  // Ops read it back through the API like any other attempt on the case.
  const audit = await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops });
  expect(audit.body).toContainEqual(expect.objectContaining({ sub, status: 400, outcome: 'refused', reason: rows[0].reason }));
});

test('every attempt on a case, allowed or refused, carries the reason the person was given: 404 and 409 included', async () => {
  const sub = `officer-${randomUUID()}`;
  const midi = tokenFor('midi', sub);
  const j = await openPsr(stack);
  const ok = await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, { token: midi, body: { decision: 'approved' } });
  const again = await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, { token: midi, body: { decision: 'refused' } });
  const missing = await call(stack.app, 'GET', '/applications/no-such-case-4e1f', { token: midi });
  expect([ok.status, again.status, missing.status]).toEqual([200, 409, 404]);
  expect(again.body.message).toBe('No sponsorship decision is awaited: the sponsorship is already approved.');
  expect((await rowsOf(sub)).map((r) => [r.case_id, r.status, r.outcome, r.reason])).toEqual([
    [j.caseId, 200, 'accepted', null],
    [j.caseId, 409, 'refused', again.body.message],
    ['no-such-case-4e1f', 404, 'refused', missing.body.message],
  ]);
});
