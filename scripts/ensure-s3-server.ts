/** `npm test` runs this first: builds the tests' S3-compatible server (test/support/s3-server) when it is missing. */
import { ensureS3Server } from './s3-server';

ensureS3Server().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
