/**
 * The decisions' messages, as the API sends them and the workflow handles them: each decision's name, its route
 * under /applications/:caseId/, its Update, and the case's Query. Kept apart from the decisions table
 * (./decisions.ts, with the bodies' schemas) so that the workflow bundle holds no schema library: the worker
 * loads a copy of the workflow modules for each case it keeps in its cache.
 */
import { ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Role } from './case-types';
import type { CaseView } from './case';
import type { DecisionBody } from './decisions';
import type { Words } from './words';

/** Each decision's route under /applications/:caseId/, by the name of its Update. */
export const DECISION_PATHS = {
  sponsorshipDecision: 'sponsorship-decision',
  prApplication: 'pr-application',
  csqDecision: 'csq-decision',
  destination: 'destination',
  eligibilityDecision: 'eligibility-decision',
  admissibilityDecision: 'admissibility-decision',
  visaDecision: 'visa-decision',
  travel: 'travel',
  arrival: 'arrival',
  addDependant: 'dependants',
  withdrawal: 'withdrawal',
} as const;

export type DecisionName = keyof typeof DECISION_PATHS;
export const DECISION_NAMES = Object.keys(DECISION_PATHS) as DecisionName[];

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

/**
 * The failure an Update's validator throws to refuse (`RULE_REFUSED`) or to reject its input (`BAD_INPUT`): the
 * English is its message, as histories, logs and API clients have always read it; its details carry the words in
 * both languages (`[{en, fr}]`), from which the API answers in the language the request prefers.
 */
export function refusalFailure(type: typeof RULE_REFUSED | typeof BAD_INPUT, reason: Words): ApplicationFailure {
  return ApplicationFailure.create({ type, message: reason.en, details: [{ en: reason.en, fr: reason.fr }], nonRetryable: true });
}
