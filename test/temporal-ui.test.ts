/**
 * Issue 16, part 2: in production the Temporal UI signs ops in through the organization's identity provider and passes
 * their access token to the codec endpoint (`passAccessToken`), which checks it as any bearer token (the provider's
 * JWKS, issuer, audience; role ops or roc-o). Against REAL pieces: npm's oidc-provider in a child process
 * (test/support/oidc-provider-server.mjs), Temporal's standalone UI server as `npm start` configures it
 * (scripts/temporal-ui.ts) with TEMPORAL_UI_OIDC_*, and the API on a real port. The test is the browser: it follows
 * the redirects between the UI server and the provider, keeps each one's cookies, fills in the provider's forms,
 * then reads a case's history through the UI server and decodes its input at the codec endpoint with the token the
 * UI holds, as the UI's pages do.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createDecoder } from 'fast-jwt';
import { call, startStack, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';
import { tokens } from './support/journey';
import { startOidcProvider, type TestProvider } from './support/oidc-provider';
import { startTemporalUi, type TestTemporalUi } from './support/temporal-ui';
import { temporalUiConfig, temporalUiOidcFrom } from '../scripts/temporal-ui';
import { freePort } from '../scripts/inbox';

jest.setTimeout(120_000);

const AUDIENCE = 'urn:resettlement:api';
const PASSWORD = 'correct horse battery staple';
const ACCOUNTS = {
  olivia: { password: PASSWORD, name: 'Olivia Ops', roles: ['ops'] },
  rene: { password: PASSWORD, name: 'René ROC-O', roles: ['roc-o'] },
  mona: { password: PASSWORD, name: 'Mona MIDI', roles: ['midi'] },
};

let stack: Stack;
let provider: TestProvider;
let ui: TestTemporalUi;
let api: FastifyInstance;
let apiUrl: string;
let caseId: string;

beforeAll(async () => {
  const uiPort = await freePort();
  const client = { id: 'temporal-ui', secret: randomBytes(24).toString('base64url'), redirectUri: `http://127.0.0.1:${uiPort}/auth/sso/callback` };
  // The UI server's sign-in sends no PKCE challenge (a confidential client with its secret).
  [stack, provider] = await Promise.all([startStack(), startOidcProvider({ client, audience: AUDIENCE, accounts: ACCOUNTS, pkceRequired: false })]);
  api = await appBeside(stack, {
    jwks: { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: AUDIENCE },
    corsOrigins: [`http://127.0.0.1:${uiPort}`],
  });
  await api.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  // As npm start reads them from the environment.
  const oidc = temporalUiOidcFrom(
    {
      TEMPORAL_UI_OIDC_PROVIDER_URL: provider.issuer,
      TEMPORAL_UI_OIDC_CLIENT_ID: client.id,
      TEMPORAL_UI_OIDC_CLIENT_SECRET: client.secret,
      TEMPORAL_UI_OIDC_SCOPES: 'openid profile',
      TEMPORAL_UI_OIDC_LABEL: 'Sign in with the ministry',
    },
    uiPort,
  );
  ui = await startTemporalUi({ port: uiPort, codecEndpoint: `${apiUrl}/codec`, oidc });
  // A case opened by MIDI on the tests' own API (the shared secret): its input is encrypted in Temporal's history.
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
}, 120_000);
afterAll(async () => {
  await ui?.stop();
  await closeApps();
  await provider?.stop();
  await stack?.stop();
});

/** A browser's cookie jar for 127.0.0.1 (cookies are not kept apart by port): name and path, deletions honoured. */
class Browser {
  private readonly jar = new Map<string, { name: string; value: string; path: string }>();

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  async request(url: string, form?: Record<string, string>): Promise<{ status: number; url: string; location?: string; body: string }> {
    const target = new URL(url);
    const cookie = [...this.jar.values()]
      .filter((c) => target.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers: { cookie, ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const gone = attributes.some((a) => /^max-age=(0|-)/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (gone || value === '') this.jar.delete(`${name} ${path}`);
      else this.jar.set(`${name} ${path}`, { name, value, path });
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location && new URL(location, url).href, body: await res.text() };
  }

  /** Follows redirects (as GET) until a page answers. */
  async visit(url: string, form?: Record<string, string>) {
    let page = await this.request(url, form);
    for (let hops = 0; page.status >= 300 && page.status < 400 && page.location; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${url}`);
      page = await this.request(page.location);
    }
    return page;
  }

  /** Submits the page's form whose action contains `action`, with `fields`. */
  submit(page: { url: string; body: string }, action: string, fields: Record<string, string> = {}) {
    const actions = [...page.body.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]);
    const chosen = actions.find((a) => a.includes(action));
    if (!chosen) throw new Error(`no form with ${action} in ${page.url}: ${page.body.slice(0, 500)}`);
    return this.visit(new URL(chosen, page.url).href, fields);
  }
}

/** Signs in at the UI as the provider's `login` and returns the access token the UI keeps for its calls. */
async function signInAtTheUi(login: keyof typeof ACCOUNTS): Promise<string> {
  const browser = new Browser();
  const first = await browser.request(`${ui.url}/auth/sso?returnUrl=/namespaces/default/workflows`);
  expect(first.status).toBe(302);
  expect(first.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
  const loginPage = await browser.visit(first.location!);
  expect(loginPage.body).toContain('Sign in');
  const consent = await browser.submit(loginPage, '/login', { login, password: PASSWORD });
  const home = consent.body.includes('/confirm') ? await browser.submit(consent, '/confirm') : consent;
  // Back at the UI, its own page: the callback exchanged the code and handed the tokens to the page in a cookie.
  expect(home.status).toBe(200);
  expect(home.url.startsWith(ui.url)).toBe(true);
  const user = browser.cookie('user0');
  expect(user).toBeDefined();
  return (JSON.parse(Buffer.from(decodeURIComponent(user!), 'base64').toString()) as { AccessToken: string }).AccessToken;
}

/** The case's opening (its first event's input) as the UI reads it: through the UI server's HTTP API, with a bearer. */
async function openingAsTheUiReadsIt(accessToken?: string): Promise<{ status: number; payloads?: unknown[] }> {
  const res = await fetch(`${ui.url}/api/v1/namespaces/default/workflows/case-${caseId}/history?maximumPageSize=1`, {
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
  if (res.status !== 200) return { status: res.status };
  const history = (await res.json()) as { history: { events: Array<{ workflowExecutionStartedEventAttributes: { input: { payloads: unknown[] } } }> } };
  return { status: 200, payloads: history.history.events[0].workflowExecutionStartedEventAttributes.input.payloads };
}

/** POST /codec/decode as the UI calls it from its own origin, with the access token it holds. */
async function decode(payloads: unknown[], accessToken?: string) {
  const res = await fetch(`${apiUrl}/codec/decode`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: ui.url,
      'x-namespace': 'default',
      ...(accessToken && { authorization: `Bearer ${accessToken}` }),
    },
    body: JSON.stringify({ payloads }),
  });
  return { status: res.status, allowOrigin: res.headers.get('access-control-allow-origin'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const text = (payload: { data: string }) => Buffer.from(payload.data, 'base64').toString();

test('the UI server is configured as npm start configures it: the codec endpoint with credentials and the access token, the sign-in on', async () => {
  const settings = (await (await fetch(`${ui.url}/api/v1/settings`)).json()) as { Auth: { Enabled: boolean }; Codec: Record<string, unknown> };
  expect(settings.Auth.Enabled).toBe(true);
  expect(settings.Codec).toMatchObject({ Endpoint: `${apiUrl}/codec`, IncludeCredentials: true, PassAccessToken: true });
  // Without a sign-in the UI server answers nothing of Temporal's.
  expect((await openingAsTheUiReadsIt()).status).toBe(401);
});

test("ops signs in at the UI through the provider; the UI's access token reads the case and decodes its input at the codec endpoint", async () => {
  const accessToken = await signInAtTheUi('olivia');
  const claims = createDecoder()(accessToken) as { iss: string; aud: string | string[]; roles: string[]; sub: string };
  expect(claims).toMatchObject({ iss: provider.issuer, sub: 'olivia', roles: ['ops'] });
  expect([claims.aud].flat()).toContain(AUDIENCE);

  const opening = await openingAsTheUiReadsIt(accessToken);
  expect(opening.status).toBe(200);
  const sent = opening.payloads as Array<{ data: string }>;
  // In Temporal's history the input is ciphertext: no visa office, no name.
  expect(text(sent[0])).not.toContain('Nairobi');

  const decoded = await decode(sent, accessToken);
  expect(decoded.status).toBe(200);
  expect(decoded.allowOrigin).toBe(ui.url);
  expect(text(decoded.body.payloads[0])).toContain('"visaOffice":"Nairobi"');
  expect(text(decoded.body.payloads[0])).toContain('Abdelrahman');
});

test("roc-o's access token decodes too; midi's is refused (403), as is no token (401)", async () => {
  const { payloads } = await openingAsTheUiReadsIt(await signInAtTheUi('rene'));
  expect((await decode(payloads!, await signInAtTheUi('rene'))).status).toBe(200);
  const midi = await decode(payloads!, await signInAtTheUi('mona'));
  expect(midi.status).toBe(403);
  expect(midi.body.error).toBe('forbidden');
  expect(JSON.stringify(midi.body)).not.toContain('Nairobi');
  expect((await decode(payloads!)).status).toBe(401);
});

test('an API expecting another audience or another issuer refuses the same access token (401)', async () => {
  const accessToken = await signInAtTheUi('olivia');
  const { payloads } = await openingAsTheUiReadsIt(accessToken);
  for (const jwks of [
    { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: 'urn:another:api' },
    { jwksUrl: provider.jwksUrl, issuer: 'https://idp.elsewhere.example', audience: AUDIENCE },
  ]) {
    const other = await appBeside(stack, { jwks });
    const answer = await call(other, 'POST', '/codec/decode', { token: accessToken, body: { payloads } });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toMatch(/not issued for this service/);
  }
});

test('TEMPORAL_UI_OIDC_*: all three of provider, client id and secret, or none; the defaults and the extra parameters', () => {
  expect(temporalUiOidcFrom({}, 8233)).toBeUndefined();
  expect(() => temporalUiOidcFrom({ TEMPORAL_UI_OIDC_PROVIDER_URL: 'https://idp.example' }, 8233)).toThrow(
    /TEMPORAL_UI_OIDC_CLIENT_ID and TEMPORAL_UI_OIDC_CLIENT_SECRET must be set/,
  );
  const oidc = temporalUiOidcFrom(
    {
      TEMPORAL_UI_OIDC_PROVIDER_URL: 'https://idp.example/realms/ircc',
      TEMPORAL_UI_OIDC_CLIENT_ID: 'temporal-ui',
      TEMPORAL_UI_OIDC_CLIENT_SECRET: 's3cret',
      TEMPORAL_UI_OIDC_AUTH_PARAMS: 'audience=urn:resettlement:api',
    },
    8233,
  );
  expect(oidc).toEqual({
    label: 'Sign in',
    providerUrl: 'https://idp.example/realms/ircc',
    issuerUrl: undefined,
    clientId: 'temporal-ui',
    clientSecret: 's3cret',
    callbackUrl: 'http://127.0.0.1:8233/auth/sso/callback',
    scopes: ['openid', 'profile', 'email'],
    options: { audience: 'urn:resettlement:api' },
  });
  const config = temporalUiConfig({ port: 8233, temporalAddress: '127.0.0.1:7233', namespace: 'default', codecEndpoint: 'http://127.0.0.1:3000/codec', oidc });
  expect(config).toMatchObject({
    codec: { endpoint: 'http://127.0.0.1:3000/codec', includeCredentials: true, passAccessToken: true },
    auth: { enabled: true, providers: [{ type: 'oidc', clientId: 'temporal-ui', callbackUrl: 'http://127.0.0.1:8233/auth/sso/callback' }] },
  });
  // Without a provider: the codec sign-in cookie, sent by every browser.
  expect(temporalUiConfig({ port: 8233, temporalAddress: '127.0.0.1:7233', namespace: 'default', codecEndpoint: 'http://127.0.0.1:3000/codec' })).toMatchObject({
    codec: { includeCredentials: true, passAccessToken: false },
    auth: { enabled: false },
  });
});
