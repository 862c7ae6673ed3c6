/** The words of the spec: streams, stages, outcomes, roles, parties, notice kinds. No I/O. */

export const STREAMS = ['PSR', 'GAR'] as const;
export type Stream = (typeof STREAMS)[number];

export const STAGES = [
  'sponsorship-review',
  'awaiting-pr-application',
  'roc-o-intake',
  'overseas-processing',
  'visa-issued',
  'travel-booked',
  'arrived',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const OUTCOMES = [
  'sponsorship-refused',
  'abandoned',
  'refused',
  'not-selected-by-quebec',
  'visa-expired',
  'sponsorship-withdrawn',
  'lapsed',
  'settled',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ROLES = ['midi', 'roc-o', 'migration-officer', 'sponsor', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const PARTIES = ['midi', 'sponsor', 'office-abroad', 'roc-o'] as const;
export type Party = (typeof PARTIES)[number];

export const NOTICE_KINDS = [
  'incomplete-return',
  'file-transfer',
  'csq-request',
  'destination-request',
  'midi-reminder',
  'pr-deadline-reminder',
  'refusal-letter',
  'pre-nat',
  'nat',
  'nat-amended',
  'no-show-alert',
  'post-arrival-services-request',
  'dependant-reassessment-request',
  'withdrawal-notice',
  'settlement-report-reminder',
  'oyw-selection-request',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const REQUIRED_DOCUMENTS = [
  'IMM0008',
  'IMM0008-ScheduleA',
  'IMM0008-Schedule2',
  'sponsorship-undertaking',
] as const;

export type Language = 'fr' | 'en';

export interface Person {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex?: string;
}

export type Relationship = 'spouse' | 'common-law-partner' | 'child';

export interface FamilyMember extends Person {
  relationship: Relationship;
  accompanying: boolean;
}

export interface Sponsor {
  groupId: string;
  name: string;
  contact: { email?: string; phone?: string; language?: Language };
}

export interface Flight {
  carrier: string;
  number: string;
  from: string;
  to: string;
  departure: string;
  arrival: string;
}

/** Workflow id of a case: the only place the `case-` prefix is spelled. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** Workflow id of a case's n-th OYW application. */
export function oywWorkflowId(caseId: string, n: number): string {
  return `case-${caseId}-oyw-${n}`;
}
