/**
 * `npm test` and `.ci/run` run this first: builds the pinned Temporal CLI (the dev server) and Temporal's standalone
 * Web UI server when they are missing, so that `npm start` and the tests only run what is already built.
 */
import { ensureTemporalCli } from './temporal-cli';
import { ensureTemporalUi } from './temporal-ui';

(async () => {
  await ensureTemporalCli();
  await ensureTemporalUi();
})().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
