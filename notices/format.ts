/**
 * How a notice writes dates, times, lists and ordinals in French and in English, and how its plain text is
 * wrapped. Registered as Handlebars helpers by notices/render.ts; pure functions, no I/O.
 *
 * Every function takes the value as the templates hand it (so `unknown`): an absent value gives '', a value it cannot
 * read is shown as given, never as "undefined", "NaN" or "Invalid Date".
 */
import type { Language } from '../domain/case-types';

const LOCALES: Record<Language, string> = { fr: 'fr-CA', en: 'en-CA' };

// A calendar date is formatted as midnight UTC in UTC, so no time zone can move it to the day before.
const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat(LOCALES.en, { dateStyle: 'long', timeZone: 'UTC' }),
};

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339: the local date and time as written, and the offset they were written in.
const INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A calendar date (YYYY-MM-DD) in words: "12 mars 2027" (the first of the month "1er mars 2027", as the OQLF
 * writes it), "March 12, 2027". A date that does not exist on the calendar is shown as given.
 */
export function formatDate(value: unknown, language: Language): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  const m = CALENDAR_DATE.exec(text);
  if (!m) return text;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // years 0–99 would otherwise be read as 1900–1999
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return text;
  const words = DATE_FORMATS[language].format(date);
  return language === 'fr' && day === 1 ? words.replace(/^1 /, '1er ') : words;
}

/**
 * The local time of an RFC 3339 instant, as written in the string, with its offset: never converted to another
 * zone. 2027-03-12T18:45:00-04:00 → "18 h 45 (UTC−04:00)" in French, "6:45 p.m. (UTC−04:00)" in English; an
 * instant in Z is shown "(UTC)". A string that is not an RFC 3339 instant is shown as given.
 */
export function formatTime(value: unknown, language: Language): string {
  const parts = instantParts(value);
  if (!parts) return value === undefined || value === null ? '' : String(value);
  const { hours, minutes, offset } = parts;
  const zone = /^z$/i.test(offset) ? 'UTC' : `UTC${offset.replace('-', '\u2212')}`; // a true minus sign
  if (language === 'fr') return `${hours} h ${minutes} (${zone})`;
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${h12}:${minutes} ${hours < 12 ? 'a.m.' : 'p.m.'} (${zone})`;
}

/** An RFC 3339 instant's local date and time, as written: "12 mars 2027 à 18 h 45 (UTC−04:00)". */
export function formatDateTime(value: unknown, language: Language): string {
  const parts = instantParts(value);
  if (!parts) return value === undefined || value === null ? '' : String(value);
  const joiner = language === 'fr' ? ' à ' : ' at ';
  return formatDate(parts.date, language) + joiner + formatTime(value, language);
}

/** A list in words: "A, B et C", "A, B, and C". Anything but an array gives ''. */
export function formatList(values: unknown, language: Language): string {
  if (!Array.isArray(values)) return '';
  return new Intl.ListFormat(LOCALES[language], { type: 'conjunction' }).format(values.map(String));
}

const EN_ORDINAL_SUFFIXES: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const EN_ORDINALS = new Intl.PluralRules('en', { type: 'ordinal' });

/** A positive whole number as an ordinal: "1er", "2e" in French; "1st", "2nd", "3rd" in English. Else ''. */
export function formatOrdinal(value: unknown, language: Language): string {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) return '';
  if (language === 'fr') return n === 1 ? '1er' : `${n}e`;
  return `${n}${EN_ORDINAL_SUFFIXES[EN_ORDINALS.select(n)] ?? 'th'}`;
}

/**
 * Wraps plain text at `width` columns, breaking only at single spaces (so joining a wrapped line to the next with
 * one space gives back the text exactly), and never between a word and the French punctuation that follows it
 * (" :", " ;", " »") or « and the word after it. A word longer than the width stays whole on its own line.
 */
export function wrapText(text: string, width = 72): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  const units: string[] = [];
  let glueNext = false;
  for (const word of line.split(' ')) {
    if (units.length > 0 && (glueNext || /^[:;!?»]/.test(word))) units[units.length - 1] += ` ${word}`;
    else units.push(word);
    glueNext = word === '«';
  }
  const lines: string[] = [];
  let current = units.shift() ?? '';
  for (const unit of units) {
    if (current.length + 1 + unit.length > width && current.length > 0) {
      lines.push(current);
      current = unit;
    } else {
      current += ` ${unit}`;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

function instantParts(value: unknown): { date: string; hours: number; minutes: string; offset: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value);
  if (!m) return undefined;
  const hours = Number(m[2]);
  if (hours > 23 || Number(m[3]) > 59) return undefined;
  return { date: m[1], hours, minutes: m[3], offset: m[4] };
}
