import type { CaseState } from '../../domain/case';
import type { AdmissibilityDecisionBody, EligibilityDecisionBody, VisaDecisionBody } from '../../domain/schemas';
import { stageFr, statusFr } from '../../domain/words';
import { firstRefusal, words, type Refusal, type Words } from './context';

/** Rules 5 and 6: the officers abroad decide while the file is with them; a visa decision is open then (refused at any time, issued once rule 6 holds). */
export function visaDecisionOpen(s: CaseState): Refusal {
  return inOverseasProcessing(s);
}

function inOverseasProcessing(s: CaseState): Refusal {
  if (s.stage === 'overseas-processing') return null;
  return words(
    `Overseas decisions are recorded while the file is at the office abroad (stage overseas-processing); the case is at ${s.stage}.`,
    `Les décisions à l'étranger sont enregistrées pendant que le dossier est au bureau des visas (étape ${stageFr('overseas-processing')}) ; le dossier est à l'étape ${stageFr(s.stage)}.`,
  );
}

/** Rule 5: eligibility recorded once, in any order with admissibility and the CSQ. */
export function eligibilityDecisionRefusal(s: CaseState, _body?: EligibilityDecisionBody): Refusal {
  return firstRefusal(
    () => inOverseasProcessing(s),
    () =>
      s.eligibility
        ? words(
            `Eligibility is already decided (${s.eligibility.decision}).`,
            `L'admissibilité est déjà décidée (${statusFr(s.eligibility.decision)}).`,
          )
        : null,
  );
}

/** Rule 5: admissibility recorded once; admissible needs the medical exam date the visa counts from. */
export function admissibilityDecisionRefusal(s: CaseState, _body?: AdmissibilityDecisionBody): Refusal {
  return firstRefusal(
    () => inOverseasProcessing(s),
    () =>
      s.admissibility
        ? words(
            `Admissibility is already decided (${s.admissibility.decision}).`,
            `L'interdiction de territoire est déjà décidée (${statusFr(s.admissibility.decision)}).`,
          )
        : null,
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
  const missing: Words[] = [];
  if (s.eligibility?.decision !== 'eligible') {
    missing.push(words('the applicant has not been found eligible', "le demandeur n'a pas été jugé admissible"));
  }
  if (s.admissibility?.decision !== 'admissible') {
    missing.push(words('the applicant has not been found admissible', "le demandeur n'a pas été déclaré exempt d'interdiction de territoire"));
  }
  if (s.csq.status !== 'issued') {
    missing.push(
      words(
        `Quebec has not issued a CSQ (CSQ ${s.csq.status})`,
        `le Québec n'a pas délivré de certificat de sélection du Québec (CSQ ${statusFr(s.csq.status)})`,
      ),
    );
  }
  if (s.sponsorship.reassessment) {
    missing.push(words('the case is on hold until MIDI reassesses the sponsorship', 'le dossier est suspendu en attendant que le MIDI réévalue le parrainage'));
  }
  if (s.stream === 'GAR' && !s.destination) {
    missing.push(words('MIDI has not assigned a destination in Quebec', "le MIDI n'a pas attribué de destination au Québec"));
  }
  if (!missing.length) return null;
  return words(
    `The visa cannot be issued: ${missing.map((m) => m.en).join('; ')}.`,
    `Le visa ne peut pas être délivré : ${missing.map((m) => m.fr).join(' ; ')}.`,
  );
}
