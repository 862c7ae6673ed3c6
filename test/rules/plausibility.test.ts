/** Spec §4 "Bad input" that needs no case, as pure functions of the body and Quebec's date today; no server. */
import {
  admissibilityImplausible,
  birthDateImplausible,
  csqImplausible,
  dependantImplausible,
  openingImplausible,
  travelImplausible,
} from '../../domain/plausibility';
import { isCalendarDate, isDateTime, isIata, isText } from '../../domain/formats';
import { garOpening, psrOpening } from '../support/fixtures';

const today = '2026-11-25';
const said = (found: { field: string; message: string } | null) => (found ? `${found.field} ${found.message}` : null);

describe('formats', () => {
  test('a date exists on the calendar and is written YYYY-MM-DD', () => {
    for (const ok of ['2026-02-28', '2028-02-29', '2000-02-29', '1900-01-01', '2026-12-31']) expect([ok, isCalendarDate(ok)]).toEqual([ok, true]);
    for (const bad of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-5', '26-01-05', '2026-01-05T00:00:00Z', ' 2026-01-05', ''])
      expect([bad, isCalendarDate(bad)]).toEqual([bad, false]);
  });

  test('a date and time is RFC 3339 with its offset, the date and the time both existing', () => {
    for (const ok of ['2026-12-09T14:30:00Z', '2026-12-09T09:30:00-05:00', '2026-12-09T23:59:59.123+14:00', '2028-02-29t00:00:00z'])
      expect([ok, isDateTime(ok)]).toEqual([ok, true]);
    for (const bad of [
      '2026-02-30T25:99', // the example of the issue: no such day, hour or minute, no offset
      '2026-12-09T09:30', // no offset
      '2026-12-09T09:30:00', // no offset
      '2026-12-09T14:30Z', // no seconds (RFC 3339 has them)
      '2026-02-30T10:00:00Z',
      '2026-12-09T24:00:00Z',
      '2026-12-09T23:60:00Z',
      '2026-12-09T23:59:60Z',
      '2026-12-09T10:00:00+24:00',
      '2026-12-09T10:00:00+05:60',
      '2026-12-09T10:00:00+0500',
      '2026-12-09 10:00:00Z',
      'tomorrow',
    ])
      expect([bad, isDateTime(bad)]).toEqual([bad, false]);
  });

  test('text has no control characters and no lone surrogates; accents, emoji and other scripts are text', () => {
    for (const ok of ['Exemplâ', 'Nguyễn', 'محمد', 'O’Brien-Smith', 'famille 👪', 'Saint-Jean-sur-Richelieu']) expect([ok, isText(ok)]).toEqual([ok, true]);
    for (const bad of ['Exem\u0000pla', 'a\tb', 'line\nbreak', 'del\u007f', 'Sher\ud800brooke', 'x\udc00', '\ud83d']) expect([bad, isText(bad)]).toEqual([bad, false]);
  });

  test('an IATA code is three capital letters', () => {
    expect(['YUL', 'yul', 'YU', 'YULL'].map(isIata)).toEqual([true, false, false, false]);
  });
});

describe('dates of birth', () => {
  test('in the past (a child born today may be declared) and on or after 1900-01-01', () => {
    expect(birthDateImplausible('body.x', '1987-03-14', today)).toBeNull();
    expect(birthDateImplausible('body.x', today, today)).toBeNull();
    expect(birthDateImplausible('body.x', '1900-01-01', today)).toBeNull();
    expect(said(birthDateImplausible('body.x', '2026-11-26', today))).toBe(
      'body.x is in the future: a date of birth is today (2026-11-25) or earlier.',
    );
    expect(said(birthDateImplausible('body.x', '1899-12-31', today))).toBe('body.x is before 1900-01-01: a date of birth is on or after 1900-01-01.');
  });

  test('an opening names the principal applicant or the family member whose date is wrong', () => {
    expect(openingImplausible(psrOpening(), today)).toBeNull();
    expect(openingImplausible(garOpening(), today)).toBeNull();
    const future = { ...psrOpening(), principalApplicant: { ...psrOpening().principalApplicant, dateOfBirth: '2099-01-01' } };
    expect(openingImplausible(future, today)?.field).toBe('body.principalApplicant.dateOfBirth');
    const members = psrOpening().familyMembers;
    const oldMember = { ...psrOpening(), familyMembers: [members[0], { ...members[1], dateOfBirth: '1850-05-05' }] };
    expect(said(openingImplausible(oldMember, today))).toMatch(/^body\.familyMembers\.1\.dateOfBirth is before 1900-01-01: .* on or after 1900-01-01/);
  });

  test('a dependant', () => {
    const child = { ...psrOpening().familyMembers[0], dateOfBirth: '2020-02-02' };
    expect(dependantImplausible({ dependant: child }, today)).toBeNull();
    expect(dependantImplausible({ dependant: { ...child, dateOfBirth: '2027-01-01' } }, today)?.field).toBe('body.dependant.dateOfBirth');
  });
});

test('a medical exam took place: not in the future; none given is fine', () => {
  expect(admissibilityImplausible({ decision: 'admissible', medicalExamDate: today }, today)).toBeNull();
  expect(admissibilityImplausible({ decision: 'admissible' }, today)).toBeNull();
  expect(said(admissibilityImplausible({ decision: 'admissible', medicalExamDate: '9999-06-01' }, today))).toBe(
    'body.medicalExamDate is 9999-06-01, in the future: a medical exam is recorded once it took place (today is 2026-11-25).',
  );
  expect(admissibilityImplausible({ decision: 'inadmissible', medicalExamDate: '2026-11-26' }, today)?.field).toBe('body.medicalExamDate');
});

test('a CSQ is valid until a date in the future', () => {
  expect(csqImplausible({ decision: 'issued', csqNumber: 'CSQ-1', validUntil: '2026-11-26' }, today)).toBeNull();
  expect(csqImplausible({ decision: 'issued', csqNumber: 'CSQ-1' }, today)).toBeNull();
  expect(said(csqImplausible({ decision: 'issued', validUntil: today }, today))).toBe(
    'body.validUntil is 2026-11-25: a CSQ is valid until a date after today (2026-11-25).',
  );
});

describe('flights', () => {
  const leg = (from: string, to: string, departure: string, arrival: string) => ({ carrier: 'AC', number: '881', from, to, departure, arrival });
  const nairobiParis = leg('NBO', 'CDG', '2027-01-12T21:00:00+03:00', '2027-01-13T06:00:00+01:00');
  const parisMontreal = leg('CDG', 'YUL', '2027-01-13T10:30:00+01:00', '2027-01-13T12:10:00-05:00');
  const booking = (flights: object[], arrivalDate = '2027-01-13', portOfEntry = 'YUL') =>
    ({ arrivalDate, portOfEntry, flights }) as Parameters<typeof travelImplausible>[0];

  test('connecting flights in order, landing at the port of entry on the arrival date, are plausible; so are no flights yet', () => {
    expect(travelImplausible(booking([nairobiParis, parisMontreal]), today)).toBeNull();
    expect(travelImplausible(booking([]), today)).toBeNull();
  });

  test('each flight lands after it departs', () => {
    const backwards = { ...parisMontreal, arrival: '2027-01-13T04:00:00-05:00' }; // 09:00 UTC, before the 09:30 UTC departure
    expect(said(travelImplausible(booking([nairobiParis, backwards]), today))).toBe(
      'body.flights.1.arrival is 2027-01-13T04:00:00-05:00, not after the flight departs (2027-01-13T10:30:00+01:00).',
    );
  });

  test('no flight lasts more than 24 hours', () => {
    const sevenYears = { ...parisMontreal, departure: '2020-01-13T10:30:00+01:00' };
    expect(said(travelImplausible(booking([sevenYears]), today))).toBe(
      'body.flights.0.arrival is 2027-01-13T12:10:00-05:00, more than 24 hours after the flight departs (2020-01-13T10:30:00+01:00).',
    );
    const dayLong = { ...parisMontreal, departure: '2027-01-12T18:10:00Z' };
    expect(travelImplausible(booking([dayLong]), today)).toBeNull();
  });

  test('each flight departs after the previous one lands', () => {
    const tooEarly = { ...parisMontreal, departure: '2027-01-13T05:30:00+01:00', arrival: '2027-01-13T07:10:00-05:00' };
    expect(said(travelImplausible(booking([nairobiParis, tooEarly]), today))).toMatch(
      /^body\.flights\.1\.departure is 2027-01-13T05:30:00\+01:00, not after the previous flight lands \(2027-01-13T06:00:00\+01:00\)/,
    );
    expect(travelImplausible(booking([parisMontreal, nairobiParis]), today)?.field).toBe('body.flights.1.departure');
  });

  test('the last flight lands at the port of entry', () => {
    expect(said(travelImplausible(booking([nairobiParis]), today))).toBe(
      'body.flights.0.to is CDG: the last flight lands at the port of entry (body.portOfEntry YUL).',
    );
  });

  test('the last flight lands on the arrival date in Quebec, a day either way', () => {
    expect(travelImplausible(booking([nairobiParis, parisMontreal], '2027-01-12'), today)).toBeNull();
    expect(travelImplausible(booking([nairobiParis, parisMontreal], '2027-01-14'), today)).toBeNull();
    // 02:00 UTC on the 14th is still the 13th in Montreal (21:00 EST).
    const late = { ...parisMontreal, arrival: '2027-01-14T02:00:00Z' };
    expect(travelImplausible(booking([nairobiParis, late], '2027-01-12'), today)).toBeNull();
    expect(said(travelImplausible(booking([nairobiParis, parisMontreal], '2027-01-03'), today))).toBe(
      'body.flights.1.arrival is 2027-01-13T12:10:00-05:00, 2027-01-13 in Quebec: the last flight lands on the arrival date (body.arrivalDate 2027-01-03), a day either way.',
    );
    expect(travelImplausible(booking([nairobiParis, parisMontreal], '2027-01-15'), today)?.field).toBe('body.flights.1.arrival');
  });
});

test('text that would read as other text is refused: invisible format characters and noncharacters', () => {
  for (const hidden of ['\u200b', '\u200e\u200f', '\ufeff', 'Doe\u061c', 'Doe\u00ad', 'Doe\ufff9', 'Doe\u{e0041}', 'Doe\uffff']) {
    expect({ hidden, text: isText(hidden) }).toEqual({ hidden, text: false });
  }
  // Names as written in their own scripts, and the joiners some of them need, are text.
  for (const name of ['Zoë', 'Nguyễn', 'محمد', 'می\u200cخواهم', 'Ōsaka', 'José-María']) {
    expect({ name, text: isText(name) }).toEqual({ name, text: true });
  }
});

test('a flight lands somewhere else than where it departs', () => {
  const flight = { carrier: 'AC', number: '881', from: 'YUL', to: 'YUL', departure: '2027-01-13T01:00:00Z', arrival: '2027-01-13T15:00:00Z' };
  expect(said(travelImplausible({ arrivalDate: '2027-01-13', portOfEntry: 'YUL', flights: [flight] }, today))).toBe(
    'body.flights.0.to is YUL, the airport the flight departs from.',
  );
});
