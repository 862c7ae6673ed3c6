/**
 * GET /applications reads the database's copy of the cases: one row a case however many Temporal runs it had,
 * closed cases included, filtered, newest first, paged with tokens only this API gives.
 * Other test files open cases in the same database at the same time, so every check here filters on a
 * destination only this file's cases have.
 */
import { createHash, randomUUID } from 'node:crypto';
import { startStack, call, tokenFor, type Answer, type Stack } from './support/stack';
import { garOpening } from './support/fixtures';
import { openGar, tokens, flightsTo, type Journey } from './support/journey';
import { eventually } from './support/wait';
import type { caseWorkflow } from '../workflows/case-workflow';
import { decisionUpdate, type DecisionBody, type DecisionName } from '../domain/decisions';
import type { Role } from '../domain/case-types';
import { resolvePolicy } from '../domain/policy';
import { addDays, quebecDate } from '../domain/calendar';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

type Item = Record<string, unknown> & { caseId: string };
type Page = { items: Item[]; nextPageToken: string | null };

/** A destination no other test's case has. */
const uniqueCity = (label: string) => `Ville-${label}-${randomUUID().slice(0, 8)}`;

const list = (query: string, token = tokens.ops) => call(stack.app, 'GET', `/applications?${query}`, { token });

function ok(step: string, answer: Answer): Answer {
  if (answer.status !== 200) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

/** The list once the database's copy has caught up with what the test expects of it. */
async function listedWhen(query: string, done: (page: Page) => boolean): Promise<Page> {
  const answer = await eventually(() => list(query), (a) => a.status === 200 && done(a.body as Page));
  return answer.body as Page;
}

/** Every row of a filter, one page of `size` at a time, following nextPageToken to its end. */
async function walk(query: string, size: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const answer = ok(
      `page ${pages + 1}`,
      await list(`${query}&pageSize=${size}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`),
    );
    const page = answer.body as Page;
    expect(page.items.length).toBeLessThanOrEqual(size);
    items.push(...page.items);
    token = page.nextPageToken;
    pages++;
    if (pages > 50) throw new Error('paging does not end');
  } while (token !== null);
  return { items, pages };
}

test('a case that continued as new is listed once, at its current stage', async () => {
  const caseId = `list-can-${randomUUID().slice(0, 8)}`;
  const city = uniqueCity('can');
  const handle = await stack.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: `case-${caseId}`,
    taskQueue: stack.taskQueue,
    args: [{ ...garOpening(), caseId, policy: resolvePolicy({ noShowAfter: '30 days' }), maxUpdatesPerRun: 3 }],
  });
  const send = <N extends DecisionName>(name: N, body: DecisionBody<N>, by: Role = 'migration-officer') =>
    handle.executeUpdate(decisionUpdate(name), { args: [{ body, by }] });
  const today = quebecDate(Date.now());
  await send('csqDecision', { decision: 'issued', csqNumber: 'CSQ-LIST' }, 'midi');
  await send('destination', { city }, 'midi');
  await send('eligibilityDecision', { decision: 'eligible' });
  await send('admissibilityDecision', { decision: 'admissible', medicalExamDate: addDays(today, -10) });
  await send('visaDecision', { decision: 'issued' });
  for (let n = 1; n <= 3; n++) {
    const flights = flightsTo(today).map((f) => ({ ...f, number: String(700 + n) }));
    await send('travel', { arrivalDate: today, portOfEntry: 'YUL', flights, urgent: true });
  }

  // Temporal holds three runs or more of this case (it continued as new at least twice)...
  await eventually(
    async () =>
      (await stack.client.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = 'case-${caseId}'` }))
        .executions.length,
    (runs) => runs >= 3,
  );

  // ...and the list shows it once, as it is now.
  const page = await listedWhen(`stream=GAR&destination=${encodeURIComponent(city)}`, (p) =>
    p.items.some((i) => i.caseId === caseId && i.stage === 'travel-booked'),
  );
  expect(page.items).toHaveLength(1);
  expect(page.items[0]).toEqual({
    caseId,
    stream: 'GAR',
    stage: 'travel-booked',
    outcome: null,
    destination: city,
    visaOffice: 'Dar es Salaam',
    csqStatus: 'issued',
    onHold: false,
    nextDeadline: expect.any(String),
  });
  expect(page.nextPageToken).toBeNull();
  const byStream = await walk(`stream=GAR&stage=travel-booked&destination=${encodeURIComponent(city)}`, 1);
  expect(byStream.items.map((i) => i.caseId)).toEqual([caseId]);
});

describe('cases at one destination', () => {
  const city = uniqueCity('dest');
  const query = `destination=${encodeURIComponent(city)}`;
  const opened: Journey[] = [];
  let closedId: string;

  beforeAll(async () => {
    // Opened one after the other: the list shows them newest first.
    for (let n = 0; n < 4; n++) {
      const j = await openGar(stack);
      ok('destination', await j.destination({ city }));
      opened.push(j);
    }
    // The second one closes: Quebec does not select the family.
    closedId = opened[1].caseId;
    const refused = ok('csq refused', await opened[1].csq({ decision: 'refused', reason: 'Not selected.' }));
    expect(refused.body.outcome).toEqual(expect.any(String));
    await listedWhen(query, (p) => p.items.length === 4 && p.items.some((i) => i.caseId === closedId && i.outcome !== null));
  });

  test('a closed case is listed, with its outcome, beside the open ones, newest first', async () => {
    const page = await listedWhen(query, () => true);
    expect(page.items.map((i) => i.caseId)).toEqual(opened.map((j) => j.caseId).reverse());
    const closed = page.items.find((i) => i.caseId === closedId)!;
    const read = ok('read closed', await call(stack.app, 'GET', `/applications/${closedId}`, { token: tokens.rocO })).body;
    expect(closed).toMatchObject({ stage: 'closed', outcome: read.outcome, destination: city, csqStatus: 'refused' });
    expect(read.outcome).toEqual(expect.any(String));
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['caseId', 'csqStatus', 'destination', 'nextDeadline', 'onHold', 'outcome', 'stage', 'stream', 'visaOffice'].sort(),
      );
    }
    expect(JSON.stringify(page)).not.toMatch(/Nkurunziza|Aline|1990-01-22/);
  });

  test('filters by stage, stream and destination, together', async () => {
    const open = opened.filter((j) => j.caseId !== closedId).map((j) => j.caseId).reverse();
    const ids = async (q: string) => (await listedWhen(q, () => true)).items.map((i) => i.caseId);
    expect(await ids(`${query}&stage=closed`)).toEqual([closedId]);
    expect(await ids(`${query}&stage=overseas-processing`)).toEqual(open);
    expect(await ids(`${query}&stream=GAR&stage=overseas-processing`)).toEqual(open);
    expect(await ids(`${query}&stream=PSR`)).toEqual([]);
    expect(await ids(`${query}&stage=arrived`)).toEqual([]);
    expect(await ids(`destination=${encodeURIComponent(uniqueCity('none'))}`)).toEqual([]);
    expect((await list(`${query}&stage=flying`)).status).toBe(400);
    expect((await list(`${query}&stream=XYZ`)).status).toBe(400);
  });

  test('pages of one walk every matching case once, and the last page has no next token', async () => {
    const all = (await listedWhen(query, () => true)).items.map((i) => i.caseId);
    const walked = await walk(query, 1);
    expect(walked.items.map((i) => i.caseId)).toEqual(all);
    expect(new Set(walked.items.map((i) => i.caseId)).size).toBe(4);
    expect(walked.pages).toBe(4);
    const inThrees = await walk(query, 3);
    expect(inThrees.items.map((i) => i.caseId)).toEqual(all);
    expect(inThrees.pages).toBe(2);
    // A page exactly as large as what is left is the last one.
    const whole = ok('whole', await list(`${query}&pageSize=4`)).body as Page;
    expect(whole.items).toHaveLength(4);
    expect(whole.nextPageToken).toBeNull();
    // The default page size is 50; 1 to 200 are allowed.
    expect((await list(`${query}&pageSize=200`)).status).toBe(200);
    expect((await list(`${query}&pageSize=0`)).status).toBe(400);
    expect((await list(`${query}&pageSize=201`)).status).toBe(400);
  });

  test('a page token the API did not give, garbled or forged, is 400 with the reason', async () => {
    const first = ok('first page', await list(`${query}&pageSize=1`)).body as Page;
    const token = first.nextPageToken!;
    expect(token).toEqual(expect.any(String));
    const [payload, mac] = token.split('.');
    // A cursor made up by hand, signed the way a client might guess (a plain hash), or not signed at all.
    const madeUp = Buffer.from(JSON.stringify(['2999-01-01T00:00:00.000000Z', 'zzzz'])).toString('base64url');
    const flipped = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const forged = [
      'garbage',
      '',
      `${madeUp}.${mac}`,
      `${madeUp}.${createHash('sha256').update(madeUp).digest('base64url').slice(0, 22)}`,
      madeUp,
      `${flipped(payload)}.${mac}`,
      `${payload}.${flipped(mac)}`,
      `${payload}.${mac}.x`,
      `${payload}.`,
      `.${mac}`,
      token.slice(0, -1),
    ];
    for (const bad of forged) {
      const answer = await list(`${query}&pageSize=1&pageToken=${encodeURIComponent(bad)}`);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      expect(answer.body).toEqual({ error: expect.any(String), message: expect.stringContaining('pageToken is not one this API gave.') });
    }
    // The token the API gave still works.
    expect((await list(`${query}&pageSize=1&pageToken=${encodeURIComponent(token)}`)).status).toBe(200);
  });
});

test('only MIDI, ROC-O and ops list cases: a sponsor and a migration officer get 403, no token 401', async () => {
  for (const token of [tokens.midi, tokens.rocO, tokens.ops]) expect((await list('stream=GAR&pageSize=1', token)).status).toBe(200);
  for (const token of [tokens.sponsor, tokens.officer, tokenFor('migration-officer', 'officer-2')]) {
    const answer = await list('stream=GAR&pageSize=1', token);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: expect.any(String), message: expect.any(String) });
  }
  expect((await call(stack.app, 'GET', '/applications')).status).toBe(401);
});
