/**
 * Who is signed in to the console (spec §7): kept in an encrypted, HttpOnly, SameSite cookie
 * (@fastify/secure-session), with the bearer token the console sends the API on the person's behalf. The console is
 * a client of the API: every action goes through the API's authorization, rules, audit and Idempotency-Key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { createSigner } from 'fast-jwt';
import type { Role } from '../domain/case-types';
import { DEFAULT_LANGUAGE, isConsoleLanguage, type ConsoleLanguage } from './i18n';

/** A person signed in: their name, the role they act under, and the token the API is called with. */
export interface ConsoleUser {
  sub: string;
  /** As shown on the pages. */
  name: string;
  role: Role;
  sponsorGroupId?: string;
  /** The bearer token the console sends the API: signed here in development, the provider's access token otherwise. */
  token: string;
  /** When the token expires (epoch milliseconds): the person signs in again after it. */
  expiresAt: number;
  /** This sign-in's opaque id (a UUID): a sign-out records it, and no copy of the cookie is honoured after. */
  sessionId?: string;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user: ConsoleUser;
    lang: ConsoleLanguage;
    /** OIDC: the state and PKCE verifier of a sign-in under way. */
    oidc: { state: string; verifier: string; nonce: string };
  }
}

/** How long a console session lasts: a working day. */
export const SESSION_HOURS = 12;

/** The person signed in, or undefined (none, or the token expired). */
export function signedIn(request: FastifyRequest): ConsoleUser | undefined {
  // No session at all on a request refused before the session is read (the rate limit's 429).
  const user = request.session?.get('user');
  return user && user.expiresAt > Date.now() ? user : undefined;
}

/**
 * Starts a new session for a person who signed in: nothing of before carries over but the language, and it gets an
 * id of its own that a sign-out ends everywhere (`endSession`).
 */
export function startSession(request: FastifyRequest, user: Omit<ConsoleUser, 'sessionId'>): void {
  request.session.regenerate(['lang']);
  request.session.set('user', { ...user, sessionId: randomUUID() });
}

/**
 * Signs out: the session's id is recorded as ended until it would have expired (table console_sign_outs, so on
 * every API sharing the database), and the cookie is emptied of all but the language.
 * @throws pg's error when the database cannot be reached (the cookie is still emptied first)
 */
export async function endSession(request: FastifyRequest, pool: Pool): Promise<void> {
  const user = request.session.get('user');
  request.session.regenerate(['lang']);
  if (!user?.sessionId) return;
  await pool.query(
    `WITH gone AS (DELETE FROM console_sign_outs WHERE expires_at < now())
     INSERT INTO console_sign_outs (session_id, expires_at) VALUES ($1, to_timestamp($2 / 1000.0)) ON CONFLICT DO NOTHING`,
    [user.sessionId, user.expiresAt],
  );
}

/**
 * Forgets a session that was signed out (a copy of its cookie sent again): the request goes on as not signed in.
 * Sessions from before ids were kept carry none and last until they expire (12 hours at most).
 */
export async function forgetEndedSession(request: FastifyRequest, pool: Pool): Promise<void> {
  const sessionId = request.session?.get('user')?.sessionId;
  if (!sessionId) return;
  const { rowCount } = await pool.query('SELECT 1 FROM console_sign_outs WHERE session_id = $1', [sessionId]);
  if (rowCount) request.session.regenerate(['lang']);
}

/** The page's language: `?lang=` (kept for the session), the session's, or French. */
export function languageOf(request: FastifyRequest): ConsoleLanguage {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (!request.session) return isConsoleLanguage(asked) ? asked : DEFAULT_LANGUAGE;
  if (isConsoleLanguage(asked)) request.session.set('lang', asked);
  return request.session.get('lang') ?? DEFAULT_LANGUAGE;
}

/** Sends a person who is not signed in to the sign-in page. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!signedIn(request)) return reply.redirect('/console/sign-in');
}

/** A development token for the person, as `npm run token` signs one (HS256, the API's secret). */
export function developmentToken(secret: string, person: { sub: string; role: Role; sponsorGroupId?: string }): { token: string; expiresAt: number } {
  const expiresInMs = SESSION_HOURS * 3_600_000;
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: expiresInMs });
  const token = sign({ sub: person.sub, roles: [person.role], ...(person.sponsorGroupId && { sponsorGroupId: person.sponsorGroupId }) });
  return { token, expiresAt: Date.now() + expiresInMs };
}

/**
 * The key the session cookie is encrypted with (32 bytes): CONSOLE_SESSION_KEY (base64) when set; in development
 * (the development secret in use) one derived from that secret, stable across restarts; otherwise a random key for
 * this process (sessions end at a restart; set CONSOLE_SESSION_KEY, the same on every API, in production).
 */
export function sessionKeyFrom(configured: string | undefined, development: { jwtSecret: string } | null): { key: Buffer; random: boolean } {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('CONSOLE_SESSION_KEY must be 32 bytes, base64 (openssl rand -base64 32)');
    return { key, random: false };
  }
  if (development) return { key: createHash('sha256').update(`console session: ${development.jwtSecret}`).digest(), random: false };
  return { key: randomBytes(32), random: true };
}
