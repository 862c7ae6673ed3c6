/** The edges of the derived state: legacy cases, ties between deadlines, closed cases, the input checks by decision. */
import { caseView, pendingDeadlines, prRemindersDueBy, shownDeadline, type CaseState } from '../../domain/case';
import { resolvePolicy } from '../../domain/policy';
import { decisionInputFault } from '../../workflows/rules/input';
import { approvedPsr, arrived, ctx, DAY, garCase, NOW, policy, psrAbroad, psrCase, withVisa } from './states';

const iso = (ms: number) => new Date(ms).toISOString();

test('rule 2: a case reminded once before the time of the reminder was kept gets the second at seven eighths', () => {
  const s = approvedPsr();
  s.prApplication.remindersSent = 1;
  delete s.prApplication.lastReminderAt;
  expect(iso(pendingDeadlines(s, policy)[0].dueAt)).toBe('2027-03-10T15:00:00.000Z');
  s.prApplication.lastReminderAt = null;
  expect(iso(pendingDeadlines(s, policy)[0].dueAt)).toBe('2027-03-10T15:00:00.000Z');
});

test('rule 20: a reminder is due at its very instant, not a millisecond later', () => {
  const fast = resolvePolicy({ prApplicationDeadline: '80s' });
  const s = approvedPsr(NOW);
  expect(prRemindersDueBy(s, fast, NOW + 40_000 - 1)).toBe(1);
  expect(prRemindersDueBy(s, fast, NOW + 70_000 - 1)).toBe(1);
  expect(prRemindersDueBy(s, fast, NOW + 70_000)).toBe(2);
});

test('rule 15: a decision MIDI has given leaves no follow-up behind', () => {
  const s = garCase();
  s.midiRequests = { csq: undefined, destination: s.midiRequests.destination };
  expect(pendingDeadlines(s, policy).map((d) => [d.kind, d.about])).toEqual([['midi-follow-up', 'destination']]);
});

test('rule 13: of two OYW decisions due at the same instant, the one pending comes before the one already late', () => {
  const s = arrived(garCase());
  s.oywFollowUps = true;
  s.oyw = [
    { oywId: 'oyw-1', memberId: 'm1', status: 'open', outcome: null, selection: 'approved', selectedAt: NOW + DAY, decisionOverdue: true },
    { oywId: 'oyw-2', memberId: 'm1', status: 'open', outcome: null, selection: 'approved', selectedAt: NOW + DAY },
  ];
  expect(shownDeadline(s, policy)).toEqual({ kind: 'oyw-decision-due', about: 'oyw-2', dueAt: NOW + 31 * DAY });
  s.oyw[1].selectedAt = NOW + 2 * DAY;
  expect(shownDeadline(s, policy)?.about).toBe('oyw-1');
});

test('rule 14: a closed case shows no OYW decision due, late or not', () => {
  const s = arrived(garCase());
  s.oywFollowUps = true;
  s.oyw = [{ oywId: 'oyw-1', memberId: 'm1', status: 'open', outcome: null, selection: 'approved', selectedAt: NOW, decisionOverdue: true }];
  s.outcome = 'settled';
  expect(shownDeadline(s, policy)).toBeNull();
  expect(caseView(s, policy).nextDeadline).toBeNull();
});

test('the view of a case just opened: nothing booked, no decisions yet, nothing overdue', () => {
  const view = caseView(psrCase(), policy);
  expect(view).toMatchObject({ travel: null, arrival: null, visa: { status: 'none' }, decisions: [], effects: [], dependants: [], oyw: [] });
  expect(view.nextDeadline).toEqual({ kind: 'midi-follow-up', about: 'sponsorship', dueAt: '2026-12-25T15:00:00.000Z' });
  const legacy: CaseState = psrCase();
  delete legacy.decisions;
  expect(caseView(legacy, policy).decisions).toEqual([]);
});

test('spec §4: the input checks that need the case, by decision', () => {
  const s = withVisa(psrAbroad(), '2026-12-10');
  expect(decisionInputFault('admissibilityDecision', s, { decision: 'admissible', medicalExamDate: '2025-01-01' }, ctx)?.en).toBe(
    'body.medicalExamDate 2025-01-01 is too old: a visa counted from it would have expired on 2026-01-01.',
  );
  expect(decisionInputFault('arrival', s, { arrivedOn: '2026-11-24', portOfEntry: 'YUL' }, ctx)?.en).toBe(
    'body.arrivedOn 2026-11-24 is before the visa was issued (2026-11-25).',
  );
  expect(decisionInputFault('travel', s, { arrivalDate: '2020-01-01', portOfEntry: 'YUL', flights: [] }, ctx)).toBeNull();
});
