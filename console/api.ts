/**
 * The console as a client of the API (spec §7): every read and every action is a request to the API's own routes,
 * sent in-process with `app.inject` and the signed-in person's bearer token, so it meets the same authorization,
 * rules, audit and Idempotency-Key as any other client. Nothing is decided here. Each request asks for the page's
 * language (`Accept-Language`): the rules' refusals come back in it.
 */
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { ConsoleLanguage } from './i18n';
import type { ConsoleUser } from './session';

/** What the API answered: its status, its JSON body (or undefined), its headers and its bytes. */
export interface ApiAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  raw: Buffer;
}

export interface ApiRequest {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (a multipart body), with `contentType`. */
  payload?: Buffer | Readable;
  contentType?: string;
  /** The form's own key, so that a form sent twice applies once. */
  idempotencyKey?: string;
}

/** A file the API sends: its status and headers, and its bytes as they come (never held whole). */
export interface ApiStream {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  stream: Readable;
}

/** The API as one signed-in person calls it. */
export interface ConsoleApi {
  get<T = any>(url: string): Promise<ApiAnswer<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  post<T = any>(url: string, request?: ApiRequest): Promise<ApiAnswer<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A GET whose answer is passed on as it streams (a document's file). */
  stream(url: string): Promise<ApiStream>;
}

/** The API called on `user`'s behalf, in-process (the console is served by the same Fastify), its words asked for in `language`. */
export function apiFor(app: FastifyInstance, user: ConsoleUser, language: ConsoleLanguage): ConsoleApi {
  const send = async (method: 'GET' | 'POST', url: string, request: ApiRequest = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${user.token}`, 'accept-language': language };
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    let payload: string | Buffer | Readable | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(request.json);
    } else if (request.payload) {
      headers['content-type'] = request.contentType ?? 'application/octet-stream';
      payload = request.payload;
    }
    const res = await app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
    const json = String(res.headers['content-type'] ?? '').includes('json');
    let body: unknown;
    if (json && res.body) {
      try {
        body = JSON.parse(res.body);
      } catch {
        body = undefined;
      }
    }
    return { status: res.statusCode, body, headers: res.headers, raw: res.rawPayload };
  };
  return {
    get: (url) => send('GET', url),
    post: (url, request) => send('POST', url, request),
    async stream(url) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${user.token}`, 'accept-language': language }, payloadAsStream: true });
      return { status: res.statusCode, headers: res.headers, stream: res.stream() };
    },
  };
}

/** An answer read whole from its stream (a refusal's JSON, small). */
export async function readWhole(answer: ApiStream): Promise<ApiAnswer> {
  const chunks: Buffer[] = [];
  for await (const chunk of answer.stream) chunks.push(Buffer.from(chunk as Buffer));
  const raw = Buffer.concat(chunks);
  let body: unknown;
  try {
    body = String(answer.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    body = undefined;
  }
  return { status: answer.status, headers: answer.headers, body, raw };
}

/** The words of a refusal as the API gave them (`message`), or a fallback when it gave none. */
export function refusalWords(answer: ApiAnswer, fallback: string): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : fallback;
}

/**
 * The language of the API's words that it says in English only (a schema's 400, the audit's reasons, a mail server's
 * error). Its refusals by the rules come in the language asked for, and say which (`Content-Language`).
 */
export const API_LANGUAGE = 'en';

/**
 * The language of what refusalWords gives: the answer's `Content-Language` (`fr` for a rule's refusal asked for in
 * French), English when the API gave words without one; undefined (the page's) for the fallback.
 */
export function refusalLang(answer: ApiAnswer): ConsoleLanguage | undefined {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || !message) return undefined;
  return answer.headers['content-language'] === 'fr' ? 'fr' : API_LANGUAGE;
}

/** A path segment as the API's routes take it. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
