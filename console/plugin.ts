/**
 * The staff console (spec §7), served under /console by the API's Fastify: server-rendered pages (Handlebars
 * through @fastify/view), French by default with English on a toggle, a session in an encrypted HttpOnly SameSite
 * cookie, CSRF protection on every form. It is a client of the API (./api.ts): it never decides anything itself.
 */
import { join } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import secureSession from '@fastify/secure-session';
import csrf from '@fastify/csrf-protection';
import view from '@fastify/view';
import fastifyStatic from '@fastify/static';
import Handlebars from 'handlebars';
import type { Pool } from 'pg';
import { ROLES, type Role } from '../domain/case-types';
import { isText } from '../domain/formats';
import { CONSOLE_LANGUAGES, t, type ConsoleLanguage, type LabelKey } from './i18n';
import { developmentToken, endSession, forgetEndedSession, languageOf, SESSION_HOURS, signedIn, startSession } from './session';
import { oidcRoutes, type OidcSettings } from './oidc';
import { pageRoutes } from './pages';

export interface ConsoleDeps {
  pool: Pool;
  /** The API's HS256 secret: development tokens are signed with it. */
  jwtSecret: string;
  /** The development sign-in (pick a role and a name) is offered: the development secret, or CONSOLE_DEV_SIGN_IN=true. */
  devSignIn: boolean;
  /** 32 bytes: the session cookie's encryption key. */
  sessionKey: Buffer;
  /** Cookies marked Secure (HTTPS). */
  secureCookies: boolean;
  /** The organization's identity provider (console/oidc.ts); none: the development sign-in only, if on. */
  oidc?: OidcSettings;
}

/** The header every console page carries besides the API's (helmet): scripts and styles from this origin only. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function consolePlugin(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  // Pages for people, not the API's contract: kept out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(formbody);
  await app.register(secureSession, {
    key: deps.sessionKey,
    cookieName: 'console_session',
    expiry: SESSION_HOURS * 3600,
    cookie: { path: '/console', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
  });
  // A session signed out is not honoured again, wherever its cookie comes from. Assets need no session: no query.
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/console/assets/')) await forgetEndedSession(request, deps.pool);
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session', getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf });
  await app.register(view, {
    engine: { handlebars: templates() },
    root: join(__dirname, 'views'),
    layout: 'layout.hbs',
    viewExt: 'hbs',
  });
  await app.register(fastifyStatic, { root: join(__dirname, 'assets'), prefix: '/assets/', decorateReply: false });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  // The console's refusals are pages, not JSON: the status kept, the words in the page's language where they are ours.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const lang = languageOf(request);
    if (status === 500) request.log.error({ err: { name: err.name, message: err.message } }, 'console page failed');
    const message = err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET' ? t(lang, 'error.formExpired') : t(lang, status === 500 ? 'error.ours' : 'error.request');
    return page(request, reply.code(status), 'error', { title: t(lang, 'error.title'), message });
  });

  // An address under /console that is no page: a page saying so in the page's language, not the API's JSON.
  app.setNotFoundHandler((request, reply) => {
    const lang = languageOf(request);
    return page(request, reply.code(404), 'error', { title: t(lang, 'error.notFoundTitle'), message: t(lang, 'error.pageNotFound') });
  });

  /** The sign-in page, with a problem in words when a sign-in did not succeed (console/oidc.ts). */
  const signInPage = (request: FastifyRequest, reply: FastifyReply, problem?: LabelKey) => {
    const lang = languageOf(request);
    return page(request, reply, 'sign-in', {
      title: t(lang, 'signIn.title'),
      devSignIn: deps.devSignIn,
      oidc: Boolean(deps.oidc),
      roles: ROLES.map((role) => ({ value: role, label: t(lang, `role.${role}` as LabelKey) })),
      csrf: reply.generateCsrf(),
      problem,
    });
  };
  await oidcRoutes(app, deps.oidc, signInPage);
  await pageRoutes(app, { pool: deps.pool });

  app.get('/sign-in', (request, reply) => {
    if (signedIn(request)) return reply.redirect('/console');
    return signInPage(request, reply);
  });

  // The address a refused sign-in was shown at, read again (the language toggle, a reload): the sign-in page.
  app.get('/sign-in/dev', (_request, reply) => reply.redirect('/console/sign-in'));

  app.post('/sign-in/dev', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!deps.devSignIn) return reply.code(404).send({ error: 'not-found', message: 'The development sign-in is off.' });
    const form = request.body as { role?: string; name?: string; group?: string };
    const role = ROLES.find((r) => r === form.role);
    const name = (form.name ?? '').trim();
    const group = (form.group ?? '').trim();
    const fault = !role
      ? 'role'
      : !name || name.length > 100 || !isText(name)
        ? 'name'
        : role === 'sponsor' && (!group || group.length > 100 || !isText(group))
          ? 'group'
          : null;
    if (fault) {
      const lang = languageOf(request);
      return page(request, reply.code(400), 'sign-in', {
        title: t(lang, 'signIn.title'),
        devSignIn: true,
        roles: ROLES.map((r) => ({ value: r, label: t(lang, `role.${r}` as LabelKey), selected: r === form.role })),
        name,
        group,
        error: fault,
        errorText: t(lang, `signIn.dev.missing.${fault}` as LabelKey),
        csrf: reply.generateCsrf(),
      });
    }
    const person = { sub: name, role: role!, ...(role === 'sponsor' && { sponsorGroupId: group }) };
    startSession(request, { ...person, name, ...developmentToken(deps.jwtSecret, person) });
    return reply.redirect('/console', 303);
  });

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    // Everything but the language goes: the person, and the CSRF secret their forms were signed with; and the
    // session's id is recorded as ended, so that a copy of this cookie signs no one in again.
    await endSession(request, deps.pool);
    return reply.redirect('/console/sign-in', 303);
  });
}

/** Handlebars with the console's helpers: `{{t "key" name=…}}` in the page's language. */
function templates(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (key: LabelKey, options: Handlebars.HelperOptions) {
    return t((options.data.root as { lang: ConsoleLanguage }).lang, key, options.hash as Record<string, string>);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hbs;
}

/** Renders a page in the layout, with what every page shows: its language, the toggle, who is signed in. */
export function page(request: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>) {
  const lang = languageOf(request);
  const user = signedIn(request);
  const other = CONSOLE_LANGUAGES.find((l) => l !== lang)!;
  return reply.type('text/html; charset=utf-8').view(template, {
    lang,
    otherLang: other,
    // The short name (MIDI, ROC-O): the long one has its own parentheses, inside "Connecté : Alice (…)".
    user: user && { name: user.name, role: t(lang, `roleShort.${user.role}` as LabelKey), roleValue: user.role as Role },
    signOutCsrf: user ? reply.generateCsrf() : undefined,
    ...data,
  });
}
