/**
 * What is open on a case now, from the part of each rule that looks at the case alone (its stage, what is already
 * decided): what the case page offers (spec §7, "the decisions this person may take now"). The rules themselves
 * start with these checks, so the two cannot disagree; a request may still be refused for what it carries.
 */
import type { CaseState } from '../../domain/case';
import type { Role } from '../../domain/case-types';
import { DECISION_NAMES, DECISION_PATHS, type DecisionName } from '../../domain/decision-messages';
import { closedRefusal, type Refusal } from './context';
import { sponsorshipDecisionRefusal } from './sponsorship';
import { prApplicationRefusal } from './pr-application';
import { csqDecisionRefusal, destinationRefusal } from './quebec';
import { admissibilityDecisionRefusal, eligibilityDecisionRefusal, visaDecisionOpen } from './overseas';
import { arrivalOpen, travelOpen } from './travel';
import { addDependantRefusal, withdrawalRefusal } from './changes';
import { oywDecisionRefusal, oywOpeningOpen } from './oyw';

/** Each decision's case-only check: null when the decision is open now (the rule itself may still refuse a request). */
export const DECISION_OPEN: { [N in DecisionName]: (s: CaseState) => Refusal } = {
  sponsorshipDecision: sponsorshipDecisionRefusal,
  prApplication: prApplicationRefusal,
  csqDecision: csqDecisionRefusal,
  destination: destinationRefusal,
  eligibilityDecision: eligibilityDecisionRefusal,
  admissibilityDecision: admissibilityDecisionRefusal,
  visaDecision: visaDecisionOpen,
  travel: travelOpen,
  arrival: arrivalOpen,
  addDependant: addDependantRefusal,
  withdrawal: withdrawalRefusal,
};

/** The roles that decide an OYW application (rule 13): MIDI selects, then ROC-O decides under R141. */
const OYW_DECIDERS = ['midi', 'roc-o'] as const satisfies readonly Role[];

/**
 * The actions open on the case now, as their routes under /applications/:caseId/ (e.g. `visa-decision`,
 * `oyw-applications`, `oyw-applications/oyw-1/decision`), in the decisions table's order; none on a closed case
 * (rule 14). Which role may send each is the decisions table's (domain/decisions.ts) and, for an OYW decision,
 * `oywDecider`.
 */
export function actionsOpen(s: CaseState): string[] {
  if (closedRefusal(s)) return [];
  const open: string[] = DECISION_NAMES.filter((name) => !DECISION_OPEN[name](s)).map((name) => DECISION_PATHS[name]);
  if (!oywOpeningOpen(s)) open.push('oyw-applications');
  for (const o of s.oyw) if (oywDecider(s, o.oywId)) open.push(`oyw-applications/${o.oywId}/decision`);
  return open;
}

/** Rule 13: the role whose decision an OYW application awaits now (MIDI's selection, then ROC-O's R141), or null. */
export function oywDecider(s: CaseState, oywId: string): (typeof OYW_DECIDERS)[number] | null {
  return OYW_DECIDERS.find((by) => !oywDecisionRefusal(s, { oywId, by })) ?? null;
}
