/** Rules 2, 15, 18, 19 and 20 as the case computes them, without a server: deadlines, reminders, effects. */
import { nextDeadline, openCase, pendingDeadlines, prRemindersDueBy, caseView, type CaseState } from '../../domain/case';
import { resolvePolicy } from '../../domain/policy';
import { caseSearchAttributes, FailedEffects, NextDeadline } from '../../domain/search-attributes';
import { arrivalRefusal, sameBooking } from '../../workflows/rules/travel';
import { retryEffectRefusal } from '../../workflows/rules/changes';
import { arrivedOnFault, medicalExamDateFault } from '../../workflows/rules/input';
import { psrOpening } from '../support/fixtures';

const policy = resolvePolicy({ prApplicationDeadline: '80s', midiFollowUp: '10s' });
const T0 = Date.parse('2026-11-30T15:00:00Z');

function approvedCase(): CaseState {
  const s = openCase({ ...psrOpening(), caseId: 'c1', policy }, T0);
  s.midiRequests = {};
  s.sponsorship = { status: 'approved', approvedAt: T0, reassessment: false };
  s.stage = 'awaiting-pr-application';
  return s;
}
const dueOf = (s: CaseState, kind: string) => pendingDeadlines(s, policy).find((d) => d.kind === kind)?.dueAt;

test('rule 2: the first PR-deadline reminder at one half, the second at seven eighths when the first was on time', () => {
  const s = approvedCase();
  expect(dueOf(s, 'pr-application-reminder')).toBe(T0 + 40_000);
  s.prApplication.remindersSent = 1;
  s.prApplication.lastReminderAt = T0 + 40_000;
  expect(dueOf(s, 'pr-application-reminder')).toBe(T0 + 70_000);
  s.prApplication.remindersSent = 2;
  expect(dueOf(s, 'pr-application-reminder')).toBeUndefined();
  expect(dueOf(s, 'pr-application-deadline')).toBe(T0 + 80_000);
});

test('rule 20: a reminder sent late moves the next one; none is due while one is being sent', () => {
  const s = approvedCase();
  s.prApplication.remindersSent = 1;
  s.prApplication.lastReminderAt = T0 + 60_000;
  // 30 s apart, as the one half and seven eighths are: past the deadline, so the deadline comes first.
  expect(dueOf(s, 'pr-application-reminder')).toBe(T0 + 90_000);
  expect(nextDeadline(s, policy)?.kind).toBe('pr-application-deadline');
  s.prApplication.reminderPending = true;
  expect(dueOf(s, 'pr-application-reminder')).toBeUndefined();
});

test('rule 20: reminders whose moments all passed are sent as one, standing for all of them', () => {
  const s = approvedCase();
  expect(prRemindersDueBy(s, policy, T0 + 41_000)).toBe(1);
  expect(prRemindersDueBy(s, policy, T0 + 75_000)).toBe(2);
  s.prApplication.remindersSent = 1;
  expect(prRemindersDueBy(s, policy, T0 + 41_000)).toBe(2);
});

test('rules 15 and 20: MIDI is reminded each midiFollowUp after the last reminder sent, never while one is being sent', () => {
  const s = openCase({ ...psrOpening(), caseId: 'c2', policy }, T0);
  expect(dueOf(s, 'midi-follow-up')).toBe(T0 + 10_000);
  s.midiRequests.sponsorship = { requestedAt: T0, lastReminderAt: T0 + 45_000, reminders: 1 };
  expect(dueOf(s, 'midi-follow-up')).toBe(T0 + 55_000);
  s.midiRequests.sponsorship.reminderPending = true;
  expect(dueOf(s, 'midi-follow-up')).toBeUndefined();
});

test('rule 18: the same booking is the same arrival date, port of entry, flights and urgent flag', () => {
  const s = approvedCase();
  const flights = [{ carrier: 'AC', number: '881', from: 'NBO', to: 'YUL', departure: '2026-12-14T20:00:00Z', arrival: '2026-12-15T15:00:00Z' }];
  const booking = { arrivalDate: '2026-12-15', portOfEntry: 'YUL', flights };
  expect(sameBooking(s, booking)).toBe(false);
  s.stage = 'travel-booked';
  s.travel = { ...booking, urgent: false, natNumber: 'NAT-G1-1', bookings: 1, noShowAlerted: false };
  expect(sameBooking(s, booking)).toBe(true);
  expect(sameBooking(s, { ...booking, urgent: false })).toBe(true);
  expect(sameBooking(s, { ...booking, urgent: true })).toBe(false);
  expect(sameBooking(s, { ...booking, arrivalDate: '2026-12-16' })).toBe(false);
  expect(sameBooking(s, { ...booking, portOfEntry: 'YYZ' })).toBe(false);
  expect(sameBooking(s, { ...booking, flights: [{ ...flights[0], number: '882' }] })).toBe(false);
  expect(sameBooking(s, { ...booking, flights: [] })).toBe(false);
  // The same instants written with another offset are the same flights.
  const sameInstants = [{ ...flights[0], departure: '2026-12-14T15:00:00-05:00', arrival: '2026-12-15T15:00:00.000Z' }];
  expect(sameBooking(s, { ...booking, flights: sameInstants })).toBe(true);
  s.stage = 'arrived';
  expect(sameBooking(s, booking)).toBe(false);
});

test('rule 19: only an effect that failed is retried, and only one the case has', () => {
  const effects = [
    { effectId: 'e1', status: 'done' },
    { effectId: 'e2', status: 'failed' },
    { effectId: 'e3', status: 'pending' },
  ];
  expect(retryEffectRefusal({ effects }, 'e2')).toBeNull();
  expect(retryEffectRefusal({ effects }, 'e1')?.en).toBe('The effect e1 is done; only an effect that failed is retried.');
  expect(retryEffectRefusal({ effects }, 'e3')?.en).toBe('The effect e3 is pending; only an effect that failed is retried.');
  expect(retryEffectRefusal({ effects }, 'e9')?.en).toBe('The case has no effect e9.');
  expect(retryEffectRefusal({}, 'e1')?.en).toBe('The case has no effect e1.');
});

test('rule 19: a failed effect is shown and counted; the copy being written is not shown', () => {
  const s = approvedCase();
  s.effects = [
    { effectId: 'e0', request: { kind: 'gcms-closure', reason: 'lapsed' }, status: 'done', retries: 0 },
    { effectId: 'e1', request: { kind: 'gcms-application' }, status: 'failed', error: 'refused', retries: 0 },
    { effectId: 'e2', request: { kind: 'case-record' }, status: 'pending', retries: 0 },
    { effectId: 'e3', request: { kind: 'case-record' }, status: 'failed', error: 'refused', retries: 1 },
  ];
  const shown = caseView(s, policy).effects;
  // A done effect has no `error` field at all (not one that is undefined).
  expect(Object.keys(shown[0])).toEqual(['effectId', 'kind', 'status']);
  expect(shown).toEqual([
    { effectId: 'e0', kind: 'gcms-closure', status: 'done' },
    { effectId: 'e1', kind: 'gcms-application', status: 'failed', error: 'refused' },
    { effectId: 'e3', kind: 'case-record', status: 'failed', error: 'refused', retries: 1 },
  ]);
  expect(caseView(s, policy).overdue).toContain('failed-effect');
  const attributes = caseSearchAttributes(s, policy);
  expect(attributes.find((a) => a.key === FailedEffects)?.value).toBe(2);
  s.effects.push({ effectId: 'e4', request: { kind: 'gcms-member', memberId: 'm3' }, status: 'done', retries: 0 });
  expect(caseSearchAttributes(s, policy).find((a) => a.key === FailedEffects)?.value).toBe(2);
  // A case of the frozen generation (no effects) keeps the attributes it was published with.
  delete s.effects;
  expect(caseSearchAttributes(s, policy).some((a) => a.key === FailedEffects)).toBe(false);
});

test('a deadline past year 9999 is no search attribute rather than a failed workflow task', () => {
  const s = approvedCase();
  const far = resolvePolicy({ prApplicationDeadline: '900000 years', undertakingLapse: '900000 years' });
  expect(caseSearchAttributes(s, far).find((a) => a.key === NextDeadline)?.value).toBeNull();
  expect(caseSearchAttributes(s, policy).find((a) => a.key === NextDeadline)?.value).toEqual(new Date(T0 + 40_000));
});

test('spec §4: an exam too old for a visa, and an arrival before the visa was issued, are bad input', () => {
  const s = approvedCase();
  const ctx = { policy: resolvePolicy(), now: Date.parse('2026-11-30T15:00:00Z') };
  expect(medicalExamDateFault(s, { decision: 'admissible', medicalExamDate: '2025-12-01' }, ctx)).toBeNull();
  expect(medicalExamDateFault(s, { decision: 'admissible', medicalExamDate: '2025-11-30' }, ctx)?.en).toBe(
    'body.medicalExamDate 2025-11-30 is too old: a visa counted from it would have expired on 2026-11-30.',
  );
  expect(medicalExamDateFault(s, { decision: 'inadmissible', medicalExamDate: '2020-01-01' }, ctx)).toBeNull();
  expect(medicalExamDateFault(s, { decision: 'admissible' }, ctx)).toBeNull();
  s.visa = { status: 'issued', expiresOn: '2027-10-01', issuedOn: '2026-11-20' };
  expect(arrivedOnFault(s, { arrivedOn: '2026-11-20', portOfEntry: 'YUL' })).toBeNull();
  expect(arrivedOnFault(s, { arrivedOn: '2026-11-19', portOfEntry: 'YUL' })?.en).toBe(
    'body.arrivedOn 2026-11-19 is before the visa was issued (2026-11-20).',
  );
  delete s.visa.issuedOn;
  expect(arrivedOnFault(s, { arrivedOn: '2020-01-01', portOfEntry: 'YUL' })).toBeNull();
});

test('a deadline past the last date JavaScript can write shows as none, not an error', () => {
  const s = approvedCase();
  const beyond = resolvePolicy({ prApplicationDeadline: '900000 years', undertakingLapse: '900000 years' });
  expect(caseView(s, beyond).nextDeadline).toBeNull();
  expect(caseView(s, policy).nextDeadline).toEqual({ kind: 'pr-application-reminder', dueAt: new Date(T0 + 40_000).toISOString() });
});

test('rule 10: a second arrival is refused naming the one recorded', () => {
  const s = approvedCase();
  s.stage = 'arrived';
  s.arrival = { arrivedOn: '2026-12-01', portOfEntry: 'YUL', recordedAt: T0 };
  expect(arrivalRefusal(s, { arrivedOn: '2026-12-01', portOfEntry: 'YUL' }, { policy, now: T0 })?.en).toBe(
    'The arrival is already recorded (on 2026-12-01 at YUL).',
  );
});
