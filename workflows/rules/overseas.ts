import type { CaseState } from '../../domain/case';
import type { AdmissibilityDecisionBody, EligibilityDecisionBody, VisaDecisionBody } from '../../domain/schemas';
import { firstRefusal, type Refusal } from './context';

/** Rules 5 and 6: the officers abroad decide while the file is with them; a visa decision is open then (refused at any time, issued once rule 6 holds). */
export function visaDecisionOpen(s: CaseState): Refusal {
  return inOverseasProcessing(s);
}

function inOverseasProcessing(s: CaseState): Refusal {
  if (s.stage === 'overseas-processing') return null;
  return `Overseas decisions are recorded while the file is at the office abroad (stage overseas-processing); the case is at ${s.stage}.`;
}

/** Rule 5: eligibility recorded once, in any order with admissibility and the CSQ. */
export function eligibilityDecisionRefusal(s: CaseState, _body?: EligibilityDecisionBody): Refusal {
  return firstRefusal(
    () => inOverseasProcessing(s),
    () => (s.eligibility ? `Eligibility is already decided (${s.eligibility.decision}).` : null),
  );
}

/** Rule 5: admissibility recorded once; admissible needs the medical exam date the visa counts from. */
export function admissibilityDecisionRefusal(s: CaseState, _body?: AdmissibilityDecisionBody): Refusal {
  return firstRefusal(
    () => inOverseasProcessing(s),
    () => (s.admissibility ? `Admissibility is already decided (${s.admissibility.decision}).` : null),
  );
}

/** Rule 6: what must hold before a PR visa is issued to an applicant destined to Quebec. */
export function visaDecisionRefusal(s: CaseState, body: VisaDecisionBody): Refusal {
  return firstRefusal(
    () => visaDecisionOpen(s),
    () => (body.decision === 'issued' ? visaIssueRefusal(s) : null),
  );
}

function visaIssueRefusal(s: CaseState): Refusal {
  const missing: string[] = [];
  if (s.eligibility?.decision !== 'eligible') missing.push('the applicant has not been found eligible');
  if (s.admissibility?.decision !== 'admissible') missing.push('the applicant has not been found admissible');
  if (s.csq.status !== 'issued') missing.push(`Quebec has not issued a CSQ (CSQ ${s.csq.status})`);
  if (s.sponsorship.reassessment) missing.push('the case is on hold until MIDI reassesses the sponsorship');
  if (s.stream === 'GAR' && !s.destination) missing.push('MIDI has not assigned a destination in Quebec');
  return missing.length ? `The visa cannot be issued: ${missing.join('; ')}.` : null;
}
