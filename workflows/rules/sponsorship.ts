import type { CaseState } from '../../domain/case';
import type { SponsorshipDecisionBody } from '../../domain/schemas';
import { statusFr } from '../../domain/words';
import { words, type Refusal } from './context';

/** Rules 1 and 11: a sponsorship decision only while one is awaited (first assessment or reassessment). */
export function sponsorshipDecisionRefusal(s: CaseState, _body?: SponsorshipDecisionBody): Refusal {
  if (s.stream !== 'PSR') return words('A GAR case has no sponsorship to decide.', "Un dossier RPG n'a aucun parrainage à décider.");
  if (s.sponsorship.status === 'awaiting' || s.sponsorship.reassessment) return null;
  return words(
    `No sponsorship decision is awaited: the sponsorship is already ${s.sponsorship.status}.`,
    `Aucune décision sur le parrainage n'est attendue : le parrainage est déjà ${statusFr(s.sponsorship.status)}.`,
  );
}
