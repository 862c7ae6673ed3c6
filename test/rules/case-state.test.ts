/** The case state and what is derived from it: the opening, every deadline, the next one, the view, the search attributes. */
import {
  caseView,
  isOnHold,
  nextDeadline,
  openCase,
  oywDecisionDueAt,
  overdue,
  pendingDeadlines,
  settlementAt,
  shownDeadline,
  type CaseState,
} from '../../domain/case';
import { resolvePolicy } from '../../domain/policy';
import { effectView } from '../../domain/effects';
import { caseSearchAttributes, CASE_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { garOpening, psrOpening } from '../support/fixtures';
import { approvedPsr, arrived, DAY, garCase, NOW, policy, psrAbroad, psrCase, withVisa } from './states';

const iso = (ms: number) => new Date(ms).toISOString();
/** The deadlines as a person reads them: kind, what about, and the instant. */
const deadlines = (s: CaseState, p = policy) =>
  pendingDeadlines(s, p).map((d) => ({ kind: d.kind, ...(d.about && { about: d.about }), dueAt: iso(d.dueAt) }));

describe('a case as it opens', () => {
  test('a PSR opens at sponsorship-review, awaiting MIDI, with its family numbered m1, m2', () => {
    const s = openCase({ ...psrOpening(), caseId: 'c-psr', policy }, NOW);
    expect(s).toMatchObject({
      caseId: 'c-psr',
      stream: 'PSR',
      visaOffice: 'Nairobi',
      openedAt: NOW,
      stage: 'sponsorship-review',
      outcome: null,
      closedAt: null,
      sponsor: psrOpening().sponsor,
      sponsorship: { status: 'awaiting', approvedAt: null, reassessment: false },
      prApplication: { missingDocuments: [], submissions: 0, remindersSent: 0, submittedAt: null },
      gcmsNumber: null,
      csq: { status: 'not-requested' },
      destination: null,
      midiRequests: { sponsorship: { requestedAt: NOW, lastReminderAt: null, reminders: 0 } },
      eligibility: null,
      admissibility: null,
      visa: { status: 'none' },
      travel: null,
      arrival: null,
      settlementReminderSent: false,
      oyw: [],
      revision: 1,
      effects: [],
      effectSeq: 0,
    });
    expect(s.familyMembers.map((m) => [m.memberId, m.givenNames, m.addedAs])).toEqual([
      ['m1', 'Omar', 'declared'],
      ['m2', 'Karim', 'declared'],
    ]);
  });

  test('rule 3: a GAR opens at overseas-processing with the CSQ and the destination asked of MIDI', () => {
    const s = openCase({ ...garOpening(), caseId: 'c-gar', policy }, NOW);
    expect(s).toMatchObject({
      stage: 'overseas-processing',
      sponsor: null,
      sponsorship: { status: 'none', approvedAt: null, reassessment: false },
      csq: { status: 'requested' },
      midiRequests: {
        csq: { requestedAt: NOW, lastReminderAt: null, reminders: 0 },
        destination: { requestedAt: NOW, lastReminderAt: null, reminders: 0 },
      },
    });
    expect(Object.keys(s.midiRequests)).toEqual(['csq', 'destination']);
  });
});

describe('deadlines (now: Wednesday 2026-11-25 10:00 in Montreal, 15:00 UTC)', () => {
  test('rule 15: a PSR just opened waits for MIDI, reminded midiFollowUp (30 days) later', () => {
    expect(deadlines(psrCase())).toEqual([{ kind: 'midi-follow-up', about: 'sponsorship', dueAt: '2026-12-25T15:00:00.000Z' }]);
  });

  test('rule 15: the next reminder to MIDI counts from the last one sent', () => {
    const s = psrCase();
    s.midiRequests.sponsorship = { requestedAt: NOW, lastReminderAt: NOW + 31 * DAY, reminders: 1 };
    expect(deadlines(s)).toEqual([{ kind: 'midi-follow-up', about: 'sponsorship', dueAt: '2027-01-25T15:00:00.000Z' }]);
  });

  test('rules 2 and 15: after approval, a reminder at one half of 120 days, the deadline, and the undertaking lapse at 48 months', () => {
    expect(deadlines(approvedPsr())).toEqual([
      { kind: 'pr-application-reminder', dueAt: '2027-01-24T15:00:00.000Z' },
      { kind: 'pr-application-deadline', dueAt: '2027-03-25T15:00:00.000Z' },
      { kind: 'undertaking-lapse', dueAt: '2030-11-25T15:00:00.000Z' },
    ]);
  });

  test('rule 2: the second reminder at seven eighths', () => {
    const s = approvedPsr();
    s.prApplication.remindersSent = 1;
    s.prApplication.lastReminderAt = NOW + 60 * DAY;
    expect(deadlines(s)[0]).toEqual({ kind: 'pr-application-reminder', dueAt: '2027-03-10T15:00:00.000Z' });
    // Sent late, 70 days in: the next one follows 45 days (7/8 - 1/2 of 120) later.
    s.prApplication.lastReminderAt = NOW + 70 * DAY;
    expect(deadlines(s)[0]).toEqual({ kind: 'pr-application-reminder', dueAt: iso(NOW + 115 * DAY) });
  });

  test('rule 15: the CSQ asked at intake; the undertaking lapses unless a CSQ is issued', () => {
    expect(deadlines(psrAbroad())).toEqual([
      { kind: 'midi-follow-up', about: 'csq', dueAt: '2026-12-25T15:00:00.000Z' },
      { kind: 'undertaking-lapse', dueAt: '2030-11-25T15:00:00.000Z' },
    ]);
  });

  test('rule 9: with the visa and travel: the visa expiry (start of its Quebec day) and the no-show, 2 days after the arrival date', () => {
    const s = withVisa(psrAbroad(), '2026-12-10');
    expect(deadlines(s)).toEqual([
      { kind: 'visa-expiry', dueAt: '2027-06-01T04:00:00.000Z' },
      { kind: 'no-show', dueAt: '2026-12-12T05:00:00.000Z' },
    ]);
    s.travel!.noShowAlerted = true;
    expect(deadlines(s)).toEqual([{ kind: 'visa-expiry', dueAt: '2027-06-01T04:00:00.000Z' }]);
    expect(overdue(s)).toEqual(['arrival']);
  });

  test('rule 10: after a PSR arrival, the settlement report at 90 days and settlement at the end of the period', () => {
    const s = arrived(psrAbroad());
    expect(deadlines(s)).toEqual([
      { kind: 'settlement-report', dueAt: '2027-02-23T15:00:00.000Z' },
      { kind: 'settlement', dueAt: '2027-11-25T15:00:00.000Z' },
    ]);
    s.settlementReminderSent = true;
    expect(deadlines(s)).toEqual([{ kind: 'settlement', dueAt: '2027-11-25T15:00:00.000Z' }]);
  });

  test('rule 14: no settlement while an OYW application is open', () => {
    const s = arrived(psrAbroad());
    s.settlementReminderSent = true;
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status: 'open', outcome: null, selection: null }];
    expect(deadlines(s)).toEqual([]);
    expect(nextDeadline(s, policy)).toBeNull();
    s.oyw[0].status = 'closed';
    expect(deadlines(s)).toEqual([{ kind: 'settlement', dueAt: '2027-11-25T15:00:00.000Z' }]);
  });

  test('rule 14: a PSR settles when both the sponsorship period and the OYW window are over; a GAR at the end of the window', () => {
    const longer = resolvePolicy({ sponsorshipPeriod: '730 days' });
    expect(iso(settlementAt(arrived(psrAbroad()), longer))).toBe('2028-11-24T15:00:00.000Z');
    expect(iso(settlementAt(arrived(garCase()), longer))).toBe('2027-11-25T15:00:00.000Z');
    const shorter = resolvePolicy({ sponsorshipPeriod: '100 days' });
    expect(iso(settlementAt(arrived(psrAbroad()), shorter))).toBe('2027-11-25T15:00:00.000Z');
    expect(deadlines(arrived(garCase()), longer)).toEqual([{ kind: 'settlement', dueAt: '2027-11-25T15:00:00.000Z' }]);
  });

  test('a closed case waits on nothing', () => {
    const s = approvedPsr();
    s.outcome = 'abandoned';
    expect(pendingDeadlines(s, policy)).toEqual([]);
    expect(nextDeadline(s, policy)).toBeNull();
    expect(shownDeadline(s, policy)).toBeNull();
  });

  test('the next deadline is the earliest; of two at the same instant, the first listed (the CSQ before the destination)', () => {
    expect(nextDeadline(approvedPsr(), policy)).toEqual({ kind: 'pr-application-reminder', dueAt: NOW + 60 * DAY });
    expect(nextDeadline(garCase(), policy)).toEqual({ kind: 'midi-follow-up', about: 'csq', dueAt: NOW + 30 * DAY });
    const s = garCase();
    s.midiRequests.destination!.requestedAt = NOW - DAY;
    expect(nextDeadline(s, policy)?.about).toBe('destination');
  });
});

describe('rule 13: an OYW application selected by MIDI waits for ROC-O', () => {
  const selected = (over: object = {}): CaseState => {
    const s = arrived(garCase());
    s.oywFollowUps = true;
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm1', status: 'open', outcome: null, selection: 'approved', selectedAt: NOW + DAY, ...over }];
    return s;
  };

  test('due oywDecisionDue (30 days) after the selection', () => {
    expect(deadlines(selected())).toEqual([{ kind: 'oyw-decision-due', about: 'oyw-1', dueAt: '2026-12-26T15:00:00.000Z' }]);
    expect(iso(oywDecisionDueAt(NOW, resolvePolicy({ oywDecisionDue: '10 days' })))).toBe('2026-12-05T15:00:00.000Z');
    const older = { ...policy } as Partial<typeof policy>;
    delete older.oywDecisionDue;
    expect(iso(oywDecisionDueAt(NOW, older as typeof policy))).toBe('2026-12-25T15:00:00.000Z');
  });

  test('nothing is due before the selection, after a refusal, once closed, or on a case that does not follow them up', () => {
    expect(deadlines(selected({ selection: null, selectedAt: null }))).toEqual([]);
    expect(deadlines(selected({ selection: 'refused' }))).toEqual([]);
    expect(deadlines(selected({ status: 'closed', outcome: 'approved' }))).toContainEqual({ kind: 'settlement', dueAt: '2027-11-25T15:00:00.000Z' });
    expect(deadlines(selected({ status: 'closed', outcome: 'approved' })).map((d) => d.kind)).toEqual(['settlement']);
    expect(deadlines(selected({ selectedAt: null }))).toEqual([]);
    const legacy = selected();
    delete legacy.oywFollowUps;
    expect(deadlines(legacy)).toEqual([]);
  });

  test('past due, it stays the shown deadline and is overdue until ROC-O decides', () => {
    const s = selected({ decisionOverdue: true });
    expect(pendingDeadlines(s, policy)).toEqual([]);
    expect(shownDeadline(s, policy)).toEqual({ kind: 'oyw-decision-due', about: 'oyw-1', dueAt: NOW + 31 * DAY });
    expect(caseView(s, policy).nextDeadline).toEqual({ kind: 'oyw-decision-due', about: 'oyw-1', dueAt: '2026-12-26T15:00:00.000Z' });
    expect(overdue(s)).toEqual(['oyw-1-r141-decision']);
    // An earlier pending deadline comes first.
    s.travel!.noShowAlerted = false;
    s.arrival = null;
    expect(shownDeadline(s, policy)?.kind).toBe('no-show');
    // Once the application is closed, neither shown nor overdue.
    const closed = selected({ decisionOverdue: true, status: 'closed', outcome: 'approved' });
    expect(shownDeadline(closed, policy)?.kind).toBe('settlement');
    expect(overdue(closed)).toEqual([]);
    // Without the instant MIDI selected, no due date to show (and the open application holds settlement back).
    expect(shownDeadline(selected({ decisionOverdue: true, selectedAt: null }), policy)).toBeNull();
  });

  test('the view shows when the decision is due, on an open selected application', () => {
    expect(caseView(selected(), policy).oyw).toEqual([
      { oywId: 'oyw-1', memberId: 'm1', status: 'open', outcome: null, selection: 'approved', awaiting: 'roc-o', decisionDueAt: '2026-12-26T15:00:00.000Z' },
    ]);
    expect(caseView(selected({ status: 'closed', outcome: 'approved' }), policy).oyw).toEqual([
      { oywId: 'oyw-1', memberId: 'm1', status: 'closed', outcome: 'approved', selection: 'approved', awaiting: null },
    ]);
  });
});

describe('what people see', () => {
  test('spec §6: the view of a package at intake lists what ROC-O still has to digitize', () => {
    const s = approvedPsr();
    s.stage = 'roc-o-intake';
    s.prApplication.documentsToDigitize = ['IMM0008-Schedule2'];
    expect(caseView(s, policy)).toMatchObject({ stage: 'roc-o-intake', documentsToDigitize: ['IMM0008-Schedule2'] });
  });

  test('the view of a PSR in travel: stage, sponsorship, travel without its bookkeeping, members and dependants apart', () => {
    const s = withVisa(psrAbroad(), '2026-12-10');
    s.familyMembers.push({ ...psrOpening().familyMembers[0], givenNames: 'Lina', memberId: 'm3', addedAs: 'dependant' });
    const view = caseView(s, policy);
    expect(view).toMatchObject({
      caseId: 'c-psr',
      stream: 'PSR',
      stage: 'travel-booked',
      outcome: null,
      onHold: false,
      openedAt: '2026-11-25T15:00:00.000Z',
      closedAt: null,
      visaOffice: 'Nairobi',
      sponsorship: { status: 'approved', reassessmentPending: false },
      missingDocuments: [],
      documentsToDigitize: [],
      gcmsNumber: 'G000000001',
      csq: { status: 'issued', number: 'CSQ-2026-001' },
      visa: { status: 'issued', expiresOn: '2027-06-01', issuedOn: '2026-11-25' },
      arrival: null,
      nextDeadline: { kind: 'no-show', dueAt: '2026-12-12T05:00:00.000Z' },
      overdue: [],
    });
    expect(view.travel).toEqual({ arrivalDate: '2026-12-10', portOfEntry: 'YUL', flights: [], urgent: false, natNumber: 'NAT-G000000001-1' });
    expect(view.familyMembers.map((m) => m.givenNames)).toEqual(['Omar', 'Karim']);
    expect(view.familyMembers[0]).toEqual({ ...psrOpening().familyMembers[0], memberId: 'm1' });
    expect(view.dependants).toEqual([{ ...psrOpening().familyMembers[0], givenNames: 'Lina', memberId: 'm3' }]);
  });

  test('the view of a closed case: when it closed, no deadline, nothing overdue', () => {
    const s = arrived(psrAbroad());
    s.outcome = 'settled';
    s.stage = 'closed';
    s.closedAt = NOW + 400 * DAY;
    s.midiRequests = { csq: { requestedAt: NOW, lastReminderAt: NOW, reminders: 2 } };
    const view = caseView(s, policy);
    expect(view).toMatchObject({ stage: 'closed', outcome: 'settled', closedAt: '2027-12-30T15:00:00.000Z', nextDeadline: null, overdue: [] });
    expect(view.arrival).toEqual({ arrivedOn: '2026-12-10', portOfEntry: 'YUL' });
  });

  test('rule 16: overdue lists MIDI reminded, the sponsor reminded, a failed effect', () => {
    const s = approvedPsr();
    expect(overdue(s)).toEqual([]);
    s.prApplication.remindersSent = 1;
    s.midiRequests = { csq: { requestedAt: NOW, lastReminderAt: NOW, reminders: 1 }, destination: { requestedAt: NOW, lastReminderAt: null, reminders: 0 } };
    s.effects = [{ effectId: 'e1', request: { kind: 'gcms-application' }, status: 'failed', error: 'refused', retries: 0 }];
    expect(overdue(s)).toEqual(['midi-csq-decision', 'failed-effect', 'pr-application']);
    s.stage = 'roc-o-intake';
    s.effects[0].status = 'done';
    expect(overdue(s)).toEqual(['midi-csq-decision']);
    delete s.effects;
    expect(overdue(s)).toEqual(['midi-csq-decision']);
  });

  test('rule 11: on hold while MIDI reassesses, not once the case is closed', () => {
    const s = psrAbroad();
    expect(isOnHold(s)).toBe(false);
    s.sponsorship.reassessment = true;
    expect(isOnHold(s)).toBe(true);
    expect(caseView(s, policy)).toMatchObject({ onHold: true, sponsorship: { status: 'approved', reassessmentPending: true } });
    s.outcome = 'refused';
    expect(isOnHold(s)).toBe(false);
  });

  test('rule 19: an effect as the case lists it', () => {
    const notice = { kind: 'nat' as const, party: 'sponsor' as const, step: 'nat-1', language: 'fr' as const };
    expect(effectView({ effectId: 'e4', request: { kind: 'notice', notice }, status: 'pending', retries: 0 })).toEqual({
      effectId: 'e4',
      kind: 'notice',
      status: 'pending',
      notice: 'nat',
      party: 'sponsor',
    });
    expect(effectView({ effectId: 'e5', request: { kind: 'gcms-member', memberId: 'm3' }, status: 'failed', error: 'GCMS refused the record', retries: 2 })).toEqual({
      effectId: 'e5',
      kind: 'gcms-member',
      status: 'failed',
      error: 'GCMS refused the record',
      retries: 2,
    });
  });
});

describe('search attributes (spec §5)', () => {
  test('what ops filter on for a GAR on hold for nothing, with its destination and next deadline', () => {
    const s = garCase();
    s.destination = 'Sherbrooke';
    s.midiRequests = { csq: s.midiRequests.csq };
    const values = Object.fromEntries(caseSearchAttributes(s, policy).map((a) => [a.key.name, a.value]));
    expect(values).toEqual({
      CaseStage: 'overseas-processing',
      CaseStream: 'GAR',
      CaseOutcome: null,
      QuebecDestination: 'Sherbrooke',
      VisaOffice: 'Dar es Salaam',
      CsqStatus: 'requested',
      NextDeadline: new Date('2026-12-25T15:00:00.000Z'),
      OnHold: false,
      FailedEffects: 0,
    });
    expect(CASE_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`)).toEqual([
      'CaseStage:KEYWORD',
      'CaseStream:KEYWORD',
      'CaseOutcome:KEYWORD',
      'QuebecDestination:KEYWORD',
      'VisaOffice:KEYWORD',
      'CsqStatus:KEYWORD',
      'NextDeadline:DATETIME',
      'OnHold:BOOL',
      'FailedEffects:INT',
      'AwaitingMidi:KEYWORD_LIST',
      'OywOverdue:BOOL',
    ]);
  });

  test('on hold while MIDI reassesses; a closed case is on hold no more and has no deadline', () => {
    const s = psrAbroad();
    s.sponsorship.reassessment = true;
    const onHold = (c: CaseState) => caseSearchAttributes(c, policy).find((a) => a.key.name === 'OnHold')?.value;
    expect(onHold(s)).toBe(true);
    s.outcome = 'refused';
    expect(onHold(s)).toBe(false);
    expect(caseSearchAttributes(s, policy).find((a) => a.key.name === 'NextDeadline')?.value).toBeNull();
    expect(caseSearchAttributes(s, policy).find((a) => a.key.name === 'CaseOutcome')?.value).toBe('refused');
  });

  test('the last instant a DATETIME attribute takes is 9999-12-31T00:00Z; a later deadline shows as none', () => {
    const latest = Date.UTC(9999, 11, 31);
    const s = psrCase();
    const at = (requestedAt: number) => {
      s.midiRequests.sponsorship = { requestedAt, lastReminderAt: null, reminders: 0 };
      return caseSearchAttributes(s, policy).find((a) => a.key.name === 'NextDeadline')?.value;
    };
    expect(at(latest - 30 * DAY)).toEqual(new Date('9999-12-31T00:00:00.000Z'));
    expect(at(latest - 30 * DAY + 1)).toBeNull();
  });
});
