/**
 * Sign-in through the organization's identity provider (spec §7): OpenID Connect, authorization code flow with PKCE
 * (S256), state and nonce (AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET).
 *
 * The provider's endpoints come from its discovery document, read once at start. The authorization URL and the code
 * exchange (with the client's credentials) go through @fastify/oauth2's client (simple-oauth2); the state, the PKCE
 * verifier and the nonce are kept in the console's encrypted session rather than in the plugin's own cookies, which
 * are neither encrypted nor bound to the session, and it has no nonce. The ID token is verified here: signed by a key
 * the provider's JWKS publishes (api/jwks.ts, as the API verifies tokens), for this client, from this issuer, with
 * this sign-in's nonce, not expired. Its `roles` claim gives the person's role; the provider's ACCESS token is what
 * the console then sends the API, which verifies it on every call (AUTH_JWKS_URL of the same provider).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyOauth2 from '@fastify/oauth2';
import { createDecoder, createVerifier, TokenError } from 'fast-jwt';
import { ROLES, type Role } from '../domain/case-types';
import { isText } from '../domain/formats';
import { KeyNotPublishedError, KeySetUnavailableError, PROVIDER_ALGORITHMS, remoteKeySet, type KeyLookup } from '../api/jwks';
import type { LabelKey } from './i18n';
import { SESSION_HOURS, startSession, type ConsoleUser } from './session';

/** The provider the console signs people in with. */
export interface OidcSettings {
  /** AUTH_OIDC_ISSUER: the provider's issuer, exactly as its discovery document and tokens name it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the person back: `<public URL>/console/sign-in/oidc/callback`. */
  redirectUri: string;
  /** The scopes asked for, separated by spaces (AUTH_OIDC_SCOPE; default `openid profile`). */
  scope?: string;
  /** How long start-up waits for the provider's discovery document while the provider is unreachable (default 30 s). */
  discoveryWaitMs?: number;
  /** How long one request to the provider may take (default 10 s). */
  timeoutMs?: number;
}

/** Renders the console's sign-in page with a problem in words (plugin.ts owns the page). */
export type SignInPage = (request: FastifyRequest, reply: FastifyReply, problem: LabelKey) => unknown;

/** What the console needs of the provider's discovery document (OpenID Connect Discovery 1.0 §3). */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  /** How the client authenticates at the token endpoint: HTTP Basic (`header`) or in the form (`body`). */
  clientAuthentication: 'header' | 'body';
  /** RFC 9207: the provider names itself (`iss`) in every authorization answer, which must then be checked. */
  namesItselfInAnswers: boolean;
}

/** What the provider said of the person, once the ID token is verified. */
export type IdTokenClaims = Record<string, unknown> & { sub: string };

/** A sign-in that did not succeed: a reason for the log (never a token or a personal detail) and the page's status. */
export class SignInFailure extends Error {
  constructor(
    readonly reason: string,
    readonly status: 401 | 502 = 401,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

/** The client @fastify/oauth2 decorates the app with (its documented `.oauth2`, simple-oauth2's AuthorizationCode). */
interface AuthorizationCodeClient {
  authorizeURL(params: Record<string, string>): string;
  getToken(params: Record<string, string>, httpOptions?: object): Promise<{ token: Record<string, unknown> }>;
}

/** @fastify/oauth2 decorates the app with `oidcProvider` and `oauth2OidcProvider` (the name typed). */
const PLUGIN_NAME = 'oidcProvider';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest name shown on the pages; a longer one falls back to the next claim. */
const MAX_NAME = 100;

/**
 * Registers GET /sign-in/oidc (to the provider) and GET /sign-in/oidc/callback (back from it) under the console's
 * prefix when `settings` are given; nothing otherwise.
 * @throws Error naming AUTH_OIDC_ISSUER when the provider's discovery document cannot be read within
 *   `discoveryWaitMs`, or does not describe a provider the console can use (see discoverProvider)
 */
export async function oidcRoutes(app: FastifyInstance, settings: OidcSettings | undefined, signInPage: SignInPage): Promise<void> {
  if (!settings) return;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const metadata = await discoverProvider(settings.issuer, {
    timeoutMs,
    waitMs: settings.discoveryWaitMs ?? 30_000,
    onRetry: (reason) => app.log.warn({ issuer: settings.issuer, reason }, "the identity provider's discovery document could not be read; retrying"),
  });
  const authorize = new URL(metadata.authorizationEndpoint);
  const token = new URL(metadata.tokenEndpoint);
  await app.register(fastifyOauth2, {
    name: PLUGIN_NAME,
    credentials: {
      client: { id: settings.clientId, secret: settings.clientSecret },
      auth: {
        authorizeHost: authorize.origin,
        authorizePath: authorize.pathname + authorize.search,
        tokenHost: token.origin,
        tokenPath: token.pathname + token.search,
      },
      options: { authorizationMethod: metadata.clientAuthentication },
      http: { timeout: timeoutMs },
    },
    callbackUri: settings.redirectUri,
    pkce: 'S256',
  });
  const client = (app.oauth2OidcProvider as unknown as { oauth2: AuthorizationCodeClient }).oauth2;
  const verifyIdToken = idTokenVerifier({ issuer: metadata.issuer, clientId: settings.clientId, keyFor: remoteKeySet({ url: metadata.jwksUri, timeoutMs }) });
  const scope = settings.scope ?? 'openid profile'; // AUTH_OIDC_SCOPE's default (infra/config.ts)

  app.get('/sign-in/oidc', async (request, reply) => {
    const attempt = { state: random(), verifier: random(32), nonce: random() };
    request.session.set('oidc', attempt);
    const url = client.authorizeURL({
      redirect_uri: settings.redirectUri,
      scope,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: createHash('sha256').update(attempt.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    return reply.redirect(url);
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const attempt = request.session.get('oidc');
    // Single use: whatever happens next, this state and verifier serve no second callback.
    request.session.set('oidc', undefined);
    try {
      if (!attempt) throw new SignInFailure('no sign-in under way in this session');
      const answer = request.query as Record<string, unknown>;
      if (typeof answer.state !== 'string' || !sameText(answer.state, attempt.state)) throw new SignInFailure('state mismatch');
      // RFC 9207: an answer that names its provider must name ours (a mix-up with another provider otherwise); one
      // that says it always does must.
      if ((answer.iss !== undefined || metadata.namesItselfInAnswers) && answer.iss !== metadata.issuer) {
        throw new SignInFailure('issuer missing or mismatched in the answer');
      }
      if (answer.error !== undefined) throw new SignInFailure('the provider refused', 401, { error: codeOf(answer.error) });
      if (typeof answer.code !== 'string' || !answer.code) throw new SignInFailure('no authorization code');
      const tokens = await exchange(client, { code: answer.code, redirect_uri: settings.redirectUri, code_verifier: attempt.verifier });
      const claims = await verifyIdToken(tokens.idToken, attempt.nonce, tokens.accessToken);
      const person = personFrom(claims);
      if (!person) {
        request.log.info({ reason: 'no console role in the ID token' }, 'console sign-in refused');
        return signInPage(request, reply.code(403), 'signIn.noRole');
      }
      startSession(request, { ...person, token: tokens.accessToken, expiresAt: tokens.expiresAt });
      return reply.redirect('/console', 303);
    } catch (err) {
      if (!(err instanceof SignInFailure)) {
        // Ours, not the provider's: its name and words as the console's error handler logs them, no token in them.
        request.log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'console sign-in failed unexpectedly');
        return signInPage(request, reply.code(500), 'signIn.failed');
      }
      request.log.warn({ reason: err.reason, ...err.detail }, 'console sign-in through the identity provider failed');
      return signInPage(request, reply.code(err.status), 'signIn.failed');
    }
  });
}

/**
 * Reads the provider's discovery document (`<issuer>/.well-known/openid-configuration`), retrying while the provider
 * cannot be reached (network errors, 5xx) for up to `waitMs`.
 * @returns its endpoints and how the client authenticates
 * @throws Error naming AUTH_OIDC_ISSUER when it still cannot be read, or it names another issuer, lacks an endpoint,
 *   does not offer PKCE with S256, signs ID tokens with none of RS256 and ES256, or takes no client secret
 */
export async function discoverProvider(
  issuer: string,
  options: { timeoutMs?: number; waitMs?: number; onRetry?: (reason: string) => void } = {},
): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  const fail = (why: string) => new Error(`AUTH_OIDC_ISSUER ${issuer}: ${why}`);
  let document: Record<string, unknown> | undefined;
  while (!document) {
    // Unreachable or failing (5xx): worth waiting for. Any other answer is the configuration's to mend.
    let transient: string;
    let res: Response | undefined;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), headers: { accept: 'application/json' } });
      transient = `it answered ${res.status}`;
    } catch (err) {
      const cause = (err as Error).cause;
      transient = cause instanceof Error ? cause.message : (err as Error).message;
    }
    if (res?.ok) {
      const body: unknown = await res.json().catch(() => undefined);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail(`its discovery document (${url}) is not a JSON object`);
      document = body as Record<string, unknown>;
    } else if (res && res.status < 500) {
      throw fail(`its discovery document (${url}) answered ${res.status}: is this the provider's issuer URL?`);
    } else if (Date.now() >= deadline) {
      throw fail(`its discovery document (${url}) could not be read: ${transient}`);
    } else {
      options.onRetry?.(transient);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, Math.max(0, deadline - Date.now()))));
    }
  }
  // OpenID Connect Discovery §4.3: the issuer the document names must be the one configured, exactly.
  if (document.issuer !== issuer) throw fail(`its discovery document names another issuer, ${JSON.stringify(document.issuer)}; set AUTH_OIDC_ISSUER to it exactly`);
  const endpoint = (name: string): string => {
    const value = document[name];
    if (typeof value !== 'string' || !/^https?:\/\//.test(value) || !URL.canParse(value)) throw fail(`its discovery document has no ${name}`);
    return value;
  };
  const listed = (name: string): unknown[] | undefined => (Array.isArray(document[name]) ? (document[name] as unknown[]) : undefined);
  const challenges = listed('code_challenge_methods_supported');
  if (challenges && !challenges.includes('S256')) throw fail('it does not offer PKCE with S256 (code_challenge_methods_supported)');
  const algorithms = listed('id_token_signing_alg_values_supported');
  if (algorithms && !algorithms.some((alg) => (PROVIDER_ALGORITHMS as readonly unknown[]).includes(alg))) {
    throw fail(`it signs ID tokens with none of ${PROVIDER_ALGORITHMS.join(', ')}`);
  }
  // RFC 8414 §2: a provider that lists no method takes client_secret_basic.
  const methods = listed('token_endpoint_auth_methods_supported') ?? ['client_secret_basic'];
  const clientAuthentication = methods.includes('client_secret_basic') ? 'header' : methods.includes('client_secret_post') ? 'body' : undefined;
  if (!clientAuthentication) throw fail('it takes neither client_secret_basic nor client_secret_post at its token endpoint');
  return {
    issuer,
    authorizationEndpoint: endpoint('authorization_endpoint'),
    tokenEndpoint: endpoint('token_endpoint'),
    jwksUri: endpoint('jwks_uri'),
    clientAuthentication,
    namesItselfInAnswers: document.authorization_response_iss_parameter_supported === true,
  };
}

/**
 * A verifier of the provider's ID tokens (OpenID Connect Core §3.1.3.7): RS256 or ES256 by a key the provider
 * publishes, `iss` the issuer, `aud` the client (and `azp` the client when there are several audiences or it is
 * given), the sign-in's `nonce`, `exp` in the future (a minute's tolerance for clocks), `iat` and `sub` present, and
 * `at_hash` matching the access token when the provider gives one.
 * @returns the verified claims
 * @throws SignInFailure (401 for a bad token; 502 when the provider's keys cannot be fetched)
 */
export function idTokenVerifier(options: { issuer: string; clientId: string; keyFor: KeyLookup; clockToleranceMs?: number }) {
  const algorithms: readonly string[] = PROVIDER_ALGORITHMS;
  const key = async ({ header }: { header: { alg?: unknown; kid?: unknown } }): Promise<string> => {
    if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) throw new SignInFailure(`ID token signed with ${String(header.alg)}`);
    if (typeof header.kid !== 'string' || !header.kid) throw new SignInFailure('ID token names no signing key (kid)');
    try {
      return await options.keyFor(header.kid, header.alg);
    } catch (err) {
      if (err instanceof KeySetUnavailableError) throw new SignInFailure("the provider's signing keys cannot be fetched", 502);
      if (err instanceof KeyNotPublishedError) throw new SignInFailure('ID token signed by a key the provider does not publish');
      throw err;
    }
  };
  return async function verifyIdToken(idToken: string, nonce: string, accessToken?: string): Promise<IdTokenClaims> {
    const verify = createVerifier({
      key,
      algorithms: [...PROVIDER_ALGORITHMS],
      allowedIss: options.issuer,
      allowedAud: options.clientId,
      allowedNonce: nonce,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce'],
      clockTolerance: options.clockToleranceMs ?? 60_000,
      complete: true,
    });
    let verified: { header: { alg: string }; payload: Record<string, unknown> };
    try {
      verified = await verify(idToken);
    } catch (err) {
      const cause = err instanceof TokenError ? (err as TokenError & { originalError?: unknown }).originalError : undefined;
      if (cause instanceof SignInFailure) throw cause;
      if (err instanceof SignInFailure) throw err;
      // The library's code names the check that failed (FAST_JWT_CLAIM_VALUE_INVALID, …), never the token.
      throw new SignInFailure('ID token not valid', 401, { check: err instanceof TokenError ? err.code : 'unknown' });
    }
    const claims = verified.payload;
    if (typeof claims.sub !== 'string' || !claims.sub) throw new SignInFailure('ID token names no subject');
    const audiences = [claims.aud].flat();
    if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== options.clientId) throw new SignInFailure('ID token authorized for another party (azp)');
    if (claims.at_hash !== undefined && accessToken !== undefined && claims.at_hash !== halfHash(accessToken)) {
      throw new SignInFailure('ID token does not match the access token (at_hash)');
    }
    return claims as IdTokenClaims;
  };
}

/**
 * The person the ID token describes, as the console keeps them: the first of its `roles` that is one of spec §2's (a
 * sponsor only with a `sponsorGroupId`: without one the API refuses a sponsor everything), the name from `name`,
 * `preferred_username` or `sub`. Undefined when no role fits.
 */
export function personFrom(claims: IdTokenClaims): Omit<ConsoleUser, 'token' | 'expiresAt'> | undefined {
  const group = shown(claims.sponsorGroupId);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  const role = roles.find((r): r is Role => (ROLES as readonly unknown[]).includes(r) && (r !== 'sponsor' || group !== undefined));
  if (!role) return undefined;
  const name = shown(claims.name) ?? shown(claims.preferred_username) ?? shown(claims.sub) ?? claims.sub.slice(0, MAX_NAME);
  return { sub: claims.sub, name, role, ...(role === 'sponsor' && { sponsorGroupId: group }) };
}

/**
 * The code exchanged for tokens: the access token (a JWT, as the API verifies), the ID token, and when the access token
 * expires (at most a session's length from now).
 * @throws SignInFailure: 502 when the provider cannot be reached or fails (5xx), 401 for its refusal or an unusable answer
 */
async function exchange(client: AuthorizationCodeClient, params: Record<string, string>): Promise<{ accessToken: string; idToken: string; expiresAt: number }> {
  let token: Record<string, unknown>;
  try {
    ({ token } = await client.getToken(params));
  } catch (err) {
    // simple-oauth2's errors (Boom, from wreck): the provider's status and its error code are kept; nothing else is.
    const boom = err as { output?: { statusCode?: number }; data?: { payload?: unknown }; isBoom?: boolean };
    const status = boom.output?.statusCode;
    const payload = boom.data?.payload;
    const code = payload && typeof payload === 'object' && !Buffer.isBuffer(payload) ? codeOf((payload as { error?: unknown }).error) : undefined;
    const providerFault = !status || status >= 500;
    throw new SignInFailure('the code exchange failed', providerFault ? 502 : 401, { ...(status && { status }), ...(code && { error: code }) });
  }
  const accessToken = token.access_token;
  const idToken = token.id_token;
  if (typeof accessToken !== 'string' || !accessToken) throw new SignInFailure('no access token in the answer');
  if (typeof idToken !== 'string' || !idToken) throw new SignInFailure('no ID token in the answer (is openid among the scopes?)');
  if (typeof token.token_type !== 'string' || token.token_type.toLowerCase() !== 'bearer') throw new SignInFailure('the access token is not a bearer token');
  // The API verifies JWTs only (AUTH_JWKS_URL): an opaque token would be refused on every page.
  const tokenExpiry = expiryOf(accessToken);
  if (tokenExpiry === undefined) {
    throw new SignInFailure("the provider's access token is not a JWT with an expiry: configure it to issue JWT access tokens for the API's audience");
  }
  // The person signs in again when the token the API is sent expires, and after a working day at most.
  const answered = token.expires_at instanceof Date ? token.expires_at.getTime() : Infinity;
  return { accessToken, idToken, expiresAt: Math.min(tokenExpiry, answered, Date.now() + SESSION_HOURS * 3_600_000) };
}

const decode = createDecoder();

/** A JWT's `exp` in epoch milliseconds, read without verifying (the API verifies the token it is sent). */
function expiryOf(jwt: string): number | undefined {
  try {
    const exp = (decode(jwt) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A claim fit to show on a page: text, trimmed, not empty, not too long. */
function shown(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text && text.length <= MAX_NAME && isText(text) ? text : undefined;
}

/** An OAuth error code as the log may carry it (RFC 6749 §5.2 codes are short ASCII words). */
function codeOf(value: unknown): string {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : 'unreadable';
}

/** `at_hash`: the left half of the access token's SHA-256, base64url (RS256 and ES256 both hash with SHA-256). */
function halfHash(token: string): string {
  const digest = createHash('sha256').update(token).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function random(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** Compared in constant time: the state is a secret of this browser's sign-in. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
