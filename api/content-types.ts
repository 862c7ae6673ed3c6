/**
 * How the API reads a request body (spec §4): JSON only, sent as `application/json`; anything else
 * is 415. A body that is not JSON, or that carries a key JavaScript treats as the prototype
 * (`__proto__`, `constructor.prototype`), is 400 naming where. Then, before the schemas validate it,
 * every free-text field (a string whose schema has the `text` format) is trimmed, so that the schema
 * judges what will be kept: " " is empty, " Doe " is "Doe".
 *
 * Routes that take another type add their own parser in their plugin (e.g. /codec/login's form).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TEXT_FORMAT } from '../domain/formats';
import { badRequest, HttpError } from './errors';

const JSON_TYPE = 'application/json';

export function registerContentTypes(app: FastifyInstance): void {
  // Fastify's own parsers: JSON (whose errors say "Body is not valid JSON" for a __proto__ key) and text/plain.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(request.headers['content-type']))?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) {
        throw new HttpError(415, 'unsupported-media-type', `The body must be JSON in UTF-8 (this request sent charset=${charset.slice(0, 40)}).`);
      }
      done(null, parseJson(utf8(body as Buffer)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Any other type (or none, with a body): 415, unless no route answers the URL (404 then).
  app.addContentTypeParser('*', (request: FastifyRequest, _payload, done) => {
    if (request.is404) return done(null, undefined);
    const sent = request.headers['content-type'];
    done(
      new HttpError(
        415,
        'unsupported-media-type',
        `The body must be JSON, sent with Content-Type: ${JSON_TYPE} (this request sent ${sent ? sent.split(';')[0].trim() : 'no Content-Type'}).`,
      ),
      undefined,
    );
  });
  app.addHook('preValidation', async (request) => {
    const schema = (request.routeOptions.schema as { body?: unknown } | undefined)?.body;
    if (schema && request.body !== undefined) request.body = trimText(schema, request.body);
  });
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body's text; bytes that are not UTF-8 (which would be kept as U+FFFD) are bad input. */
function utf8(body: Buffer): string {
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    throw badRequest('The body is not valid UTF-8.');
  }
}

/** JSON.parse, refusing prototype keys with where they are; an empty body is no body. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never JSON.parse's message: it quotes the body, which the audit must not keep.
    throw badRequest('The body is not valid JSON.');
  }
  const forbidden = forbiddenKey(value, 'body');
  if (forbidden) {
    const at = forbidden.at.length > 200 ? `${forbidden.at.slice(0, 200)}…` : forbidden.at;
    throw badRequest(`${at} has a forbidden field "${forbidden.key}".`);
  }
  return value;
}

/**
 * The first key that would reach an object's prototype once copied (`{...body}`, Object.assign):
 * `__proto__`, or `constructor` holding a `prototype`. JSON.parse keeps them as plain keys.
 */
function forbiddenKey(value: unknown, at: string): { at: string; key: string } | null {
  // Depth first, without recursion: a body of 256 KiB may nest deeper than the call stack goes.
  // Each node keeps its key and its parent; the path is spelled out only for the one reported.
  interface Place { node: unknown; key: string; parent: Place | null }
  const pathOf = (place: Place): string => {
    const keys: string[] = [];
    for (let p: Place | null = place; p; p = p.parent) keys.push(p.key);
    return keys.reverse().join('.');
  };
  const pending: Place[] = [{ node: value, key: at, parent: null }];
  while (pending.length) {
    const place = pending.pop()!;
    const { node } = place;
    if (node === null || typeof node !== 'object') continue;
    const entries = Object.entries(node);
    for (const [key, child] of entries) {
      if (key === '__proto__') return { at: pathOf(place), key };
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        return { at: pathOf(place), key: 'constructor.prototype' };
      }
    }
    for (let i = entries.length - 1; i >= 0; i--) pending.push({ node: entries[i][1], key: entries[i][0], parent: place });
  }
  return null;
}

interface SchemaNode {
  format?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Trims, in place, every string the schema marks as free text or an email address. */
export function trimText(schema: unknown, value: unknown): unknown {
  const node = schema as SchemaNode;
  // Spaces only: a tab or a line break at either end is a control character the schema refuses, not dropped.
  // An email address is trimmed like text: a space pasted after it is not a reason to refuse it.
  if (typeof value === 'string') {
    return node.format === TEXT_FORMAT || node.format === 'email' ? value.replace(/^\p{Zs}+|\p{Zs}+$/gu, '') : value;
  }
  if (Array.isArray(value)) {
    if (node.items) for (let i = 0; i < value.length; i++) value[i] = trimText(node.items, value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && node.properties) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (Object.hasOwn(node.properties, key)) record[key] = trimText(node.properties[key], record[key]);
    }
  }
  return value;
}
