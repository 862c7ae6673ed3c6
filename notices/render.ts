/**
 * Turns a notice (notices/content.ts) into an email: a one-line subject, a plain-text body and an HTML body, in
 * the recipient's language. The words are in the catalogues (notices/catalogue/fr.ts, en.ts), the page around them
 * in notices/layouts.ts; all are Handlebars templates, compiled once, on an instance of our own.
 *
 * What people typed (a reason, names) reaches the templates only as values, never as template text: Handlebars
 * escapes it in HTML, the text and the subject show it as typed, and `{{…}}` in it is shown, not evaluated.
 * No I/O.
 */
import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { REQUIRED_DOCUMENTS } from '../domain/case-types';
import type { Flight, Language } from '../domain/case-types';
import { en } from './catalogue/en';
import { fr } from './catalogue/fr';
import type { Catalogue, LayoutLabels } from './catalogue/types';
import type { NoticeContent, RenderedNotice, Traveller } from './content';
import { formatDate, formatDateTime, formatList, formatOrdinal, formatTime, wrapText } from './format';
import { HTML_LAYOUT, TEXT_LAYOUT } from './layouts';

const CATALOGUES: Record<Language, Catalogue> = { fr, en };

/**
 * What the templates see. The NAT's own facts (who travels, the flights, the sponsor, the urgent flag, the NAT
 * numbers) are set for `nat` and `nat-amended` only, so no other notice can name a refugee whatever its details
 * hold.
 */
interface NoticeView {
  language: Language;
  caseId: string;
  gcmsNumber?: string;
  visaOffice?: string;
  streamLabel?: string;
  psr: boolean;
  gar: boolean;
  /** The recipient, as flags a template can test with {{#if to.sponsor}}. */
  to: { midi: boolean; sponsor: boolean; officeAbroad: boolean; rocO: boolean };
  greeting: string;
  labels: LayoutLabels;
  /** The missing documents by name, in the language. */
  missing?: string[];
  /** Every required document by name, in the language. */
  requiredDocuments: string[];
  memberId?: string;
  /** midi-reminder: the decision awaited, as flags (an OYW application by its id; anything else as given). */
  about: { sponsorship?: boolean; csq?: boolean; destination?: boolean; oywId?: string; other?: string };
  reminder?: number;
  dueOn?: string;
  reason?: string;
  arrivalDate?: string;
  portOfEntry?: string;
  destination?: string;
  arrivedOn?: string;
  oywId?: string;
  isNat: boolean;
  natNumber?: string;
  amends?: string;
  travellers?: Traveller[];
  flights?: Flight[];
  /** The last flight's arrival instant, as written (its local time and offset are the arrival time). */
  arrivalInstant?: string;
  sponsor?: { name: string; groupId: string };
  urgent?: boolean;
  /** "Yes – urgent…" or "No…" in words; absent when the NAT does not say. */
  urgentText?: string;
}

// Our own instance: the helpers below never leak into, or depend on, another module's Handlebars.
const hb = Handlebars.create();

// Helpers format in the notice's language, read from the view's root so templates need not pass it.
const languageOf = (options: HelperOptions): Language => options.data.root.language;
hb.registerHelper('date', (value: unknown, options: HelperOptions) => formatDate(value, languageOf(options)));
hb.registerHelper('time', (value: unknown, options: HelperOptions) => formatTime(value, languageOf(options)));
hb.registerHelper('datetime', (value: unknown, options: HelperOptions) => formatDateTime(value, languageOf(options)));
hb.registerHelper('list', (values: unknown, options: HelperOptions) => formatList(values, languageOf(options)));
hb.registerHelper('ordinal', (value: unknown, options: HelperOptions) => formatOrdinal(value, languageOf(options)));
/** {{wrap a b …}}: its arguments joined, wrapped at 72 columns (the text layout only). */
hb.registerHelper('wrap', (...args: unknown[]) => wrapText(args.slice(0, -1).map((a) => String(a ?? '')).join('')));

type Mode = 'text' | 'html';
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** A template compiled once per mode: 'text' never escapes, 'html' escapes every {{value}}. */
function template(source: string, mode: Mode): Handlebars.TemplateDelegate {
  const key = `${mode}\u0000${source}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = hb.compile(source, { noEscape: mode === 'text' });
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * Renders one notice as an email, in `content.language`.
 *
 * - `subject`: one line (no line break whatever the data), with the case number; an urgent NAT starts "URGENT –".
 * - `text`: plain text, paragraphs wrapped at 72 columns, ending with the ROC-O signature and a line saying the
 *   message was sent automatically, with the case number; ends with one line break.
 * - `html`: a whole HTML document (`<html lang="fr|en">`, a title, inline styles; the NAT's facts in tables), every
 *   value HTML-escaped.
 *
 * Dates (YYYY-MM-DD) are written in words; the NAT's arrival time is the last flight's arrival as written in it,
 * with its offset, never converted. Absent details are left out, never shown as "undefined".
 *
 * @throws Error when the language or the kind has no template (a notice queued by a newer version, say): the
 *   message names both; nothing else throws.
 */
export function renderNotice(content: NoticeContent): RenderedNotice {
  const catalogue = Object.hasOwn(CATALOGUES, content.language) ? CATALOGUES[content.language] : undefined;
  const message = catalogue && Object.hasOwn(catalogue.messages, content.kind) ? catalogue.messages[content.kind] : undefined;
  if (!catalogue || !message) {
    throw new Error(`No template for notice kind "${String(content.kind)}" in language "${String(content.language)}".`);
  }
  const view = noticeView(content, catalogue.labels);
  const subject = template(message.subject, 'text')(view).replace(/\s+/g, ' ').trim();
  const paragraphs = message.paragraphs
    .map((source) => ({ text: template(source, 'text')(view).trim(), html: template(source, 'html')(view).trim() }))
    .filter((p) => p.text !== ''); // a paragraph wholly under an {{#if}} whose fact is absent
  const text = template(TEXT_LAYOUT, 'text')({ ...view, subject, paragraphs: paragraphs.map((p) => p.text) });
  const html = template(HTML_LAYOUT, 'html')({ ...view, subject, paragraphs: paragraphs.map((p) => p.html) });
  return { subject, text: tidy(text), html };
}

function noticeView(content: NoticeContent, labels: LayoutLabels): NoticeView {
  const d = content.details ?? {};
  const isNat = content.kind === 'nat' || content.kind === 'nat-amended';
  const documentName = (code: string): string =>
    Object.hasOwn(labels.documents, code) ? labels.documents[code as keyof LayoutLabels['documents']] : code;
  const view: NoticeView = {
    language: content.language,
    caseId: content.caseId,
    gcmsNumber: content.gcmsNumber,
    visaOffice: content.visaOffice,
    streamLabel: content.stream && Object.hasOwn(labels.streams, content.stream) ? labels.streams[content.stream] : undefined,
    psr: content.stream === 'PSR',
    gar: content.stream === 'GAR',
    to: {
      midi: content.party === 'midi',
      sponsor: content.party === 'sponsor',
      officeAbroad: content.party === 'office-abroad',
      rocO: content.party === 'roc-o',
    },
    greeting: Object.hasOwn(labels.greetings, content.party) ? labels.greetings[content.party] : '',
    labels,
    missing: d.missing?.map(documentName),
    requiredDocuments: REQUIRED_DOCUMENTS.map(documentName),
    memberId: d.memberId,
    about: aboutFlags(d.about),
    reminder: Number.isInteger(d.reminder) && (d.reminder as number) > 0 ? d.reminder : undefined,
    dueOn: d.dueOn,
    reason: d.reason,
    arrivalDate: d.arrivalDate,
    portOfEntry: d.portOfEntry,
    destination: d.destination,
    arrivedOn: d.arrivedOn,
    oywId: d.oywId,
    isNat,
  };
  if (!isNat) return view;
  // Copied field by field: the NAT carries names and dates of birth only, whatever else a traveller holds.
  const travellers = d.travellers?.map(({ familyName, givenNames, dateOfBirth }) => ({ familyName, givenNames, dateOfBirth }));
  const flights = d.flights?.map(({ carrier, number, from, to, departure, arrival }) => ({
    carrier,
    number,
    from,
    to,
    departure,
    arrival,
  }));
  return {
    ...view,
    natNumber: content.natNumber,
    amends: content.kind === 'nat-amended' ? content.amends : undefined,
    travellers,
    flights,
    arrivalInstant: flights?.at(-1)?.arrival,
    sponsor: d.sponsor ? { name: d.sponsor.name, groupId: d.sponsor.groupId } : undefined,
    urgent: d.urgent === true,
    urgentText: typeof d.urgent === 'boolean' ? (d.urgent ? labels.nat.urgentYes : labels.nat.urgentNo) : undefined,
  };
}

function aboutFlags(about: string | undefined): NoticeView['about'] {
  if (about === 'sponsorship' || about === 'csq' || about === 'destination') return { [about]: true };
  if (about?.startsWith('oyw-')) return { oywId: about };
  return about ? { other: about } : {};
}

/** The text layout's blank lines, at most one in a row; no trailing spaces; one final line break. */
function tidy(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
