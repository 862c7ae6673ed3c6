/**
 * Spec §7: the console's sign-in through the organization's identity provider, OpenID Connect's authorization code
 * flow with PKCE, against a REAL provider (npm's oidc-provider, in a child process: test/support/oidc-provider-server.mjs)
 * whose access tokens the API verifies with its JWKS (spec §4, AUTH_JWKS_URL). The test is the browser: it follows
 * the redirects between the console (the API's Fastify, through inject) and the provider (over HTTP), keeps each
 * one's cookies, and fills in the provider's log-in and consent forms.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import secureSession from '@fastify/secure-session';
import Handlebars from 'handlebars';
import { createDecoder, createSigner } from 'fast-jwt';
import { call, startStack, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';
import { memoryLog } from './support/memory-log';
import { startOidcProvider, type TestProvider } from './support/oidc-provider';
import { freePort } from '../scripts/inbox';
import { loggerOptions } from '../infra/logger';
import { DEFAULT_OIDC_SCOPE, DEV_JWT_SECRET, loadConfig } from '../infra/config';
import { idTokenVerifier, personFrom, SignInFailure, type OidcSettings } from '../console/oidc';
import type { ConsoleUser } from '../console/session';
import { t } from '../console/i18n';
import { KeyNotPublishedError, KeySetUnavailableError } from '../api/jwks';

/** Where people reach the console in this test: only the provider's redirects name it; inject serves it. */
const CONSOLE = 'http://console.test';
const REDIRECT_URI = `${CONSOLE}/console/sign-in/oidc/callback`;
const AUDIENCE = 'urn:resettlement:api';
const CLIENT = { id: 'resettlement-console', secret: randomBytes(24).toString('base64url'), redirectUri: REDIRECT_URI };
const PASSWORD = 'correct horse battery staple';
const ACCOUNTS = {
  alice: { password: PASSWORD, name: 'Alice Tremblay', preferred_username: 'atremblay', roles: ['midi'] },
  bob: { password: PASSWORD, preferred_username: 'bob.gagnon', roles: ['sponsor'], sponsorGroupId: 'group-montreal-1' },
  carol: { password: PASSWORD, name: 'Carol Roy', roles: ['librarian'] },
  dora: { password: PASSWORD, name: 'Dora Côté', roles: ['sponsor'] },
};

const SESSION_KEY = randomBytes(32);
const log = memoryLog();
let stack: Stack;
let provider: TestProvider;
let app: FastifyInstance;
/** Reads the console's session cookie as the console does (the test holds its key). */
let sessions: FastifyInstance;

function oidcSettings(overrides: Partial<OidcSettings> = {}): OidcSettings {
  return { issuer: provider.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUri: REDIRECT_URI, ...overrides };
}

beforeAll(async () => {
  [stack, provider] = await Promise.all([startStack(), startOidcProvider({ client: CLIENT, audience: AUDIENCE, accounts: ACCOUNTS })]);
  app = await appBeside(stack, {
    jwks: { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: AUDIENCE },
    console: { devSignIn: false, sessionKey: SESSION_KEY, secureCookies: false, oidc: oidcSettings() },
    logger: { ...loggerOptions, level: 'info', stream: log.stream },
    // Every request of these browsers comes from one address without a bearer token: the limit is not under test.
    rateLimitPerAddressPerSecond: 1000,
  });
  sessions = Fastify();
  await sessions.register(secureSession, { key: SESSION_KEY });
  await sessions.ready();
});
afterAll(async () => {
  await closeApps();
  await sessions?.close();
  await provider?.stop();
  await stack?.stop();
});

interface Page {
  status: number;
  url: string;
  location?: string;
  body: string;
}

/**
 * A browser, as far as these sign-ins need one: cookies kept per origin (with their paths and deletions), redirects
 * followed (as GET), forms submitted. The console's origin is served by `app.inject`, the provider's over HTTP.
 */
class Browser {
  private readonly jars = new Map<string, Map<string, { value: string; path: string }>>();

  /** One request, no redirect followed. */
  async request(url: string, form?: Record<string, string>): Promise<Page> {
    const target = new URL(url);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target) };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const method = form ? 'POST' : 'GET';
    const payload = form ? new URLSearchParams(form).toString() : undefined;
    let status: number;
    let location: string | undefined;
    let setCookies: string[];
    let body: string;
    if (target.origin === CONSOLE) {
      const res = await app.inject({ method, url: target.pathname + target.search, headers, payload });
      status = res.statusCode;
      location = res.headers.location as string | undefined;
      setCookies = [res.headers['set-cookie'] ?? []].flat();
      body = res.body;
    } else {
      const res = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
      status = res.status;
      location = res.headers.get('location') ?? undefined;
      setCookies = res.headers.getSetCookie();
      body = await res.text();
    }
    this.remember(target, setCookies);
    return { status, url, location: location && new URL(location, url).href, body };
  }

  /** Follows redirects until a page answers, or until the next one would leave for `stopBefore`'s origin. */
  async visit(url: string, form?: Record<string, string>, stopBefore?: string): Promise<Page> {
    let page = await this.request(url, form);
    for (let hops = 0; page.status >= 300 && page.status < 400 && page.location; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${url}`);
      if (stopBefore && new URL(page.location).origin === stopBefore) return page;
      page = await this.request(page.location);
    }
    return page;
  }

  /** Submits the page's form whose action ends with `action`, with `fields`, following the redirects. */
  submit(page: Page, action: string, fields: Record<string, string> = {}, stopBefore?: string): Promise<Page> {
    const found = [...page.body.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]).find((a) => a.endsWith(action));
    if (!found) throw new Error(`no form to ${action} on ${page.url}: ${page.body.slice(0, 500)}`);
    return this.visit(new URL(found, page.url).href, fields, stopBefore);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name)?.value;
  }

  private cookieHeader(target: URL): string {
    const jar = this.jars.get(target.origin) ?? new Map();
    const applies = (path: string) => target.pathname === path || target.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
    return [...jar].filter(([, c]) => applies(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  private remember(target: URL, setCookies: string[]) {
    const jar = this.jars.get(target.origin) ?? new Map();
    this.jars.set(target.origin, jar);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expires = attribute('expires');
      if (attribute('max-age') === '0' || (expires && Date.parse(expires) <= Date.now())) jar.delete(name);
      else jar.set(name, { value: pair.slice(at + 1), path: attribute('path') ?? '/' });
    }
  }
}

/** Text as the console's pages show it (Handlebars escapes apostrophes). */
const shown = (text: string) => Handlebars.Utils.escapeExpression(text);

/** The person the console's session cookie holds, read with the console's key. */
function sessionUser(browser: Browser): ConsoleUser | undefined {
  const cookie = browser.cookie(CONSOLE, 'console_session');
  return cookie ? (sessions.decodeSecureSession(decodeURIComponent(cookie))?.get('user') as ConsoleUser | undefined) : undefined;
}

/** From the console's sign-in page to the provider's consent page, signed in there as `login`. */
async function throughLogIn(browser: Browser, login: string): Promise<Page> {
  const signInPage = await browser.visit(`${CONSOLE}/console/sign-in`);
  expect(signInPage.body).toContain('href="/console/sign-in/oidc"');
  const logIn = await browser.visit(`${CONSOLE}/console/sign-in/oidc`);
  expect([logIn.status, new URL(logIn.url).origin]).toEqual([200, provider.issuer]);
  const consent = await browser.submit(logIn, '/login', { login, password: PASSWORD });
  expect([consent.status, consent.body]).toEqual([200, expect.stringContaining('Authorize')]);
  return consent;
}

/** The whole sign-in as a person makes it: the page the console lands them on. */
async function signIn(browser: Browser, login: string): Promise<Page> {
  return browser.submit(await throughLogIn(browser, login), '/confirm');
}

const decode = createDecoder();
/** Secrets the flows handled, which no log line may hold. */
const secretsSeen = new Set<string>([PASSWORD, CLIENT.secret]);

test('a person signs in at the provider, lands on the console with the role of the ID token, and the API accepts the token the console holds', async () => {
  const browser = new Browser();
  const start = await browser.request(`${CONSOLE}/console/sign-in/oidc`);
  expect(start.status).toBe(302);
  const authorization = new URL(start.location!);
  expect(authorization.origin).toBe(provider.issuer);
  const asked = Object.fromEntries(authorization.searchParams);
  expect(asked).toEqual({
    response_type: 'code',
    client_id: CLIENT.id,
    redirect_uri: REDIRECT_URI,
    scope: DEFAULT_OIDC_SCOPE,
    state: expect.stringMatching(/^[\w-]{22,}$/),
    nonce: expect.stringMatching(/^[\w-]{22,}$/),
    code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    code_challenge_method: 'S256',
  });

  const home = await signIn(browser, 'alice');
  expect([home.status, home.url]).toEqual([200, `${CONSOLE}/console`]);
  expect(home.body).toContain(shown(t('fr', 'app.signedInAs', { name: 'Alice Tremblay', role: t('fr', 'roleShort.midi') })));

  // The session holds the provider's access token: a JWT for the API, which the API verifies with the provider's keys.
  const user = sessionUser(browser)!;
  expect({ ...user, token: undefined }).toEqual({ sub: 'alice', name: 'Alice Tremblay', role: 'midi', token: undefined, expiresAt: expect.any(Number), sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(user.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
  expect(decode(user.token)).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: 'alice', roles: ['midi'] });
  secretsSeen.add(user.token);
  expect((await call(app, 'GET', '/applications', { token: user.token })).status).toBe(200);
  const opened = await call(app, 'POST', '/applications', { token: user.token, body: psrOpening() });
  expect(opened.status).toBe(201);
  // The console's own pages call the API with it, in-process (console/api.ts): the case page is the API's answer.
  const casePage = await browser.visit(`${CONSOLE}/console/cases/${opened.body.caseId}`);
  expect(casePage.status).toBe(200);
  expect(casePage.body).toContain(opened.body.caseId);
  expect(casePage.body).toContain('id="case-stage"');
  // The API of the development secret does not take it.
  expect((await call(stack.app, 'GET', '/applications', { token: user.token })).status).toBe(401);
});

test("a sponsor's group comes from the ID token, and the name falls back to preferred_username", async () => {
  const browser = new Browser();
  const home = await signIn(browser, 'bob');
  expect(home.status).toBe(200);
  expect(home.body).toContain(shown(t('fr', 'app.signedInAs', { name: 'bob.gagnon', role: t('fr', 'roleShort.sponsor') })));
  const user = sessionUser(browser)!;
  expect(user).toMatchObject({ sub: 'bob', name: 'bob.gagnon', role: 'sponsor', sponsorGroupId: 'group-montreal-1' });
  secretsSeen.add(user.token);
  // The API takes it as the sponsor's: a case of no group of theirs is 404 to a sponsor, not 401.
  expect((await call(app, 'GET', '/applications/no-such-case', { token: user.token })).status).toBe(404);
});

test("a tampered state is refused with the sign-in page's words, and the sign-in it belonged to cannot be finished after", async () => {
  const browser = new Browser();
  const back = await browser.submit(await throughLogIn(browser, 'alice'), '/confirm', {}, CONSOLE);
  const callback = new URL(back.location!);
  expect(callback.pathname).toBe('/console/sign-in/oidc/callback');
  secretsSeen.add(callback.searchParams.get('code')!);
  const tampered = new URL(callback);
  tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);

  const refused = await browser.visit(tampered.href);
  expect(refused.status).toBe(401);
  expect(refused.body).toContain(shown(t('fr', 'signIn.failed')));
  expect(refused.body).toContain('href="/console/sign-in/oidc"');
  expect(refused.body).not.toMatch(/at \w+ \(|Error:/);
  expect(sessionUser(browser)).toBeUndefined();
  // The state and verifier were used up by that callback: the genuine answer finds no sign-in under way.
  const late = await browser.visit(callback.href);
  expect([late.status, late.body]).toEqual([401, expect.stringContaining(shown(t('fr', 'signIn.failed')))]);
  expect((await browser.request(`${CONSOLE}/console`)).status).toBe(302);
});

test('an answer that does not name the provider, which says it always does (RFC 9207), is refused', async () => {
  const browser = new Browser();
  const back = await browser.submit(await throughLogIn(browser, 'alice'), '/confirm', {}, CONSOLE);
  const answer = new URL(back.location!);
  secretsSeen.add(answer.searchParams.get('code')!);
  answer.searchParams.delete('iss');
  const refused = await browser.visit(answer.href);
  expect([refused.status, refused.body]).toEqual([401, expect.stringContaining(shown(t('fr', 'signIn.failed')))]);
  expect(sessionUser(browser)).toBeUndefined();
});

test("an answer meant for another browser's sign-in is refused: the code is bound to that browser's PKCE verifier", async () => {
  const victim = new Browser();
  const started = await victim.request(`${CONSOLE}/console/sign-in/oidc`);
  const victimState = new URL(started.location!).searchParams.get('state')!;
  // The attacker signs in at the provider as themselves and keeps the answer instead of following it.
  const attacker = new Browser();
  const back = await attacker.submit(await throughLogIn(attacker, 'bob'), '/confirm', {}, CONSOLE);
  const injected = new URL(back.location!);
  secretsSeen.add(injected.searchParams.get('code')!);
  injected.searchParams.set('state', victimState);

  const refused = await victim.visit(injected.href);
  expect([refused.status, refused.body]).toEqual([401, expect.stringContaining(shown(t('fr', 'signIn.failed')))]);
  expect(sessionUser(victim)).toBeUndefined();
  expect(log.matching('the code exchange failed').join('\n')).toContain('invalid_grant');
});

test('a person who declines at the provider is back on the sign-in page with its words', async () => {
  const browser = new Browser();
  const refused = await browser.submit(await throughLogIn(browser, 'alice'), '/abort');
  const answer = new URL(refused.url);
  expect([refused.status, answer.pathname, answer.searchParams.get('error')]).toEqual([401, '/console/sign-in/oidc/callback', 'access_denied']);
  expect(refused.body).toContain(shown(t('fr', 'signIn.failed')));
  expect(sessionUser(browser)).toBeUndefined();
});

test('an account without a role of the console, or a sponsor without a group, is refused with signIn.noRole (403), in the language of the session', async () => {
  for (const login of ['carol', 'dora']) {
    const browser = new Browser();
    await browser.visit(`${CONSOLE}/console/sign-in?lang=en`);
    const refused = await signIn(browser, login);
    expect({ login, status: refused.status }).toEqual({ login, status: 403 });
    expect(refused.body).toContain(shown(t('en', 'signIn.noRole')));
    expect(refused.body).toContain('<html lang="en">');
    expect(sessionUser(browser)).toBeUndefined();
    expect((await browser.request(`${CONSOLE}/console`)).status).toBe(302);
  }
});

test('the sign-ins left no token, code, password or name in the log, and every failure its reason', () => {
  expect(secretsSeen.size).toBeGreaterThan(4);
  for (const secret of [...secretsSeen, 'Alice Tremblay', 'bob.gagnon', 'Carol Roy']) expect(log.matching(secret)).toEqual([]);
  const reasons = log.entries().map((e) => e.reason).filter(Boolean);
  expect(reasons).toEqual(
    expect.arrayContaining(['state mismatch', 'no sign-in under way in this session', 'issuer missing or mismatched in the answer', 'the code exchange failed', 'the provider refused', 'no console role in the ID token']),
  );
  expect(log.entries().filter((e) => e.reason === 'the provider refused')).toEqual([expect.objectContaining({ error: 'access_denied' })]);
});

test('a provider that cannot be read, or names another issuer, stops the start with AUTH_OIDC_ISSUER in the message', async () => {
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  const jwks = { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: AUDIENCE };
  const build = (oidc: OidcSettings) => appBeside(stack, { jwks, console: { devSignIn: false, sessionKey: SESSION_KEY, secureCookies: false, oidc } });
  await expect(build(oidcSettings({ issuer: nowhere, discoveryWaitMs: 0 }))).rejects.toThrow(
    new RegExp(`^AUTH_OIDC_ISSUER ${nowhere}: its discovery document \\(.*\\) could not be read`),
  );
  await expect(build(oidcSettings({ issuer: `${provider.issuer}/` }))).rejects.toThrow(/^AUTH_OIDC_ISSUER .*names another issuer/);
  await expect(build(oidcSettings({ issuer: `${provider.issuer}/realms/none` }))).rejects.toThrow(/^AUTH_OIDC_ISSUER .*answered 404/);
});

describe('ID token verification', () => {
  const ISSUER = 'https://idp.example.org';
  const keys = (alg: 'RS256' | 'ES256') => {
    const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { alg, kid: `${alg}-key`, ...pair };
  };
  const rsa = keys('RS256');
  const published = [rsa, keys('ES256')];
  const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString();
  let unavailable = false;
  const verify = idTokenVerifier({
    issuer: ISSUER,
    clientId: CLIENT.id,
    keyFor: async (kid, alg) => {
      if (unavailable) throw new KeySetUnavailableError('down');
      const key = published.find((k) => k.kid === kid && k.alg === alg);
      if (!key) throw new KeyNotPublishedError('not published');
      return pem(key.publicKey);
    },
  });
  const idToken = (claims: Record<string, unknown> = {}, options: Record<string, unknown> = {}, key = rsa) =>
    createSigner({ key: pem(key.privateKey), algorithm: key.alg, kid: key.kid, iss: ISSUER, aud: CLIENT.id, sub: 'alice', expiresIn: 300_000, ...options })({ nonce: 'n-1', ...claims });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (err) => (err instanceof SignInFailure ? `${err.status} ${err.reason}${err.detail.check ? ` ${err.detail.check}` : ''}` : `threw ${err}`),
    );

  test('a good token, RS256 or ES256, gives its claims', async () => {
    await expect(verify(idToken({ roles: ['ops'] }), 'n-1')).resolves.toMatchObject({ sub: 'alice', roles: ['ops'] });
    await expect(verify(idToken({}, {}, published[1]), 'n-1')).resolves.toMatchObject({ sub: 'alice' });
  });

  test('every other is a failure with its reason, 502 only when the keys cannot be fetched', async () => {
    const stranger = { ...keys('RS256'), kid: rsa.kid };
    const answers = {
      'another nonce': await failure(verify(idToken(), 'n-2')),
      'another audience': await failure(verify(idToken({}, { aud: 'another-client' }), 'n-1')),
      'another issuer': await failure(verify(idToken({}, { iss: 'https://evil.example' }), 'n-1')),
      expired: await failure(verify(idToken({}, { expiresIn: 1, clockTimestamp: Date.now() - 3_600_000 }), 'n-1')),
      'no nonce': await failure(verify(idToken({ nonce: undefined }), 'n-1')),
      'several audiences, no azp': await failure(verify(idToken({}, { aud: [CLIENT.id, 'other'] }), 'n-1')),
      'azp of another': await failure(verify(idToken({ azp: 'other' }), 'n-1')),
      'at_hash of another token': await failure(verify(idToken({ at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }), 'n-1', 'the-access-token')),
      'signed by a stranger under a published kid': await failure(verify(idToken({}, {}, stranger), 'n-1')),
      'an unknown kid': await failure(verify(idToken({}, {}, { ...rsa, kid: 'nope' }), 'n-1')),
      'HS256 with the development secret': await failure(verify(createSigner({ key: DEV_JWT_SECRET, kid: rsa.kid, iss: ISSUER, aud: CLIENT.id, sub: 'alice' })({ nonce: 'n-1', iat: 1 }), 'n-1')),
      'not a JWT': await failure(verify('not.a.jwt', 'n-1')),
    };
    unavailable = true;
    const keysDown = await failure(verify(idToken(), 'n-1'));
    unavailable = false;
    expect({ ...answers, keysDown }).toEqual({
      'another nonce': '401 ID token not valid FAST_JWT_INVALID_CLAIM_VALUE',
      'another audience': '401 ID token not valid FAST_JWT_INVALID_CLAIM_VALUE',
      'another issuer': '401 ID token not valid FAST_JWT_INVALID_CLAIM_VALUE',
      expired: '401 ID token not valid FAST_JWT_EXPIRED',
      'no nonce': '401 ID token not valid FAST_JWT_MISSING_REQUIRED_CLAIM',
      'several audiences, no azp': '401 ID token authorized for another party (azp)',
      'azp of another': '401 ID token authorized for another party (azp)',
      'at_hash of another token': '401 ID token does not match the access token (at_hash)',
      'signed by a stranger under a published kid': '401 ID token not valid FAST_JWT_INVALID_SIGNATURE',
      'an unknown kid': '401 ID token signed by a key the provider does not publish',
      'HS256 with the development secret': '401 ID token signed with HS256',
      'not a JWT': '401 ID token not valid FAST_JWT_MALFORMED',
      keysDown: "502 the provider's signing keys cannot be fetched",
    });
  });
});

test('the role is the first of the ID token that the console knows (a sponsor only with a group); the name the first claim fit to show', () => {
  const person = (claims: Record<string, unknown>) => personFrom({ sub: 'u-1', ...claims });
  expect(person({ roles: ['librarian', 'ops', 'midi'], name: 'Ann' })).toEqual({ sub: 'u-1', name: 'Ann', role: 'ops' });
  expect(person({ roles: ['sponsor', 'roc-o'], sponsorGroupId: 'g-1' })).toEqual({ sub: 'u-1', name: 'u-1', role: 'sponsor', sponsorGroupId: 'g-1' });
  expect(person({ roles: ['sponsor', 'roc-o'] })).toEqual({ sub: 'u-1', name: 'u-1', role: 'roc-o' });
  expect(person({ roles: ['sponsor'], sponsorGroupId: '' })).toBeUndefined();
  expect(person({ roles: 'midi' })).toBeUndefined();
  expect(person({})).toBeUndefined();
  expect(person({ roles: ['midi'], name: ' ', preferred_username: 'x'.repeat(101) })?.name).toBe('u-1');
  expect(person({ roles: ['midi'], name: 'Ann\u0000', preferred_username: 'ann' })?.name).toBe('ann');
});

describe('settings', () => {
  const SECRET = 'a-real-secret-0123456789-0123456789';
  const idp = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_ISSUER: 'https://idp.example', AUTH_JWT_AUDIENCE: 'resettlement-api' };
  const oidc = { AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_OIDC_CLIENT_ID: 'console', AUTH_OIDC_CLIENT_SECRET: 's' };
  const consoleOf = (env: NodeJS.ProcessEnv) => loadConfig(env).console;

  test('development by default: the development sign-in, a session key from the development secret, http://HOST:PORT', () => {
    const dev = consoleOf({});
    expect({ ...dev, sessionKey: dev.sessionKey.length }).toEqual({
      publicUrl: 'http://127.0.0.1:3000',
      devSignIn: true,
      devSignInDespiteSecret: false,
      sessionKey: 32,
      sessionKeyIsRandom: false,
      secureCookies: false,
      oidc: undefined,
    });
    expect(consoleOf({}).sessionKey).toEqual(dev.sessionKey);
    expect(consoleOf({ HOST: '::1', PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
    expect(consoleOf({ CONSOLE_DEV_SIGN_IN: 'false' }).devSignIn).toBe(false);
  });

  test('a real secret: no development sign-in unless CONSOLE_DEV_SIGN_IN=true; a random session key unless CONSOLE_SESSION_KEY', () => {
    expect(consoleOf({ AUTH_JWT_SECRET: SECRET })).toMatchObject({ devSignIn: false, sessionKeyIsRandom: true });
    expect(consoleOf({ AUTH_JWT_SECRET: SECRET, CONSOLE_DEV_SIGN_IN: 'true' })).toMatchObject({ devSignIn: true, devSignInDespiteSecret: true });
    expect(consoleOf({ ...idp })).toMatchObject({ devSignIn: false });
    const key = randomBytes(32);
    expect(consoleOf({ AUTH_JWT_SECRET: SECRET, CONSOLE_SESSION_KEY: key.toString('base64') })).toMatchObject({ sessionKey: key, sessionKeyIsRandom: false });
  });

  test('OIDC: the three together with the API on the same provider; Secure cookies behind https', () => {
    const settings = consoleOf({ ...idp, ...oidc, CONSOLE_PUBLIC_URL: 'https://resettlement.example/' });
    expect(settings).toMatchObject({
      publicUrl: 'https://resettlement.example',
      devSignIn: false,
      secureCookies: true,
      oidc: { issuer: 'https://idp.example', clientId: 'console', clientSecret: 's', scope: 'openid profile', redirectUri: 'https://resettlement.example/console/sign-in/oidc/callback' },
    });
    expect(consoleOf({ ...idp, ...oidc, AUTH_OIDC_SCOPE: 'openid  profile roles' }).oidc?.scope).toBe('openid profile roles');
  });

  test('settings that cannot work are clear errors at start', () => {
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused({ ...idp, AUTH_OIDC_ISSUER: 'https://idp.example' })).toBe(
      "The console's OIDC sign-in needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET together: AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET are not set",
    );
    expect(refused({ ...idp, AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_CLIENT_SECRET: 's' })).toMatch(/AUTH_OIDC_ISSUER is not set$/);
    expect(refused({ ...oidc })).toMatch(/^AUTH_OIDC_ISSUER needs AUTH_JWKS_URL, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE/);
    expect(refused({ AUTH_OIDC_SCOPE: 'openid' })).toMatch(/AUTH_OIDC_SCOPE applies to AUTH_OIDC_ISSUER/);
    expect(refused({ ...idp, ...oidc, AUTH_OIDC_SCOPE: 'profile' })).toMatch(/AUTH_OIDC_SCOPE must include openid/);
    expect(refused({ ...idp, ...oidc, AUTH_OIDC_ISSUER: 'idp.example' })).toMatch(/^AUTH_OIDC_ISSUER must be a URL/);
    expect(refused({ ...idp, CONSOLE_DEV_SIGN_IN: 'true' })).toMatch(/^CONSOLE_DEV_SIGN_IN=true cannot work with AUTH_JWKS_URL/);
    expect(refused({ CONSOLE_DEV_SIGN_IN: 'yes' })).toBe('CONSOLE_DEV_SIGN_IN must be true or false, not "yes"');
    expect(refused({ CONSOLE_PUBLIC_URL: 'https://resettlement.example/console' })).toMatch(/^CONSOLE_PUBLIC_URL must be an origin only/);
    expect(refused({ CONSOLE_PUBLIC_URL: 'ftp://resettlement.example' })).toMatch(/^CONSOLE_PUBLIC_URL must be http\(s\)/);
    expect(refused({ ...idp, ...oidc, HOST: '0.0.0.0' })).toMatch(/^HOST=0.0.0.0 listens on every address: set CONSOLE_PUBLIC_URL/);
    expect(refused({ HOST: '0.0.0.0' })).toBe('accepted');
    expect(refused({ CONSOLE_SESSION_KEY: 'c2hvcnQ=' })).toMatch(/^CONSOLE_SESSION_KEY must be 32 bytes/);
  });
});
