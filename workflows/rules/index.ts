/** Which rule decides each decision: one home per rule, looked up by decision name. */
import type { CaseState } from '../../domain/case';
import type { DecisionBody } from '../../domain/decisions';
import type { DecisionName } from '../../domain/decision-messages';
import { closedRefusal, type Refusal, type Rule, type RuleContext } from './context';
import { sponsorshipDecisionRefusal } from './sponsorship';
import { prApplicationRefusal } from './pr-application';
import { csqDecisionRefusal, destinationRefusal } from './quebec';
import { admissibilityDecisionRefusal, eligibilityDecisionRefusal, visaDecisionRefusal } from './overseas';
import { arrivalRefusal, travelRefusal } from './travel';
import { addDependantRefusal, withdrawalRefusal } from './changes';

export const DECISION_RULES: { [N in DecisionName]: Rule<DecisionBody<N>> } = {
  sponsorshipDecision: sponsorshipDecisionRefusal,
  prApplication: prApplicationRefusal,
  csqDecision: csqDecisionRefusal,
  destination: destinationRefusal,
  eligibilityDecision: eligibilityDecisionRefusal,
  admissibilityDecision: admissibilityDecisionRefusal,
  visaDecision: visaDecisionRefusal,
  travel: travelRefusal,
  arrival: arrivalRefusal,
  addDependant: addDependantRefusal,
  withdrawal: withdrawalRefusal,
};

/** Why a decision is refused on this case now, or null when the rules allow it. */
export function decisionRefusal<N extends DecisionName>(
  name: N,
  s: CaseState,
  body: DecisionBody<N>,
  ctx: RuleContext,
): Refusal {
  return closedRefusal(s) ?? (DECISION_RULES[name] as Rule<DecisionBody<N>>)(s, body, ctx);
}

export * from './context';
export { documentsToDigitize, missingDocuments } from './pr-application';
