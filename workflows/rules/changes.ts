import { effectNotRetriedMessage } from '../../domain/closed';
import type { CaseState } from '../../domain/case';
import type { DependantBody, WithdrawalBody } from '../../domain/schemas';
import { stageFr } from '../../domain/words';
import { words, type Refusal } from './context';

/** Rule 11: ROC-O adds dependants to a PSR application before arrival. */
export function addDependantRefusal(s: CaseState, _body?: DependantBody): Refusal {
  if (s.stream !== 'PSR') {
    return words(
      'Dependants are added to privately sponsored (PSR) applications only.',
      "Les personnes à charge ne sont ajoutées qu'aux demandes de parrainage privé (PSR).",
    );
  }
  if (s.arrival) {
    return words(
      'The refugee has arrived: dependants are added before arrival; a family member left behind applies under the one-year window.',
      "Le réfugié est arrivé : les personnes à charge sont ajoutées avant l'arrivée ; un membre de la famille resté à l'étranger présente une demande « un an pour agir ».",
    );
  }
  if (s.stage === 'sponsorship-review' || s.stage === 'awaiting-pr-application') {
    return words(
      'No PR application is on file yet: declare the family member in the PR application instead.',
      "Aucune demande de résidence permanente n'est encore au dossier : déclarez plutôt le membre de la famille dans la demande de résidence permanente.",
    );
  }
  if (s.stage === 'roc-o-intake') {
    return words(
      'The PR application waits at ROC-O intake for its documents to be digitized: add the dependant once it is filed in GCMS.',
      `La demande de résidence permanente attend à l'étape ${stageFr('roc-o-intake')} que ses documents soient numérisés : ajoutez la personne à charge une fois la demande créée dans le SMGC.`,
    );
  }
  return null;
}

/** Rule 12: a PSR sponsorship is withdrawn before arrival only. */
export function withdrawalRefusal(s: CaseState, _body?: WithdrawalBody): Refusal {
  if (s.stream !== 'PSR') {
    return words(
      'A government-assisted refugee (GAR) case has no sponsorship to withdraw.',
      "Le dossier d'un réfugié pris en charge par le gouvernement (RPG) n'a aucun parrainage à retirer.",
    );
  }
  if (s.arrival) {
    return words(
      'The refugee has arrived: a sponsorship cannot be withdrawn after arrival.',
      "Le réfugié est arrivé : un parrainage ne peut pas être retiré après l'arrivée.",
    );
  }
  return null;
}

/** Rule 19: ops retry an effect that failed for good, once its cause is mended; nothing else is retried by hand. */
export function retryEffectRefusal(s: { effects?: ReadonlyArray<{ effectId: string; status: string }> }, effectId: string): Refusal {
  const effect = (s.effects ?? []).find((e) => e.effectId === effectId);
  if (!effect || effect.status !== 'failed') return effectNotRetriedMessage(effectId, effect?.status);
  return null;
}
