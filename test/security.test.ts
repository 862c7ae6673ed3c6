/** Spec §2 and §5: roles, sponsors' own cases, the audit trail, encrypted payloads, the codec endpoint. */
import net from 'node:net';
import { Writable } from 'node:stream';
import { createSigner } from 'fast-jwt';
import { call, startStack, tokenFor, TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { APPLICANT, COMPLETE_PACKAGE, psrOpening } from './support/fixtures';
import { openPsr, tokens } from './support/journey';
import { EncryptionCodec, keyRingFrom } from '../infra/codec';
import { DECISIONS, DECISION_NAMES } from '../domain/decisions';
import { ROLES } from '../domain/case-types';
import { temporal } from '@temporalio/proto';

const logLines: string[] = [];
let stack: Stack;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  stack = await startStack({ logger: { level: 'debug', stream } });
});
afterAll(() => stack?.stop());

const roleTokens = {
  midi: tokens.midi,
  'roc-o': tokens.rocO,
  'migration-officer': tokens.officer,
  sponsor: tokens.sponsor,
  ops: tokens.ops,
};

test('every route answers 403 to each role it is not for, and never 403 to a role it is for', async () => {
  const j = await openPsr(stack);
  const wrong: string[] = [];
  for (const name of DECISION_NAMES) {
    const row = DECISIONS[name];
    for (const role of ROLES) {
      // An empty body: an allowed role gets 400 (bad input) past the role check, a refused one 403 first.
      const answer = await call(stack.app, 'POST', `/applications/${j.caseId}/${row.path}`, { token: roleTokens[role], body: {} });
      const allowed = (row.roles as readonly string[]).includes(role);
      if (allowed ? answer.status === 403 : answer.status !== 403) wrong.push(`${role} ${row.path}: ${answer.status}`);
    }
  }
  for (const [url, allowedRoles] of [
    ['/applications', ['midi', 'roc-o']],
    [`/applications/${j.caseId}/oyw-applications`, ['roc-o']],
    [`/applications/${j.caseId}/oyw-applications/oyw-1/decision`, ['midi', 'roc-o']],
    ['/codec/encode', ['roc-o', 'ops']],
    ['/codec/decode', ['roc-o', 'ops']],
  ] as const) {
    for (const role of ROLES) {
      const answer = await call(stack.app, 'POST', url, { token: roleTokens[role], body: {} });
      const allowed = (allowedRoles as readonly string[]).includes(role);
      if (allowed ? answer.status === 403 : answer.status !== 403) wrong.push(`${role} POST ${url}: ${answer.status}`);
    }
  }
  for (const [url, allowedRoles] of [
    ['/metrics', ['ops']],
    [`/applications/${j.caseId}`, ROLES],
    [`/applications/${j.caseId}/notices`, ['midi', 'roc-o', 'ops', 'sponsor']],
    [`/applications/${j.caseId}/audit`, ['roc-o', 'ops']],
    ['/applications', ['midi', 'roc-o', 'ops']],
    ['/reports/attention', ['roc-o', 'midi', 'ops']],
  ] as const) {
    for (const role of ROLES) {
      const answer = await call(stack.app, 'GET', url, { token: roleTokens[role] });
      const allowed = (allowedRoles as readonly string[]).includes(role);
      if (allowed ? answer.status !== 200 : answer.status !== 403) wrong.push(`${role} GET ${url}: ${answer.status}`);
    }
  }
  expect(wrong).toEqual([]);
});

test("an identity provider's own roles beside ours are ignored; a token with none of ours is 403, a roles claim not a list 401", async () => {
  const sign = createSigner({ key: TEST_JWT_SECRET, algorithm: 'HS256', expiresIn: 600_000 });
  const list = (roles: unknown) => call(stack.app, 'GET', '/applications', { token: sign({ sub: 'idp-user', roles }) });
  expect((await list(['offline_access', 'uma_authorization', 'ops'])).status).toBe(200);
  const none = await list(['offline_access', 'admin']);
  expect([none.status, none.body.message]).toEqual([403, 'This action is for: midi, roc-o, ops.']);
  const notAList = await list('ops');
  expect([notAList.status, notAList.body.message]).toEqual([401, "The token's roles must be a list of: midi, roc-o, migration-officer, sponsor, ops."]);
});

test("a sponsor sees its own cases and gets 404 for another group's, as if the case did not exist", async () => {
  const j = await openPsr(stack);
  await j.sponsorship({ decision: 'approved' });
  expect((await call(stack.app, 'GET', `/applications/${j.caseId}`, { token: tokens.sponsor })).status).toBe(200);
  const other = tokens.otherSponsor;
  const probes = [
    await call(stack.app, 'GET', `/applications/${j.caseId}`, { token: other }),
    await call(stack.app, 'GET', `/applications/${j.caseId}/notices`, { token: other }),
    await call(stack.app, 'POST', `/applications/${j.caseId}/pr-application`, { token: other, body: COMPLETE_PACKAGE }),
    await call(stack.app, 'POST', `/applications/${j.caseId}/withdrawal`, { token: other, body: { reason: 'x' } }),
  ];
  expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404]);
  expect(probes[0].body).toEqual((await call(stack.app, 'GET', '/applications/no-such-case', { token: other })).body);
  expect((await j.read()).body.stage).toBe('awaiting-pr-application');
});

test('every attempt on a case is audited, refused ones with their reason, and the case is unchanged', async () => {
  const j = await openPsr(stack);
  await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, { body: { decision: 'approved' } });
  await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, { token: tokens.sponsor, body: { decision: 'approved' } });
  await j.sponsorship({ decision: 'approved' });
  await j.sponsorship({ decision: 'refused' });
  const audit = await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops });
  expect(audit.status).toBe(200);
  const decisions = audit.body.filter((a: { action: string }) => a.action.endsWith('sponsorship-decision'));
  expect(decisions.map((a: { status: number; outcome: string; role: string | null }) => [a.status, a.outcome, a.role])).toEqual([
    [401, 'refused', null],
    [403, 'refused', 'sponsor'],
    [200, 'accepted', 'midi'],
    [409, 'refused', 'midi'],
  ]);
  expect(decisions[3].reason).toMatch(/No sponsorship decision is awaited/);
  expect(decisions[2]).toMatchObject({ sub: 'midi-officer', requestId: expect.any(String), at: expect.any(String) });
  expect((await j.read()).body.stage).toBe('awaiting-pr-application');
  await expect(stack.pool.query('DELETE FROM audit_log WHERE case_id = $1', [j.caseId])).rejects.toThrow(/append-only/);
});

test("Temporal's history and the service logs hold no applicant name or birth date", async () => {
  const j = await openPsr(stack);
  await j.sponsorship({ decision: 'approved' });
  await j.prApplication(await j.uploadPackage());
  await j.dependant({ dependant: { ...psrOpening().familyMembers[0], givenNames: 'Yasmine', dateOfBirth: '2019-09-09' } });
  const history = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: `case-${j.caseId}` },
  });
  // The history exactly as Temporal stores it: its protobuf bytes.
  const raw = Buffer.from(temporal.api.history.v1.History.encode(history.history!).finish()).toString('latin1');
  expect(raw).toContain('encryption-key-id');
  for (const secret of [APPLICANT.familyName, APPLICANT.givenNames, APPLICANT.dateOfBirth, 'Yasmine', '2019-09-09']) {
    expect(raw).not.toContain(secret);
  }
  const logs = logLines.join('');
  expect(logs.length).toBeGreaterThan(0);
  for (const secret of [APPLICANT.familyName, APPLICANT.dateOfBirth, 'Yasmine']) expect(logs).not.toContain(secret);
});

test('payloads written under an old key are still decoded after the key rotates', async () => {
  const before = new EncryptionCodec(keyRingFrom(`test-1:${Buffer.alloc(32, 1).toString('base64')}`));
  const [encoded] = await before.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"Samira"') }]);
  const after = new EncryptionCodec(TEST_PAYLOAD_KEYS);
  const [decoded] = await after.decode([encoded]);
  expect(Buffer.from(decoded.data!).toString()).toBe('"Samira"');
  const [reencoded] = await after.encode([decoded]);
  expect(Buffer.from(reencoded.metadata!['encryption-key-id']).toString()).toBe('test-2');
});

test('the codec endpoint decodes for roc-o and ops only, by bearer token or by the sign-in cookie', async () => {
  const [encoded] = await new EncryptionCodec(TEST_PAYLOAD_KEYS).encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"familyName":"Abdelrahman"}') },
  ]);
  const body = {
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(encoded.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
        data: Buffer.from(encoded.data!).toString('base64'),
      },
    ],
  };
  const asOps = await call(stack.app, 'POST', '/codec/decode', { token: tokens.ops, body });
  expect(asOps.status).toBe(200);
  expect(Buffer.from(asOps.body.payloads[0].data, 'base64').toString()).toBe('{"familyName":"Abdelrahman"}');
  expect((await call(stack.app, 'POST', '/codec/decode', { token: tokens.midi, body })).status).toBe(403);
  // Neither token nor cookie: the answer says where a person signs in.
  const anonymous = await call(stack.app, 'POST', '/codec/decode', { body });
  expect([anonymous.status, anonymous.body.message]).toEqual([
    401,
    'Sign in at /codec/login (the Temporal UI then sends its cookie), or send a bearer token (Authorization: Bearer <JWT>).',
  ]);

  const login = await stack.app.inject({
    method: 'POST',
    url: '/codec/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${encodeURIComponent(tokenFor('roc-o', 'roc-o-ui'))}`,
  });
  expect(login.statusCode).toBe(200);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const viaCookie = await call(stack.app, 'POST', '/codec/decode', {
    body,
    headers: { cookie, origin: 'http://127.0.0.1:8233' },
  });
  expect(viaCookie.status).toBe(200);
  const preflight = await stack.app.inject({
    method: 'OPTIONS',
    url: '/codec/decode',
    headers: { origin: 'http://127.0.0.1:8233', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
  expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  // An OPTIONS request that is no browser's preflight is answered without CORS headers, never a bare-text 400.
  const notPreflight = await stack.app.inject({ method: 'OPTIONS', url: '/applications' });
  expect(notPreflight.statusCode).toBe(204);
  expect(notPreflight.headers['access-control-allow-origin']).toBeUndefined();
});

test('a body over the limit is 413; security headers are set', async () => {
  const huge = { ...psrOpening(), visaOffice: 'x'.repeat(300 * 1024) };
  const answer = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: huge });
  expect(answer.status).toBe(413);
  const res = await stack.app.inject({ method: 'GET', url: '/healthz' });
  expect(res.headers['x-content-type-options']).toBe('nosniff');
});

test('what the HTTP parser refuses (headers too large, a request that is not HTTP) still gets the error shape', async () => {
  const app = await appBeside(stack);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as net.AddressInfo;
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  const huge = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  expect(huge.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  expect(JSON.parse(huge.split('\r\n\r\n')[1])).toEqual({ error: 'headers-too-large', message: 'The request headers are too large.' });
  const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
  expect(garbage.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  expect(JSON.parse(garbage.split('\r\n\r\n')[1])).toEqual({ error: 'bad-request', message: 'The request is not valid HTTP.' });
  await closeApps();
});
