/**
 * The decisions table: one row per decision a person sends on a case. The API builds its routes
 * from the rows; the workflow registers one Update handler per row. Adding a decision is adding
 * a row here and its rule in workflows/rules.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { Role } from './case-types';
import { DECISION_PATHS, type DecisionName } from './decision-messages';
import * as S from './schemas';
import * as P from './plausibility';

interface DecisionRow {
  /** The route under /applications/:caseId/ */
  path: string;
  roles: readonly Role[];
  body: TSchema;
  summary: string;
  /** Spec §4 "Bad input" that needs no case: checked before the Update is sent (400). */
  plausibility?: P.PlausibilityCheck;
}

export const DECISIONS = {
  sponsorshipDecision: {
    path: DECISION_PATHS.sponsorshipDecision,
    roles: ['midi'],
    body: S.SponsorshipDecisionBody,
    summary: "MIDI's decision on the sponsorship undertaking (or its reassessment)",
  },
  prApplication: {
    path: DECISION_PATHS.prApplication,
    roles: ['sponsor', 'roc-o'],
    body: S.PrApplicationBody,
    summary: "The refugee's permanent residence application package: each document uploaded ({type, documentId}) or on paper ({type, fileName})",
    plausibility: P.packageImplausible,
  },
  csqDecision: {
    path: DECISION_PATHS.csqDecision,
    roles: ['midi'],
    body: S.CsqDecisionBody,
    summary: "MIDI's decision on the Quebec Selection Certificate",
    plausibility: P.csqImplausible,
  },
  destination: {
    path: DECISION_PATHS.destination,
    roles: ['midi'],
    body: S.DestinationBody,
    summary: 'The final destination in Quebec of a government-assisted refugee',
  },
  eligibilityDecision: {
    path: DECISION_PATHS.eligibilityDecision,
    roles: ['migration-officer'],
    body: S.EligibilityDecisionBody,
    summary: 'The migration officer decision on refugee eligibility',
  },
  admissibilityDecision: {
    path: DECISION_PATHS.admissibilityDecision,
    roles: ['migration-officer'],
    body: S.AdmissibilityDecisionBody,
    summary: 'The migration officer decision on admissibility (medical, security, criminality)',
    plausibility: P.admissibilityImplausible,
  },
  visaDecision: {
    path: DECISION_PATHS.visaDecision,
    roles: ['migration-officer'],
    body: S.VisaDecisionBody,
    summary: 'The permanent resident visa decision',
  },
  travel: {
    path: DECISION_PATHS.travel,
    roles: ['migration-officer'],
    body: S.TravelBody,
    summary: 'Travel booked (or re-booked): arrival date, port of entry, flights',
    plausibility: P.travelImplausible,
  },
  arrival: {
    path: DECISION_PATHS.arrival,
    roles: ['roc-o'],
    body: S.ArrivalBody,
    summary: 'The arrival in Canada',
  },
  addDependant: {
    path: DECISION_PATHS.addDependant,
    roles: ['roc-o'],
    body: S.DependantBody,
    summary: 'A dependant added to a PSR application before arrival',
    plausibility: P.dependantImplausible,
  },
  withdrawal: {
    path: DECISION_PATHS.withdrawal,
    roles: ['sponsor', 'roc-o'],
    body: S.WithdrawalBody,
    summary: 'The sponsorship withdrawn on the sponsor’s word',
  },
} as const satisfies Record<DecisionName, DecisionRow>;

export type DecisionBody<N extends DecisionName> = Static<(typeof DECISIONS)[N]['body']>;

export * from './decision-messages';
