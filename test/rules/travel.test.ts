/** Rule 8, the travel dates, as pure functions: (case, request, policy, today) -> refusal or null. */
import { openCase, type CaseState } from '../../domain/case';
import { resolvePolicy } from '../../domain/policy';
import { startOfQuebecDay } from '../../domain/calendar';
import { travelRefusal } from '../../workflows/rules/travel';
import { garOpening, psrOpening } from '../support/fixtures';

const policy = resolvePolicy();
const now = startOfQuebecDay('2026-11-25') + 10 * 3_600_000; // Wednesday, 10:00 in Montreal
const ctx = { policy, now };
const flights = [
  { carrier: 'AC', number: '881', from: 'NBO', to: 'YUL', departure: '2027-01-12T22:00:00Z', arrival: '2027-01-13T14:00:00Z' },
];

function withVisa(stream: 'PSR' | 'GAR'): CaseState {
  const s = openCase({ ...(stream === 'PSR' ? psrOpening() : garOpening()), caseId: 'c1', policy }, now);
  s.stage = 'visa-issued';
  s.visa = { status: 'issued', expiresOn: '2027-06-01' };
  return s;
}

const travel = (arrivalDate: string, extra: object = {}) => ({ arrivalDate, portOfEntry: 'YUL', flights, ...extra });

test('the arrival date comes at least natLeadTime working days after today', () => {
  expect(travelRefusal(withVisa('PSR'), travel('2026-12-08'), ctx)?.en).toMatch(/from 2026-12-09/);
  expect(travelRefusal(withVisa('PSR'), travel('2026-12-09'), ctx)).toBeNull();
  const noLead = { policy: resolvePolicy({ natLeadTime: '0 working days' }), now };
  expect(travelRefusal(withVisa('PSR'), travel('2026-11-25'), noLead)).toBeNull();
});

test('the arrival date is before the visa expires', () => {
  expect(travelRefusal(withVisa('PSR'), travel('2027-06-01'), ctx)?.en).toMatch(/before the visa expires/);
});

test('a GAR arrives at YUL, Monday to Thursday, outside December 15-31 and June 24 - July 7', () => {
  const gar = withVisa('GAR');
  expect(travelRefusal(gar, travel('2027-01-12', { portOfEntry: 'YYZ' }), ctx)?.en).toMatch(/Montréal–Trudeau/);
  expect(travelRefusal(gar, travel('2027-01-15'), ctx)?.en).toMatch(/Friday/);
  expect(travelRefusal(gar, travel('2027-01-16'), ctx)?.en).toMatch(/Saturday/);
  expect(travelRefusal(gar, travel('2027-01-17'), ctx)?.en).toMatch(/Sunday/);
  expect(travelRefusal(gar, travel('2026-12-15'), ctx)?.en).toMatch(/12-15 to 12-31/);
  expect(travelRefusal(gar, travel('2027-05-25'), ctx)).toBeNull();
  const summer = { ...gar, visa: { status: 'issued' as const, expiresOn: '2027-12-01' } };
  expect(travelRefusal(summer, travel('2027-06-24'), ctx)?.en).toMatch(/06-24 to 07-07/);
  expect(travelRefusal(summer, travel('2027-07-07'), ctx)?.en).toMatch(/06-24 to 07-07/);
  expect(travelRefusal(summer, travel('2027-07-08'), ctx)).toBeNull();
  expect(travelRefusal(gar, travel('2027-01-12'), ctx)).toBeNull();
});

test('an urgent GAR is exempt from the lead time and the dates; urgent on a PSR is refused', () => {
  expect(travelRefusal(withVisa('GAR'), travel('2026-12-26', { urgent: true }), ctx)).toBeNull();
  expect(travelRefusal(withVisa('GAR'), travel('2026-11-27', { urgent: true }), ctx)).toBeNull();
  expect(travelRefusal(withVisa('GAR'), travel('2026-11-27', { urgent: true, portOfEntry: 'YYZ' }), ctx)?.en).toMatch(/YUL/);
  expect(travelRefusal(withVisa('PSR'), travel('2027-01-12', { urgent: true }), ctx)?.en).toMatch(/Only a government-assisted/);
});

test('a PSR may arrive any day at any port', () => {
  expect(travelRefusal(withVisa('PSR'), travel('2026-12-26', { portOfEntry: 'YYZ' }), ctx)).toBeNull();
});
