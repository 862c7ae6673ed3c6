import type { CaseState } from '../../domain/case';
import type { CsqDecisionBody, DestinationBody } from '../../domain/schemas';
import { statusFr } from '../../domain/words';
import { words, type Refusal } from './context';

/** Rule 4: a CSQ decision only while MIDI has been asked for one. */
export function csqDecisionRefusal(s: CaseState, _body?: CsqDecisionBody): Refusal {
  if (s.csq.status === 'requested') return null;
  if (s.csq.status === 'not-requested') {
    return words(
      'The CSQ has not been requested yet: ROC-O requests it once the PR application is complete and filed.',
      "Le certificat de sélection du Québec (CSQ) n'a pas encore été demandé : le ROC-O le demande une fois la demande de résidence permanente complète et créée.",
    );
  }
  return words(
    `The CSQ is already ${s.csq.status}; MIDI decides it once.`,
    `Le CSQ est déjà ${statusFr(s.csq.status)} ; le MIDI ne le décide qu'une fois.`,
  );
}

/** MIDI chooses the final destination of a GAR, once. */
export function destinationRefusal(s: CaseState, _body?: DestinationBody): Refusal {
  if (s.stream !== 'GAR') {
    return words(
      'MIDI assigns a destination to government-assisted refugees (GAR) only; a PSR settles with the sponsor.',
      "Le MIDI n'attribue une destination qu'aux réfugiés pris en charge par le gouvernement (RPG) ; un réfugié parrainé (PSR) s'établit auprès de son parrain.",
    );
  }
  if (s.destination) return words(`The destination is already assigned (${s.destination}).`, `La destination est déjà attribuée (${s.destination}).`);
  return null;
}
