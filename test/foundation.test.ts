/** The first slice through the whole stack: open a PSR case, decide its sponsorship, read it back. */
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { psrOpening } from './support/fixtures';
import { CaseStage, CaseStream } from '../domain/search-attributes';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const midi = tokenFor('midi', 'alice');

async function openPsr() {
  const opened = await call(stack.app, 'POST', '/applications', { token: midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  return opened.body.caseId as string;
}

test('MIDI opens a PSR case, approves the sponsorship, and reads the case back awaiting the PR application', async () => {
  const opened = await call(stack.app, 'POST', '/applications', { token: midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ stream: 'PSR', stage: 'sponsorship-review', outcome: null, onHold: false });
  const { caseId } = opened.body;

  const approved = await call(stack.app, 'POST', `/applications/${caseId}/sponsorship-decision`, {
    token: midi,
    body: { decision: 'approved' },
  });
  expect(approved.status).toBe(200);
  expect(approved.body.stage).toBe('awaiting-pr-application');

  const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: tokenFor('roc-o') });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ caseId, stage: 'awaiting-pr-application', sponsorship: { status: 'approved' } });
  expect(read.body.nextDeadline).toMatchObject({ kind: 'pr-application-reminder' });
});

test('a second sponsorship decision is refused with 409 and the rule in words', async () => {
  const caseId = await openPsr();
  await call(stack.app, 'POST', `/applications/${caseId}/sponsorship-decision`, { token: midi, body: { decision: 'approved' } });
  const again = await call(stack.app, 'POST', `/applications/${caseId}/sponsorship-decision`, {
    token: midi,
    body: { decision: 'refused' },
  });
  expect(again.status).toBe(409);
  expect(again.body).toEqual({ error: 'conflict', message: expect.stringMatching(/No sponsorship decision is awaited/) });
  const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: midi });
  expect(read.body.stage).toBe('awaiting-pr-application');
});

test('a sponsor may not decide the sponsorship (403) and the case is unchanged', async () => {
  const caseId = await openPsr();
  const sponsor = tokenFor('sponsor', 'sponsor-1', 'group-montreal-1');
  const attempt = await call(stack.app, 'POST', `/applications/${caseId}/sponsorship-decision`, {
    token: sponsor,
    body: { decision: 'approved' },
  });
  expect(attempt.status).toBe(403);
  expect(attempt.body.error).toBe('forbidden');
  const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: midi });
  expect(read.body.stage).toBe('sponsorship-review');
});

test('the workflow carries the stage and stream as search attributes, under the id case-<caseId>', async () => {
  const caseId = await openPsr();
  await call(stack.app, 'POST', `/applications/${caseId}/sponsorship-decision`, { token: midi, body: { decision: 'approved' } });
  const description = await stack.client.workflow.getHandle(`case-${caseId}`).describe();
  expect(description.typedSearchAttributes.get(CaseStage)).toBe('awaiting-pr-application');
  expect(description.typedSearchAttributes.get(CaseStream)).toBe('PSR');
});

test('no token is 401, a bad token is 401, an unknown case is 404, an unknown field is 400', async () => {
  expect((await call(stack.app, 'GET', '/applications/nope')).status).toBe(401);
  expect((await call(stack.app, 'GET', '/applications/nope', { token: 'not-a-jwt' })).status).toBe(401);
  const missing = await call(stack.app, 'GET', '/applications/nope', { token: midi });
  expect(missing).toEqual({ status: 404, body: { error: 'not-found', message: expect.any(String) } });
  const bad = await call(stack.app, 'POST', '/applications', { token: midi, body: { ...psrOpening(), colour: 'blue' } });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/unknown field "colour"/);
});

test('bad input of every kind is a 400 or 414 in the error shape, saying what is wrong, never a 500', async () => {
  const stream = await call(stack.app, 'POST', '/applications', { token: midi, body: { ...psrOpening(), stream: 'XYZ' } });
  expect(stream).toEqual({ status: 400, body: { error: 'bad-request', message: 'body.stream must be one of: PSR, GAR.' } });
  const page = await call(stack.app, 'GET', '/applications?pageToken=garbage', { token: midi });
  expect(page).toEqual({ status: 400, body: { error: 'bad-request', message: 'pageToken is not one this API gave.' } });
  const longId = await call(stack.app, 'GET', `/applications/${'x'.repeat(300)}`, { token: midi });
  expect(longId).toEqual({ status: 414, body: { error: 'uri-too-long', message: expect.any(String) } });
  const notJson = await stack.app.inject({
    method: 'POST',
    url: '/applications',
    headers: { authorization: `Bearer ${midi}`, 'content-type': 'application/json' },
    payload: '{bad',
  });
  expect(notJson.statusCode).toBe(400);
  expect(JSON.parse(notJson.body)).toEqual({ error: 'bad-request', message: expect.stringMatching(/JSON/) });
});

test('health answers without a token; readiness sees Temporal, the database and a worker', async () => {
  expect((await call(stack.app, 'GET', '/healthz')).status).toBe(200);
  const ready = await call(stack.app, 'GET', '/readyz');
  expect(ready).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', temporal: 'ok', worker: 'ok' } } });
});
