/**
 * The language of the API's refusals (spec §4 with §7): English unless the request's `Accept-Language` prefers
 * French. Parsed as RFC 9110 §12.5.4 writes it (`fr-CA,fr;q=0.9,en;q=0.5`); a header that is absent, malformed or
 * names neither language gets English, never an error.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../domain/case-types';
import type { Words } from '../domain/words';

/** What the API answers in when the request says nothing it can use. */
export const DEFAULT_API_LANGUAGE: Language = 'en';

/** One element of the list: a language range (`fr-CA`, `*`) and an optional weight (`;q=0.9`). */
const RANGE = /^(\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$/i;

/** Longer headers are not read (English): no browser sends one. */
const MAX_HEADER_LENGTH = 1000;

/**
 * The language `Accept-Language` prefers among English and French: the one with the higher weight (a range counts
 * for its primary subtag, `fr-CA` for French; `*` for a language no range names), the first listed on a tie;
 * English when neither is wanted or the header is not well-formed.
 */
export function preferredLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text || text.length > MAX_HEADER_LENGTH) return DEFAULT_API_LANGUAGE;
  const ranges: Array<{ primary: string; q: number }> = [];
  for (const element of text.split(',')) {
    const item = element.trim();
    if (!item) continue; // RFC 9110 §5.6.1: empty list elements are allowed and ignored
    const match = RANGE.exec(item);
    if (!match) return DEFAULT_API_LANGUAGE;
    ranges.push({ primary: match[1].split('-')[0].toLowerCase(), q: match[2] === undefined ? 1 : Number(match[2]) });
  }
  const weight = (language: Language) => {
    const named = ranges.filter((r) => r.primary === language);
    const ofIt = named.length ? named : ranges.filter((r) => r.primary === '*');
    return {
      q: ofIt.length ? Math.max(...ofIt.map((r) => r.q)) : 0,
      at: ofIt.length ? ranges.indexOf(ofIt[0]) : Infinity,
    };
  };
  const fr = weight('fr');
  const en = weight('en');
  if (fr.q > en.q) return 'fr';
  return fr.q > 0 && fr.q === en.q && fr.at < en.at ? 'fr' : DEFAULT_API_LANGUAGE;
}

/** The language the request's `Accept-Language` prefers (see preferredLanguage). */
export function requestLanguage(request: FastifyRequest): Language {
  return preferredLanguage(request.headers['accept-language']);
}

/**
 * Words in the request's language, and the answer marked with it (`Content-Language`, `Vary: Accept-Language`) so
 * that a client (the console) knows which language it got and caches keep one per language.
 */
export function answerWords(request: FastifyRequest, reply: FastifyReply, w: Words): string {
  const language = requestLanguage(request);
  reply.header('content-language', language);
  const vary = reply.getHeader('vary');
  const varies = vary === undefined ? [] : String(vary).split(',').map((v) => v.trim()).filter(Boolean);
  if (!varies.some((v) => v.toLowerCase() === 'accept-language')) reply.header('vary', [...varies, 'Accept-Language'].join(', '));
  return w[language];
}
