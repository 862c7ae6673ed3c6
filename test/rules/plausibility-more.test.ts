/** Spec §4: flights at the edges of the possible (the same instant is not after). */
import { openingImplausible, travelImplausible } from '../../domain/plausibility';
import { psrOpening } from '../support/fixtures';

const today = '2026-11-25';
const leg = (from: string, to: string, departure: string, arrival: string) => ({ carrier: 'AC', number: '881', from, to, departure, arrival });
const booking = (flights: ReturnType<typeof leg>[], arrivalDate = '2027-01-13') => ({ arrivalDate, portOfEntry: 'YUL', flights });

test('a flight that lands the instant it departs does not land after it departs', () => {
  expect(travelImplausible(booking([leg('CDG', 'YUL', '2027-01-13T17:00:00Z', '2027-01-13T12:00:00-05:00')]), today)).toEqual({
    field: 'body.flights.0.arrival',
    message: 'is 2027-01-13T12:00:00-05:00, not after the flight departs (2027-01-13T17:00:00Z).',
  });
});

test('a connection that departs the instant the previous flight lands does not depart after it', () => {
  const first = leg('NBO', 'CDG', '2027-01-12T21:00:00+03:00', '2027-01-13T06:00:00+01:00');
  const second = leg('CDG', 'YUL', '2027-01-13T05:00:00Z', '2027-01-13T12:10:00-05:00');
  expect(travelImplausible(booking([first, second]), today)).toEqual({
    field: 'body.flights.1.departure',
    message:
      'is 2027-01-13T05:00:00Z, not after the previous flight lands (2027-01-13T06:00:00+01:00): list the flights in the order they are flown.',
  });
  expect(travelImplausible(booking([first, { ...second, departure: '2027-01-13T05:00:01Z' }]), today)).toBeNull();
});

test('the last flight may land the day before or after the arrival date, not two', () => {
  const landing = leg('CDG', 'YUL', '2027-01-13T10:30:00+01:00', '2027-01-13T12:10:00-05:00');
  expect(travelImplausible(booking([landing], '2027-01-11'), today)?.message).toBe(
    'is 2027-01-13T12:10:00-05:00, 2027-01-13 in Quebec: the last flight lands on the arrival date (body.arrivalDate 2027-01-11), a day either way.',
  );
  expect(travelImplausible(booking([landing], '2027-01-15'), today)?.field).toBe('body.flights.0.arrival');
});

test('an opening names the first date of birth that is wrong, in the order of the body', () => {
  const body = psrOpening();
  body.familyMembers = body.familyMembers.map((m) => ({ ...m, dateOfBirth: '2030-01-01' }));
  expect(openingImplausible(body, today)).toEqual({
    field: 'body.familyMembers.0.dateOfBirth',
    message: 'is in the future: a date of birth is today (2026-11-25) or earlier.',
  });
});

test('a flight of exactly 24 hours is possible; a second more is not', () => {
  const dayLong = leg('SYD', 'YUL', '2027-01-12T17:10:00Z', '2027-01-13T12:10:00-05:00');
  expect(travelImplausible(booking([dayLong]), today)).toBeNull();
  expect(travelImplausible(booking([{ ...dayLong, departure: '2027-01-12T17:09:59Z' }]), today)).toEqual({
    field: 'body.flights.0.arrival',
    message: 'is 2027-01-13T12:10:00-05:00, more than 24 hours after the flight departs (2027-01-12T17:09:59Z).',
  });
});
