/**
 * Bad input that only the case can tell (spec §4 "Bad input"): answered 400 naming the field, like
 * the checks at the edge, but judged here because they need the case's state or the policy it keeps.
 */
import type { CaseState } from '../../domain/case';
import type { DecisionBody } from '../../domain/decisions';
import type { DecisionName } from '../../domain/decision-messages';
import { dateAfter } from '../../domain/policy';
import type { AdmissibilityDecisionBody, ArrivalBody } from '../../domain/schemas';
import { today, words, type RuleContext, type Words } from './context';
import { packageDocumentsFault } from './pr-application';

/** What is wrong with a field of the request, in words that name it (English and French); null when nothing is. */
export type InputFault = Words | null;

/** Spec §4: a medical exam recent enough that the visa counted from it (rule 6) would not already have expired. */
export function medicalExamDateFault(s: CaseState, body: AdmissibilityDecisionBody, ctx: RuleContext): InputFault {
  if (body.decision !== 'admissible' || !body.medicalExamDate) return null;
  const expiresOn = dateAfter(body.medicalExamDate, ctx.policy.medicalValidity);
  if (expiresOn > today(ctx)) return null;
  return words(
    `body.medicalExamDate ${body.medicalExamDate} is too old: a visa counted from it would have expired on ${expiresOn}.`,
    `body.medicalExamDate ${body.medicalExamDate} est trop ancienne : un visa compté à partir de cette date aurait expiré le ${expiresOn}.`,
  );
}

/** Spec §4: an arrival recorded on or after the visa's issue. */
export function arrivedOnFault(s: CaseState, body: ArrivalBody): InputFault {
  const issuedOn = s.visa.issuedOn;
  if (!issuedOn || body.arrivedOn >= issuedOn) return null;
  return words(
    `body.arrivedOn ${body.arrivedOn} is before the visa was issued (${issuedOn}).`,
    `body.arrivedOn ${body.arrivedOn} est antérieure à la délivrance du visa (${issuedOn}).`,
  );
}

const INPUT_CHECKS: { [N in DecisionName]?: (s: CaseState, body: DecisionBody<N>, ctx: RuleContext) => InputFault } = {
  admissibilityDecision: medicalExamDateFault,
  arrival: arrivedOnFault,
  prApplication: packageDocumentsFault,
};

/** The fault in a decision's input given the case, or null. */
export function decisionInputFault<N extends DecisionName>(name: N, s: CaseState, body: DecisionBody<N>, ctx: RuleContext): InputFault {
  const check = INPUT_CHECKS[name] as ((s: CaseState, body: DecisionBody<N>, ctx: RuleContext) => InputFault) | undefined;
  return check ? check(s, body, ctx) : null;
}
