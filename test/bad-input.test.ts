/**
 * Spec §4 "Bad input", at the edge: every kind of bad input gets 400 (415 for a body that is not JSON)
 * in the error shape, naming the field and what is wrong, and nothing starts or changes.
 */
import { randomUUID } from 'node:crypto';
import { call, startStack, type Answer, type Stack } from './support/stack';
import { garOpening, psrOpening } from './support/fixtures';
import {
  allowedArrival,
  expectOk,
  flightsTo,
  openGar,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
  type Journey,
} from './support/journey';
import { addDays } from '../domain/calendar';
import { eventually } from './support/wait';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/**
 * Each opening here carries a visa office that names it (other test files open cases in the same
 * database at the same time): the rows of the cases table whose visa office starts with that mark.
 */
const mark = () => `edge-${randomUUID()}`;
const casesMarked = async (m: string) =>
  Number((await stack.pool.query(`SELECT count(*) FROM cases WHERE visa_office LIKE $1`, [`${m}%`])).rows[0].count);

/** What a decision can change on a case (not its effects, which move on by themselves). */
async function decided(j: Journey) {
  const { stage, outcome, onHold, csq, destination, admissibility, visa, travel, dependants, decisions } = expectOk('read', await j.read()).body;
  return { stage, outcome, onHold, csq, destination, admissibility, visa, travel, dependants, decisions };
}

/** A 400 in the error shape whose message names the field, then says what is wrong. */
function expectBadRequest(answer: Answer, field: string, what: RegExp) {
  expect(answer.status).toBe(400);
  expect(answer.body.error).toBe('bad-request');
  expect(answer.body.message.startsWith(`${field} `)).toBe(true);
  expect(answer.body.message).toMatch(what);
}

/** Opening refused: a 400 naming the field, and no case row written. `body` is given the mark. */
async function refusedOpening(body: (m: string) => object, field: string, what: RegExp, token = tokens.midi) {
  const m = mark();
  const answer = await call(stack.app, 'POST', '/applications', { token, body: body(m) });
  expectBadRequest(answer, field, what);
  expect(await casesMarked(m)).toBe(0);
}

const psrMarked = (m: string, fields: object = {}) => ({ ...psrOpening(), visaOffice: m, ...fields });
const withApplicant = (fields: object) => (m: string) =>
  psrMarked(m, { principalApplicant: { ...psrOpening().principalApplicant, ...fields } });

describe('opening a case', () => {
  test('a NUL in a name is refused, and no case is opened (it used to be a 500 from PostgreSQL)', async () => {
    await refusedOpening(
      withApplicant({ familyName: 'Exem\u0000pla' }),
      'body.principalApplicant.familyName',
      /must be text without control characters \(U\+0000 to U\+001F, U\+007F to U\+009F\)/,
    );
    await refusedOpening(withApplicant({ givenNames: 'Samira\nX' }), 'body.principalApplicant.givenNames', /without control characters/);
  });

  test('a date of birth in the future or before 1900, or that does not exist, is refused', async () => {
    await refusedOpening(
      withApplicant({ dateOfBirth: '2099-03-14' }),
      'body.principalApplicant.dateOfBirth',
      new RegExp(`is in the future: a date of birth is today \\(${today()}\\) or earlier\\.`),
    );
    const members = psrOpening().familyMembers;
    await refusedOpening(
      (m) => psrMarked(m, { familyMembers: [members[0], { ...members[1], dateOfBirth: '1899-12-31' }] }),
      'body.familyMembers.1.dateOfBirth',
      /is before 1900-01-01: a date of birth is on or after 1900-01-01\./,
    );
    await refusedOpening(
      withApplicant({ dateOfBirth: '1987-02-30' }),
      'body.principalApplicant.dateOfBirth',
      /must be a date that exists, written YYYY-MM-DD\./,
    );
  });

  test('text is trimmed: blank is empty, and what is kept has no surrounding spaces; over 200 characters is refused', async () => {
    await refusedOpening(withApplicant({ familyName: '   ' }), 'body.principalApplicant.familyName', /must not be empty\./);
    await refusedOpening(withApplicant({ givenNames: 'x'.repeat(201) }), 'body.principalApplicant.givenNames', /must be at most 200 characters long\./);
    await refusedOpening((m) => ({ ...garOpening(), visaOffice: ` ${m} Dar es\u007f Salaam` }), 'body.visaOffice', /without control characters/, tokens.rocO);
    const m = mark();
    const opened = await call(stack.app, 'POST', '/applications', {
      token: tokens.rocO,
      body: { ...garOpening(), principalApplicant: { ...garOpening().principalApplicant, familyName: '  Nkurunziza ' }, visaOffice: ` ${m}  ` },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.principalApplicant.familyName).toBe('Nkurunziza');
    expect(opened.body.visaOffice).toBe(m);
    // The mark finds the case an accepted opening wrote (so its absence above means something).
    await eventually(() => casesMarked(m), (n) => n === 1);
  });

  test("a sponsor's email is one address of at most 254 characters, trimmed like text; a list or a header is refused", async () => {
    const withEmail = (email: string) => (m: string) =>
      psrMarked(m, { sponsor: { ...psrOpening().sponsor!, contact: { email } } });
    for (const email of ['a@b.example, c@d.example', 'a@b.example\r\nBcc: c@d.example', 'Groupe <a@b.example>', 'a@@b.example']) {
      await refusedOpening(withEmail(email), 'body.sponsor.contact.email', /must be an email address\./);
    }
    await refusedOpening(withEmail(`${'a'.repeat(245)}@b.example`), 'body.sponsor.contact.email', /must be at most 254 characters long\./);
    const m = mark();
    const longest = `${'a'.repeat(244)}@b.example`;
    const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: withEmail(` ${longest} `)(m) });
    expect(opened.status).toBe(201);
    expect(opened.body.sponsor.contact.email).toBe(longest);
  });

  test('a GAR case has no sponsor; a tab or line break at either end of text is refused, not dropped', async () => {
    await refusedOpening(
      (m) => ({ ...garOpening(), visaOffice: m, sponsor: psrOpening().sponsor }),
      'body.sponsor',
      /is for a PSR case: a GAR case has no sponsor\./,
      tokens.rocO,
    );
    await refusedOpening(withApplicant({ familyName: '\tAbdelrahman' }), 'body.principalApplicant.familyName', /must be text without control characters/);
    await refusedOpening(withApplicant({ givenNames: 'Samira\n' }), 'body.principalApplicant.givenNames', /must be text without control characters/);
  });

  test('a value of the wrong type is refused, never read as another type', async () => {
    await refusedOpening((m) => ({ ...psrMarked(m), visaOffice: [m] }), 'body.visaOffice', /must be a string\./);
    await refusedOpening((m) => ({ ...psrMarked(m), visaOffice: 12345 }), 'body.visaOffice', /must be a string\./);
    await refusedOpening(
      (m) => psrMarked(m, { familyMembers: [{ ...psrOpening().familyMembers[0], accompanying: 'true' }] }),
      'body.familyMembers.0.accompanying',
      /must be true or false\./,
    );
    await refusedOpening(withApplicant({ familyName: true }), 'body.principalApplicant.familyName', /must be a string\./);
    // The query string is text: its numbers are read as numbers.
    expect((await call(stack.app, 'GET', '/applications?pageSize=2', { token: tokens.ops })).status).toBe(200);
    expectBadRequest(await call(stack.app, 'GET', '/applications?pageSize=two', { token: tokens.ops }), 'querystring.pageSize', /must be a whole number\./);
  });

  test('a body that is not UTF-8 is 400, and another charset 415: never kept as U+FFFD', async () => {
    const m = mark();
    const json = JSON.stringify(psrMarked(m));
    const send = (payload: Buffer, type = 'application/json') =>
      stack.app.inject({ method: 'POST', url: '/applications', headers: { authorization: `Bearer ${tokens.midi}`, 'content-type': type }, payload });
    const broken = Buffer.concat([Buffer.from(json.slice(0, 20)), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from(json.slice(20))]);
    const notUtf8 = await send(broken);
    expect(notUtf8.statusCode).toBe(400);
    expect(JSON.parse(notUtf8.body)).toEqual({ error: 'bad-request', message: 'The body is not valid UTF-8.' });
    const latin1 = await send(Buffer.from(json, 'latin1'), 'application/json; charset=iso-8859-1');
    expect(latin1.statusCode).toBe(415);
    expect(JSON.parse(latin1.body).message).toBe('The body must be JSON in UTF-8 (this request sent charset=iso-8859-1).');
    expect(await casesMarked(m)).toBe(0);
    expect((await send(Buffer.from(json), 'application/json; charset=UTF-8')).statusCode).toBe(201);
  });

  test('a body sent as text/plain (or any type but JSON) is 415, not "body must be object"', async () => {
    const m = mark();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await stack.app.inject({
        method: 'POST',
        url: '/applications',
        headers: { authorization: `Bearer ${tokens.midi}`, 'content-type': type },
        payload: JSON.stringify(psrMarked(m)),
      });
      expect({ type, status: res.statusCode }).toEqual({ type, status: 415 });
      const body = JSON.parse(res.body);
      expect(body.error).toBe('unsupported-media-type');
      expect(body.message).toBe(`The body must be JSON, sent with Content-Type: application/json (this request sent ${type}).`);
    }
    expect(await casesMarked(m)).toBe(0);
  });

  test('a __proto__ or constructor.prototype key is refused naming where it is; a body that is not JSON says so', async () => {
    const raw = async (payload: string) => {
      const res = await stack.app.inject({
        method: 'POST',
        url: '/applications',
        headers: { authorization: `Bearer ${tokens.midi}`, 'content-type': 'application/json; charset=utf-8' },
        payload,
      });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };
    const m = mark();
    const opening = JSON.stringify(psrMarked(m));
    expect(await raw(`{"__proto__": {"admin": true}, ${opening.slice(1)}`)).toEqual({
      status: 400,
      body: { error: 'bad-request', message: 'body has a forbidden field "__proto__".' },
    });
    const nested = JSON.stringify(psrMarked(m, { sponsor: { ...psrOpening().sponsor, contact: { constructor: { prototype: { x: 1 } } } } }));
    expect(await raw(nested)).toEqual({
      status: 400,
      body: { error: 'bad-request', message: 'body.sponsor.contact has a forbidden field "constructor.prototype".' },
    });
    expect(await raw(`${opening.slice(0, -1)},`)).toEqual({ status: 400, body: { error: 'bad-request', message: 'The body is not valid JSON.' } });
    expect(await casesMarked(m)).toBe(0);
  });
});

describe('decisions on an open GAR case', () => {
  let gar: Journey;
  beforeAll(async () => {
    gar = await openGar(stack);
  });

  test('a lone surrogate in a destination is refused and the case is unchanged', async () => {
    const before = await decided(gar);
    expectBadRequest(await gar.destination({ city: 'Sher\ud800brooke' }), 'body.city', /without control characters .* or lone UTF-16 surrogates\./);
    expectBadRequest(await gar.destination({ city: ' ' }), 'body.city', /must not be empty\./);
    expect(await decided(gar)).toEqual(before);
    expect(before.destination).toBeNull();
    // The same city, well written, is taken (trimmed).
    expect(expectOk('destination', await gar.destination({ city: ' Sherbrooke ' })).body.destination).toBe('Sherbrooke');
  });

  test('a medical exam dated 9999-06-01 is refused and admissibility stays undecided', async () => {
    const before = await decided(gar);
    expectBadRequest(
      await gar.admissibility({ decision: 'admissible', medicalExamDate: '9999-06-01' }),
      'body.medicalExamDate',
      new RegExp(`is 9999-06-01, in the future: a medical exam is recorded once it took place \\(today is ${today()}\\)\\.`),
    );
    expectBadRequest(await gar.admissibility({ decision: 'admissible', medicalExamDate: '2026-02-30' }), 'body.medicalExamDate', /must be a date that exists/);
    expect(await decided(gar)).toEqual(before);
    expect(before.admissibility).toBeNull();
  });

  test('a CSQ valid until a past date is refused; a reason over 2,000 characters too', async () => {
    const before = await decided(gar);
    expectBadRequest(
      await gar.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0007', validUntil: addDays(today(), -1) }),
      'body.validUntil',
      /: a CSQ is valid until a date after today/,
    );
    expectBadRequest(await gar.csq({ decision: 'refused', reason: 'r'.repeat(2001) }), 'body.reason', /must be at most 2000 characters long\./);
    expectBadRequest(await gar.csq({ decision: 'issued', csqNumber: 'CSQ\u00002026' }), 'body.csqNumber', /without control characters/);
    expect(await decided(gar)).toEqual(before);
    expect(before.csq.status).toBe('requested');
  });
});

describe('a PSR case with its visa', () => {
  let psr: Journey;
  let arrivalDate: string;
  beforeAll(async () => {
    psr = await psrAtOverseasProcessing(stack);
    await readyForVisa(psr, 'PSR');
    expectOk('visa', await psr.visa({ decision: 'issued' }));
    arrivalDate = allowedArrival();
  });

  const flight = (fields: object = {}) => ({ ...flightsTo(arrivalDate)[0], ...fields });
  const book = (flights: object[]) => psr.travel({ arrivalDate, portOfEntry: 'YUL', flights });

  test('a flight time 2026-02-30T25:99, or one without its UTC offset, is refused', async () => {
    const before = await decided(psr);
    expectBadRequest(
      await book([flight({ departure: '2026-02-30T25:99' })]),
      'body.flights.0.departure',
      /must be a date and time that exist, with the UTC offset, written as in RFC 3339: 2026-12-09T14:30:00Z or 2026-12-09T09:30:00-05:00\./,
    );
    expectBadRequest(await book([flight({ arrival: `${arrivalDate}T15:00:00` })]), 'body.flights.0.arrival', /with the UTC offset/);
    expectBadRequest(await book([flight({ to: 'yul' })]), 'body.flights.0.to', /must be an IATA airport code: three capital letters, e\.g\. YUL\./);
    expect(await decided(psr)).toEqual(before);
  });

  test('a flight landing ten days after the arrival date, flights out of order, or a flight landing before it departs are refused', async () => {
    const before = await decided(psr);
    const tenDaysLate = addDays(arrivalDate, 10);
    expectBadRequest(
      await book([flight({ departure: `${addDays(tenDaysLate, -1)}T20:00:00Z`, arrival: `${tenDaysLate}T15:00:00Z` })]),
      'body.flights.0.arrival',
      new RegExp(`, ${tenDaysLate} in Quebec: the last flight lands on the arrival date \\(body\\.arrivalDate ${arrivalDate}\\), a day either way\\.`),
    );
    expectBadRequest(
      await book([flight({ departure: `${arrivalDate}T16:00:00Z` })]),
      'body.flights.0.arrival',
      /, not after the flight departs \(/,
    );
    const first = flight({ to: 'CDG', departure: `${addDays(arrivalDate, -1)}T18:00:00Z`, arrival: `${arrivalDate}T05:00:00Z` });
    const second = flight({ from: 'CDG', departure: `${arrivalDate}T04:00:00Z`, arrival: `${arrivalDate}T15:00:00Z` });
    expectBadRequest(await book([first, second]), 'body.flights.1.departure', /not after the previous flight lands/);
    expectBadRequest(await book([flight({ to: 'YYZ' })]), 'body.flights.0.to', /is YYZ: the last flight lands at the port of entry \(body\.portOfEntry YUL\)\./);
    expectBadRequest(
      await psr.travel({ arrivalDate: '2026-02-30', portOfEntry: 'YUL', flights: [] }),
      'body.arrivalDate',
      /must be a date that exists, written YYYY-MM-DD\./,
    );
    expect(await decided(psr)).toEqual(before);
    expect(before.travel).toBeNull();
    // The same booking, flown as it can be, is taken.
    const booked = expectOk('travel', await book([first, { ...second, departure: `${arrivalDate}T07:00:00Z` }])).body;
    expect(booked.stage).toBe('travel-booked');
  });

  test('a dependant born in 2099 is refused and none is added', async () => {
    const before = await decided(psr);
    const child = { ...psrOpening().familyMembers[0], givenNames: 'Lina', dateOfBirth: '2099-02-02' };
    expectBadRequest(await psr.dependant({ dependant: child }), 'body.dependant.dateOfBirth', /is in the future: a date of birth is today/);
    expect(await decided(psr)).toEqual(before);
    expect(before.dependants).toEqual([]);
  });

  test('a withdrawal reason that is blank, or has a control character, is refused', async () => {
    const before = await decided(psr);
    expectBadRequest(await psr.withdrawal({ reason: '   ' }), 'body.reason', /must not be empty\./);
    expectBadRequest(await psr.withdrawal({ reason: ' \t ' }), 'body.reason', /without control characters/);
    expectBadRequest(await psr.withdrawal({ reason: 'moved\u0007away' }), 'body.reason', /without control characters/);
    expect(await decided(psr)).toEqual(before);
  });
});
