/**
 * The decisions (spec §3, one per row of domain/decisions.ts): each changes the case and queues what follows
 * it (rule 19), without waiting for it. The rules that refuse a decision run before, in the Update's validator.
 */
import type { CaseState } from '../../domain/case';
import type { DecisionBody } from '../../domain/decisions';
import type { DecisionName } from '../../domain/decision-messages';
import type { Effect } from '../../domain/effects';
import type { NoticeKind, Party } from '../../domain/case-types';
import { dateAfter } from '../../domain/policy';
import { quebecDate } from '../../domain/calendar';
import { patched } from '@temporalio/workflow';
import { DOCUMENTS_DIGITIZED_PATCH, type GcmsDocument, type PackageEntry, type StoredDocument } from '../../domain/documents';
import { documentsToDigitize, missingDocuments } from '../rules';
import { sameBooking } from '../rules/travel';
import type { CaseRun } from './run';

/** What a decision returns when it changes nothing (rule 18). */
export const UNCHANGED = 'unchanged';

/** A decision: the change it makes; an effect whose result its answer waits for; or UNCHANGED. */
export type Decide<N extends DecisionName> = (body: DecisionBody<N>) => Effect | typeof UNCHANGED | void;
export type Decisions = { [N in DecisionName]: Decide<N> };

const hasContact = (s: CaseState) => Boolean(s.sponsor?.contact.email || s.sponsor?.contact.phone);

/** The decisions of one case run. */
export function decisionsOf(run: CaseRun): Decisions {
  const { s, policy } = run;
  return {
    sponsorshipDecision(body) {
      run.answeredByMidi('sponsorship');
      if (s.sponsorship.reassessment) {
        s.sponsorship.reassessment = false;
        if (body.decision === 'refused') run.close('refused');
        return;
      }
      if (body.decision === 'refused') {
        s.sponsorship.status = 'refused';
        run.close('sponsorship-refused');
        return;
      }
      s.sponsorship = { status: 'approved', approvedAt: Date.now(), reassessment: false };
      s.stage = 'awaiting-pr-application';
    },

    prApplication(body) {
      const missing = missingDocuments(body);
      const submission = ++s.prApplication.submissions;
      s.prApplication.missingDocuments = missing;
      if (missing.length) {
        run.effects.notify('incomplete-return', 'sponsor', `submission-${submission}`, { details: { missing } });
        return;
      }
      s.prApplication.submittedAt = Date.now();
      // Cases that took their package before documents were stored filed it at once, with its file names.
      if (!patched(DOCUMENTS_DIGITIZED_PATCH)) return fileApplication(run, body.documents as GcmsDocument[]);
      const toDigitize = documentsToDigitize(s);
      if (toDigitize.length === 0) return fileApplication(run, gcmsDocuments(s, body.documents));
      // Spec §6: complete on paper; ROC-O digitizes it, and the last scan files it (documentUploaded below).
      s.stage = 'roc-o-intake';
      s.prApplication.awaitingDigitization = body.documents;
      s.prApplication.documentsToDigitize = toDigitize;
    },

    csqDecision(body) {
      run.answeredByMidi('csq');
      if (body.decision === 'issued') {
        s.csq = { status: 'issued', number: body.csqNumber, validUntil: body.validUntil };
        return;
      }
      s.csq = { status: 'refused' };
      if (s.stream === 'GAR') {
        run.close('not-selected-by-quebec');
        return;
      }
      run.close('refused');
      run.effects.notify('refusal-letter', 'sponsor', 'csq', { details: { ...(body.reason && { reason: body.reason }) } });
    },

    destination(body) {
      run.answeredByMidi('destination');
      s.destination = body.city;
    },

    eligibilityDecision(body) {
      s.eligibility = { decision: body.decision, refugeeClass: body.refugeeClass };
      if (body.decision === 'ineligible') run.close('refused');
    },

    admissibilityDecision(body) {
      // Without a date, the exam is taken as of the decision: the visa's validity counts from it.
      s.admissibility = { decision: body.decision, medicalExamDate: body.medicalExamDate ?? quebecDate(Date.now()) };
      if (body.decision === 'inadmissible') run.close('refused');
    },

    visaDecision(body) {
      if (body.decision === 'refused') {
        s.visa = { status: 'refused' };
        run.close('refused');
        return;
      }
      const medicalExamDate = s.admissibility?.medicalExamDate as string;
      s.visa = { status: 'issued', expiresOn: dateAfter(medicalExamDate, policy.medicalValidity), issuedOn: quebecDate(Date.now()) };
      s.stage = 'visa-issued';
      if (s.stream === 'PSR' && hasContact(s)) run.effects.notify('pre-nat', 'sponsor', 'visa');
    },

    travel(body) {
      // Rule 18: the booking already recorded, sent again, changes nothing.
      if (sameBooking(s, body)) return UNCHANGED;
      const booking = (s.travel?.bookings ?? 0) + 1;
      const amends = s.travel?.natNumber;
      const natNumber = `NAT-${s.gcmsNumber ?? s.caseId}-${booking}`;
      s.travel = {
        arrivalDate: body.arrivalDate,
        portOfEntry: body.portOfEntry,
        flights: body.flights,
        urgent: body.urgent === true,
        natNumber,
        bookings: booking,
        noShowAlerted: false,
      };
      s.stage = 'travel-booked';
      const kind: NoticeKind = amends ? 'nat-amended' : 'nat';
      const parties: Party[] = s.stream === 'PSR' ? ['midi', 'sponsor'] : ['midi'];
      const details = { arrivalDate: body.arrivalDate, portOfEntry: body.portOfEntry, flights: body.flights, urgent: body.urgent === true };
      for (const party of parties) run.effects.notify(kind, party, `booking-${booking}`, { natNumber, amends, details });
    },

    arrival(body) {
      s.arrival = { arrivedOn: body.arrivedOn, portOfEntry: body.portOfEntry, recordedAt: Date.now() };
      s.stage = 'arrived';
      if (s.stream === 'GAR') run.effects.notify('post-arrival-services-request', 'midi', 'arrival');
    },

    addDependant(body) {
      const member = { ...body.dependant, memberId: `m${s.familyMembers.length + 1}`, addedAs: 'dependant' as const };
      s.familyMembers.push(member);
      s.sponsorship.reassessment = true;
      run.askMidi('sponsorship');
      const step = `dependant-${member.memberId}`;
      run.effects.enqueue({ kind: 'gcms-member', memberId: member.memberId });
      run.effects.notify('file-transfer', 'office-abroad', step, { details: { memberId: member.memberId } });
      run.effects.notify('dependant-reassessment-request', 'midi', step, { details: { memberId: member.memberId } });
    },

    withdrawal(body) {
      s.sponsorship.status = 'withdrawn';
      if (s.csq.status === 'issued' || s.csq.status === 'requested') s.csq = { ...s.csq, status: 'lapsed' };
      const filed = run.effects.gcmsQueued();
      run.close('sponsorship-withdrawn');
      if (filed) run.effects.enqueue({ kind: 'gcms-closure', reason: 'sponsorship-withdrawn' });
      for (const party of ['office-abroad', 'midi'] as const) run.effects.notify('withdrawal-notice', party, 'withdrawal', { details: { reason: body.reason } });
    },
  };
}

/**
 * Rule 3: a complete package with a valid sponsorship is created in GCMS with its documents, the file transferred to
 * the office abroad, and the CSQ requested from MIDI. Returns the GCMS effect, whose number the answer shows.
 */
function fileApplication(run: CaseRun, documents: GcmsDocument[]): Effect {
  const { s } = run;
  s.stage = 'overseas-processing';
  s.csq = { status: 'requested' };
  run.askMidi('csq');
  const gcms = run.effects.enqueue({ kind: 'gcms-application' });
  run.effects.enqueue({ kind: 'gcms-documents', documents });
  run.effects.notify('file-transfer', 'office-abroad', 'intake');
  run.effects.notify('csq-request', 'midi', 'csq');
  return gcms;
}

/**
 * Spec §6: what GCMS lists for a package: every document stored for the case, with its checksum, and the package's
 * documents on paper of a type that has no stored file.
 */
function gcmsDocuments(s: CaseState, entries: PackageEntry[]): GcmsDocument[] {
  const stored = (s.documents ?? []).map(gcmsDocument);
  const storedTypes = new Set(stored.map((d) => d.type));
  const onPaper = entries.filter((e) => e.fileName !== undefined && !storedTypes.has(e.type));
  return [...stored, ...onPaper.map((e) => ({ type: e.type, fileName: e.fileName! }))];
}

function gcmsDocument({ documentId, type, fileName, sha256, bytes, contentType }: StoredDocument): GcmsDocument {
  return { documentId, type, fileName, sha256, bytes, contentType };
}

/**
 * Spec §6: a document stored for the case. Kept on the case; once GCMS has the application it is listed there;
 * at roc-o-intake, the last required type scanned files the package that waited for it.
 */
export function documentUploaded(run: CaseRun, document: StoredDocument): void {
  const { s } = run;
  if ((s.documents ??= []).some((d) => d.documentId === document.documentId)) return;
  s.documents.push(document);
  const waiting = s.prApplication.awaitingDigitization;
  if (s.stage === 'roc-o-intake' && waiting) {
    const toDigitize = documentsToDigitize(s);
    s.prApplication.documentsToDigitize = toDigitize;
    if (toDigitize.length) return;
    s.prApplication.awaitingDigitization = null;
    fileApplication(run, gcmsDocuments(s, waiting));
    return;
  }
  if (run.effects.gcmsQueued()) run.effects.enqueue({ kind: 'gcms-documents', documents: [gcmsDocument(document)] });
}

/** What a decision without a `decision` field decided, in a word (rule 17). */
export function decisionWord(name: DecisionName, body: unknown): string {
  switch (name) {
    case 'prApplication':
      return missingDocuments(body as DecisionBody<'prApplication'>).length ? 'incomplete' : 'complete';
    case 'destination':
      return (body as DecisionBody<'destination'>).city;
    case 'travel':
      return 'booked';
    case 'arrival':
      return 'arrived';
    case 'addDependant':
      return 'added';
    case 'withdrawal':
      return 'withdrawn';
    default:
      return name;
  }
}
