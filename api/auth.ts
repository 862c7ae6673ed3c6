/**
 * Who is asking: a bearer JWT carrying `sub`, `roles` and, for sponsors, `sponsorGroupId` — HS256 with
 * AUTH_JWT_SECRET by default, or, with AUTH_JWKS_URL, RS256/ES256 signed by an identity provider whose
 * keys that URL publishes, for the configured issuer and audience. Which role acts: the first of the
 * token's roles the route allows.
 *
 * The token is verified once per request, by an app-level onRequest hook that never throws: it keeps the
 * principal, or the 401/503 the person will be given, on the request (`request.identity`). The rate limit,
 * the next hook, counts per subject or per address from it; `requireRoles`, a route's first hook, answers
 * from it.
 */
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../domain/case-types';
import { forbidden, HttpError, unavailable } from './errors';
import { KeyNotPublishedError, KeySetUnavailableError, PROVIDER_ALGORITHMS, remoteKeySet } from './jwks';

export interface Principal {
  sub: string;
  roles: Role[];
  sponsorGroupId?: string;
}

/** The principal acting under one of its roles. */
export interface Actor extends Principal {
  role: Role;
}

/** What the token said, once verified: who, or the refusal (401, or 503 when the provider is unreachable). */
export type Identity = { principal: Principal; refusal?: undefined } | { principal?: undefined; refusal: HttpError };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who acts, as which role: set by requireRoles before the body is even read. */
    actor: Actor;
    /** The token verified by the app's first hooks: set before the rate limit counts the request. */
    identity: Identity | null;
  }
}

/** Tokens from an identity provider instead of the shared secret (spec §4: AUTH_JWKS_URL). */
export interface JwksAuthConfig {
  /** Where the provider publishes its signing keys (a JWKS document). */
  jwksUrl: string;
  /** The `iss` its tokens must carry (AUTH_JWT_ISSUER). */
  issuer: string;
  /** The `aud` its tokens must carry for this API (AUTH_JWT_AUDIENCE). */
  audience: string;
  /** How long fetched keys are used (default 10 minutes). */
  cacheMaxAgeMs?: number;
  /** The least time between two fetches of the keys, however many unknown `kid`s arrive (default 30 s). */
  cooldownMs?: number;
  /** How long a fetch of the keys may take (default 5 s). */
  timeoutMs?: number;
}

export interface AuthOptions {
  /** The HS256 key, used when no JWKS is configured. */
  secret: string;
  /** When set, tokens are verified with the provider's keys only; the secret is not accepted. */
  jwks?: JwksAuthConfig;
  /**
   * A cookie that carries the token for the URLs under `pathPrefix` when no Authorization header is sent
   * (the codec endpoint's sign-in, for the Temporal UI). Needs @fastify/cookie registered before.
   */
  cookie?: { name: string; pathPrefix: string };
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

/** `Bearer <token>`, the scheme in any letter case (RFC 9110 §11.1); undefined for anything else. */
const BEARER = /^bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The token each request's verification is about to check (@fastify/jwt reads it through extractToken). */
const pendingToken = new WeakMap<FastifyRequest, string>();
const extractToken = (request: FastifyRequest) => pendingToken.get(request);

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('identity', null);
  await registerVerifier(app, options);
  const { cookie } = options;
  // Never throws: whether the token is good decides nothing yet; the rate limit comes first.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const fromCookie =
      !header && cookie && request.url.startsWith(cookie.pathPrefix) ? request.cookies?.[cookie.name] : undefined;
    request.identity = await identify(request, fromCookie ? `Bearer ${fromCookie}` : header);
    // A browser (the Temporal UI) with neither: where a person signs in to be sent the cookie.
    if (!header && !fromCookie && cookie && request.url.startsWith(cookie.pathPrefix)) {
      request.identity = {
        refusal: unauthorized(`Sign in at ${cookie.pathPrefix}login (the Temporal UI then sends its cookie), or send a bearer token (Authorization: Bearer <JWT>).`),
      };
    }
  });
}

async function registerVerifier(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { jwks } = options;
  if (!jwks) {
    await app.register(fastifyJwt, { secret: options.secret, verify: { algorithms: ['HS256'], extractToken } });
    return;
  }
  const keyFor = remoteKeySet({
    url: jwks.jwksUrl,
    cacheMaxAgeMs: jwks.cacheMaxAgeMs,
    cooldownMs: jwks.cooldownMs,
    timeoutMs: jwks.timeoutMs,
  });
  const algorithms: readonly string[] = PROVIDER_ALGORITHMS;
  await app.register(fastifyJwt, {
    // Called with the decoded, not yet verified, token: its header names the key and the algorithm.
    secret: async (request: FastifyRequest, token: unknown): Promise<string> => {
      const header = (token as { header: { alg?: unknown; kid?: unknown } }).header;
      if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
        throw unauthorized(`The token must be signed by the identity provider with ${algorithms.join(' or ')}.`);
      }
      if (typeof header.kid !== 'string' || !header.kid) throw unauthorized('The token names no signing key (kid).');
      try {
        return await keyFor(header.kid, header.alg);
      } catch (err) {
        if (err instanceof KeyNotPublishedError) throw unauthorized(`The token is not valid: ${err.message}.`);
        if (err instanceof KeySetUnavailableError) {
          request.log.warn({ err: { message: err.message } }, 'identity provider keys unavailable');
          throw unavailable("The identity provider's signing keys cannot be fetched; retry shortly.");
        }
        throw err;
      }
    },
    decode: { complete: true },
    verify: {
      algorithms: [...PROVIDER_ALGORITHMS],
      allowedIss: jwks.issuer,
      allowedAud: jwks.audience,
      requiredClaims: ['iss', 'aud', 'exp'],
      extractToken,
    },
  });
}

/** The request's token verified, or the refusal it earns; never throws. */
async function identify(request: FastifyRequest, authorization: string | undefined): Promise<Identity> {
  try {
    return { principal: await authenticate(request, authorization) };
  } catch (err) {
    return { refusal: err instanceof HttpError ? err : unauthorized('The token is not valid.') };
  }
}

/**
 * A route's first hook: 401 without a valid token, 403 for a role the route is not for — before
 * the body is validated, so that a role that may not act learns nothing more. It runs after the
 * rate limit, and answers from the token the app's first hook verified.
 */
export function requireRoles(allowed: readonly Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    request.actor = actAs(await principalOf(request), allowed, request);
  };
}

/** The principal the app's first hook found for this request; its refusal (401, 503) thrown otherwise. */
export async function principalOf(request: FastifyRequest): Promise<Principal> {
  const identity = request.identity ?? (await identify(request, request.headers.authorization));
  if (identity.refusal) throw identity.refusal;
  return identity.principal;
}

/**
 * Verifies a bearer token (`Authorization: Bearer <JWT>`, the scheme in any letter case): by default the
 * request's Authorization header. 401 when it is missing, bad or expired; 503 when the identity
 * provider's keys cannot be fetched.
 */
export async function authenticate(
  request: FastifyRequest,
  authorization: string | undefined = request.headers.authorization,
): Promise<Principal> {
  if (!authorization) throw unauthorized('A bearer token is required (Authorization: Bearer <JWT>).');
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw unauthorized('The Authorization header must be "Bearer <JWT>".');
  let payload: Record<string, unknown>;
  pendingToken.set(request, token);
  try {
    payload = await request.jwtVerify<Record<string, unknown>>();
  } catch (err) {
    // Already in words: the provider's key or the token's header refused, or the provider unreachable.
    if (err instanceof HttpError) throw err;
    const { code, message } = err as { code?: string; message?: string };
    if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') throw unauthorized('The token has expired.');
    if (/\b(iss|aud|exp) claim/.test(String(message))) {
      throw unauthorized('The token was not issued for this service (its issuer, audience or expiry is missing or wrong).');
    }
    throw unauthorized('The token is not valid.');
  } finally {
    pendingToken.delete(request);
  }
  const { sub, roles, sponsorGroupId } = payload;
  if (typeof sub !== 'string' || !sub) throw unauthorized('The token names no subject (sub).');
  if (!Array.isArray(roles)) throw unauthorized(`The token's roles must be a list of: ${ROLES.join(', ')}.`);
  if (request.audit) request.audit.sub = sub;
  return {
    sub,
    // An identity provider puts its own roles beside ours (offline_access, …): those name nothing here. A token
    // with none of ours is a person without a role of the product: 403 on every route, in requireRoles.
    roles: roles.filter((r): r is Role => ROLES.includes(r as Role)),
    sponsorGroupId: typeof sponsorGroupId === 'string' ? sponsorGroupId : undefined,
  };
}

/** The actor a route allows, or 403 naming the roles it needs. */
export function actAs(principal: Principal, allowed: readonly Role[], request?: FastifyRequest): Actor {
  const role = principal.roles.find((r) => allowed.includes(r));
  if (request?.audit) request.audit.role = role ?? principal.roles.join(',');
  if (!role) throw forbidden(`This action is for: ${allowed.join(', ')}.`);
  if (role === 'sponsor' && !principal.sponsorGroupId) throw forbidden('A sponsor token must name its sponsorGroupId.');
  return { ...principal, role };
}
