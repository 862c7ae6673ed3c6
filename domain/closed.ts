/**
 * The words a case says once it is closed (rule 14) or its effect is not one to retry (rule 19): one home,
 * used by the workflow's rules while the case runs and by the API once its workflow has ended.
 */

/** Rule 14: any action on a closed case is refused, in these words. */
export function closedCaseMessage(outcome: string): string {
  return `The case is closed (outcome ${outcome}); no action is allowed on a closed case.`;
}

/** Rule 19: only an effect that failed is retried; what the case says of one it does not have or that did not fail. */
export function effectNotRetriedMessage(effectId: string, status: string | undefined): string {
  if (status === undefined) return `The case has no effect ${effectId}.`;
  return `The effect ${effectId} is ${status}; only an effect that failed is retried.`;
}
