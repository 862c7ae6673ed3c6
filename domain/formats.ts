/**
 * The string formats of spec §4 "Bad input", each defined once: the request schemas name them
 * (`format: 'date'`, …) and the API's validator (ajv) checks them with the functions below, which
 * look at the calendar and the clock, not only at the shape. `api/errors.ts` says in words what each
 * one wants.
 *
 * `date` and `date-time` keep the standard names, so that the OpenAPI document reads as usual; they
 * replace ajv-formats' definitions of the same names (see `registerFormats`).
 */
import { isCalendarDate } from './calendar';

/** A calendar date that exists, written YYYY-MM-DD (2026-02-30 is not one). */
export const DATE_FORMAT = 'date';
/** RFC 3339 date and time with its offset (Z or ±hh:mm), the date and the time both existing. */
export const DATE_TIME_FORMAT = 'date-time';
/**
 * Free text: no control characters (spec §4: U+0000–U+001F, U+007F; and the C1 controls U+0080–U+009F), no line or
 * paragraph separator (U+2028, U+2029), no bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069: they
 * make a name read other than it is), no lone UTF-16 surrogate. Trimmed before validation.
 */
export const TEXT_FORMAT = 'text';
/** An IATA airport code: three capital letters. */
export const IATA_FORMAT = 'iata';
/** A document's id as its upload answered it (spec §6): a UUID, in lowercase. */
export const DOCUMENT_ID_FORMAT = 'document-id';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Invisible format characters (zero-width spaces, direction marks, the byte order mark, tags, …) but the zero-width
 * joiner and non-joiner that some scripts' names need, and the noncharacters: text that would read as other text.
 */
const INVISIBLE = /(?![\u200c\u200d])\p{Cf}|[\ufdd0-\ufdef\ufffe\uffff]/u;

export function isText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value) && !INVISIBLE.test(value);
}

export { isCalendarDate };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time` (§5.6) with its offset: hours 00-23, minutes and seconds 00-59, a date that exists. */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, date, hh, mm, ss, , zone, , offH, offM] = m;
  if (!isCalendarDate(date)) return false;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return false;
  if (zone.length > 1 && (Number(offH) > 23 || Number(offM) > 59)) return false;
  return true;
}

export const isIata = (value: string): boolean => /^[A-Z]{3}$/.test(value);

export const isDocumentId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

interface Format {
  validate: (value: string) => boolean;
  /** What a value must be, in words that follow the field's name (the 400's message). */
  mustBe: string;
}

/** The formats by name: how the validator checks each, and how a refusal says what is wrong. */
export const FORMATS: Readonly<Record<string, Format>> = {
  [DATE_FORMAT]: { validate: isCalendarDate, mustBe: 'must be a date that exists, written YYYY-MM-DD' },
  [DATE_TIME_FORMAT]: {
    validate: isDateTime,
    mustBe:
      'must be a date and time that exist, with the UTC offset, written as in RFC 3339: 2026-12-09T14:30:00Z or 2026-12-09T09:30:00-05:00',
  },
  [TEXT_FORMAT]: {
    validate: isText,
    mustBe: 'must be text without control characters (U+0000 to U+001F, U+007F to U+009F), line separators, invisible format characters (zero-width spaces, direction marks) or lone UTF-16 surrogates',
  },
  [IATA_FORMAT]: { validate: isIata, mustBe: 'must be an IATA airport code: three capital letters, e.g. YUL' },
  [DOCUMENT_ID_FORMAT]: {
    validate: isDocumentId,
    mustBe: 'must be a document id as its upload answered it: a UUID in lowercase, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e',
  },
};

/** The part of ajv's interface that registers a format (no dependency on ajv itself here). */
interface FormatRegistrar {
  addFormat(name: string, format: { type: 'string'; validate: (value: string) => boolean }): unknown;
}

/**
 * Registers the formats on an ajv instance. Fastify adds ajv-formats after its `plugins`, which would
 * put back its own `date` and `date-time`; so the API passes this as `onCreate`, which runs last.
 */
export function registerFormats(ajv: FormatRegistrar): void {
  for (const [name, { validate }] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate });
}
