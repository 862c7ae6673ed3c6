/**
 * The case as one state object, and everything people see derived from it: the view served by
 * the API, the stage, the next deadline. Pure: the workflow owns the state, the API shows it.
 */
import type {
  FamilyMember,
  Flight,
  Language,
  Outcome,
  Person,
  Role,
  Sponsor,
  Stage,
  Stream,
} from './case-types';
import { addDuration, fractionOf, type Policy } from './policy';
import { startOfQuebecDay } from './calendar';
import { effectView, type Effect, type RejectedSignal } from './effects';
import type { PackageEntry, StoredDocument } from './documents';
import { actionsOpen, oywDecider } from '../workflows/rules/open';

/** What a case is opened with (`POST /applications`). */
export interface CaseOpening {
  stream: Stream;
  principalApplicant: Person;
  familyMembers: FamilyMember[];
  sponsor?: Sponsor;
  visaOffice: string;
}

/** The workflow's input: the opening, its id, and the policy the case keeps for life. */
export interface CaseInput extends CaseOpening {
  caseId: string;
  policy: Policy;
  /** Present when the case continues as new: the state it carries on with. */
  carried?: CaseState;
  /** Updates one run takes before continuing as new (default 1,000: half the server's 2,000 a run). */
  maxUpdatesPerRun?: number;
}

export type MemberView = FamilyMember & { memberId: string; addedAs: 'declared' | 'dependant' };

/** A decision asked of MIDI: the sponsorship, the CSQ, a GAR's destination, or its selection on an OYW application. */
export type AwaitedMidiDecision = 'sponsorship' | 'csq' | 'destination' | `oyw-${number}`;

export interface OywApplication {
  oywId: string;
  memberId: string;
  status: 'open' | 'closed';
  outcome: 'approved' | 'refused' | null;
  selection: 'approved' | 'refused' | null;
  /** When MIDI selected: ROC-O's R141 decision is due `oywDecisionDue` after it (rule 13). */
  selectedAt?: number | null;
  /** ROC-O's decision is past its due date: the case shows it until ROC-O decides. */
  decisionOverdue?: boolean;
}

/** A decision as the case keeps it (rule 17): what, by which role, when, and why. */
export interface DecisionRecord {
  /** The decision's route, e.g. `csq-decision`, `travel`, `oyw-selection`, `oyw-r141`. */
  name: string;
  /** Its value, e.g. `refused`, `Sherbrooke`, `booked`. */
  decision: string;
  reason: string | null;
  role: Role;
  /** ISO 8601 instant. */
  at: string;
}

export interface CaseState {
  caseId: string;
  stream: Stream;
  visaOffice: string;
  openedAt: number;
  stage: Stage;
  outcome: Outcome | null;
  closedAt: number | null;
  principalApplicant: Person;
  sponsor: Sponsor | null;
  familyMembers: MemberView[];
  sponsorship: {
    /** `lapsed`: no CSQ `undertakingLapse` after approval (rule 15). */
    status: 'none' | 'awaiting' | 'approved' | 'refused' | 'withdrawn' | 'lapsed';
    approvedAt: number | null;
    reassessment: boolean;
  };
  prApplication: {
    missingDocuments: string[];
    submissions: number;
    remindersSent: number;
    submittedAt: number | null;
    /** When the last PR-deadline reminder was sent (rule 20: the next counts from it). */
    lastReminderAt?: number | null;
    /** A reminder is queued and not yet sent: no other is due meanwhile (rule 20). */
    reminderPending?: boolean;
    /** A complete package on paper, kept at roc-o-intake until its documents are digitized (spec §6). */
    awaitingDigitization?: PackageEntry[] | null;
    /** The required types ROC-O still has to upload for it. */
    documentsToDigitize?: string[];
  };
  gcmsNumber: string | null;
  csq: { status: 'not-requested' | 'requested' | 'issued' | 'refused' | 'lapsed'; number?: string; validUntil?: string };
  destination: string | null;
  /** When each pending MIDI decision was asked for, and when MIDI was last reminded. */
  midiRequests: Partial<Record<AwaitedMidiDecision, MidiRequest>>;
  eligibility: { decision: 'eligible' | 'ineligible'; refugeeClass?: string } | null;
  admissibility: { decision: 'admissible' | 'inadmissible'; medicalExamDate?: string } | null;
  /** `issuedOn`: the Quebec date the visa was issued (absent on cases issued before it was kept). */
  visa: { status: 'none' | 'issued' | 'refused' | 'expired'; expiresOn?: string; issuedOn?: string };
  travel: {
    arrivalDate: string;
    portOfEntry: string;
    flights: Flight[];
    urgent: boolean;
    natNumber: string;
    bookings: number;
    noShowAlerted: boolean;
  } | null;
  arrival: { arrivedOn: string; portOfEntry: string; recordedAt: number } | null;
  settlementReminderSent: boolean;
  oyw: OywApplication[];
  /** Bumped on every change; the read model keeps the newest revision only. */
  revision: number;
  /** What follows the decisions, in order (rule 19); absent on cases opened before effects were queued. */
  effects?: Effect[];
  /** The number of the last effect queued (effect ids are e1, e2, …). */
  effectSeq?: number;
  /** Every decision taken on the case, newest last (rule 17); absent on cases opened before it was kept. */
  decisions?: DecisionRecord[];
  /** The files stored for the case, oldest first (spec §6); absent on cases opened before documents were kept. */
  documents?: StoredDocument[];
  /** The case follows up its OYW applications itself (rule 13); absent on cases opened before it did. */
  oywFollowUps?: boolean;
  /** Signals the case did not apply (an invalid `retryEffect` from the Temporal UI), newest last; absent until one. */
  rejectedSignals?: RejectedSignal[];
}

/** A decision asked of MIDI: when, and the reminders sent since (rule 15). */
export interface MidiRequest {
  requestedAt: number;
  /** When the last reminder was sent; the next one counts from it (rule 20). */
  lastReminderAt: number | null;
  reminders: number;
  /** A reminder is queued and not yet sent: no other is due meanwhile (rule 20). */
  reminderPending?: boolean;
}

export const LANGUAGE_DEFAULT: Language = 'fr';

const awaiting = (now: number) => ({ requestedAt: now, lastReminderAt: null, reminders: 0 });

export function openCase(input: CaseInput, now: number): CaseState {
  const members: MemberView[] = input.familyMembers.map((m, i) => ({
    ...m,
    memberId: `m${i + 1}`,
    addedAs: 'declared',
  }));
  const psr = input.stream === 'PSR';
  return {
    caseId: input.caseId,
    stream: input.stream,
    visaOffice: input.visaOffice,
    openedAt: now,
    stage: psr ? 'sponsorship-review' : 'overseas-processing',
    outcome: null,
    closedAt: null,
    principalApplicant: input.principalApplicant,
    sponsor: input.sponsor ?? null,
    familyMembers: members,
    sponsorship: { status: psr ? 'awaiting' : 'none', approvedAt: null, reassessment: false },
    prApplication: { missingDocuments: [], submissions: 0, remindersSent: 0, submittedAt: null },
    gcmsNumber: null,
    // GAR: ROC-O asks MIDI for the CSQ and the destination as the case opens (rule 3).
    csq: { status: psr ? 'not-requested' : 'requested' },
    destination: null,
    midiRequests: psr ? { sponsorship: awaiting(now) } : { csq: awaiting(now), destination: awaiting(now) },
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
    decisions: [],
  };
}

/** The kinds of deadline a case waits on; each has one action when it passes. */
export type DeadlineKind =
  | 'pr-application-reminder'
  | 'pr-application-deadline'
  | 'midi-follow-up'
  | 'undertaking-lapse'
  | 'no-show'
  | 'visa-expiry'
  | 'settlement-report'
  | 'settlement'
  | 'oyw-decision-due';

export interface Deadline {
  kind: DeadlineKind;
  dueAt: number;
  /** Which MIDI decision a follow-up is for; which OYW application a decision is due on. */
  about?: AwaitedMidiDecision;
}

const PR_REMINDER_FRACTIONS = [1 / 2, 7 / 8];

/** Every deadline the case is waiting on now. */
export function pendingDeadlines(s: CaseState, policy: Policy): Deadline[] {
  if (s.outcome) return [];
  const due: Deadline[] = [];
  const approvedAt = s.sponsorship.approvedAt;
  if (s.stage === 'awaiting-pr-application' && approvedAt !== null) {
    const reminder = prReminderDueAt(s, policy, approvedAt);
    if (reminder !== null) due.push({ kind: 'pr-application-reminder', dueAt: reminder });
    due.push({ kind: 'pr-application-deadline', dueAt: addDuration(approvedAt, policy.prApplicationDeadline) });
  }
  for (const [about, req] of Object.entries(s.midiRequests)) {
    if (!req || req.reminderPending) continue;
    due.push({
      kind: 'midi-follow-up',
      about: about as AwaitedMidiDecision,
      dueAt: addDuration(req.lastReminderAt ?? req.requestedAt, policy.midiFollowUp),
    });
  }
  if (s.stream === 'PSR' && approvedAt !== null && s.csq.status !== 'issued' && !s.arrival) {
    due.push({ kind: 'undertaking-lapse', dueAt: addDuration(approvedAt, policy.undertakingLapse) });
  }
  if (s.visa.status === 'issued' && s.visa.expiresOn && !s.arrival) {
    due.push({ kind: 'visa-expiry', dueAt: startOfQuebecDay(s.visa.expiresOn) });
  }
  if (s.travel && !s.arrival && !s.travel.noShowAlerted) {
    due.push({ kind: 'no-show', dueAt: addDuration(startOfQuebecDay(s.travel.arrivalDate), policy.noShowAfter) });
  }
  if (s.oywFollowUps) {
    for (const o of s.oyw) {
      if (o.status !== 'open' || o.selection !== 'approved' || o.decisionOverdue || !o.selectedAt) continue;
      due.push({ kind: 'oyw-decision-due', about: o.oywId as AwaitedMidiDecision, dueAt: oywDecisionDueAt(o.selectedAt, policy) });
    }
  }
  if (s.arrival) {
    if (s.stream === 'PSR' && !s.settlementReminderSent) {
      due.push({ kind: 'settlement-report', dueAt: addDuration(s.arrival.recordedAt, policy.settlementReportDue) });
    }
    if (!s.oyw.some((o) => o.status === 'open')) due.push({ kind: 'settlement', dueAt: settlementAt(s, policy) });
  }
  return due;
}

/**
 * Rule 2 with rule 20: the next PR-deadline reminder is due at its fraction of the deadline (one
 * half, seven eighths), but never sooner after the previous reminder than the fractions are apart,
 * so that a reminder sent late moves the next one; null when none is left or one is being sent.
 */
function prReminderDueAt(s: CaseState, policy: Policy, approvedAt: number): number | null {
  const n = s.prApplication.remindersSent;
  const fraction = PR_REMINDER_FRACTIONS[n];
  if (fraction === undefined || s.prApplication.reminderPending) return null;
  const at = (f: number) => fractionOf(approvedAt, policy.prApplicationDeadline, f);
  const last = s.prApplication.lastReminderAt;
  if (n === 0 || last === undefined || last === null) return at(fraction);
  return Math.max(at(fraction), last + at(fraction) - at(PR_REMINDER_FRACTIONS[n - 1]));
}

/** The PR-deadline reminders whose moment has come by `now`: those a reminder sent now stands for (rule 20). */
export function prRemindersDueBy(s: CaseState, policy: Policy, now: number): number {
  const approvedAt = s.sponsorship.approvedAt ?? now;
  const passed = PR_REMINDER_FRACTIONS.filter((f) => fractionOf(approvedAt, policy.prApplicationDeadline, f) <= now).length;
  return Math.max(passed, s.prApplication.remindersSent + 1);
}

/** Deadlines that close the case when they pass; a reminder is not sent once one of them has passed (rule 20). */
export const CLOSING_DEADLINES: ReadonlySet<DeadlineKind> = new Set([
  'pr-application-deadline',
  'undertaking-lapse',
  'visa-expiry',
  'settlement',
]);

/** When a case that has arrived may close `settled`: the sponsorship period (PSR) and the OYW window over. */
export function settlementAt(s: CaseState, policy: Policy): number {
  const arrivedAt = s.arrival?.recordedAt ?? 0;
  const oywEnds = addDuration(arrivedAt, policy.oywWindow);
  if (s.stream === 'GAR') return oywEnds;
  return Math.max(oywEnds, addDuration(arrivedAt, policy.sponsorshipPeriod));
}

/** Rule 13: ROC-O's R141 decision is due `oywDecisionDue` after MIDI's selection (30 days for cases older than the key). */
export function oywDecisionDueAt(selectedAt: number, policy: Policy): number {
  return addDuration(selectedAt, policy.oywDecisionDue ?? { ms: 30 * 86_400_000 });
}

/**
 * The deadline the case shows (its view, its search attribute, its database copy): the earliest pending one, or
 * an OYW decision already past its due date, which stays shown until ROC-O decides (rule 13: never invisible).
 */
export function shownDeadline(s: CaseState, policy: Policy): Deadline | null {
  let first = nextDeadline(s, policy);
  if (s.outcome) return first;
  for (const o of s.oyw) {
    if (o.status !== 'open' || !o.decisionOverdue || !o.selectedAt) continue;
    const late: Deadline = { kind: 'oyw-decision-due', about: o.oywId as AwaitedMidiDecision, dueAt: oywDecisionDueAt(o.selectedAt, policy) };
    if (!first || late.dueAt < first.dueAt) first = late;
  }
  return first;
}

/** The earliest deadline, or null when the case waits only on people. */
export function nextDeadline(s: CaseState, policy: Policy): Deadline | null {
  let first: Deadline | null = null;
  for (const d of pendingDeadlines(s, policy)) if (!first || d.dueAt < first.dueAt) first = d;
  return first;
}

/** The case as `GET /applications/:caseId` shows it. */
export function caseView(s: CaseState, policy: Policy) {
  const next = shownDeadline(s, policy);
  return {
    caseId: s.caseId,
    stream: s.stream,
    stage: s.stage,
    outcome: s.outcome,
    onHold: isOnHold(s),
    openedAt: new Date(s.openedAt).toISOString(),
    closedAt: s.closedAt === null ? null : new Date(s.closedAt).toISOString(),
    visaOffice: s.visaOffice,
    principalApplicant: s.principalApplicant,
    sponsor: s.sponsor,
    sponsorship: { status: s.sponsorship.status, reassessmentPending: s.sponsorship.reassessment },
    missingDocuments: s.prApplication.missingDocuments,
    documentsToDigitize: s.prApplication.documentsToDigitize ?? [],
    gcmsNumber: s.gcmsNumber,
    csq: s.csq,
    destination: s.destination,
    eligibility: s.eligibility,
    admissibility: s.admissibility,
    visa: s.visa,
    travel: s.travel && {
      arrivalDate: s.travel.arrivalDate,
      portOfEntry: s.travel.portOfEntry,
      flights: s.travel.flights,
      urgent: s.travel.urgent,
      natNumber: s.travel.natNumber,
    },
    arrival: s.arrival && { arrivedOn: s.arrival.arrivedOn, portOfEntry: s.arrival.portOfEntry },
    familyMembers: s.familyMembers.filter((m) => m.addedAs === 'declared').map(memberFields),
    dependants: s.familyMembers.filter((m) => m.addedAs === 'dependant').map(memberFields),
    oyw: s.oyw.map(({ oywId, memberId, status, outcome, selection, selectedAt }) => ({
      oywId,
      memberId,
      status,
      outcome,
      selection,
      awaiting: status === 'open' ? oywDecider(s, oywId) : null,
      ...(s.oywFollowUps && status === 'open' && selectedAt && { decisionDueAt: new Date(oywDecisionDueAt(selectedAt, policy)).toISOString() }),
    })),
    nextDeadline:
      next && Number.isFinite(new Date(next.dueAt).getTime())
        ? { kind: next.kind, ...(next.about && { about: next.about }), dueAt: new Date(next.dueAt).toISOString() }
        : null,
    overdue: overdue(s),
    actionsOpen: actionsOpen(s),
    decisions: s.decisions ?? [],
    // Writing this very copy is not news; a copy that failed to be written is.
    effects: (s.effects ?? []).filter((e) => e.request.kind !== 'case-record' || e.status === 'failed').map(effectView),
    ...(s.rejectedSignals?.length ? { rejectedSignals: s.rejectedSignals } : {}),
  };
}

/** What is late on an open case: someone has been reminded or alerted and has not yet acted. */
export function overdue(s: CaseState): string[] {
  if (s.outcome) return [];
  const late: string[] = [];
  for (const [about, req] of Object.entries(s.midiRequests)) if (req && req.reminders > 0) late.push(`midi-${about}-decision`);
  if ((s.effects ?? []).some((e) => e.status === 'failed')) late.push('failed-effect');
  if (s.stage === 'awaiting-pr-application' && s.prApplication.remindersSent > 0) late.push('pr-application');
  if (s.travel?.noShowAlerted && !s.arrival) late.push('arrival');
  for (const o of s.oyw) if (o.status === 'open' && o.decisionOverdue) late.push(`${o.oywId}-r141-decision`);
  return late;
}
export type CaseView = ReturnType<typeof caseView>;

function memberFields({ addedAs: _addedAs, ...member }: MemberView) {
  return member;
}

/** On hold: a dependant was added and MIDI has not yet reassessed the sponsorship. */
export function isOnHold(s: CaseState): boolean {
  return s.sponsorship.reassessment && !s.outcome;
}
