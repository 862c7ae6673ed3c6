/**
 * The words a case says once it is closed (rule 14) or its effect is not one to retry (rule 19): one home,
 * used by the workflow's rules while the case runs and by the API once its workflow has ended.
 */
import { outcomeFr, statusFr, words, type Words } from './words';

/** Rule 14: any action on a closed case is refused, in these words. */
export function closedCaseMessage(outcome: string): Words {
  return words(
    `The case is closed (outcome ${outcome}); no action is allowed on a closed case.`,
    `Le dossier est fermé (issue : ${outcomeFr(outcome)}) ; aucune action n'est permise sur un dossier fermé.`,
  );
}

/** Rule 19: only an effect that failed is retried; what the case says of one it does not have or that did not fail. */
export function effectNotRetriedMessage(effectId: string, status: string | undefined): Words {
  if (status === undefined) return words(`The case has no effect ${effectId}.`, `Le dossier n'a aucun effet ${effectId}.`);
  return words(
    `The effect ${effectId} is ${status}; only an effect that failed is retried.`,
    `L'effet ${effectId} est à l'état « ${statusFr(status)} » ; seul un effet en échec est relancé.`,
  );
}
