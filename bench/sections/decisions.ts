/**
 * Decision latency: a decision through the API (MIDI issues the CSQ of a GAR case: no effect on its answer's path,
 * rule 19) against bare `executeUpdate` of a no-op Update, one for one in turn on the same server.
 */
import { call } from '../api';
import { inParallel, latency, progress, row, timed, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { touch } from '../bare/workflows';
import { openGar, startBare } from './cases';

const WARM_UP = 10;

export async function decisionLatency(stack: BenchStack, samples: number, concurrency: number): Promise<Row[]> {
  const count = samples + WARM_UP;
  const caseIds: string[] = [];
  const bares: Awaited<ReturnType<typeof startBare>>[] = [];
  const setUp = progress('decisions: opening cases, starting bare', count);
  await inParallel(count, concurrency, async (i) => {
    caseIds[i] = await openGar(stack);
    bares[i] = await startBare(stack);
  }, setUp);
  setUp.stop();

  const midi = stack.product.token('midi');
  const product: number[] = [];
  const bare: number[] = [];
  const bar = progress('decisions: one for one', count);
  for (let i = 0; i < count; i++) {
    const decide = () => timed(() => call(stack.product, 'POST', `/applications/${caseIds[i]}/csq-decision`, midi, { decision: 'issued', csqNumber: `CSQ-BENCH-${i}` }));
    const update = () => timed(() => bares[i].executeUpdate(touch));
    // Each goes first half the time: neither is always measured right after the other's work.
    let p: number;
    let b: number;
    if (i % 2) {
      p = await decide();
      b = await update();
    } else {
      b = await update();
      p = await decide();
    }
    bar.tick();
    if (i >= WARM_UP) {
      product.push(p);
      bare.push(b);
    }
  }
  bar.stop();
  const d = latency(product);
  const u = latency(bare);
  return [
    row('decision', 'p50', 'ms', d.p50, u.p50, { text: 'p50 ≤ 1.5×', holds: (r) => r !== null && r <= 1.5 }),
    row('decision', 'p95', 'ms', d.p95, u.p95),
    row('decision', 'p99', 'ms', d.p99, u.p99, { text: 'p99 ≤ 2×', holds: (r) => r !== null && r <= 2 }),
  ];
}
