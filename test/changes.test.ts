/** Spec §3 rules 11 to 14: dependants, withdrawals, the one-year window, closing. */
import { call, startStack, type Stack } from './support/stack';
import {
  expectOk,
  flightsTo,
  openGar,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
  type Journey,
} from './support/journey';
import { eventually } from './support/wait';
import { OnHold } from '../domain/search-attributes';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: { natLeadTime: '0 working days', oywWindow: '4s', noShowAfter: '1 day' } });
});
afterAll(() => stack?.stop());

const kinds = async (j: Journey): Promise<string[]> =>
  (await j.notices()).body.map((n: { kind: string; party: string }) => `${n.kind}>${n.party}`);
/** The notices once `expected` are among them: they follow the decision, a moment after its answer (rule 19). */
const kindsWith = (j: Journey, ...expected: string[]) => eventually(() => kinds(j), (k) => expected.every((e) => k.includes(e)));
const child = { familyName: 'Abdelrahman', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child', accompanying: true };

async function arrived(j: Journey, stream: 'PSR' | 'GAR') {
  await readyForVisa(j, stream);
  expectOk('visa', await j.visa({ decision: 'issued' }));
  expectOk('travel', await j.travel({ arrivalDate: today(), portOfEntry: 'YUL', flights: flightsTo(today()), ...(stream === 'GAR' && { urgent: true }) }));
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
}

const openOyw = (j: Journey, memberId: string) =>
  call(stack.app, 'POST', `/applications/${j.caseId}/oyw-applications`, { token: tokens.rocO, body: { memberId } });
const decideOyw = (j: Journey, oywId: string, token: string, decision: string) =>
  call(stack.app, 'POST', `/applications/${j.caseId}/oyw-applications/${oywId}/decision`, { token, body: { decision } });

test('rule 11: a dependant puts the case on hold (no visa) until MIDI reassesses the sponsorship', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  const held = expectOk('dependant', await j.dependant({ dependant: child })).body;
  expect(held.onHold).toBe(true);
  expect(held.dependants).toEqual([expect.objectContaining({ memberId: 'm3', givenNames: 'Lina', relationship: 'child' })]);
  expect(await kindsWith(j, 'dependant-reassessment-request>midi', 'file-transfer>office-abroad')).toEqual(
    expect.arrayContaining(['dependant-reassessment-request>midi', 'file-transfer>office-abroad']),
  );
  const description = await stack.client.workflow.getHandle(`case-${j.caseId}`).describe();
  expect(description.typedSearchAttributes.get(OnHold)).toBe(true);
  // The dependant is written to the GCMS record (rule 11).
  const gcms = await eventually(
    async () => (await stack.pool.query('SELECT member_id, added_as, person FROM gcms_members WHERE case_id = $1 ORDER BY member_id', [j.caseId])).rows,
    (rows) => rows.some((r) => r.member_id === 'm3'),
  );
  expect(gcms.find((r) => r.member_id === 'm3')).toMatchObject({ added_as: 'dependant', person: expect.objectContaining({ givenNames: 'Lina' }) });

  const blocked = await j.visa({ decision: 'issued' });
  expect(blocked.status).toBe(409);
  expect(blocked.body.message).toMatch(/^The visa cannot be issued: .*the case is on hold until MIDI reassesses the sponsorship\.$/);
  expect(expectOk('reassessed', await j.sponsorship({ decision: 'approved' })).body.onHold).toBe(false);
  expect(expectOk('visa', await j.visa({ decision: 'issued' })).body.stage).toBe('visa-issued');

  const refusedAfter = await psrAtOverseasProcessing(stack);
  await refusedAfter.dependant({ dependant: child });
  expect(expectOk('refused', await refusedAfter.sponsorship({ decision: 'refused' })).body.outcome).toBe('refused');
});

test('rule 12: a withdrawal before arrival closes the case and tells the office abroad and MIDI; after arrival it is refused', async () => {
  const j = await psrAtOverseasProcessing(stack);
  const withdrawn = await call(stack.app, 'POST', `/applications/${j.caseId}/withdrawal`, {
    token: tokens.sponsor,
    body: { reason: 'the group can no longer support the family' },
  });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ stage: 'closed', outcome: 'sponsorship-withdrawn', csq: { status: 'lapsed' } });
  expect(await kindsWith(j, 'withdrawal-notice>office-abroad', 'withdrawal-notice>midi')).toEqual(
    expect.arrayContaining(['withdrawal-notice>office-abroad', 'withdrawal-notice>midi']),
  );
  await eventually(() => j.read(), (r) => r.body.effects.every((e: { status: string }) => e.status === 'done'));
  const gcms = await stack.pool.query('SELECT status FROM gcms_applications WHERE case_id = $1', [j.caseId]);
  expect(gcms.rows[0].status).toBe('closed');

  const landed = await psrAtOverseasProcessing(stack);
  await arrived(landed, 'PSR');
  const late = await landed.withdrawal({ reason: 'too late' });
  expect(late.status).toBe(409);
  expect(late.body.message).toBe('The refugee has arrived: a sponsorship cannot be withdrawn after arrival.');
});

test('rule 13: an OYW application runs as a child: MIDI selects first, then ROC-O decides under R141', async () => {
  const j = await psrAtOverseasProcessing(stack);
  const early = await openOyw(j, 'm2');
  expect(early.status).toBe(409);
  expect(early.body.message).toBe('An OYW application is opened after the refugee has arrived.');
  await arrived(j, 'PSR');

  expect((await openOyw(j, 'm1')).body.message).toMatch(/accompanied/);
  const undeclared = await openOyw(j, 'm9');
  expect(undeclared.status).toBe(409);
  expect(undeclared.body.message).toBe('m9 is not a family member declared in the application or added before departure.');
  const opened = await openOyw(j, 'm2');
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ oywId: 'oyw-1', memberId: 'm2', status: 'open', outcome: null });
  expect((await openOyw(j, 'm2')).body.message).toMatch(/already has an OYW application open/);
  const childRun = await stack.client.workflow.getHandle(`case-${j.caseId}-oyw-1`).describe();
  expect(childRun.type).toBe('oywWorkflow');

  // The case says whose decision the application awaits, and that it is open to one.
  const waiting = (await j.read()).body;
  expect(waiting.oyw[0].awaiting).toBe('midi');
  expect(waiting.actionsOpen).toEqual(['oyw-applications', 'oyw-applications/oyw-1/decision']);
  expect((await decideOyw(j, 'oyw-1', tokens.rocO, 'approved')).body.message).toMatch(/after MIDI's selection/);
  expect(expectOk('selection', await decideOyw(j, 'oyw-1', tokens.midi, 'approved')).body.oyw[0].awaiting).toBe('roc-o');
  const decided = expectOk('r141', await decideOyw(j, 'oyw-1', tokens.rocO, 'approved')).body;
  expect(decided.oyw).toEqual([{ oywId: 'oyw-1', memberId: 'm2', status: 'closed', outcome: 'approved', selection: 'approved', awaiting: null }]);
  // The request to MIDI is one of the case's effects: in the outbox a moment after the opening's answer.
  await eventually(() => kinds(j), (k) => k.includes('oyw-selection-request>midi'));
  await eventually(() => stack.client.workflow.getHandle(`case-${j.caseId}-oyw-1`).describe(), (d) => d.status.name === 'COMPLETED');
});

test('rules 13 and 14: a GAR case does not settle while an OYW child is open, and no OYW opens outside the window', async () => {
  const j = await openGar(stack);
  await arrived(j, 'GAR');
  const opened = await openOyw(j, 'm1');
  expect(opened.status).toBe(201);
  await new Promise((r) => setTimeout(r, 4500));
  expect((await j.read()).body).toMatchObject({ stage: 'arrived', outcome: null });
  const outside = await openOyw(j, 'm1');
  expect(outside.status).toBe(409);
  // The window's end is judged first: not "already has an OYW application open", though one is.
  expect(outside.body.message).toMatch(/^The one-year window closed on \d{4}-\d{2}-\d{2}\.$/);
  await decideOyw(j, 'oyw-1', tokens.midi, 'refused');
  const settled = await eventually(() => j.read(), (r) => r.body.outcome !== null);
  expect(settled.body).toMatchObject({ outcome: 'settled', oyw: [expect.objectContaining({ outcome: 'refused', status: 'closed' })] });
});
