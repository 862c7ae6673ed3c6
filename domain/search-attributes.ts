/** The search attributes of spec §5: what ops filter on in the Temporal UI. No personal data. */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { shownDeadline, type CaseState } from './case';
import type { Policy } from './policy';

export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseStream = defineSearchAttributeKey('CaseStream', SearchAttributeType.KEYWORD);
export const CaseOutcome = defineSearchAttributeKey('CaseOutcome', SearchAttributeType.KEYWORD);
export const QuebecDestination = defineSearchAttributeKey('QuebecDestination', SearchAttributeType.KEYWORD);
export const VisaOffice = defineSearchAttributeKey('VisaOffice', SearchAttributeType.KEYWORD);
export const CsqStatus = defineSearchAttributeKey('CsqStatus', SearchAttributeType.KEYWORD);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const OnHold = defineSearchAttributeKey('OnHold', SearchAttributeType.BOOL);
/** Effects parked as failed on the case (rule 19): ops query `FailedEffects > 0`. */
export const FailedEffects = defineSearchAttributeKey('FailedEffects', SearchAttributeType.INT);
/**
 * The decisions MIDI is asked for and has not given (rules 1, 5, 13, 15): `sponsorship`, `csq`, `destination`,
 * `oyw-<n>`; unset when none. Ops query `AwaitingMidi IS NOT NULL` or `AwaitingMidi = 'csq'`. Set on runs since the
 * patch `ops-search-attributes`.
 */
export const AwaitingMidi = defineSearchAttributeKey('AwaitingMidi', SearchAttributeType.KEYWORD_LIST);
/** An OYW application's R141 decision is past its due date, open (rule 13): ops query `OywOverdue = true`. */
export const OywOverdue = defineSearchAttributeKey('OywOverdue', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [
  CaseStage,
  CaseStream,
  CaseOutcome,
  QuebecDestination,
  VisaOffice,
  CsqStatus,
  NextDeadline,
  OnHold,
  FailedEffects,
  AwaitingMidi,
  OywOverdue,
];

/** The latest instant a Datetime search attribute takes; a later deadline is shown as none rather than fail the case. */
const LATEST_INDEXED = Date.UTC(9999, 11, 31);

/**
 * The search attributes of a case now, in CASE_SEARCH_ATTRIBUTES's order; null removes an attribute that no longer
 * applies. `opsQuestions`: the run publishes `AwaitingMidi` and `OywOverdue` too (runs since the patch
 * `ops-search-attributes`; older runs, and the frozen code, keep the attributes they were published with).
 */
export function caseSearchAttributes(s: CaseState, policy: Policy, { opsQuestions = false } = {}): SearchAttributeUpdatePair[] {
  const next = shownDeadline(s, policy);
  const deadline = next && Number.isFinite(next.dueAt) && next.dueAt <= LATEST_INDEXED ? new Date(next.dueAt) : null;
  const attributes: SearchAttributeUpdatePair[] = [
    { key: CaseStage, value: s.stage },
    { key: CaseStream, value: s.stream },
    { key: CaseOutcome, value: s.outcome },
    { key: QuebecDestination, value: s.destination },
    { key: VisaOffice, value: s.visaOffice },
    { key: CsqStatus, value: s.csq.status },
    { key: NextDeadline, value: deadline },
    { key: OnHold, value: s.sponsorship.reassessment && !s.outcome },
  ];
  // Cases opened before effects were queued keep the attributes they were published with.
  if (s.effects) attributes.push({ key: FailedEffects, value: s.effects.filter((e) => e.status === 'failed').length });
  if (opsQuestions) {
    const midi = awaitingMidi(s);
    attributes.push({ key: AwaitingMidi, value: midi.length ? midi : null }, { key: OywOverdue, value: oywOverdue(s) });
  }
  return attributes;
}

/** The decisions MIDI is asked for and has not given, in the order asked (`csq`, `oyw-1`, …); none on a closed case. */
export function awaitingMidi(s: CaseState): string[] {
  if (s.outcome) return [];
  // A request answered is deleted from midiRequests (never left undefined): every key left is awaited.
  return Object.keys(s.midiRequests);
}

/** Rule 13: an open OYW application whose R141 decision is past its due date, on an open case. */
export function oywOverdue(s: CaseState): boolean {
  return !s.outcome && s.oyw.some((o) => o.status === 'open' && Boolean(o.decisionOverdue));
}
