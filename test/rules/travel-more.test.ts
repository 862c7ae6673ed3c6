/** Rules 8, 10 and 18 in words: when travel is booked, when an arrival is recorded, and what each refusal says. */
import { decisionRefusal } from '../../workflows/rules';
import { arrivalRefusal, GAR_BLACKOUTS, GAR_PORT_OF_ENTRY, travelRefusal } from '../../workflows/rules/travel';
import { arrived, ctx, garCase, psrAbroad, withVisa } from './states';

const booking = (arrivalDate: string, extra: object = {}) => ({ arrivalDate, portOfEntry: 'YUL', flights: [], ...extra });

test('rule 8: travel is booked once the visa is issued, and re-booked until arrival', () => {
  expect(decisionRefusal('travel', withVisa(psrAbroad()), booking('2026-12-10'), ctx)).toBeNull();
  expect(travelRefusal(withVisa(psrAbroad(), '2026-12-10'), booking('2026-12-11'), ctx)).toBeNull();
  expect(travelRefusal(psrAbroad(), booking('2026-12-10'), ctx)?.en).toBe(
    'Travel is booked once the visa is issued and before arrival; the case is at overseas-processing.',
  );
  expect(travelRefusal(arrived(psrAbroad()), booking('2026-12-10'), ctx)?.en).toBe('Travel is booked once the visa is issued and before arrival; the case is at arrived.');
});

test('rule 18: the same booking sent again is accepted even once its date is too near', () => {
  const s = withVisa(psrAbroad(), '2026-12-10');
  expect(travelRefusal(s, booking('2026-12-10'), { ...ctx, now: Date.parse('2026-12-09T15:00:00Z') })).toBeNull();
  expect(travelRefusal(s, booking('2026-12-11'), { ...ctx, now: Date.parse('2026-12-09T15:00:00Z') })?.en).toBe(
    'The arrival date 2026-12-11 leaves too little notice: the NAT lead time allows arrivals from 2026-12-23.',
  );
});

test('rule 11: no booking while MIDI reassesses the sponsorship', () => {
  const s = withVisa(psrAbroad());
  s.sponsorship.reassessment = true;
  expect(travelRefusal(s, booking('2026-12-10'), ctx)?.en).toBe('The case is on hold until MIDI reassesses the sponsorship (a dependant was added).');
});

test('rule 8: the refusals in words', () => {
  expect(travelRefusal(withVisa(psrAbroad()), booking('2026-12-10', { urgent: true }), ctx)?.en).toBe(
    'Only a government-assisted refugee (GAR) case may be flagged urgent (urgent protection).',
  );
  expect(travelRefusal(withVisa(psrAbroad()), booking('2027-06-01'), ctx)?.en).toBe('The arrival date 2027-06-01 must be before the visa expires (2027-06-01).');
  expect(travelRefusal(withVisa(psrAbroad()), booking('2027-05-31'), ctx)).toBeNull();
  expect(travelRefusal(withVisa(psrAbroad()), booking('2026-12-08'), ctx)?.en).toBe(
    'The arrival date 2026-12-08 leaves too little notice: the NAT lead time allows arrivals from 2026-12-09.',
  );
  const gar = withVisa(garCase());
  expect(travelRefusal(gar, booking('2027-01-12', { portOfEntry: 'YYZ' }), ctx)?.en).toBe(
    'A government-assisted refugee arrives at Montréal–Trudeau (YUL), not YYZ.',
  );
  expect(travelRefusal(gar, booking('2027-01-15'), ctx)?.en).toBe(
    'A government-assisted refugee may not arrive on a Friday, Saturday or Sunday (2027-01-15 is a Friday).',
  );
  expect(travelRefusal(gar, booking('2027-01-17'), ctx)?.en).toBe(
    'A government-assisted refugee may not arrive on a Friday, Saturday or Sunday (2027-01-17 is a Sunday).',
  );
  expect(travelRefusal(gar, booking('2026-12-31'), ctx)?.en).toBe(
    'A government-assisted refugee may not arrive from 12-15 to 12-31 (month-day); 2026-12-31 falls in that period.',
  );
  expect(travelRefusal(gar, booking('2027-05-25', { urgent: true, portOfEntry: 'YYZ' }), ctx)?.en).toBe(
    'A government-assisted refugee arrives at Montréal–Trudeau (YUL), not YYZ.',
  );
});

test('rule 8: a GAR arrives Monday to Thursday, outside the blackouts, whose edges are inclusive', () => {
  const gar = withVisa(garCase());
  gar.visa.expiresOn = '2027-12-01';
  expect(travelRefusal(gar, booking('2026-12-14'), ctx)).toBeNull(); // a Monday, the day before the winter blackout
  expect(travelRefusal(gar, booking('2027-01-11'), ctx)).toBeNull(); // Monday
  expect(travelRefusal(gar, booking('2027-01-14'), ctx)).toBeNull(); // Thursday
  expect(travelRefusal(gar, booking('2027-06-23'), ctx)).toBeNull(); // Wednesday, the day before the summer blackout
  expect(travelRefusal(gar, booking('2027-06-24'), ctx)?.en).toBe(
    'A government-assisted refugee may not arrive from 06-24 to 07-07 (month-day); 2027-06-24 falls in that period.',
  );
  expect(GAR_PORT_OF_ENTRY).toBe('YUL');
  expect(GAR_BLACKOUTS).toEqual([
    ['12-15', '12-31'],
    ['06-24', '07-07'],
  ]);
});

test('rule 10: an arrival is recorded once travel is booked, on a date that has come', () => {
  const s = withVisa(psrAbroad(), '2026-11-25');
  expect(decisionRefusal('arrival', s, { arrivedOn: '2026-11-25', portOfEntry: 'YUL' }, ctx)).toBeNull();
  expect(arrivalRefusal(s, { arrivedOn: '2026-11-26', portOfEntry: 'YUL' }, ctx)?.en).toBe(
    'The arrival date 2026-11-26 is in the future; record an arrival once it happened.',
  );
  expect(arrivalRefusal(withVisa(psrAbroad()), { arrivedOn: '2026-11-25', portOfEntry: 'YUL' }, ctx)?.en).toBe(
    'An arrival is recorded once travel is booked; the case is at visa-issued.',
  );
});
