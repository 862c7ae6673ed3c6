/** `npm test` runs this first: builds the pinned Temporal CLI when it is missing. */
import { ensureTemporalCli } from './temporal-cli';

ensureTemporalCli().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
