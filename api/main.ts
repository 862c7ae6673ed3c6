/** Runs the HTTP API until SIGINT or SIGTERM. */
import { loadConfig, type Config } from '../infra/config';
import { connectClient } from '../infra/temporal';
import { createPool, migrate } from '../infra/db';
import { logger, loggerOptions } from '../infra/logger';
import { buildApp } from './app';
import { EncryptionCodec } from '../infra/codec';
import { documentStoreFrom } from '../infra/document-store';

async function main() {
  const config = loadConfig();
  if (config.jwks) {
    logger.info({ jwksUrl: config.jwks.jwksUrl, issuer: config.jwks.issuer, audience: config.jwks.audience }, 'tokens are verified with the identity provider\'s keys (AUTH_JWKS_URL)');
  } else if (config.jwtSecretIsDefault) {
    logger.warn('AUTH_JWT_SECRET is not set: using the development secret; never do this in production');
  }
  if (config.payloadKeysAreDefault) {
    logger.warn('PAYLOAD_ENCRYPTION_KEYS is not set: payloads are encrypted with the development key');
  }
  if (config.documentKeysAreDefault) {
    logger.warn('DOCUMENT_ENCRYPTION_KEYS is not set: documents are encrypted with the development key');
  }
  logConsoleSettings(config);
  await migrate(config.databaseUrl);
  const pool = createPool(config.databaseUrl);
  const documents = {
    store: documentStoreFrom({ url: config.documentStoreUrl, pool, keys: config.documentKeys }),
    maxBytes: config.documentMaxBytes,
  };
  logger.info({ documentStore: documents.store.description, documentMaxBytes: documents.maxBytes }, 'documents are kept encrypted');
  const client = await connectClient(config);
  const app = await buildApp({
    client,
    pool,
    taskQueue: config.taskQueue,
    policy: config.policy,
    jwtSecret: config.jwtSecret,
    jwks: config.jwks,
    codec: new EncryptionCodec(config.payloadKeys),
    corsOrigins: config.corsOrigins,
    documents,
    console: {
      devSignIn: config.console.devSignIn,
      sessionKey: config.console.sessionKey,
      secureCookies: config.console.secureCookies,
      oidc: config.console.oidc,
    },
    // The same serializers and redaction as every logger of the product: errors without their data.
    logger: { ...loggerOptions, level: config.logLevel },
  });
  await app.listen({ host: config.host, port: config.port });
  const stop = async () => {
    await app.close();
    await client.connection.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** What start-up says of the console's sign-ins (spec §7): which are on, and what is unsafe outside development. */
function logConsoleSettings(config: Config): void {
  const { oidc, devSignIn, devSignInDespiteSecret, sessionKeyIsRandom, secureCookies, publicUrl } = config.console;
  if (oidc) {
    logger.info({ issuer: oidc.issuer, clientId: oidc.clientId, redirectUri: oidc.redirectUri }, 'the console signs people in with the identity provider (AUTH_OIDC_ISSUER)');
    if (config.jwks && config.jwks.issuer !== oidc.issuer) {
      logger.warn({ oidcIssuer: oidc.issuer, tokenIssuer: config.jwks.issuer }, "AUTH_JWT_ISSUER is not AUTH_OIDC_ISSUER: the API accepts the console's access tokens only if the provider issues them under AUTH_JWT_ISSUER");
    }
    if (!secureCookies) logger.warn({ publicUrl }, 'CONSOLE_PUBLIC_URL is not https: the console\'s cookies are not marked Secure');
  }
  if (devSignInDespiteSecret) {
    logger.warn('CONSOLE_DEV_SIGN_IN=true: the console\'s development sign-in lets anyone pick any role without a password; never in production');
  }
  if (!oidc && !devSignIn) logger.warn('the console has no sign-in: set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET');
  if (sessionKeyIsRandom) {
    logger.warn('CONSOLE_SESSION_KEY is not set: console sessions end when this API restarts and are not shared with other APIs');
  }
}

main().catch((err) => {
  logger.error({ err: { message: err.message } }, 'api failed to start');
  process.exit(1);
});
