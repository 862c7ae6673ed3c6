/** The words of the spec: streams, stages, outcomes, roles, parties, notice kinds. No I/O. */
import type { Static } from '@sinclair/typebox';
// Types only: schemas.ts imports this file's lists, so nothing of it is loaded from here.
import type { FamilyMemberSchema, FlightSchema, PersonSchema, SponsorSchema } from './schemas';

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

/** What a stored document may be (spec §6): a document type of rule 3, or `other`. */
export const DOCUMENT_TYPES = [...REQUIRED_DOCUMENTS, 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const RELATIONSHIPS = ['spouse', 'common-law-partner', 'child'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

// The shapes people send are written once, as schemas (domain/schemas.ts); their types are derived from them.
export type Person = Static<typeof PersonSchema>;
export type FamilyMember = Static<typeof FamilyMemberSchema>;
export type Sponsor = Static<typeof SponsorSchema>;
export type Flight = Static<typeof FlightSchema>;

/** Workflow id of a case: the only place the `case-` prefix is spelled. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** Workflow id of a case's n-th OYW application. */
export function oywWorkflowId(caseId: string, n: number): string {
  return `case-${caseId}-oyw-${n}`;
}
