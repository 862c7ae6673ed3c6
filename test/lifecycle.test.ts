/** Spec §3 rules 1 to 10 through the HTTP API, against the real Temporal server and PostgreSQL. */
import { call, startStack, type Stack } from './support/stack';
import { COMPLETE_PACKAGE, psrOpening } from './support/fixtures';
import {
  allowedArrival,
  expectOk,
  flightsTo,
  journey,
  MEDICAL_EXAM,
  openGar,
  openPsr,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
} from './support/journey';
import { addDays, addWorkingDays, dayOfWeek } from '../domain/calendar';
import { eventually } from './support/wait';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const noticesOf = async (j: { notices: () => Promise<{ body: Array<{ kind: string; party: string }> }> }) =>
  (await j.notices()).body.map((n) => `${n.kind}>${n.party}`);
/** The notices once `expected` are among them: they follow the decision, a moment after its answer (rule 19). */
const noticesWith = (j: Parameters<typeof noticesOf>[0], ...expected: string[]) =>
  eventually(() => noticesOf(j), (n) => expected.every((e) => n.includes(e)));

test('a PSR case from the undertaking to arrival', async () => {
  const j = await openPsr(stack);
  expect((await j.read()).body.stage).toBe('sponsorship-review');
  expectOk('approve', await j.sponsorship({ decision: 'approved' }));

  // Rule 3: an incomplete package goes back to the sponsor with what is missing; the case waits again.
  const incomplete = await j.prApplication({ documents: [{ type: 'IMM0008', fileName: 'imm0008.pdf' }] });
  expect(incomplete.status).toBe(200);
  expect(incomplete.body.stage).toBe('awaiting-pr-application');
  expect(incomplete.body.missingDocuments).toEqual(['IMM0008-ScheduleA', 'IMM0008-Schedule2', 'sponsorship-undertaking']);
  expect(await noticesWith(j, 'incomplete-return>sponsor')).toEqual(['incomplete-return>sponsor']);

  const filed = expectOk('complete package', await j.prApplication(await j.uploadPackage())).body;
  expect(filed).toMatchObject({ stage: 'overseas-processing', missingDocuments: [], csq: { status: 'requested' } });
  expect(filed.gcmsNumber).toMatch(/^G\d{9}$/);
  expect(await noticesWith(j, 'file-transfer>office-abroad', 'csq-request>midi')).toEqual([
    'incomplete-return>sponsor',
    'file-transfer>office-abroad',
    'csq-request>midi',
  ]);

  // Rule 6: no visa without Quebec's selection.
  await j.eligibility({ decision: 'eligible', refugeeClass: 'country-of-asylum' });
  await j.admissibility({ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() });
  const early = await j.visa({ decision: 'issued' });
  expect(early.status).toBe(409);
  expect(early.body.message).toBe('The visa cannot be issued: Quebec has not issued a CSQ (CSQ requested).');

  expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-1', validUntil: addDays(today(), 300) }));
  const visa = expectOk('visa', await j.visa({ decision: 'issued' })).body;
  expect(visa.stage).toBe('visa-issued');
  expect(visa.visa).toEqual({ status: 'issued', expiresOn: addDays(MEDICAL_EXAM(), 365), issuedOn: today() });
  expect(await noticesWith(j, 'pre-nat>sponsor')).toContain('pre-nat>sponsor');

  const arrivalDate = allowedArrival();
  const booked = expectOk('travel', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) })).body;
  expect(booked.stage).toBe('travel-booked');
  await noticesWith(j, 'nat>midi', 'nat>sponsor');
  const nats = (await j.notices()).body.filter((n: { kind: string }) => n.kind === 'nat');
  expect(nats).toEqual([
    expect.objectContaining({ party: 'midi', language: 'fr', natNumber: booked.travel.natNumber }),
    expect.objectContaining({ party: 'sponsor', language: 'fr', natNumber: booked.travel.natNumber }),
  ]);

  // Rule 10: an arrival is recorded once it happened.
  const future = await j.arrival({ arrivedOn: addDays(today(), 1), portOfEntry: 'YUL' });
  expect(future.status).toBe(409);
  expect(future.body.message).toBe(`The arrival date ${addDays(today(), 1)} is in the future; record an arrival once it happened.`);
  const arrived = expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' })).body;
  expect(arrived).toMatchObject({ stage: 'arrived', outcome: null, arrival: { arrivedOn: today(), portOfEntry: 'YUL' } });
  expect(arrived.nextDeadline.kind).toBe('settlement-report');
});

test('a GAR case from the referral to arrival', async () => {
  const j = await openGar(stack);
  const opened = await eventually(() => j.read(), (r) => r.body.gcmsNumber !== null);
  expect(opened.body).toMatchObject({ stream: 'GAR', stage: 'overseas-processing', csq: { status: 'requested' } });
  expect(opened.body.gcmsNumber).toMatch(/^G\d{9}$/);
  expect(await eventually(() => noticesOf(j), (n) => n.length === 2)).toEqual(['csq-request>midi', 'destination-request>midi']);

  await j.csq({ decision: 'issued', csqNumber: 'CSQ-2' });
  await j.eligibility({ decision: 'eligible' });
  await j.admissibility({ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() });
  const noDestination = await j.visa({ decision: 'issued' });
  expect(noDestination.status).toBe(409);
  expect(noDestination.body.message).toBe('The visa cannot be issued: MIDI has not assigned a destination in Quebec.');
  expectOk('destination', await j.destination({ city: 'Sherbrooke' }));
  expectOk('visa', await j.visa({ decision: 'issued' }));

  let friday = allowedArrival();
  while (new Date(`${friday}T12:00:00Z`).getUTCDay() !== 5) friday = addDays(friday, 1);
  const onFriday = await j.travel({ arrivalDate: friday, portOfEntry: 'YUL', flights: flightsTo(friday) });
  expect(onFriday.status).toBe(409);
  expect(onFriday.body.message).toBe(`A government-assisted refugee may not arrive on a Friday, Saturday or Sunday (${friday} is a Friday).`);
  const toronto = allowedArrival();
  const toYyz = flightsTo(toronto).map((f) => ({ ...f, to: 'YYZ' }));
  const atToronto = await j.travel({ arrivalDate: toronto, portOfEntry: 'YYZ', flights: toYyz });
  expect(atToronto.status).toBe(409);
  expect(atToronto.body.message).toBe('A government-assisted refugee arrives at Montréal–Trudeau (YUL), not YYZ.');

  const arrivalDate = allowedArrival();
  expectOk('travel', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) }));
  expect((await noticesWith(j, 'nat>midi')).filter((n) => n.startsWith('nat'))).toEqual(['nat>midi']);
  const arrived = expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' })).body;
  expect(arrived).toMatchObject({ stage: 'arrived', destination: 'Sherbrooke' });
  expect(await noticesWith(j, 'post-arrival-services-request>midi')).toContain('post-arrival-services-request>midi');
});

test('rule 1: a refused sponsorship closes the case, and a closed case refuses every action', async () => {
  const j = await openPsr(stack);
  const refused = expectOk('refuse', await j.sponsorship({ decision: 'refused', reason: 'undertaking incomplete' })).body;
  expect(refused).toMatchObject({ stage: 'closed', outcome: 'sponsorship-refused' });
  const after = await j.prApplication(COMPLETE_PACKAGE);
  expect(after.status).toBe(409);
  expect(after.body.message).toBe('The case is closed (outcome sponsorship-refused); no action is allowed on a closed case.');
  expect((await j.read()).body.outcome).toBe('sponsorship-refused');
});

test('rule 4: a refused CSQ closes a PSR as refused with a letter to the sponsor, a GAR as not selected', async () => {
  const psr = await psrAtOverseasProcessing(stack);
  expect(expectOk('csq', await psr.csq({ decision: 'refused', reason: 'x' })).body.outcome).toBe('refused');
  expect(await noticesWith(psr, 'refusal-letter>sponsor')).toContain('refusal-letter>sponsor');

  const gar = await openGar(stack);
  expect(expectOk('csq', await gar.csq({ decision: 'refused' })).body.outcome).toBe('not-selected-by-quebec');
});

test('rule 5: ineligible or inadmissible closes the case as refused, whatever the order', async () => {
  const a = await psrAtOverseasProcessing(stack);
  expect(expectOk('ineligible', await a.eligibility({ decision: 'ineligible', reason: 'x' })).body.outcome).toBe('refused');
  const b = await psrAtOverseasProcessing(stack);
  await b.csq({ decision: 'issued', csqNumber: 'CSQ-3' });
  expect(expectOk('inadmissible', await b.admissibility({ decision: 'inadmissible' })).body.outcome).toBe('refused');
  const c = await psrAtOverseasProcessing(stack);
  await c.admissibility({ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() });
  await c.csq({ decision: 'issued', csqNumber: 'CSQ-4' });
  const eligible = expectOk('eligible', await c.eligibility({ decision: 'eligible' })).body;
  expect(eligible).toMatchObject({ outcome: null, eligibility: { decision: 'eligible' } });
});

test('rule 6: the visa waits for eligibility and admissibility too; without an exam date its validity counts from the decision', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await j.csq({ decision: 'issued', csqNumber: 'CSQ-5' });
  const refused = await j.visa({ decision: 'issued' });
  expect(refused.status).toBe(409);
  expect(refused.body.message).toBe(
    'The visa cannot be issued: the applicant has not been found eligible; the applicant has not been found admissible.',
  );
  expectOk('eligible', await j.eligibility({ decision: 'eligible' }));
  const noExam = expectOk('admissible', await j.admissibility({ decision: 'admissible' })).body;
  expect(noExam.admissibility).toEqual({ decision: 'admissible', medicalExamDate: today() });
  expect(expectOk('visa', await j.visa({ decision: 'issued' })).body.visa).toEqual({
    status: 'issued',
    expiresOn: addDays(today(), 365),
    issuedOn: today(),
  });
});

test('rules 7 and 8: a re-booking sends an amended NAT citing the first; a retried booking with the same key sends nothing twice', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  await j.visa({ decision: 'issued' });
  const first = allowedArrival();
  const key = { 'Idempotency-Key': 'booking-attempt-1' };
  const booked = await j.travel({ arrivalDate: first, portOfEntry: 'YUL', flights: flightsTo(first) }, key);
  const retried = await j.travel({ arrivalDate: first, portOfEntry: 'YUL', flights: flightsTo(first) }, key);
  expect(retried).toEqual(booked);
  const second = addDays(first, 7);
  const rebooked = expectOk('rebook', await j.travel({ arrivalDate: second, portOfEntry: 'YUL', flights: flightsTo(second) })).body;
  await noticesWith(j, 'pre-nat>sponsor', 'nat>midi', 'nat>sponsor', 'nat-amended>midi', 'nat-amended>sponsor');
  const notices = (await j.notices()).body;
  expect(notices.filter((n: { kind: string }) => n.kind === 'pre-nat')).toHaveLength(1);
  const nat = notices.filter((n: { kind: string }) => n.kind === 'nat');
  expect(nat.map((n: { party: string }) => n.party)).toEqual(['midi', 'sponsor']);
  const amended = notices.filter((n: { kind: string }) => n.kind === 'nat-amended');
  expect(amended).toEqual([
    expect.objectContaining({ party: 'midi', amends: nat[0].natNumber, natNumber: rebooked.travel.natNumber }),
    expect.objectContaining({ party: 'sponsor', amends: nat[0].natNumber, natNumber: rebooked.travel.natNumber }),
  ]);
});

test('rule 8: urgent is for GAR cases only, and the arrival date must come before the visa expires', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  const visa = expectOk('visa', await j.visa({ decision: 'issued' })).body;
  const d = allowedArrival();
  const urgent = await j.travel({ arrivalDate: d, portOfEntry: 'YUL', flights: flightsTo(d), urgent: true });
  expect(urgent.status).toBe(409);
  expect(urgent.body.message).toBe('Only a government-assisted refugee (GAR) case may be flagged urgent (urgent protection).');
  const late = visa.visa.expiresOn;
  const tooLate = await j.travel({ arrivalDate: late, portOfEntry: 'YUL', flights: flightsTo(late) });
  expect(tooLate.status).toBe(409);
  expect(tooLate.body.message).toBe(`The arrival date ${late} must be before the visa expires (${late}).`);
});

test('a retried opening with the same Idempotency-Key opens one case', async () => {
  const headers = { 'Idempotency-Key': `open-${Date.now()}` };
  const first = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening(), headers });
  const again = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening(), headers });
  expect(first.status).toBe(201);
  expect(again).toEqual(first);
});

test('an answer given again for its Idempotency-Key is the first one byte for byte, its fields in the same order', async () => {
  const j = await openGar(stack);
  const send = () =>
    stack.app.inject({
      method: 'POST',
      url: `/applications/${j.caseId}/destination`,
      headers: { authorization: `Bearer ${tokens.midi}`, 'idempotency-key': `destination-${j.caseId}` },
      payload: { city: 'Sherbrooke' },
    });
  const first = await send();
  const again = await send();
  expect(first.statusCode).toBe(200);
  expect(Object.keys(JSON.parse(first.body))[0]).toBe('caseId');
  expect(again.body).toBe(first.body);
});

test('cases are listed by stage and stream from the search attributes, without personal data', async () => {
  const gar = await openGar(stack);
  await gar.destination({ city: 'Gatineau' });
  let listed: { status: number; body: { items: Array<Record<string, unknown>> } } = { status: 0, body: { items: [] } };
  for (let i = 0; i < 40; i++) {
    // Visibility is eventually consistent: the new case shows within a moment.
    listed = await call(stack.app, 'GET', '/applications?stream=GAR&stage=overseas-processing&destination=Gatineau', { token: tokens.ops });
    if (listed.body.items.some((c) => c.caseId === gar.caseId)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(listed.status).toBe(200);
  const item = listed.body.items.find((c) => c.caseId === gar.caseId);
  expect(item).toMatchObject({ stream: 'GAR', stage: 'overseas-processing', destination: 'Gatineau', csqStatus: 'requested' });
  expect(JSON.stringify(listed.body)).not.toMatch(/Nkurunziza|1990-01-22/);
  // Paged: the next page goes on where the first stopped.
  const first = await call(stack.app, 'GET', '/applications?stream=GAR&pageSize=1', { token: tokens.ops });
  expect(first.body.items).toHaveLength(1);
  expect(first.body.nextPageToken).toEqual(expect.any(String));
  const second = await call(stack.app, 'GET', `/applications?stream=GAR&pageSize=1&pageToken=${first.body.nextPageToken}`, {
    token: tokens.ops,
  });
  expect(second.status).toBe(200);
  expect(second.body.items).toHaveLength(1);
  expect(second.body.items[0].caseId).not.toBe(first.body.items[0].caseId);
  expect((await call(stack.app, 'GET', '/applications?stage=flying', { token: tokens.ops })).status).toBe(400);
  expect((await call(stack.app, 'GET', '/applications', { token: tokens.sponsor })).status).toBe(403);
});

test('a booking takes flight times with their UTC offset (spec §4), and may list no flights yet', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrivalDate = allowedArrival();
  expectOk('no flights yet', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: [] }));
  const known = { carrier: 'AC', number: 'AC881', from: 'NBO', to: 'YUL', departure: `${arrivalDate}T01:30:00Z`, arrival: `${arrivalDate}T15:10:00-05:00` };
  const rebooked = expectOk('flights known', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: [known] })).body;
  expect(rebooked.travel.flights).toEqual([known]);
  for (const departure of ['tomorrow', `${arrivalDate}T01:30`]) {
    const garbled = await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: [{ ...known, departure }] });
    expect(garbled.status).toBe(400);
    expect(garbled.body.message).toMatch(/^body\.flights\.0\.departure must be a date and time that exist, with the UTC offset/);
  }
});

test('rule 8 as the API sees it: the NAT lead time, and a GAR\'s reception calendar unless urgent', async () => {
  const gar = await openGar(stack);
  await readyForVisa(gar, 'GAR');
  expectOk('visa', await gar.visa({ decision: 'issued' }));
  const soon = addDays(today(), 2);
  const tooSoon = await gar.travel({ arrivalDate: soon, portOfEntry: 'YUL', flights: flightsTo(soon) });
  expect(tooSoon.status).toBe(409);
  expect(tooSoon.body.message).toBe(
    `The arrival date ${soon} leaves too little notice: the NAT lead time allows arrivals from ${addWorkingDays(today(), 10)}.`,
  );
  // The first Monday to Thursday past the lead time in December 15-31 or June 24 - July 7 (one comes before the visa expires).
  const windows = [['12-15', '12-31'], ['06-24', '07-07']];
  const windowOf = (d: string) => windows.find(([from, to]) => d.slice(5) >= from && d.slice(5) <= to);
  let blackout = addWorkingDays(today(), 10);
  while (!windowOf(blackout) || dayOfWeek(blackout) === 0 || dayOfWeek(blackout) >= 5) blackout = addDays(blackout, 1);
  const [from, to] = windowOf(blackout)!;
  const inBlackout = await gar.travel({ arrivalDate: blackout, portOfEntry: 'YUL', flights: flightsTo(blackout) });
  expect(inBlackout.status).toBe(409);
  expect(inBlackout.body.message).toBe(
    `A government-assisted refugee may not arrive from ${from} to ${to} (month-day); ${blackout} falls in that period.`,
  );
  // Urgent protection: exempt from both.
  const urgent = expectOk('urgent', await gar.travel({ arrivalDate: soon, portOfEntry: 'YUL', flights: flightsTo(soon), urgent: true })).body;
  expect(urgent.travel).toMatchObject({ arrivalDate: soon, urgent: true });
});

test('rule 7: no pre-NAT to a sponsor without contact information', async () => {
  const body = { ...psrOpening(), sponsor: { ...psrOpening().sponsor!, contact: {} } };
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body });
  const j = journey(stack, opened.body.caseId);
  expectOk('approve', await j.sponsorship({ decision: 'approved' }));
  expectOk('package', await j.prApplication(await j.uploadPackage()));
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const settled = await eventually(() => j.read(), (r) => r.body.effects.every((e: { status: string }) => e.status === 'done'));
  expect(settled.body.stage).toBe('visa-issued');
  expect(await noticesOf(j)).not.toContain('pre-nat>sponsor');
});
