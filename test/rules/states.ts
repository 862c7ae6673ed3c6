/** Case states for the unit tests: opened with `openCase` from a fixture, then moved along by setting fields. */
import { openCase, type CaseState } from '../../domain/case';
import { resolvePolicy } from '../../domain/policy';
import { startOfQuebecDay } from '../../domain/calendar';
import { garOpening, psrOpening } from '../support/fixtures';

export const policy = resolvePolicy();
/** Wednesday 2026-11-25, 10:00 in Montreal. */
export const NOW = startOfQuebecDay('2026-11-25') + 10 * 3_600_000;
export const ctx = { policy, now: NOW };
export const DAY = 86_400_000;

export const psrCase = (now = NOW): CaseState => openCase({ ...psrOpening(), caseId: 'c-psr', policy }, now);
export const garCase = (now = NOW): CaseState => openCase({ ...garOpening(), caseId: 'c-gar', policy }, now);

/** A PSR whose sponsorship MIDI approved at `approvedAt`: the sponsor now owes the PR application. */
export function approvedPsr(approvedAt = NOW): CaseState {
  const s = psrCase(approvedAt);
  s.midiRequests = {};
  s.sponsorship = { status: 'approved', approvedAt, reassessment: false };
  s.stage = 'awaiting-pr-application';
  return s;
}

/** A PSR whose complete package went abroad: the CSQ is asked of MIDI. */
export function psrAbroad(): CaseState {
  const s = approvedPsr();
  s.stage = 'overseas-processing';
  s.gcmsNumber = 'G000000001';
  s.csq = { status: 'requested' };
  s.midiRequests = { csq: { requestedAt: NOW, lastReminderAt: null, reminders: 0 } };
  return s;
}

/** Every condition of rule 6 met: eligible, admissible, CSQ issued, (GAR) a destination. */
export function readyForVisa(s: CaseState): CaseState {
  s.eligibility = { decision: 'eligible', refugeeClass: 'convention-refugee-abroad' };
  s.admissibility = { decision: 'admissible', medicalExamDate: '2026-11-01' };
  s.csq = { status: 'issued', number: 'CSQ-2026-001' };
  s.midiRequests = {};
  if (s.stream === 'GAR') s.destination = 'Sherbrooke';
  return s;
}

/** The visa issued (expiring 2027-06-01) and, optionally, travel booked for `arrivalDate`. */
export function withVisa(s: CaseState, arrivalDate?: string): CaseState {
  readyForVisa(s);
  s.stage = 'visa-issued';
  s.visa = { status: 'issued', expiresOn: '2027-06-01', issuedOn: '2026-11-25' };
  if (arrivalDate) {
    s.stage = 'travel-booked';
    s.travel = { arrivalDate, portOfEntry: 'YUL', flights: [], urgent: false, natNumber: 'NAT-G000000001-1', bookings: 1, noShowAlerted: false };
  }
  return s;
}

/** Arrived at `recordedAt`. */
export function arrived(s: CaseState, recordedAt = NOW): CaseState {
  withVisa(s, '2026-12-10');
  s.stage = 'arrived';
  s.arrival = { arrivedOn: '2026-12-10', portOfEntry: 'YUL', recordedAt };
  return s;
}
