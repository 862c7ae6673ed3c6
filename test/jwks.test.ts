/**
 * Spec §4: with AUTH_JWKS_URL, tokens come from an identity provider — RS256 or ES256, signed by a key
 * its JWKS publishes, for the configured issuer and audience — and the shared HS256 secret is refused.
 * The provider is a stand-in: a small HTTP server on this machine serving a JWKS document.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import type { FastifyInstance } from 'fastify';
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';
import type { JwksAuthConfig } from '../api/auth';
import { loadConfig } from '../infra/config';

const ISSUER = 'https://idp.example.org/realms/resettlement';
const AUDIENCE = 'resettlement-api';
const JWKS_PATH = '/realms/resettlement/protocol/openid-connect/certs';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function signingKey(alg: SigningKey['alg']): SigningKey {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: `${alg.toLowerCase()}-${randomUUID()}`, alg, ...pair };
}

/** The identity provider's JWKS endpoint, counting how often it is fetched. */
interface Provider {
  url: string;
  fetches: number;
  keys: SigningKey[];
  /** Answer this status instead of the document. */
  failWith?: number;
  close(): Promise<void>;
}

const providers: Provider[] = [];

async function startProvider(keys: SigningKey[]): Promise<Provider> {
  const provider: Provider = { url: '', fetches: 0, keys, close: async () => {} };
  const server = http.createServer((req, res) => {
    if (req.url !== JWKS_PATH) return res.writeHead(404).end();
    provider.fetches++;
    if (provider.failWith) return res.writeHead(provider.failWith).end('{}');
    const document = {
      keys: provider.keys.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, alg: k.alg, use: 'sig' })),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${JWKS_PATH}`;
  provider.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  providers.push(provider);
  return provider;
}

/** A token as the provider issues it; `options` changes what a forger or a misconfigured client would. */
function providerToken(key: SigningKey, claims: Record<string, unknown>, options: Record<string, unknown> = {}): string {
  return createSigner({
    key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    algorithm: key.alg,
    kid: key.kid,
    iss: ISSUER,
    aud: AUDIENCE,
    expiresIn: 3_600_000,
    ...options,
  })(claims);
}

const ops = { sub: 'ops-via-idp', roles: ['ops'] };

function jwksApp(provider: Provider | { url: string }, options: Partial<JwksAuthConfig> = {}): Promise<FastifyInstance> {
  return appBeside(stack, { jwks: { jwksUrl: provider.url, issuer: ISSUER, audience: AUDIENCE, ...options } });
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await closeApps();
  for (const provider of providers) await provider.close();
  await stack?.stop();
});

test("a token the provider signed for this API is accepted, RS256 or ES256, from one fetch of its keys", async () => {
  const rsa = signingKey('RS256');
  const ec = signingKey('ES256');
  const provider = await startProvider([rsa, ec]);
  const app = await jwksApp(provider);

  expect((await call(app, 'GET', '/reports/attention', { token: providerToken(rsa, ops) })).status).toBe(200);
  expect((await call(app, 'GET', '/reports/attention', { token: providerToken(ec, ops) })).status).toBe(200);

  // A whole decision with a provider's token: MIDI opens a case, the audit names the provider's subject.
  const midi = providerToken(rsa, { sub: 'midi-via-idp', roles: ['midi'] });
  const opened = await call(app, 'POST', '/applications', { token: midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  const sponsorship = await call(app, 'POST', `/applications/${opened.body.caseId}/sponsorship-decision`, {
    token: midi,
    body: { decision: 'approved' },
  });
  expect(sponsorship.status).toBe(200);
  expect(sponsorship.body.stage).toBe('awaiting-pr-application');
  const audit = await call(app, 'GET', `/applications/${opened.body.caseId}/audit`, { token: providerToken(ec, ops) });
  expect(audit.body.map((a: { sub: string; status: number }) => [a.sub, a.status])).toContainEqual(['midi-via-idp', 200]);

  expect(provider.fetches).toBe(1);
});

test('tokens not from the provider, or not for this API, are 401 with the reason in words', async () => {
  const rsa = signingKey('RS256');
  const provider = await startProvider([rsa]);
  const app = await jwksApp(provider);
  const stranger = { ...signingKey('RS256'), kid: rsa.kid }; // a key the provider never published, claiming its kid
  const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const refused: Record<string, string> = {
    'wrong audience': providerToken(rsa, ops, { aud: 'another-api' }),
    'wrong issuer': providerToken(rsa, ops, { iss: 'https://evil.example.org/' }),
    'no expiry': providerToken(rsa, ops, { expiresIn: undefined }),
    expired: providerToken(rsa, ops, { expiresIn: 1, clockTimestamp: Date.now() - 60_000 }),
    'HS256 with the default secret': tokenFor('ops', 'ops-hs256'),
    'HS256 keyed with the public key (algorithm confusion)': createSigner({ key: publicPem, algorithm: 'HS256', kid: rsa.kid, iss: ISSUER, aud: AUDIENCE, expiresIn: 60_000 })(ops),
    'unsigned (alg none)': createSigner({ algorithm: 'none', kid: rsa.kid, iss: ISSUER, aud: AUDIENCE, expiresIn: 60_000 })(ops),
    'signed by another key under the same kid': providerToken(stranger, ops),
    'an unknown kid': providerToken({ ...rsa, kid: 'no-such-key' }, ops),
    'no kid': providerToken(rsa, ops, { kid: undefined }),
  };
  const answers: Record<string, unknown> = {};
  for (const [why, token] of Object.entries(refused)) answers[why] = await call(app, 'GET', '/reports/attention', { token });
  for (const why of Object.keys(refused)) {
    expect({ why, answer: answers[why] }).toEqual({
      why,
      answer: { status: 401, body: { error: 'unauthorized', message: expect.any(String) } },
    });
  }
  const message = (why: string) => (answers[why] as { body: { message: string } }).body.message;
  expect(message('wrong audience')).toMatch(/not issued for this service/);
  expect(message('wrong issuer')).toMatch(/not issued for this service/);
  expect(message('no expiry')).toMatch(/not issued for this service/);
  expect(message('expired')).toBe('The token has expired.');
  expect(message('HS256 with the default secret')).toMatch(/signed by the identity provider with RS256 or ES256/);
  expect(message('unsigned (alg none)')).toMatch(/signed by the identity provider with RS256 or ES256/);
  expect(message('signed by another key under the same kid')).toBe('The token is not valid.');
  expect(message('an unknown kid')).toMatch(/signing key \(kid\) is not one the identity provider publishes/);
  expect(message('no kid')).toMatch(/names no signing key/);

  // And the other way round: the default app (HS256 with the secret) refuses the provider's token.
  expect((await call(stack.app, 'GET', '/reports/attention', { token: providerToken(rsa, ops) })).status).toBe(401);
});

test("made-up kids do not flood the provider; a rotated key is fetched once the cooldown has passed", async () => {
  const current = signingKey('RS256');
  const provider = await startProvider([current]);
  const cooldownMs = 1000;
  const app = await jwksApp(provider, { cooldownMs });
  const forged = (n: number) => Array.from({ length: n }, () => providerToken({ ...current, kid: `forged-${randomUUID()}` }, ops));
  const flood = (tokens: string[]) => Promise.all(tokens.map((token) => call(app, 'GET', '/reports/attention', { token })));
  const first = forged(20);
  const second = forged(20);
  expect((await call(app, 'GET', '/reports/attention', { token: providerToken(current, ops) })).status).toBe(200);
  expect(provider.fetches).toBe(1);

  // Inside the cooldown: no fetch at all.
  expect((await flood(first)).map((a) => a.status)).toEqual(Array(20).fill(401));
  expect(provider.fetches).toBe(1);
  // Past it: twenty unknown kids at once share a single fetch.
  await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
  expect((await flood(second)).map((a) => a.status)).toEqual(Array(20).fill(401));
  expect(provider.fetches).toBe(2);

  // The provider rotates: a new key is published and signs. Once the cooldown has passed, it is fetched.
  const next = signingKey('ES256');
  provider.keys = [current, next];
  await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
  expect((await call(app, 'GET', '/reports/attention', { token: providerToken(next, ops) })).status).toBe(200);
  expect((await call(app, 'GET', '/reports/attention', { token: providerToken(current, ops) })).status).toBe(200);
  expect(provider.fetches).toBe(3);
});

test('the provider unreachable is 503, not 401; keys already held still verify while it is down', async () => {
  const key = signingKey('RS256');
  const token = providerToken(key, ops);

  const dead = await startProvider([key]);
  await dead.close();
  const orphan = await jwksApp(dead);
  expect(await call(orphan, 'GET', '/reports/attention', { token })).toEqual({
    status: 503,
    body: { error: 'unavailable', message: "The identity provider's signing keys cannot be fetched; retry shortly." },
  });

  const failing = await startProvider([key]);
  failing.failWith = 500;
  expect((await call(await jwksApp(failing), 'GET', '/reports/attention', { token })).status).toBe(503);

  // Keys held, then the provider goes down: its keys keep verifying, made-up kids are still 401.
  const flaky = await startProvider([key]);
  const app = await jwksApp(flaky, { cacheMaxAgeMs: 1, cooldownMs: 0 });
  expect((await call(app, 'GET', '/reports/attention', { token })).status).toBe(200);
  flaky.failWith = 503;
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect((await call(app, 'GET', '/reports/attention', { token })).status).toBe(200);
  expect(flaky.fetches).toBe(2);
  expect((await call(app, 'GET', '/reports/attention', { token: providerToken({ ...key, kid: 'forged' }, ops) })).status).toBe(401);
});

test('configuration: AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE; without it, HS256', () => {
  expect(loadConfig({}).jwks).toBeUndefined();
  expect(
    loadConfig({ AUTH_JWKS_URL: 'https://idp.example.org/certs', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).jwks,
  ).toEqual({ jwksUrl: 'https://idp.example.org/certs', issuer: ISSUER, audience: AUDIENCE });
  expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example.org/certs', AUTH_JWT_ISSUER: ISSUER })).toThrow(/AUTH_JWT_AUDIENCE/);
  expect(() => loadConfig({ AUTH_JWKS_URL: 'not a url', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE })).toThrow(/must be a URL/);
  expect(() => loadConfig({ AUTH_JWT_AUDIENCE: AUDIENCE })).toThrow(/AUTH_JWKS_URL, which is not set/);
});
