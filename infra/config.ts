/** Configuration from the environment (spec §4, Configuration): every address has a documented default. */
import { readFileSync } from 'node:fs';
import { resolvePolicy, type Policy } from '../domain/policy';
import { isOneAddress, parseNoticeRecipients, type NoticeRecipients } from '../domain/recipients';
import { documentKeyRingFrom, keyRingFrom, type KeyRing } from './codec';
import { sessionKeyFrom } from '../console/session';
import type { OidcSettings } from '../console/oidc';

export const DEV_JWT_SECRET = 'development-secret-change-me-0123456789';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** Unset: `npm start` runs its own dev server. */
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  temporalTls: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string } | undefined;
  temporalApiKey: string | undefined;
  jwtSecret: string;
  jwtSecretIsDefault: boolean;
  /** AUTH_JWKS_URL, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE: tokens from an identity provider instead of the secret. */
  jwks: { jwksUrl: string; issuer: string; audience: string } | undefined;
  policy: Policy;
  /** NOTICE_RECIPIENTS_FILE: MIDI's, ROC-O's and the offices abroad's addresses and languages; none when unset. */
  noticeRecipients: NoticeRecipients;
  noticeRecipientsFile: string | undefined;
  /** SMTP_URL: the mail server; unset, the local inbox on INBOX_SMTP_PORT (which `npm start` runs). */
  smtpUrl: string;
  smtpUrlIsDefault: boolean;
  /** NOTICE_FROM: the sender address of notices. */
  noticeFrom: string;
  /** The local inbox (maildev) `npm start` runs when SMTP_URL is unset: its SMTP port, and its web page and REST API. */
  inbox: { smtpPort: number; webPort: number };
  /** Payload encryption keys (PAYLOAD_ENCRYPTION_KEYS); a development key when unset. */
  payloadKeys: KeyRing;
  payloadKeysAreDefault: boolean;
  /** Documents' encryption keys (DOCUMENT_ENCRYPTION_KEYS); a development key of their own (`dev-documents-1`) when unset. */
  documentKeys: KeyRing;
  documentKeysAreDefault: boolean;
  /** DOCUMENT_STORE_URL: unset (or `postgres:`), the application database; `s3://bucket/prefix`, an object store. */
  documentStoreUrl: string | undefined;
  /** DOCUMENT_MAX_BYTES: the largest document accepted, in bytes (20 MiB by default). */
  documentMaxBytes: number;
  devServer: { port: number; uiPort: number; dataDir: string };
  logLevel: string;
  /** Browser origins allowed to call the API: the Temporal UI, for the codec endpoint. */
  corsOrigins: string[];
  /** The staff console at /console (spec §7): how people sign in, and its session cookie. */
  console: ConsoleConfig;
}

/** The staff console's settings, checked together at start. */
export interface ConsoleConfig {
  /** CONSOLE_PUBLIC_URL: the origin people reach the API at (`http://HOST:PORT` by default); the OIDC redirect URI is under it. */
  publicUrl: string;
  /** The development sign-in is offered: the development secret without AUTH_JWKS_URL, or CONSOLE_DEV_SIGN_IN=true. */
  devSignIn: boolean;
  /** CONSOLE_DEV_SIGN_IN=true with a real secret: anyone may pick any role, which start-up warns about. */
  devSignInDespiteSecret: boolean;
  /** CONSOLE_SESSION_KEY (32 bytes); in development one derived from the development secret; else random. */
  sessionKey: Buffer;
  /** No CONSOLE_SESSION_KEY outside development: sessions end at a restart and are not shared between APIs. */
  sessionKeyIsRandom: boolean;
  /** Cookies marked Secure: CONSOLE_PUBLIC_URL is https. */
  secureCookies: boolean;
  /** AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET (and AUTH_OIDC_SCOPE): the organization's provider. */
  oidc: OidcSettings | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const jwks = jwksFrom(env);
  const jwtSecretIsDefault = !env.AUTH_JWT_SECRET;
  const tlsPaths = {
    certPath: env.TEMPORAL_TLS_CERT,
    keyPath: env.TEMPORAL_TLS_KEY,
    caPath: env.TEMPORAL_TLS_CA,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFrom(env, 'PORT', 3000),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement',
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'resettlement',
    temporalTls: tlsPaths.certPath || env.TEMPORAL_TLS === 'true' ? tlsPaths : undefined,
    temporalApiKey: env.TEMPORAL_API_KEY || undefined,
    jwtSecret: env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDefault,
    jwks,
    policy: loadPolicy(env.RESETTLEMENT_POLICY_FILE),
    noticeRecipients: loadNoticeRecipients(env.NOTICE_RECIPIENTS_FILE),
    noticeRecipientsFile: env.NOTICE_RECIPIENTS_FILE || undefined,
    smtpUrl: smtpUrlFrom(env),
    smtpUrlIsDefault: !env.SMTP_URL,
    noticeFrom: noticeFromOf(env),
    inbox: { smtpPort: intFrom(env, 'INBOX_SMTP_PORT', 1025), webPort: intFrom(env, 'INBOX_WEB_PORT', 1080) },
    payloadKeys: keyRingFrom(env.PAYLOAD_ENCRYPTION_KEYS),
    payloadKeysAreDefault: !env.PAYLOAD_ENCRYPTION_KEYS,
    documentKeys: documentKeyRingFrom(env.DOCUMENT_ENCRYPTION_KEYS),
    documentKeysAreDefault: !env.DOCUMENT_ENCRYPTION_KEYS,
    documentStoreUrl: documentStoreUrlFrom(env),
    documentMaxBytes: positiveIntFrom(env, 'DOCUMENT_MAX_BYTES', DEFAULT_DOCUMENT_MAX_BYTES),
    devServer: {
      port: intFrom(env, 'TEMPORAL_DEV_PORT', 7233),
      uiPort: intFrom(env, 'TEMPORAL_UI_PORT', 8233),
      dataDir: env.RESETTLEMENT_DATA_DIR ?? '.data',
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    corsOrigins: (env.CORS_ORIGINS ?? defaultUiOrigins(intFrom(env, 'TEMPORAL_UI_PORT', 8233))).split(',').filter(Boolean),
    console: consoleFrom(env, { jwks, jwtSecret: env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET, jwtSecretIsDefault }),
  };
}

/** The scopes the console asks the provider for unless AUTH_OIDC_SCOPE says otherwise. */
export const DEFAULT_OIDC_SCOPE = 'openid profile';

/**
 * The console's settings (spec §7), read together because they depend on each other and on the API's own token
 * settings: the OIDC sign-in needs AUTH_JWKS_URL (the API must accept the provider's access tokens the console sends
 * on people's behalf), and the development sign-in signs HS256 tokens, which an API on AUTH_JWKS_URL refuses.
 * @throws Error naming the variables to set or unset: half the OIDC settings, a malformed URL or scope, a session
 *   key that is not 32 bytes, CONSOLE_DEV_SIGN_IN not `true` or `false`, or settings that cannot work together
 */
export function consoleFrom(
  env: NodeJS.ProcessEnv,
  auth: { jwks: Config['jwks']; jwtSecret: string; jwtSecretIsDefault: boolean },
): ConsoleConfig {
  const development = auth.jwtSecretIsDefault && !auth.jwks;
  const devSetting = env.CONSOLE_DEV_SIGN_IN || undefined;
  if (devSetting !== undefined && devSetting !== 'true' && devSetting !== 'false') {
    throw new Error(`CONSOLE_DEV_SIGN_IN must be true or false, not "${devSetting}"`);
  }
  if (devSetting === 'true' && auth.jwks) {
    throw new Error(
      "CONSOLE_DEV_SIGN_IN=true cannot work with AUTH_JWKS_URL: the development sign-in signs tokens with AUTH_JWT_SECRET, which the API then refuses; sign in through the provider (AUTH_OIDC_ISSUER) instead",
    );
  }
  const devSignIn = devSetting === undefined ? development : devSetting === 'true';
  const oidcNames = ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_CLIENT_ID', 'AUTH_OIDC_CLIENT_SECRET'] as const;
  const given = oidcNames.filter((name) => env[name]);
  if (given.length > 0 && given.length < oidcNames.length) {
    const missing = oidcNames.filter((name) => !env[name]);
    throw new Error(`The console's OIDC sign-in needs ${oidcNames.join(', ')} together: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  }
  if (!given.length && env.AUTH_OIDC_SCOPE) throw new Error('AUTH_OIDC_SCOPE applies to AUTH_OIDC_ISSUER, which is not set');
  const oidcOn = given.length === oidcNames.length;
  if (oidcOn && !auth.jwks) {
    throw new Error(
      'AUTH_OIDC_ISSUER needs AUTH_JWKS_URL, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE of the same provider: the API must accept the access tokens the console sends on people\'s behalf',
    );
  }
  const publicUrl = publicUrlFrom(env, oidcOn);
  const session = sessionKeyFrom(env.CONSOLE_SESSION_KEY || undefined, development ? { jwtSecret: auth.jwtSecret } : null);
  return {
    publicUrl,
    devSignIn,
    devSignInDespiteSecret: devSignIn && !development,
    sessionKey: session.key,
    sessionKeyIsRandom: session.random,
    secureCookies: publicUrl.startsWith('https:'),
    oidc: oidcOn
      ? {
          issuer: oidcIssuerFrom(env.AUTH_OIDC_ISSUER!),
          clientId: env.AUTH_OIDC_CLIENT_ID!,
          clientSecret: env.AUTH_OIDC_CLIENT_SECRET!,
          scope: oidcScopeFrom(env.AUTH_OIDC_SCOPE),
          redirectUri: `${publicUrl}/console/sign-in/oidc/callback`,
        }
      : undefined,
  };
}

/** CONSOLE_PUBLIC_URL as an origin without a trailing slash; by default `http://HOST:PORT`. */
function publicUrlFrom(env: NodeJS.ProcessEnv, oidcOn: boolean): string {
  const configured = env.CONSOLE_PUBLIC_URL || undefined;
  if (!configured) {
    const host = env.HOST ?? '127.0.0.1';
    // A browser cannot be sent back to a wildcard address: the provider needs the name people use.
    if (oidcOn && ['0.0.0.0', '::', '[::]'].includes(host)) {
      throw new Error(`HOST=${host} listens on every address: set CONSOLE_PUBLIC_URL to the URL people reach the API at (the OIDC redirect URI is under it)`);
    }
    return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${intFrom(env, 'PORT', 3000)}`;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(`CONSOLE_PUBLIC_URL must be a URL such as https://resettlement.example, not "${configured}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CONSOLE_PUBLIC_URL must be http(s), not ${url.protocol}//`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error('CONSOLE_PUBLIC_URL must be an origin only, such as https://resettlement.example: the console is served at /console under it');
  }
  return url.origin;
}

/** AUTH_OIDC_ISSUER: an http(s) URL, as the provider names itself (its discovery document is read under it). */
function oidcIssuerFrom(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`AUTH_OIDC_ISSUER must be a URL such as https://idp.example/realms/staff, not "${issuer}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`AUTH_OIDC_ISSUER must be http(s), not ${url.protocol}//`);
  if (url.username || url.password || url.search || url.hash) throw new Error('AUTH_OIDC_ISSUER must have no credentials, query or fragment');
  return issuer;
}

/** AUTH_OIDC_SCOPE: scopes separated by spaces, `openid` among them. */
function oidcScopeFrom(scope: string | undefined): string {
  if (!scope) return DEFAULT_OIDC_SCOPE;
  const scopes = scope.trim().split(/ +/);
  if (scopes.some((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))) throw new Error('AUTH_OIDC_SCOPE must be scopes separated by spaces, such as "openid profile"');
  if (!scopes.includes('openid')) throw new Error('AUTH_OIDC_SCOPE must include openid (the ID token carries the roles)');
  return scopes.join(' ');
}

/** The policy: defaults, overridden by the JSON file named by RESETTLEMENT_POLICY_FILE. */
export function loadPolicy(file: string | undefined): ReturnType<typeof resolvePolicy> {
  if (!file) return resolvePolicy();
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`RESETTLEMENT_POLICY_FILE ${file}: ${(err as Error).message}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new Error(`RESETTLEMENT_POLICY_FILE ${file}: expected a JSON object such as {"midiFollowUp": "30 days"}`);
  }
  try {
    return resolvePolicy(overrides as Record<string, unknown>);
  } catch (err) {
    throw new Error(`RESETTLEMENT_POLICY_FILE ${file}: ${(err as Error).message}`);
  }
}

/** The notices' recipients from the JSON file named by NOTICE_RECIPIENTS_FILE; none when unset. */
export function loadNoticeRecipients(file: string | undefined): NoticeRecipients {
  if (!file) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `is not valid JSON (${err.message})` : `cannot be read (${(err as Error).message})`;
    throw new Error(`NOTICE_RECIPIENTS_FILE ${file} ${why}`);
  }
  try {
    return parseNoticeRecipients(json);
  } catch (err) {
    throw new Error(`NOTICE_RECIPIENTS_FILE ${file}: ${(err as Error).message}`);
  }
}

/**
 * The recipients as the file says now, read at each call (once per notice sent: a small file), so that an address
 * mended in the file serves the next send (and an ops retry) without a restart.
 * @throws Error naming the file when it cannot be read or is not valid
 */
export function currentNoticeRecipients(file: string | undefined): () => NoticeRecipients {
  return file ? () => loadNoticeRecipients(file) : () => ({});
}

function smtpUrlFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.SMTP_URL || `smtp://127.0.0.1:${intFrom(env, 'INBOX_SMTP_PORT', 1025)}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('SMTP_URL must be a URL such as smtp://user:pass@mail.example:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must be smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw new Error('SMTP_URL names no host: smtp://host[:port]');
  return raw;
}

function noticeFromOf(env: NodeJS.ProcessEnv): string {
  const from = env.NOTICE_FROM || 'roc-o@localhost';
  if (!isOneAddress(from)) throw new Error(`NOTICE_FROM must be one email address, not "${from}"`);
  return from;
}

/** The identity provider's JWKS, issuer and audience: all three, or none. */
function jwksFrom(env: NodeJS.ProcessEnv): Config['jwks'] {
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  const issuer = env.AUTH_JWT_ISSUER || undefined;
  const audience = env.AUTH_JWT_AUDIENCE || undefined;
  if (!jwksUrl) {
    if (issuer || audience) {
      throw new Error('AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE apply to AUTH_JWKS_URL, which is not set');
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new Error(`AUTH_JWKS_URL must be a URL, not "${jwksUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`AUTH_JWKS_URL must be http(s), not "${jwksUrl}"`);
  if (!issuer || !audience) {
    throw new Error('AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE: the iss and aud that tokens must carry');
  }
  return { jwksUrl, issuer, audience };
}

/** 20 MiB (spec §6: 20 MB). */
export const DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Where documents are kept: the application database, or a bucket and a prefix (no leading or trailing slash). */
export type DocumentStoreLocation = { kind: 'postgres' } | { kind: 's3'; bucket: string; prefix: string };

const DOCUMENT_STORE_URL_FORMS = 'unset or postgres: (the application database), or s3://bucket[/prefix] (an S3-compatible store)';

/**
 * Reads DOCUMENT_STORE_URL: unset or empty, `postgres:` or `postgresql:` (nothing after: the application database,
 * DATABASE_URL) → PostgreSQL; `s3://bucket[/prefix]` → that bucket. The value is never repeated in an error (it
 * might carry a secret).
 * @throws Error naming DOCUMENT_STORE_URL and the accepted forms for anything else
 */
export function documentStoreLocationFrom(url: string | undefined): DocumentStoreLocation {
  if (!url) return { kind: 'postgres' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DOCUMENT_STORE_URL must be ${DOCUMENT_STORE_URL_FORMS}; it is not a URL`);
  }
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    if (parsed.host || parsed.pathname.replace(/^\/+/, '') || parsed.search) {
      throw new Error(
        `DOCUMENT_STORE_URL=${parsed.protocol} keeps documents in the application database (DATABASE_URL); ` +
          'it takes no host or database of its own',
      );
    }
    return { kind: 'postgres' };
  }
  if (parsed.protocol === 's3:') {
    if (parsed.username || parsed.password) {
      throw new Error(
        'DOCUMENT_STORE_URL must be s3://bucket[/prefix] without credentials: they go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      );
    }
    if (!parsed.hostname) throw new Error('DOCUMENT_STORE_URL names no bucket: it must be s3://bucket[/prefix]');
    if (parsed.search || parsed.hash || parsed.port) {
      throw new Error('DOCUMENT_STORE_URL must be s3://bucket[/prefix], with nothing after the prefix');
    }
    let prefix: string;
    try {
      prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
    } catch {
      throw new Error('DOCUMENT_STORE_URL has a prefix with a malformed %-escape: it must be s3://bucket[/prefix]');
    }
    return { kind: 's3', bucket: parsed.hostname, prefix };
  }
  throw new Error(`DOCUMENT_STORE_URL must be ${DOCUMENT_STORE_URL_FORMS}, not a ${parsed.protocol} URL`);
}

/** DOCUMENT_STORE_URL as given, once checked (unset or empty: undefined). */
function documentStoreUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DOCUMENT_STORE_URL || undefined;
  documentStoreLocationFrom(url);
  return url;
}

/** A whole number of at least 1 (digits only), or the fallback when unset or empty. */
function positiveIntFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`${name} must be a whole number of bytes, at least 1, not "${raw}"`);
  }
  return n;
}

function defaultUiOrigins(uiPort: number): string {
  return [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`, 'http://localhost:8080'].join(',');
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return n;
}
