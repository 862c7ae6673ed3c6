/**
 * Full path: PSR cases driven from the sponsorship undertaking to arrival through the API, `concurrency` at once
 * (an opening, four document uploads and eight decisions each, every one with its Idempotency-Key), against the same
 * count of bare workflows each started and sent twelve no-op Updates (an upload is an Update on the case, as a
 * decision is), at the same concurrency.
 */
import { REQUIRED_DOCUMENTS } from '../../domain/case-types';
import { PSR_PATH, psrToArrival, resent } from '../../test/reliability/support/drive';
import { inParallel, progress, row, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { touch } from '../bare/workflows';
import { startBare } from './cases';

/** The Updates a case takes on the full path: its uploads and its decisions. */
const UPDATES_PER_CASE = REQUIRED_DOCUMENTS.length + PSR_PATH.length;

export async function fullPath(stack: BenchStack, cases: number, concurrency: number): Promise<Row[]> {
  const run = `bench${Date.now().toString(36)}`;
  const productBar = progress('full path: PSR cases to arrival', cases);
  const before = resent.count;
  const productMs = await inParallel(cases, concurrency, async (n) => void (await psrToArrival(stack.product, run, n)), productBar);
  productBar.stop();
  if (resent.count > before) console.error(`[bench] full path: ${resent.count - before} requests answered 503 or 429 and sent again`);

  const bareBar = progress(`full path: bare start + ${UPDATES_PER_CASE} Updates`, cases);
  const bareMs = await inParallel(cases, concurrency, async () => {
    const handle = await startBare(stack);
    for (let d = 0; d < UPDATES_PER_CASE; d++) await handle.executeUpdate(touch);
  }, bareBar);
  bareBar.stop();

  const perMinute = (ms: number) => (cases * 60_000) / ms;
  // Throughput: higher is better, so the goal is on the product's share of the bare ceiling.
  return [
    row('full path', `cases to arrival, ${concurrency} at once`, '/min', perMinute(productMs), perMinute(bareMs), {
      text: '≥ 0.70× bare',
      holds: (r) => r !== null && r >= 0.7,
    }),
  ];
}
