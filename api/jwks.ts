/**
 * An identity provider's signing keys (spec §4, AUTH_JWKS_URL): the JWKS document fetched whole, its
 * RSA and EC keys kept by `kid` for `cacheMaxAgeMs`. A token naming a `kid` we do not hold fetches the
 * document again (the provider rotated its keys), but at most once every `cooldownMs`, so a flood of
 * forged tokens with made-up `kid`s never becomes a flood of requests to the provider. Concurrent
 * lookups share one fetch; a failed refresh keeps the keys already held (they still verify).
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';

export interface KeySetOptions {
  url: string;
  /** How long a fetched document is used before it is fetched again (default 10 minutes). */
  cacheMaxAgeMs?: number;
  /** The least time between two fetches (default 30 s). */
  cooldownMs?: number;
  /** How long a fetch may take (default 5 s). */
  timeoutMs?: number;
}

/** The token names a key the provider does not publish (or one of another type): the token is bad. */
export class KeyNotPublishedError extends Error {}
/** The provider's keys could not be fetched and none is held for this `kid`: retry later. */
export class KeySetUnavailableError extends Error {}

interface HeldKey {
  pem: string;
  /** The algorithms this key may verify: its `alg` if the provider named one, else those of its type. */
  algorithms: string[];
}

/** The algorithms a provider's token may use: RSA (PKCS#1 v1.5) and ECDSA P-256, both with SHA-256. */
export const PROVIDER_ALGORITHMS = ['RS256', 'ES256'] as const;

export type KeyLookup = (kid: string, alg: string) => Promise<string>;

export function remoteKeySet(options: KeySetOptions): KeyLookup {
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 10 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let keys = new Map<string, HeldKey>();
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let lastFailure: Error | undefined;
  let inFlight: Promise<void> | undefined;

  async function load(): Promise<void> {
    let body: unknown;
    try {
      const res = await fetch(options.url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`it answered ${res.status}`);
      body = await res.json();
    } catch (err) {
      throw new KeySetUnavailableError(`the identity provider's keys (${options.url}) could not be fetched: ${(err as Error).message}`);
    }
    const published = (body as { keys?: unknown })?.keys;
    if (!Array.isArray(published)) {
      throw new KeySetUnavailableError(`the identity provider's key set (${options.url}) has no "keys" list`);
    }
    const next = new Map<string, HeldKey>();
    for (const jwk of published as Array<JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown }>) {
      const held = keyFrom(jwk);
      if (held && typeof jwk.kid === 'string' && jwk.kid) next.set(jwk.kid, held);
    }
    keys = next;
    fetchedAt = Date.now();
  }

  function refresh(): Promise<void> {
    if (!inFlight) {
      attemptedAt = Date.now();
      inFlight = load()
        .then(() => {
          lastFailure = undefined;
        })
        .catch((err: Error) => {
          lastFailure = err;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  }

  return async function keyFor(kid: string, alg: string): Promise<string> {
    const now = Date.now();
    const wanted = !keys.has(kid) || now - fetchedAt >= cacheMaxAgeMs;
    if (inFlight || (wanted && now - attemptedAt >= cooldownMs)) await refresh();
    const key = keys.get(kid);
    if (!key) {
      // Nothing held at all and the last fetch failed: the provider, not the token, is the problem.
      if (lastFailure && keys.size === 0) throw new KeySetUnavailableError(lastFailure.message);
      throw new KeyNotPublishedError('its signing key (kid) is not one the identity provider publishes');
    }
    if (!key.algorithms.includes(alg)) throw new KeyNotPublishedError(`its signing key (kid) does not sign with ${alg}`);
    return key.pem;
  };
}

/** A signing key of a type the API verifies, as PEM; undefined for any other key. */
function keyFrom(jwk: JsonWebKey & { use?: unknown; alg?: unknown }): HeldKey | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  // Only public members: a provider that published a private key by mistake gets no use of it here.
  const typeAlgorithm = jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : undefined;
  if (!typeAlgorithm) return undefined;
  if (jwk.alg !== undefined && jwk.alg !== typeAlgorithm) return undefined;
  const members =
    jwk.kty === 'RSA' ? { kty: jwk.kty, n: jwk.n, e: jwk.e } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  try {
    const key = createPublicKey({ key: members, format: 'jwk' });
    // RSA keys under 2048 bits are no longer considered safe for signatures (NIST SP 800-131A).
    if (jwk.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return undefined;
    return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), algorithms: [typeAlgorithm] };
  } catch {
    return undefined;
  }
}
