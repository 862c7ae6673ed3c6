/**
 * Decision latency: a decision through the API (MIDI issues the CSQ of a GAR case: no effect on its answer's path,
 * rule 19) against bare `executeUpdate` of a no-op Update, one for one in turn on the same server; and the same
 * decision sent to another case straight as its Update, which tells the API's share from the workflow's.
 */
import { call } from '../api';
import { inParallel, latency, progress, row, timed, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { touch } from '../bare/workflows';
import { openGar, startBare } from './cases';
import { caseWorkflowId } from '../../domain/case-types';
import { decisionUpdate } from '../../domain/decision-messages';

const WARM_UP = 10;

export async function decisionLatency(stack: BenchStack, samples: number, concurrency: number): Promise<Row[]> {
  const count = samples + WARM_UP;
  const viaApi: string[] = [];
  const direct: string[] = [];
  const bares: Awaited<ReturnType<typeof startBare>>[] = [];
  const setUp = progress('decisions: opening cases, starting bare', count);
  await inParallel(count, concurrency, async (i) => {
    [viaApi[i], direct[i], bares[i]] = await Promise.all([openGar(stack), openGar(stack), startBare(stack)]);
  }, setUp);
  setUp.stop();

  const midi = stack.product.token('midi');
  const csq = (i: number) => ({ decision: 'issued' as const, csqNumber: `CSQ-BENCH-${i}` });
  const measured = { api: [] as number[], update: [] as number[], bare: [] as number[] };
  const bar = progress('decisions: one for one', count);
  for (let i = 0; i < count; i++) {
    const runs = {
      api: () => call(stack.product, 'POST', `/applications/${viaApi[i]}/csq-decision`, midi, csq(i)),
      // The same decision as the API sends it, straight to the case: what the workflow costs without the API.
      update: () =>
        stack.caseClient.workflow.getHandle(caseWorkflowId(direct[i])).executeUpdate(decisionUpdate('csqDecision'), { args: [{ body: csq(i), by: 'midi' }] }),
      bare: () => bares[i].executeUpdate(touch),
    };
    // Each goes first a third of the time: none is always measured right after another's work.
    const order = (['api', 'update', 'bare'] as const).map((_, k, all) => all[(i + k) % 3]);
    for (const name of order) {
      const ms = await timed(runs[name]);
      if (i >= WARM_UP) measured[name].push(ms);
    }
    bar.tick();
  }
  bar.stop();
  const api = latency(measured.api);
  const update = latency(measured.update);
  const bare = latency(measured.bare);
  return [
    row('decision', 'p50', 'ms', api.p50, bare.p50, { text: 'p50 ≤ 1.5×', holds: (r) => r !== null && r <= 1.5 }),
    row('decision', 'p95', 'ms', api.p95, bare.p95),
    row('decision', 'p99', 'ms', api.p99, bare.p99, { text: 'p99 ≤ 2×', holds: (r) => r !== null && r <= 2 }),
    row('decision', "p50, the case's Update without the API", 'ms', update.p50, bare.p50),
  ];
}
