/**
 * Who receives the notices that are not the sponsor's, and in which language (spec §3, notices; §4,
 * `NOTICE_RECIPIENTS_FILE`): MIDI, ROC-O and each office abroad, from configuration. The sponsor's address and
 * language come from its contact on the case. No I/O: infra/config.ts reads the file.
 */
import { LANGUAGES, type Language, type Party } from './case-types';

/** One recipient: an address, and the language its notices are written in. */
export interface Recipient {
  email?: string;
  language?: Language;
}

/**
 * The configured recipients: `{"midi": …, "roc-o": …, "office-abroad": {"Nairobi": …, "*": …}}`; an office
 * abroad's `"*"` entry serves the offices not named.
 */
export interface NoticeRecipients {
  midi?: Recipient;
  'roc-o'?: Recipient;
  'office-abroad'?: Record<string, Recipient>;
}

/** Each party's language when neither the case nor configuration names one: Quebec's parties read French. */
export const DEFAULT_LANGUAGES: Readonly<Record<Party, Language>> = { midi: 'fr', sponsor: 'fr', 'office-abroad': 'en', 'roc-o': 'en' };

/** Stands for every office abroad the configuration does not name. */
export const ANY_OFFICE = '*';

/** The recipient configured for a party (an office abroad by its city, else the `"*"` entry), if any. */
export function recipientOf(recipients: NoticeRecipients, party: Party, visaOffice = ''): Recipient | undefined {
  if (party === 'office-abroad') {
    const offices = recipients['office-abroad'] ?? {};
    if (Object.hasOwn(offices, visaOffice)) return offices[visaOffice];
    return Object.hasOwn(offices, ANY_OFFICE) ? offices[ANY_OFFICE] : undefined;
  }
  if (party === 'sponsor') return undefined;
  return recipients[party];
}

/** A notice's language: the one the case gives (a sponsor's contact), else the party's configured one, else its default. */
export function noticeLanguage(recipients: NoticeRecipients, party: Party, visaOffice?: string, given?: Language): Language {
  return given ?? recipientOf(recipients, party, visaOffice)?.language ?? DEFAULT_LANGUAGES[party];
}

/**
 * Reads `NOTICE_RECIPIENTS_FILE`'s JSON: each of `midi` and `roc-o` an address or `{email?, language?}`;
 * `office-abroad` an object from the office's city to the same. Throws naming the first key that is wrong.
 */
export function parseNoticeRecipients(json: unknown): NoticeRecipients {
  if (!isObject(json)) throw new Error('the notice recipients must be a JSON object');
  const recipients: NoticeRecipients = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'midi' || key === 'roc-o') recipients[key] = recipientFrom(value, key);
    else if (key === 'office-abroad') {
      if (!isObject(value)) throw new Error('"office-abroad" must map each office\'s city to its recipient');
      recipients['office-abroad'] = Object.fromEntries(
        Object.entries(value).map(([city, r]) => [city, recipientFrom(r, `office-abroad.${city}`)]),
      );
    } else throw new Error(`unknown party "${key}" (expected midi, roc-o, office-abroad)`);
  }
  return recipients;
}

function recipientFrom(value: unknown, at: string): Recipient {
  if (typeof value === 'string') {
    if (!isOneAddress(value)) throw new Error(`"${at}" must be one email address, like name@example.org`);
    return { email: value };
  }
  if (!isObject(value)) throw new Error(`"${at}" must be an address or {"email", "language"}`);
  const { email, language, ...rest } = value;
  const unknown = Object.keys(rest)[0];
  if (unknown) throw new Error(`"${at}" has an unknown field "${unknown}"`);
  if (email !== undefined && !isOneAddress(email)) throw new Error(`"${at}.email" must be one email address, like name@example.org`);
  if (language !== undefined && !LANGUAGES.includes(language as Language)) throw new Error(`"${at}.language" must be fr or en`);
  return { ...(email !== undefined && { email }), ...(language !== undefined && { language: language as Language }) };
}

/**
 * One address, `local@domain`: no spaces, list separators, brackets or quotes, so that it can never be read as
 * several recipients or a header. Whether the mailbox exists is the mail server's to say.
 */
export function isOneAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && /^[^\s\x00-\x1f\x7f@,;:<>()[\]"\\]+@[^\s\x00-\x1f\x7f@,;:<>()[\]"\\]+$/.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
