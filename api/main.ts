/** Runs the HTTP API until SIGINT or SIGTERM. */
import { loadConfig } from '../infra/config';
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

main().catch((err) => {
  logger.error({ err: { message: err.message } }, 'api failed to start');
  process.exit(1);
});
