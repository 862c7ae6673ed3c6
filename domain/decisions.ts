/**
 * The decisions table: one row per decision a person sends on a case. The API builds its routes
 * from the rows; the workflow registers one Update handler per row. Adding a decision is adding
 * a row here and its rule in workflows/rules.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Role } from './case-types';
import type { CaseView } from './case';
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
    path: 'sponsorship-decision',
    roles: ['midi'],
    body: S.SponsorshipDecisionBody,
    summary: "MIDI's decision on the sponsorship undertaking (or its reassessment)",
  },
  prApplication: {
    path: 'pr-application',
    roles: ['sponsor', 'roc-o'],
    body: S.PrApplicationBody,
    summary: "The refugee's permanent residence application package",
  },
  csqDecision: {
    path: 'csq-decision',
    roles: ['midi'],
    body: S.CsqDecisionBody,
    summary: "MIDI's decision on the Quebec Selection Certificate",
    plausibility: P.csqImplausible,
  },
  destination: {
    path: 'destination',
    roles: ['midi'],
    body: S.DestinationBody,
    summary: 'The final destination in Quebec of a government-assisted refugee',
  },
  eligibilityDecision: {
    path: 'eligibility-decision',
    roles: ['migration-officer'],
    body: S.EligibilityDecisionBody,
    summary: 'The migration officer decision on refugee eligibility',
  },
  admissibilityDecision: {
    path: 'admissibility-decision',
    roles: ['migration-officer'],
    body: S.AdmissibilityDecisionBody,
    summary: 'The migration officer decision on admissibility (medical, security, criminality)',
    plausibility: P.admissibilityImplausible,
  },
  visaDecision: {
    path: 'visa-decision',
    roles: ['migration-officer'],
    body: S.VisaDecisionBody,
    summary: 'The permanent resident visa decision',
  },
  travel: {
    path: 'travel',
    roles: ['migration-officer'],
    body: S.TravelBody,
    summary: 'Travel booked (or re-booked): arrival date, port of entry, flights',
    plausibility: P.travelImplausible,
  },
  arrival: {
    path: 'arrival',
    roles: ['roc-o'],
    body: S.ArrivalBody,
    summary: 'The arrival in Canada',
  },
  addDependant: {
    path: 'dependants',
    roles: ['roc-o'],
    body: S.DependantBody,
    summary: 'A dependant added to a PSR application before arrival',
    plausibility: P.dependantImplausible,
  },
  withdrawal: {
    path: 'withdrawal',
    roles: ['sponsor', 'roc-o'],
    body: S.WithdrawalBody,
    summary: 'The sponsorship withdrawn on the sponsor’s word',
  },
} as const satisfies Record<string, DecisionRow>;

export type DecisionName = keyof typeof DECISIONS;
export const DECISION_NAMES = Object.keys(DECISIONS) as DecisionName[];
export type DecisionBody<N extends DecisionName> = Static<(typeof DECISIONS)[N]['body']>;

/** What every decision Update carries: the body and the role of who sent it (never who, by name). */
export interface DecisionRequest<N extends DecisionName = DecisionName> {
  body: DecisionBody<N>;
  by: Role;
}

export type DecisionUpdate<N extends DecisionName> = UpdateDefinition<CaseView, [DecisionRequest<N>], N>;

export const decisionUpdates = Object.fromEntries(
  DECISION_NAMES.map((name) => [name, defineUpdate<CaseView, [DecisionRequest]>(name)]),
) as { [N in DecisionName]: DecisionUpdate<N> };

/** The Update of one decision, typed by its name: the API sends it and the workflow handles it without a cast. */
export function decisionUpdate<N extends DecisionName>(name: N): DecisionUpdate<N> {
  return decisionUpdates[name];
}

/** The case as the workflow holds it now. */
export const caseQuery = defineQuery<CaseView>('case');

/**
 * Sent with the case's start (Update-with-Start): answers once the case is in the database's copy, with the
 * case as it opened, so that `POST /applications` answers 201 only for a case that can be read and listed.
 */
export const caseOpenedUpdate = defineUpdate<CaseView>('caseOpened');

/** The failure type of an Update refused by a rule; the API answers it with 409. */
export const RULE_REFUSED = 'RuleRefused';

/** The failure type of an Update whose input the case shows to be wrong (spec §4 "Bad input"); the API answers 400. */
export const BAD_INPUT = 'BadInput';
