/** Spec §7: the staff console's sign-in, session and language, through the API's own Fastify (inject). */
import type { FastifyInstance } from 'fastify';
import { startStack, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { DEV_JWT_SECRET } from '../infra/config';
import { labelKeys, t } from '../console/i18n';
import { browser } from './support/console-browser';

let stack: Stack;
let devApp: FastifyInstance;
beforeAll(async () => {
  stack = await startStack();
  devApp = await appBeside(stack, { jwtSecret: DEV_JWT_SECRET });
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});


const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

test('every label exists in French and in English', () => {
  for (const key of labelKeys()) {
    expect([key, t('fr', key).length > 0, t('en', key).length > 0]).toEqual([key, true, true]);
  }
});

test('a person not signed in is sent to the sign-in page, in French by default, English on the toggle', async () => {
  const b = browser(devApp);
  const home = await b.get('/console');
  expect([home.statusCode, home.headers.location]).toEqual([302, '/console/sign-in']);
  const signIn = await b.get('/console/sign-in');
  expect(signIn.statusCode).toBe(200);
  expect(signIn.body).toContain('<html lang="fr">');
  expect(signIn.body).toContain('Connexion de développement');
  expect(signIn.headers['content-security-policy']).toMatch(/default-src 'self'/);
  const english = await b.get('/console/sign-in?lang=en');
  expect(english.body).toContain('<html lang="en">');
  expect(english.body).toContain('Development sign-in');
  // The choice stays for the session.
  expect((await b.get('/console/sign-in')).body).toContain('<html lang="en">');
});

test('the development sign-in: CSRF-protected, a session in an encrypted HttpOnly SameSite cookie, sign-out ends it, copies of the cookie too', async () => {
  const b = browser(devApp);
  const form = await b.get('/console/sign-in');
  const forged = await b.post('/console/sign-in/dev', { role: 'midi', name: 'Alice Tremblay' });
  expect(forged.statusCode).toBe(403);
  const signedIn = await b.post('/console/sign-in/dev', { _csrf: csrfOf(form.body), role: 'midi', name: 'Alice Tremblay' });
  expect([signedIn.statusCode, signedIn.headers.location]).toEqual([303, '/console']);
  const cookie = [signedIn.headers['set-cookie']].flat().find((c) => c?.startsWith('console_session='))!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Path=\/console/);
  expect(cookie).not.toContain('Alice');
  const home = await b.get('/console');
  expect(home.statusCode).toBe(200);
  expect(home.body).toContain('Connecté : Alice Tremblay (MIDI');
  await b.get('/console?lang=en');
  // A copy of the cookie as it was while signed in (kept by another tab, a proxy, a thief).
  const copy = cookie.split(';')[0];
  const out = await b.post('/console/sign-out', { _csrf: csrfOf((await b.get('/console')).body) });
  expect(out.statusCode).toBe(303);
  expect((await b.get('/console')).statusCode).toBe(302);
  // The session ended for every copy of it, not only in this browser.
  const replayed = await devApp.inject({ method: 'GET', url: '/console', headers: { cookie: copy } });
  expect([replayed.statusCode, replayed.headers.location]).toEqual([302, '/console/sign-in']);
  const ended = await stack.pool.query('SELECT expires_at FROM console_sign_outs');
  expect(ended.rowCount).toBeGreaterThan(0);
  // The language chosen stays after signing out.
  expect((await b.get('/console/sign-in')).body).toContain('<html lang="en">');
});

test('a sponsor names its group; a bad form is shown again with the field marked', async () => {
  const b = browser(devApp);
  const form = await b.get('/console/sign-in');
  const refused = await b.post('/console/sign-in/dev', { _csrf: csrfOf(form.body), role: 'sponsor', name: 'Bob' });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toMatch(/id="group"[^>]*aria-invalid="true" aria-describedby="group-error"/);
  expect(refused.body).toContain('<p class="field-error" id="group-error">Un parrain inscrit son groupe de parrainage (1 à 100 caractères).</p>');
  // The page's address read again (the language toggle on it) is the sign-in page.
  expect((await b.get('/console/sign-in/dev?lang=en')).headers.location).toBe('/console/sign-in');
});

test('no development sign-in with a real secret', async () => {
  const b = browser(stack.app);
  const form = await b.get('/console/sign-in');
  expect(form.body).not.toContain('name="role"');
  const tried = await b.post('/console/sign-in/dev', { _csrf: csrfOf(form.body), role: 'ops', name: 'Mallory' });
  expect([403, 404]).toContain(tried.statusCode);
  expect((await b.get('/console')).statusCode).toBe(302);
});

test("the console's pages count per address at ten times the API's limit: an office is many people", async () => {
  const limited = await appBeside(stack, { jwtSecret: DEV_JWT_SECRET, rateLimitPerAddressPerSecond: 2, rateLimitWindowMs: 60_000 });
  const pages = [];
  for (let i = 0; i < 20; i++) pages.push((await limited.inject({ method: 'GET', url: '/console/sign-in' })).statusCode);
  expect(pages).toEqual(Array(20).fill(200));
  expect((await limited.inject({ method: 'GET', url: '/console/sign-in' })).statusCode).toBe(429);
  const api = [];
  for (let i = 0; i < 3; i++) api.push((await limited.inject({ method: 'GET', url: '/applications' })).statusCode);
  expect(api).toEqual([401, 401, 429]);
});
