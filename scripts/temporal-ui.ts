/**
 * Temporal's standalone Web UI server (github.com/temporalio/ui-server/v2, the version the pinned CLI embeds), built
 * into the project's git-ignored .tools folder with the machine's Go when it is missing (about 30 s; its assets are
 * embedded, so it serves the UI offline), and its configuration: the API's codec endpoint with cross-origin
 * credentials on for every browser, and, when TEMPORAL_UI_OIDC_* say so, ops signed in through the organization's
 * identity provider, whose access token the UI passes to the codec endpoint.
 *
 * `npm start` runs it beside the dev server (started headless) and beside Temporal's own server (production shape).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOLS_BIN } from './temporal-cli';

/** The UI the pinned CLI v1.5.1 embeds. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

/** The UI server's binary: `.tools/bin/temporal-ui-server`, or TEMPORAL_UI_SERVER_PATH. */
export const TEMPORAL_UI_SERVER = process.env.TEMPORAL_UI_SERVER_PATH ?? path.join(TOOLS_BIN, 'temporal-ui-server');
/** Which version the binary in .tools/bin is: a change of pin rebuilds it. */
const STAMP = path.join(TOOLS_BIN, 'temporal-ui-server.version');

/** A copy kept outside the work tree, so that other clones on this machine (CI's included) skip the build. */
const MACHINE_CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'resettlement',
  `temporal-ui-server-${TEMPORAL_UI_VERSION}`,
);

function present(binary: string, stamp: string): boolean {
  return existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === TEMPORAL_UI_VERSION;
}

/**
 * The UI server's binary, built when missing (`go install …/cmd/server@v2.42.1`, about 30 s once Go's module cache
 * holds the CLI's modules), or copied from the machine's cache.
 * @returns its path
 * @throws Error saying what to do when it is missing and Go is not installed, or when the build fails
 */
export async function ensureTemporalUi(log: (line: string) => void = console.log): Promise<string> {
  if (process.env.TEMPORAL_UI_SERVER_PATH) {
    if (!existsSync(TEMPORAL_UI_SERVER)) throw new Error(`TEMPORAL_UI_SERVER_PATH names ${TEMPORAL_UI_SERVER}, which does not exist.`);
    return TEMPORAL_UI_SERVER;
  }
  if (present(TEMPORAL_UI_SERVER, STAMP)) {
    keepMachineCopy();
    return TEMPORAL_UI_SERVER;
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  const cachedBinary = path.join(MACHINE_CACHE, 'temporal-ui-server');
  if (present(cachedBinary, path.join(MACHINE_CACHE, 'version'))) {
    copyFileSync(cachedBinary, TEMPORAL_UI_SERVER);
    writeFileSync(STAMP, `${TEMPORAL_UI_VERSION}\n`);
    log(`Temporal UI server ${TEMPORAL_UI_VERSION} copied from ${MACHINE_CACHE}.`);
    return TEMPORAL_UI_SERVER;
  }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      [
        `The Temporal UI server (${TEMPORAL_UI_VERSION}) is missing and Go is not installed to build it.`,
        'Either of these works:',
        '  - install Go 1.24 or later (https://go.dev/dl/) and run this command again;',
        `  - put a temporal-ui-server binary (${UI_MODULE}/cmd/server@${TEMPORAL_UI_VERSION}) at ${TEMPORAL_UI_SERVER}, or name one with TEMPORAL_UI_SERVER_PATH.`,
      ].join('\n'),
    );
  }
  log(`Building the Temporal UI server ${TEMPORAL_UI_VERSION} with ${go.stdout.trim()} into ${TOOLS_BIN} (about 30 s).`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  ...still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  const gobin = mkdtempSync(path.join(os.tmpdir(), 'resettlement-gobin-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const build = spawn('go', ['install', `${UI_MODULE}/cmd/server@${TEMPORAL_UI_VERSION}`], {
        env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      build.on('error', reject);
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${UI_MODULE}/cmd/server exited with ${code}`))));
    });
    try {
      renameSync(path.join(gobin, 'server'), TEMPORAL_UI_SERVER);
    } catch {
      copyFileSync(path.join(gobin, 'server'), TEMPORAL_UI_SERVER);
    }
    writeFileSync(STAMP, `${TEMPORAL_UI_VERSION}\n`);
  } finally {
    clearInterval(ticker);
    rmSync(gobin, { recursive: true, force: true });
  }
  log(`Built ${TEMPORAL_UI_SERVER} in ${Math.round((Date.now() - started) / 1000)} s.`);
  keepMachineCopy();
  return TEMPORAL_UI_SERVER;
}

function keepMachineCopy(): void {
  if (present(path.join(MACHINE_CACHE, 'temporal-ui-server'), path.join(MACHINE_CACHE, 'version'))) return;
  try {
    mkdirSync(MACHINE_CACHE, { recursive: true });
    copyFileSync(TEMPORAL_UI_SERVER, path.join(MACHINE_CACHE, 'temporal-ui-server'));
    writeFileSync(path.join(MACHINE_CACHE, 'version'), `${TEMPORAL_UI_VERSION}\n`);
  } catch {
    // Only a shortcut for other clones; the project's own copy is what runs.
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Ops' sign-in to the UI through the organization's identity provider (OpenID Connect, code flow). */
export interface TemporalUiOidc {
  /** Shown on the UI's sign-in button. */
  label: string;
  /** Where the provider's `.well-known/openid-configuration` is found (its issuer, usually). */
  providerUrl: string;
  /** The `iss` its tokens carry, when it differs from providerUrl. */
  issuerUrl?: string;
  clientId: string;
  clientSecret: string;
  /** The UI's `/auth/sso/callback`, as registered with the provider for this client. */
  callbackUrl: string;
  scopes: string[];
  /** Extra query parameters of the authorization request, e.g. `{audience: …}` (Auth0) or `{resource: …}`. */
  options?: Record<string, string>;
}

export interface TemporalUiSettings {
  /** Where the UI listens (127.0.0.1 unless said). */
  host?: string;
  port: number;
  /** Temporal's frontend, `host:port`. */
  temporalAddress: string;
  namespace: string;
  /** The API's codec endpoint, e.g. `http://127.0.0.1:3000/codec`. */
  codecEndpoint: string;
  oidc?: TemporalUiOidc;
}

/**
 * The UI server's configuration (its YAML; JSON is YAML). The codec endpoint is set for every browser with
 * `includeCredentials: true`, so the UI sends the codec sign-in cookie with each decode; with `oidc`, ops sign in
 * through the provider and the UI passes their access token to the codec endpoint (`passAccessToken`) as a bearer
 * token.
 */
export function temporalUiConfig(settings: TemporalUiSettings): Record<string, unknown> {
  const { oidc } = settings;
  return {
    host: settings.host ?? '127.0.0.1',
    port: settings.port,
    temporalGrpcAddress: settings.temporalAddress,
    enableUi: true,
    defaultNamespace: settings.namespace,
    hideLogs: true,
    // Its CSRF cookie over plain HTTP on this machine; behind HTTPS the browser gets it either way.
    cors: { cookieInsecure: true },
    codec: { endpoint: settings.codecEndpoint, includeCredentials: true, passAccessToken: Boolean(oidc) },
    auth: oidc
      ? {
          enabled: true,
          providers: [
            {
              label: oidc.label,
              type: 'oidc',
              providerUrl: oidc.providerUrl,
              ...(oidc.issuerUrl && { issuerUrl: oidc.issuerUrl }),
              clientId: oidc.clientId,
              clientSecret: oidc.clientSecret,
              callbackUrl: oidc.callbackUrl,
              scopes: oidc.scopes,
              ...(oidc.options && { options: oidc.options }),
            },
          ],
        }
      : { enabled: false },
  };
}

/**
 * The UI's OpenID Connect sign-in from TEMPORAL_UI_OIDC_PROVIDER_URL, _CLIENT_ID, _CLIENT_SECRET (all three, or
 * none: undefined), _ISSUER_URL, _CALLBACK_URL (default `http://127.0.0.1:<uiPort>/auth/sso/callback`), _SCOPES
 * (default `openid profile email`), _LABEL and _AUTH_PARAMS (a query string added to the authorization request, e.g.
 * `audience=resettlement-api`).
 * @throws Error naming what is missing when only some of the three are set
 */
export function temporalUiOidcFrom(env: NodeJS.ProcessEnv, uiPort: number): TemporalUiOidc | undefined {
  const required = ['TEMPORAL_UI_OIDC_PROVIDER_URL', 'TEMPORAL_UI_OIDC_CLIENT_ID', 'TEMPORAL_UI_OIDC_CLIENT_SECRET'];
  const set = required.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  if (set.length < required.length) {
    throw new Error(`${required.filter((n) => !env[n]).join(' and ')} must be set with ${set.join(' and ')} (the Temporal UI's sign-in)`);
  }
  const params = env.TEMPORAL_UI_OIDC_AUTH_PARAMS ? Object.fromEntries(new URLSearchParams(env.TEMPORAL_UI_OIDC_AUTH_PARAMS)) : undefined;
  return {
    label: env.TEMPORAL_UI_OIDC_LABEL || 'Sign in',
    providerUrl: env.TEMPORAL_UI_OIDC_PROVIDER_URL!,
    issuerUrl: env.TEMPORAL_UI_OIDC_ISSUER_URL || undefined,
    clientId: env.TEMPORAL_UI_OIDC_CLIENT_ID!,
    clientSecret: env.TEMPORAL_UI_OIDC_CLIENT_SECRET!,
    callbackUrl: env.TEMPORAL_UI_OIDC_CALLBACK_URL || `http://127.0.0.1:${uiPort}/auth/sso/callback`,
    scopes: (env.TEMPORAL_UI_OIDC_SCOPES || 'openid profile email').split(/[\s,]+/).filter(Boolean),
    ...(params && Object.keys(params).length > 0 && { options: params }),
  };
}

/**
 * Writes the configuration to `<root>/ui-config/<env>.yaml` (readable by its owner only: it may hold the client
 * secret) and returns the UI server's command line.
 */
export function writeTemporalUiConfig(root: string, env: string, settings: TemporalUiSettings): { command: string; args: string[] } {
  const dir = path.join(root, 'ui-config');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${env}.yaml`);
  rmSync(file, { force: true });
  writeFileSync(file, JSON.stringify(temporalUiConfig(settings), null, 2), { mode: 0o600 });
  return { command: TEMPORAL_UI_SERVER, args: ['--root', root, '--config', 'ui-config', '--env', env, 'start'] };
}
