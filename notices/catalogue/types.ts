/**
 * The shape of a language's message catalogue. A catalogue is typed by these records, so the compiler fails if a
 * language lacks a notice kind, a party's greeting, a stream or a document's name.
 */
import type { NoticeKind, Party, REQUIRED_DOCUMENTS, Stream } from '../../domain/case-types';

export type RequiredDocument = (typeof REQUIRED_DOCUMENTS)[number];

/**
 * One notice kind's words: Handlebars templates rendered against the notice's view (NoticeView in
 * notices/render.ts). They are ours, trusted; what a person typed only ever reaches them as a value.
 */
export interface NoticeMessage {
  /** One line, plain text (never HTML-escaped; any line break folded into a space). */
  subject: string;
  /** The body, one template a paragraph, in order; a paragraph that renders empty is left out. */
  paragraphs: string[];
}

/** The words the layouts put around every notice: plain strings, not templates. */
export interface LayoutLabels {
  /** What follows a label in plain text: " :" in French (with its space), ":" in English. */
  colon: string;
  greetings: Record<Party, string>;
  closing: string;
  /** The signature block, one line each. */
  signature: string[];
  /** The last line, followed by the case number. */
  automatic: string;
  case: string;
  gcms: string;
  visaOffice: string;
  stream: string;
  streams: Record<Stream, string>;
  /** A required document's name as a sentence lists it ("the Generic Application Form for Canada (IMM 0008)"). */
  documents: Record<RequiredDocument, string>;
  /** The NAT's facts. */
  nat: {
    heading: string;
    number: string;
    amends: string;
    arrivalDate: string;
    arrivalTime: string;
    portOfEntry: string;
    destination: string;
    sponsor: string;
    groupId: string;
    urgent: string;
    urgentYes: string;
    urgentNo: string;
    /** Shown above an urgent NAT's body. */
    urgentBanner: string;
    travellers: string;
    familyName: string;
    givenNames: string;
    dateOfBirth: string;
    flights: string;
    flight: string;
    route: string;
    /** Shown for the arrival time and the flights while the booking lists no flight. */
    toBeConfirmed: string;
    departure: string;
    arrival: string;
  };
}

/** A language's catalogue: every notice kind's words and the layouts' labels. */
export interface Catalogue {
  messages: Record<NoticeKind, NoticeMessage>;
  labels: LayoutLabels;
}
