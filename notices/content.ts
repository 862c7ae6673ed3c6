/**
 * What a notice says, as the activity that sends it hands it to the templates (notices/render.ts): the
 * notice's identity and the facts its kind needs, never more personal data than the spec lists (§3,
 * notices: the NAT names the persons travelling, with their dates of birth; no other notice names a refugee).
 * No I/O.
 */
import type { Flight, Language, NoticeKind, Party, Stream } from '../domain/case-types';

/** A person travelling, as the NAT lists them: names and date of birth only. */
export interface Traveller {
  familyName: string;
  givenNames: string;
  /** A calendar date, YYYY-MM-DD. */
  dateOfBirth: string;
}

/**
 * The facts a notice's kind uses; each is optional so that a notice queued by an older workflow still renders.
 * Dates are calendar dates (YYYY-MM-DD, Quebec's); instants are RFC 3339 with their own offset.
 */
export interface NoticeDetails {
  /** incomplete-return: the documents missing (IMM0008, IMM0008-ScheduleA, IMM0008-Schedule2, sponsorship-undertaking). */
  missing?: string[];
  /** file-transfer, dependant-reassessment-request: the dependant added (m2, m3, …); absent for the intake's transfer. */
  memberId?: string;
  /** midi-reminder: the decision awaited from MIDI (sponsorship, csq, destination, or an OYW application's id). */
  about?: string;
  /** midi-reminder: which reminder this is (1, 2, …). */
  reminder?: number;
  /** pr-deadline-reminder: the day the PR application is due (Quebec date). */
  dueOn?: string;
  /** refusal-letter (MIDI's reason), withdrawal-notice (the sponsor's reason): the decision's reason, as given. */
  reason?: string;
  /** nat, nat-amended, no-show-alert: the arrival date (Quebec date). */
  arrivalDate?: string;
  /** nat, nat-amended, post-arrival-services-request: the port of entry (IATA code, e.g. YUL). */
  portOfEntry?: string;
  /** nat, nat-amended: the flights, in order; the last one lands at the port of entry. */
  flights?: Flight[];
  /** nat, nat-amended: the urgent flag (urgent protection cases). */
  urgent?: boolean;
  /** nat, nat-amended: the persons travelling. */
  travellers?: Traveller[];
  /** nat, nat-amended (GAR), post-arrival-services-request: the final destination MIDI chose (a Quebec city). */
  destination?: string;
  /** nat, nat-amended (PSR): the sponsor. */
  sponsor?: { name: string; groupId: string };
  /** post-arrival-services-request: the day the refugees arrived (Quebec date). */
  arrivedOn?: string;
  /** oyw-selection-request: the OYW application (oyw-1, …). */
  oywId?: string;
}

/** One notice to render: who it is for, in which language, about which case. */
export interface NoticeContent {
  kind: NoticeKind;
  party: Party;
  language: Language;
  caseId: string;
  stream?: Stream;
  /** The GCMS application number (G + 9 digits), once the case has one. */
  gcmsNumber?: string;
  /** The case's office abroad (a city, e.g. Nairobi). */
  visaOffice?: string;
  /** nat, nat-amended: this NAT's number. */
  natNumber?: string;
  /** nat-amended: the number of the NAT it amends. */
  amends?: string;
  details: NoticeDetails;
}

/** A notice ready to send: a one-line subject, a plain-text body and the same in HTML. */
export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}
