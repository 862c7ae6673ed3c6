/**
 * Starts the real OpenID Connect provider of test/support/oidc-provider-server.mjs (npm's `oidc-provider`, ESM only) in a
 * child process on a free port, for the console's and the Temporal UI's sign-in tests; stops it after.
 */
import { spawn } from 'node:child_process';
import { listeningAddress } from '../../scripts/services';
import path from 'node:path';

/** An account of the test provider: its password, and the claims its tokens carry. */
export interface TestAccount {
  password: string;
  name?: string;
  preferred_username?: string;
  roles?: string[];
  sponsorGroupId?: string;
}

export interface TestProviderConfig {
  /** The one client: code flow, PKCE required, client_secret_basic. */
  client: { id: string; secret: string; redirectUri: string };
  /** The API's audience: access tokens are JWTs for it. */
  audience: string;
  /** By login. */
  accounts: Record<string, TestAccount>;
  /** false: PKCE optional (the Temporal UI server's sign-in sends none); required by default. */
  pkceRequired?: boolean;
}

export interface TestProvider {
  /** `http://127.0.0.1:<port>`: its issuer, and the origin of every endpoint. */
  issuer: string;
  jwksUrl: string;
  /** Stops it (its standard input closed; SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the provider and resolves once it listens (it prints its issuer first).
 * @throws Error with its standard error when it exits or says nothing within `timeoutMs`
 */
export async function startOidcProvider(config: TestProviderConfig, timeoutMs = 15_000): Promise<TestProvider> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.stdin!.end();
    await exited;
    clearTimeout(timer);
  };
  try {
    const issuer = await listeningAddress(child, 'the OIDC provider', timeoutMs);
    child.stdout!.resume();
    return { issuer, jwksUrl: `${issuer}/jwks`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
