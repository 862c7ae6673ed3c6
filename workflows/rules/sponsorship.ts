import type { CaseState } from '../../domain/case';
import type { SponsorshipDecisionBody } from '../../domain/schemas';
import type { Refusal } from './context';

/** Rules 1 and 11: a sponsorship decision only while one is awaited (first assessment or reassessment). */
export function sponsorshipDecisionRefusal(s: CaseState, _body?: SponsorshipDecisionBody): Refusal {
  if (s.stream !== 'PSR') return 'A GAR case has no sponsorship to decide.';
  if (s.sponsorship.status === 'awaiting' || s.sponsorship.reassessment) return null;
  return `No sponsorship decision is awaited: the sponsorship is already ${s.sponsorship.status}.`;
}
