/**
 * A real OpenID Connect provider for the console's sign-in tests: npm's `oidc-provider` (ESM only, hence this script
 * in a child process of its own), listening on a free port of 127.0.0.1. It prints `listening on <issuer>` once it
 * serves, and stops when its standard input closes (the test's process ended, however it ended).
 *
 * Configured by OIDC_TEST_CONFIG (JSON): {client: {id, secret, redirectUri}, audience, accounts: {<login>: {password,
 * name?, preferred_username?, roles?, sponsorGroupId?}}, pkceRequired?}. The client uses the authorization code flow
 * with PKCE required (unless pkceRequired is false); ID tokens carry `roles` and `sponsorGroupId` (scope openid) and `name`, `preferred_username` (profile);
 * access tokens are JWTs for `audience` (a resource indicator, the default one), carrying the account's `roles` and
 * `sponsorGroupId` as an API of the product expects them. Its log-in and consent pages are its own, plain HTML
 * forms, and the password is checked.
 */
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Provider, errors } from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const { client, audience, accounts } = config;

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...signing.privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: [client.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  // Required unless the test says otherwise (the Temporal UI server's sign-in sends no PKCE challenge).
  pkce: { required: () => config.pkceRequired !== false },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: { openid: ['sub', 'roles', 'sponsorGroupId'], profile: ['name', 'preferred_username'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          ...(account.name && { name: account.name }),
          ...(account.preferred_username && { preferred_username: account.preferred_username }),
          ...(account.roles && { roles: account.roles }),
          ...(account.sponsorGroupId && { sponsorGroupId: account.sponsorGroupId }),
        };
      },
    };
  },
  async extraTokenClaims(_ctx, token) {
    const account = accounts[token.accountId];
    if (!account) return undefined;
    return { roles: account.roles ?? [], ...(account.sponsorGroupId && { sponsorGroupId: account.sponsorGroupId }) };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, indicator) {
        if (indicator !== audience) throw new errors.InvalidTarget();
        return { scope: 'cases', audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
});

const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

async function formOf(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

function loginForm(uid, error) {
  return page(
    'Sign in',
    `${error ? `<p role="alert">${escape(error)}</p>` : ''}<form method="post" action="/interaction/${uid}/login">` +
      '<label>Login <input name="login" autocomplete="username"></label>' +
      '<label>Password <input name="password" type="password" autocomplete="current-password"></label>' +
      '<button type="submit">Sign in</button></form>',
  );
}

function consentForm(uid, clientId) {
  return page(
    'Authorize',
    `<p>${escape(clientId)} asks to act on your behalf.</p>` +
      `<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>` +
      `<form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`,
  );
}

/** The provider's own log-in and consent pages (what devInteractions would be, with a password checked). */
async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Error', '<p>Unknown interaction.</p>'));
  const { prompt, params, session, grantId } = details;
  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') return send(res, 200, loginForm(uid));
    if (prompt.name === 'consent') return send(res, 200, consentForm(uid, params.client_id));
    return send(res, 501, page('Error', '<p>Not implemented.</p>'));
  }
  if (req.method !== 'POST') return send(res, 405, page('Error', '<p>Method not allowed.</p>'));
  if (action === 'login' && prompt.name === 'login') {
    const form = await formOf(req);
    const account = accounts[form.login];
    if (!account || account.password !== form.password) return send(res, 200, loginForm(uid, 'Wrong login or password.'));
    return provider.interactionFinished(req, res, { login: { accountId: form.login } }, { mergeWithLastSubmission: false });
  }
  if (action === 'confirm' && prompt.name === 'consent') {
    const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  if (action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  }
  return send(res, 400, page('Error', '<p>Unexpected step.</p>'));
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      process.stderr.write(`interaction failed: ${err.message}\n`);
      if (!res.headersSent) send(res, 500, page('Error', '<p>The interaction failed.</p>'));
    });
    return;
  }
  callback(req, res);
});

provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error: ${err.message}\n`));

// Stops with its parent: standard input closes when the test's process ends, however it ends.
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);

process.stdout.write(`listening on ${issuer}\n`);
