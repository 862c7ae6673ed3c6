/** The search attributes of spec §5: what ops filter on in the Temporal UI. No personal data. */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { nextDeadline, type CaseState } from './case';
import type { Policy } from './policy';

export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseStream = defineSearchAttributeKey('CaseStream', SearchAttributeType.KEYWORD);
export const CaseOutcome = defineSearchAttributeKey('CaseOutcome', SearchAttributeType.KEYWORD);
export const QuebecDestination = defineSearchAttributeKey('QuebecDestination', SearchAttributeType.KEYWORD);
export const VisaOffice = defineSearchAttributeKey('VisaOffice', SearchAttributeType.KEYWORD);
export const CsqStatus = defineSearchAttributeKey('CsqStatus', SearchAttributeType.KEYWORD);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const OnHold = defineSearchAttributeKey('OnHold', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [
  CaseStage,
  CaseStream,
  CaseOutcome,
  QuebecDestination,
  VisaOffice,
  CsqStatus,
  NextDeadline,
  OnHold,
];

/** The search attributes of a case now; null removes an attribute that no longer applies. */
export function caseSearchAttributes(s: CaseState, policy: Policy): SearchAttributeUpdatePair[] {
  const next = nextDeadline(s, policy);
  return [
    { key: CaseStage, value: s.stage },
    { key: CaseStream, value: s.stream },
    { key: CaseOutcome, value: s.outcome },
    { key: QuebecDestination, value: s.destination },
    { key: VisaOffice, value: s.visaOffice },
    { key: CsqStatus, value: s.csq.status },
    { key: NextDeadline, value: next ? new Date(next.dueAt) : null },
    { key: OnHold, value: s.sponsorship.reassessment && !s.outcome },
  ];
}
