import type { CaseState } from '../../domain/case';
import type { CsqDecisionBody, DestinationBody } from '../../domain/schemas';
import type { Refusal } from './context';

/** Rule 4: a CSQ decision only while MIDI has been asked for one. */
export function csqDecisionRefusal(s: CaseState, _body?: CsqDecisionBody): Refusal {
  if (s.csq.status === 'requested') return null;
  if (s.csq.status === 'not-requested') {
    return 'The CSQ has not been requested yet: ROC-O requests it once the PR application is complete and filed.';
  }
  return `The CSQ is already ${s.csq.status}; MIDI decides it once.`;
}

/** MIDI chooses the final destination of a GAR, once. */
export function destinationRefusal(s: CaseState, _body?: DestinationBody): Refusal {
  if (s.stream !== 'GAR') return 'MIDI assigns a destination to government-assisted refugees (GAR) only; a PSR settles with the sponsor.';
  if (s.destination) return `The destination is already assigned (${s.destination}).`;
  return null;
}
