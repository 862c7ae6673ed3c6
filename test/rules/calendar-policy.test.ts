/** Quebec calendar dates, working days and policy durations, without a server. */
import { addWorkingDays, quebecDate, startOfQuebecDay } from '../../domain/calendar';
import { addDuration, dateAfter, parseDuration, resolvePolicy } from '../../domain/policy';

test('a Quebec date is the date on the wall clock in Montreal, not in UTC', () => {
  // 2026-11-25 03:00 UTC is still the 24th in Montreal (UTC-5).
  expect(quebecDate(Date.parse('2026-11-25T03:00:00Z'))).toBe('2026-11-24');
  expect(quebecDate(Date.parse('2026-11-25T05:00:00Z'))).toBe('2026-11-25');
  expect(new Date(startOfQuebecDay('2026-11-25')).toISOString()).toBe('2026-11-25T05:00:00.000Z');
  expect(new Date(startOfQuebecDay('2026-07-01')).toISOString()).toBe('2026-07-01T04:00:00.000Z');
});

test('working days skip Saturdays and Sundays; zero working days is the same day', () => {
  expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday + 1 = Monday
  expect(addWorkingDays('2026-11-25', 10)).toBe('2026-12-09');
  expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-28');
  expect(dateAfter('2026-11-25', parseDuration('10 working days'))).toBe('2026-12-09');
});

test('durations read as the spec writes them', () => {
  expect(parseDuration('30 days')).toEqual({ ms: 30 * 86_400_000 });
  expect(parseDuration('2s')).toEqual({ ms: 2000 });
  expect(parseDuration('1500ms')).toEqual({ ms: 1500 });
  expect(parseDuration('2 hours')).toEqual({ ms: 7_200_000 });
  expect(parseDuration('1 working day')).toEqual({ workingDays: 1 });
  expect(parseDuration('10 working days')).toEqual({ workingDays: 10 });
  expect(parseDuration('48 months')).toEqual({ ms: 4 * 365.25 * 86_400_000 });
  expect(() => parseDuration('soon')).toThrow(/not a duration/);
  expect(() => parseDuration('3 fortnights')).toThrow(/unknown unit/);
});

test('a policy file overrides any key and names a bad one', () => {
  const policy = resolvePolicy({ midiFollowUp: '2s' });
  expect(policy.midiFollowUp).toEqual({ ms: 2000 });
  expect(policy.prApplicationDeadline).toEqual({ ms: 120 * 86_400_000 });
  expect(() => resolvePolicy({ midiFollowup: '2s' })).toThrow(/unknown policy key "midiFollowup"/);
  expect(() => resolvePolicy({ midiFollowUp: 'often' })).toThrow(/midiFollowUp/);
  expect(addDuration(0, { ms: 5 })).toBe(5);
});

test('a visa valid 30 days from a date before the change to standard time ends on the calendar date 30 days on', () => {
  expect(dateAfter('2025-10-30', parseDuration('30 days'))).toBe('2025-11-29');
  expect(dateAfter('2026-02-15', parseDuration('365 days'))).toBe('2027-02-15');
});

test('a duration may have decimals: "0.25 days" is six hours', () => {
  expect(parseDuration('0.25 days')).toEqual({ ms: 6 * 3_600_000 });
  expect(parseDuration('1.5 working days')).toEqual({ workingDays: 1.5 });
});

test('a policy key or a unit that only an object\'s prototype has is refused, never read', () => {
  expect(() => resolvePolicy({ toString: '1 day' })).toThrow('unknown policy key "toString"');
  expect(() => parseDuration('1 constructor')).toThrow('"1 constructor" has an unknown unit "constructor"');
  expect(() => parseDuration('3 hasOwnProperty')).toThrow('has an unknown unit');
});
