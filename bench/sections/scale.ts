/**
 * Scale: `count` PSR cases opened through the API by MIDI and left waiting (on its sponsorship decision), against
 * `count` bare workflows
 * started by the bare client, at the same concurrency; then both workers' memory (RSS and V8 heap after a full
 * garbage collection), each holding as many workflows as its cache keeps; then decisions on the cases opened first,
 * long evicted from the worker's cache, against no-op Updates on the bare workflows started first.
 */
import { temporal } from '@temporalio/proto';
import { call } from '../api';
import { inParallel, latency, progress, row, timed, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { touch } from '../bare/workflows';
import { openPsr, startBare } from './cases';

const EVICTED_SAMPLES = 20;
const MiB = 2 ** 20;

export async function scale(stack: BenchStack, count: number, concurrency: number): Promise<Row[]> {
  const caseIds: string[] = [];
  const openBar = progress(`scale: opening ${count} cases through the API`, count);
  // One officer per lane, as many staff would be (the API's rate limit counts each person alone).
  const openMs = await inParallel(count, concurrency, async (i) => void (caseIds[i] = await openPsr(stack, `group-scale-${i}`, `midi-${i % concurrency}`)), openBar);
  openBar.stop();

  const bares: Awaited<ReturnType<typeof startBare>>[] = [];
  const startBar = progress(`scale: starting ${count} bare workflows`, count);
  const startMs = await inParallel(count, concurrency, async (i) => void (bares[i] = await startBare(stack)), startBar);
  startBar.stop();

  await quiet(stack);
  const memory = await stack.memory();

  const rows = [
    row('scale', `openings, ${concurrency} at once`, '/s', (count * 1000) / openMs, (count * 1000) / startMs, {
      text: '≥ 0.80× bare',
      holds: (r) => r !== null && r >= 0.8,
    }),
    row('scale', `worker RSS, ${count} open`, 'MiB', memory.product.rss / MiB, memory.bare.rss / MiB, {
      text: '≤ 1.3×',
      holds: (r) => r !== null && r <= 1.3,
    }),
    row('scale', `worker V8 heap used, ${count} open`, 'MiB', memory.product.heapUsed / MiB, memory.bare.heapUsed / MiB),
  ];

  if (count > stack.maxCachedWorkflows) {
    const midi = stack.product.token('midi', 'midi-scale');
    const samples = Math.min(EVICTED_SAMPLES, count - stack.maxCachedWorkflows);
    const product: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < samples; i++) {
      product.push(await timed(() => call(stack.product, 'POST', `/applications/${caseIds[i]}/sponsorship-decision`, midi, { decision: 'approved' })));
      bare.push(await timed(() => bares[i].executeUpdate(touch)));
    }
    rows.push(row('scale', 'decision p50 on an evicted case', 'ms', latency(product).p50, latency(bare).p50));
  } else {
    console.error(`[bench] scale: no decision on an evicted case: --scale ${count} cases all fit the workers' cache of ${stack.maxCachedWorkflows}`);
  }
  return rows;
}

/** Waits until neither side has work queued (the openings' effects done), at most two minutes. */
async function quiet(stack: BenchStack): Promise<void> {
  const { TaskQueueType } = temporal.api.enums.v1;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const backlogs = await Promise.all(
      [stack.taskQueue, stack.bareTaskQueue].flatMap((name) =>
        [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY].map(async (taskQueueType) => {
          const res = await stack.bare.workflowService.describeTaskQueue({
            namespace: stack.namespace,
            taskQueue: { name },
            taskQueueType,
            reportStats: true,
          });
          return Number(res.stats?.approximateBacklogCount ?? 0);
        }),
      ),
    );
    if (backlogs.every((b) => b === 0) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
