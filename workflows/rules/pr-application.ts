import { REQUIRED_DOCUMENTS } from '../../domain/case-types';
import type { CaseState } from '../../domain/case';
import type { PrApplicationBody } from '../../domain/schemas';
import { MAX_DOCUMENTS_PER_CASE } from '../../domain/documents';
import { stageFr, statusFr } from '../../domain/words';
import { closedRefusal, words, type Refusal } from './context';
import type { InputFault } from './input';

/** Rule 3: the PR application is received only while the case waits for it. */
export function prApplicationRefusal(s: CaseState, _body?: PrApplicationBody): Refusal {
  if (s.stream !== 'PSR') {
    return words(
      'A GAR case is opened on a referral; it takes no PR application from a sponsor.',
      "Un dossier RPG est ouvert sur un renvoi ; il ne reçoit aucune demande de résidence permanente d'un parrain.",
    );
  }
  if (s.stage !== 'awaiting-pr-application') {
    return words(
      `The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at ${s.stage}.`,
      `La demande de résidence permanente n'est reçue que pendant que le dossier l'attend (étape ${stageFr('awaiting-pr-application')}) ; le dossier est à l'étape ${stageFr(s.stage)}.`,
    );
  }
  return sponsorshipValidity(s);
}

/** Rule 3: a valid sponsorship is approved, not withdrawn and not lapsed. */
export function sponsorshipValidity(s: CaseState): Refusal {
  if (s.sponsorship.status !== 'approved') {
    return words(
      `The sponsorship is not valid: it is ${s.sponsorship.status}.`,
      `Le parrainage n'est pas valide : il est ${statusFr(s.sponsorship.status)}.`,
    );
  }
  return null;
}

/** Rule 3: the required documents missing from a package, in the order of the checklist. */
export function missingDocuments(body: PrApplicationBody): string[] {
  const types = new Set(body.documents.map((d) => d.type));
  return REQUIRED_DOCUMENTS.filter((t) => !types.has(t));
}

/**
 * Spec §6: the required types that have no stored file on the case yet. A complete package is digitized when this
 * is empty; on paper, it waits at roc-o-intake with this list, which ROC-O's scans empty.
 */
export function documentsToDigitize(s: CaseState): string[] {
  const stored = new Set((s.documents ?? []).map((d) => d.type));
  return REQUIRED_DOCUMENTS.filter((t) => !stored.has(t));
}

/**
 * Spec §6 and §4 "Bad input": each uploaded document a package names is one stored for this case, under the type
 * the package gives it (400 naming the field otherwise).
 */
export function packageDocumentsFault(s: CaseState, body: PrApplicationBody): InputFault {
  for (const [i, entry] of body.documents.entries()) {
    if (entry.documentId === undefined) continue;
    const stored = (s.documents ?? []).find((d) => d.documentId === entry.documentId);
    if (!stored) {
      return words(
        `body.documents.${i}.documentId names no document uploaded to this case.`,
        `body.documents.${i}.documentId ne désigne aucun document téléversé dans ce dossier.`,
      );
    }
    if (stored.type !== entry.type) {
      return words(
        `body.documents.${i}.type is ${entry.type}, but document ${entry.documentId} was uploaded as ${stored.type}.`,
        `body.documents.${i}.type est ${entry.type}, mais le document ${entry.documentId} a été téléversé comme ${stored.type}.`,
      );
    }
  }
  return null;
}

/** Spec §6 with rule 14: a document is stored for an open case only, up to MAX_DOCUMENTS_PER_CASE. */
export function documentRefusal(s: CaseState): Refusal {
  const closed = closedRefusal(s);
  if (closed) return closed;
  if ((s.documents ?? []).length >= MAX_DOCUMENTS_PER_CASE) {
    return words(
      `The case already keeps ${MAX_DOCUMENTS_PER_CASE} documents, the most it keeps; ask ROC-O to review them.`,
      `Le dossier conserve déjà ${MAX_DOCUMENTS_PER_CASE} documents, le maximum ; demandez au ROC-O de les examiner.`,
    );
  }
  return null;
}
