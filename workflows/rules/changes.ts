import { effectNotRetriedMessage } from '../../domain/closed';
import type { CaseState } from '../../domain/case';
import type { DependantBody, WithdrawalBody } from '../../domain/schemas';
import type { Refusal } from './context';

/** Rule 11: ROC-O adds dependants to a PSR application before arrival. */
export function addDependantRefusal(s: CaseState, _body?: DependantBody): Refusal {
  if (s.stream !== 'PSR') return 'Dependants are added to privately sponsored (PSR) applications only.';
  if (s.arrival) return 'The refugee has arrived: dependants are added before arrival; a family member left behind applies under the one-year window.';
  if (s.stage === 'sponsorship-review' || s.stage === 'awaiting-pr-application') {
    return 'No PR application is on file yet: declare the family member in the PR application instead.';
  }
  if (s.stage === 'roc-o-intake') {
    return 'The PR application waits at ROC-O intake for its documents to be digitized: add the dependant once it is filed in GCMS.';
  }
  return null;
}

/** Rule 12: a PSR sponsorship is withdrawn before arrival only. */
export function withdrawalRefusal(s: CaseState, _body?: WithdrawalBody): Refusal {
  if (s.stream !== 'PSR') return 'A government-assisted refugee (GAR) case has no sponsorship to withdraw.';
  if (s.arrival) return 'The refugee has arrived: a sponsorship cannot be withdrawn after arrival.';
  return null;
}

/** Rule 19: ops retry an effect that failed for good, once its cause is mended; nothing else is retried by hand. */
export function retryEffectRefusal(s: { effects?: ReadonlyArray<{ effectId: string; status: string }> }, effectId: string): Refusal {
  const effect = (s.effects ?? []).find((e) => e.effectId === effectId);
  if (!effect || effect.status !== 'failed') return effectNotRetriedMessage(effectId, effect?.status);
  return null;
}
