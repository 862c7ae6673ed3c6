/** Quebec's calendar across daylight time, working days, durations as written, and the formats of spec §4. */
import { addDays, addWorkingDays, dayOfWeek, isCalendarDate, isWorkingDay, quebecDate, startOfQuebecDay } from '../../domain/calendar';
import { addDuration, dateAfter, DEFAULT_POLICY_TEXT, fractionOf, parseDuration, resolvePolicy } from '../../domain/policy';
import { FORMATS, isDateTime, registerFormats } from '../../domain/formats';
import { DONE_EFFECTS_KEPT, PERMANENT_EFFECT_FAILURE, retryEffectUpdate } from '../../domain/effects';

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

test('a Quebec day begins at local midnight, on the days daylight time starts and ends too', () => {
  expect(iso(startOfQuebecDay('2026-03-08'))).toBe('2026-03-08T05:00:00.000Z'); // daylight time starts at 02:00
  expect(iso(startOfQuebecDay('2026-03-09'))).toBe('2026-03-09T04:00:00.000Z');
  expect(iso(startOfQuebecDay('2026-11-01'))).toBe('2026-11-01T04:00:00.000Z'); // standard time at 02:00
  expect(iso(startOfQuebecDay('2026-11-02'))).toBe('2026-11-02T05:00:00.000Z');
  expect(iso(startOfQuebecDay('2027-01-01'))).toBe('2027-01-01T05:00:00.000Z');
});

test('the Quebec date changes at local midnight, to the millisecond', () => {
  const start = startOfQuebecDay('2026-07-01');
  expect(quebecDate(start)).toBe('2026-07-01');
  expect(quebecDate(start - 1)).toBe('2026-06-30');
  expect(quebecDate(start + DAY - 1)).toBe('2026-07-01');
  expect(quebecDate(Date.parse('2026-12-31T23:30:00-05:00'))).toBe('2026-12-31');
  expect(quebecDate(Date.parse('2027-01-01T00:30:00-05:00'))).toBe('2027-01-01');
  expect(quebecDate(Date.parse('2026-03-08T12:34:56.789Z'))).toBe('2026-03-08');
});

test('calendar days and weekdays', () => {
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  expect(addDays('2026-11-01', 1)).toBe('2026-11-02');
  expect(['2026-11-22', '2026-11-23', '2026-11-27', '2026-11-28'].map(dayOfWeek)).toEqual([0, 1, 5, 6]);
  expect(['2026-11-22', '2026-11-23', '2026-11-27', '2026-11-28'].map(isWorkingDay)).toEqual([false, true, true, false]);
  expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday + 1 = Monday
  expect(addWorkingDays('2026-11-26', 2)).toBe('2026-11-30'); // Thursday + 2 = Monday
  expect(addWorkingDays('2026-11-23', 4)).toBe('2026-11-27');
});

test('a date is checked against the calendar', () => {
  expect(isCalendarDate('2026-11-25')).toBe(true);
  expect(isCalendarDate('x2026-11-25')).toBe(false);
  expect(isCalendarDate('2026-11-255')).toBe(false);
  expect(isCalendarDate('2026-11-31')).toBe(false);
});

describe('durations', () => {
  test('every unit, any case, spaces and decimals', () => {
    expect(parseDuration(' 2.5 Hours ')).toEqual({ ms: 9_000_000 });
    expect(parseDuration('3 sec')).toEqual({ ms: 3000 });
    expect(parseDuration('1 second')).toEqual({ ms: 1000 });
    expect(parseDuration('5m')).toEqual({ ms: 300_000 });
    expect(parseDuration('5 min')).toEqual({ ms: 300_000 });
    expect(parseDuration('5 minutes')).toEqual({ ms: 300_000 });
    expect(parseDuration('1h')).toEqual({ ms: 3_600_000 });
    expect(parseDuration('2d')).toEqual({ ms: 2 * DAY });
    expect(parseDuration('2 weeks')).toEqual({ ms: 14 * DAY });
    expect(parseDuration('1 year')).toEqual({ ms: 365.25 * DAY });
    expect(parseDuration('1 month')).toEqual({ ms: (365.25 / 12) * DAY });
    expect(parseDuration('250 milliseconds')).toEqual({ ms: 250 });
    expect(parseDuration('10 Working  Days')).toEqual({ workingDays: 10 });
    expect(parseDuration('0 working days')).toEqual({ workingDays: 0 });
  });

  test('what is not a duration is refused in words', () => {
    expect(() => parseDuration('soon')).toThrow('"soon" is not a duration such as "30 days", "2s" or "10 working days"');
    expect(() => parseDuration('days 30')).toThrow('is not a duration');
    expect(() => parseDuration('30 days ago 2')).toThrow('is not a duration');
    expect(() => parseDuration('-3 days')).toThrow('is not a duration');
    expect(() => parseDuration('3 fortnights')).toThrow('"3 fortnights" has an unknown unit "fortnights"');
    expect(() => parseDuration('3 dayss')).toThrow('unknown unit "dayss"');
  });

  test('the default policy is the spec table', () => {
    expect(DEFAULT_POLICY_TEXT).toMatchObject({
      prApplicationDeadline: '120 days',
      midiFollowUp: '30 days',
      undertakingLapse: '48 months',
      medicalValidity: '365 days',
      natLeadTime: '10 working days',
      noShowAfter: '2 days',
      sponsorshipPeriod: '365 days',
      settlementReportDue: '90 days',
      oywWindow: '365 days',
      attentionReportCron: '0 6 * * *',
    });
    expect(resolvePolicy()).toMatchObject({
      prApplicationDeadline: { ms: 120 * DAY },
      natLeadTime: { workingDays: 10 },
      undertakingLapse: { ms: 1461 * DAY },
      attentionReportCron: '0 6 * * *',
    });
    expect(resolvePolicy({ attentionReportCron: '0 7 * * 1-5' }).attentionReportCron).toBe('0 7 * * 1-5');
  });

  test('a policy file with a bad key or value is refused, naming it', () => {
    expect(() => resolvePolicy({ midiFollowUp: 30 })).toThrow('policy key "midiFollowUp" must be a string such as "30 days"');
    expect(() => resolvePolicy({ noShowAfter: 'later' })).toThrow(
      'policy key "noShowAfter": "later" is not a duration such as "30 days", "2s" or "10 working days"',
    );
  });

  test('working days keep the time of day, across a week-end and the change to standard time', () => {
    const friday10h = Date.parse('2026-10-30T10:00:00-04:00');
    expect(iso(addDuration(friday10h, { workingDays: 1 }))).toBe('2026-11-02T15:00:00.000Z'); // Monday 10:00 EST
    expect(iso(addDuration(friday10h, { workingDays: 0 }))).toBe('2026-10-30T14:00:00.000Z');
    expect(iso(addDuration(friday10h, { ms: DAY }))).toBe('2026-10-31T14:00:00.000Z');
  });

  test('a fraction of a duration', () => {
    const t = Date.parse('2026-11-25T15:00:00Z');
    expect(iso(fractionOf(t, { ms: 120 * DAY }, 1 / 2))).toBe('2027-01-24T15:00:00.000Z');
    expect(iso(fractionOf(t, { workingDays: 2 }, 1 / 2))).toBe('2026-11-26T15:00:00.000Z');
  });

  test('the first date a duration after a date: whole days on the calendar, hours on the clock', () => {
    expect(dateAfter('2026-03-07', { ms: DAY })).toBe('2026-03-08');
    expect(dateAfter('2026-03-07', { ms: 2 * DAY })).toBe('2026-03-09');
    expect(dateAfter('2026-11-25', { ms: 36 * 3_600_000 })).toBe('2026-11-26');
    expect(dateAfter('2026-11-25', { ms: 12 * 3_600_000 })).toBe('2026-11-25');
    expect(dateAfter('2026-11-27', { workingDays: 1 })).toBe('2026-11-30');
  });
});

describe('formats (spec §4)', () => {
  test('date-time edges: the last minute, second and offset that exist, up to nine decimals', () => {
    expect(isDateTime('2026-12-09T23:59:59+23:59')).toBe(true);
    expect(isDateTime('2026-12-09T00:00:00.123456789Z')).toBe(true);
    expect(isDateTime('2026-12-09T00:00:00.1234567890Z')).toBe(false);
    expect(isDateTime('2026-12-09T00:00:00.Z')).toBe(false);
    expect(isDateTime('x2026-12-09T00:00:00Z')).toBe(false);
    expect(isDateTime('2026-12-09T00:00:00Zx')).toBe(false);
    expect(isDateTime('2026-12-09T00:00:00-00:00')).toBe(true);
  });

  test('each format says in words what a value must be', () => {
    expect(Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.mustBe]))).toEqual({
      date: 'must be a date that exists, written YYYY-MM-DD',
      'date-time':
        'must be a date and time that exist, with the UTC offset, written as in RFC 3339: 2026-12-09T14:30:00Z or 2026-12-09T09:30:00-05:00',
      text: 'must be text without control characters (U+0000 to U+001F, U+007F to U+009F), line separators, invisible format characters (zero-width spaces, direction marks) or lone UTF-16 surrogates',
      iata: 'must be an IATA airport code: three capital letters, e.g. YUL',
      'document-id': 'must be a document id as its upload answered it: a UUID in lowercase, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(FORMATS.date.validate('2026-02-30')).toBe(false);
    expect(FORMATS['date-time'].validate('2026-12-09T14:30:00Z')).toBe(true);
    expect(FORMATS.text.validate('a\nb')).toBe(false);
    expect(FORMATS.iata.validate('YUL')).toBe(true);
    expect(FORMATS['document-id'].validate('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
  });

  test('the formats are registered on the validator by name, as strings', () => {
    const added: Array<[string, string, boolean]> = [];
    registerFormats({ addFormat: (name, f) => added.push([name, f.type, f.validate('2026-02-28')]) });
    expect(added).toEqual([
      ['date', 'string', true],
      ['date-time', 'string', false],
      ['text', 'string', true],
      ['iata', 'string', false],
      ['document-id', 'string', false],
    ]);
  });
});

test('rule 19: the failure type activities raise, the done effects kept, the retry update', () => {
  expect(PERMANENT_EFFECT_FAILURE).toBe('PermanentEffectFailure');
  expect(DONE_EFFECTS_KEPT).toBe(100);
  expect(retryEffectUpdate.name).toBe('retryEffect');
});
