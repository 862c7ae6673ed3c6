import { REQUIRED_DOCUMENTS } from '../../domain/case-types';
import type { CaseState } from '../../domain/case';
import type { PrApplicationBody } from '../../domain/schemas';
import type { Refusal } from './context';

/** Rule 3: the PR application is received only while the case waits for it. */
export function prApplicationRefusal(s: CaseState, _body: PrApplicationBody): Refusal {
  if (s.stream !== 'PSR') return 'A GAR case is opened on a referral; it takes no PR application from a sponsor.';
  if (s.stage !== 'awaiting-pr-application') {
    return `The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at ${s.stage}.`;
  }
  return sponsorshipValidity(s);
}

/** Rule 3: a valid sponsorship is approved, not withdrawn and not lapsed. */
export function sponsorshipValidity(s: CaseState): Refusal {
  if (s.sponsorship.status !== 'approved') return `The sponsorship is not valid: it is ${s.sponsorship.status}.`;
  return null;
}

/** Rule 3: the required documents missing from a package, in the order of the checklist. */
export function missingDocuments(body: PrApplicationBody): string[] {
  const types = new Set(body.documents.map((d) => d.type));
  return REQUIRED_DOCUMENTS.filter((t) => !types.has(t));
}
