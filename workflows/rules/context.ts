import type { Policy } from '../../domain/policy';
import type { CaseState } from '../../domain/case';
import { quebecDate } from '../../domain/calendar';
import { closedCaseMessage } from '../../domain/closed';
import type { Words } from '../../domain/words';

export { words, type Words } from '../../domain/words';

/** What a rule may look at besides the case and the request. */
export interface RuleContext {
  policy: Policy;
  now: number;
}

/** A rule answers null to accept, or the reason for refusing in words, in English and French. */
export type Refusal = Words | null;

export type Rule<B> = (s: CaseState, body: B, ctx: RuleContext) => Refusal;

export const today = (ctx: RuleContext) => quebecDate(ctx.now);

/** Rule 14: any action on a closed case is refused. */
export function closedRefusal(s: { outcome: string | null }): Refusal {
  return s.outcome ? closedCaseMessage(s.outcome) : null;
}

/** The first refusal among several checks, in order. */
export function firstRefusal(...checks: Array<() => Refusal>): Refusal {
  for (const check of checks) {
    const reason = check();
    if (reason) return reason;
  }
  return null;
}
