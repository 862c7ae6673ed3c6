/**
 * Reads: `GET /applications/:caseId` (the case from its workflow, by Query) against a bare Query, one for one; the
 * list `GET /applications` (a page of 50 from the database's copy) against a bare visibility query for a page of 50.
 */
import { call } from '../api';
import { inParallel, latency, progress, row, timed, type Row } from '../measure';
import type { BenchStack } from '../stack';
import { countQuery } from '../bare/workflows';
import { openGar, startBare } from './cases';

const PAGE = 50;

export async function reads(stack: BenchStack, samples: number, concurrency: number): Promise<Row[]> {
  // A full page on each side, whatever ran before.
  const caseIds: string[] = [];
  const bares: Awaited<ReturnType<typeof startBare>>[] = [];
  const setUp = progress('reads: opening cases, starting bare', PAGE);
  await inParallel(PAGE, concurrency, async (i) => void ([caseIds[i], bares[i]] = await Promise.all([openGar(stack), startBare(stack)])), setUp);
  setUp.stop();
  // Visibility lags a moment behind the starts: the bare page is full before it is timed.
  for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 250))) {
    const { executions } = await stack.bare.workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: PAGE, query: "WorkflowType = 'bareWorkflow'" });
    if (executions.length === PAGE) break;
    if (Date.now() > deadline) throw new Error(`visibility lists ${executions.length} bare workflows of ${PAGE} after a minute`);
  }
  const ops = stack.product.token('roc-o', 'roc-o-reads');
  const read = { product: [] as number[], bare: [] as number[] };
  const list = { product: [] as number[], bare: [] as number[] };
  const bar = progress('reads: one for one', samples);
  for (let i = 0; i < samples; i++) {
    const k = i % PAGE;
    const pair = [
      async () => read.product.push(await timed(() => call(stack.product, 'GET', `/applications/${caseIds[k]}`, ops))),
      async () => read.bare.push(await timed(() => bares[k].query(countQuery))),
      async () => {
        let page: { items: unknown[] } | undefined;
        list.product.push(await timed(async () => (page = await call(stack.product, 'GET', `/applications?pageSize=${PAGE}`, ops))));
        if (page?.items.length !== PAGE) throw new Error(`the list gave ${page?.items.length} cases, not ${PAGE}`);
      },
      async () => {
        let page: { executions: unknown[] } | undefined;
        const query = { namespace: 'default', pageSize: PAGE, query: "WorkflowType = 'bareWorkflow'" };
        list.bare.push(await timed(async () => (page = await stack.bare.workflowService.listWorkflowExecutions(query))));
        if (page?.executions.length !== PAGE) throw new Error(`the visibility query gave ${page?.executions.length} workflows, not ${PAGE}`);
      },
    ];
    // Alternate which side goes first.
    const order = i % 2 ? [0, 1, 2, 3] : [1, 0, 3, 2];
    for (const j of order) await pair[j]();
    bar.tick();
  }
  bar.stop();
  const r = { product: latency(read.product), bare: latency(read.bare) };
  const l = { product: latency(list.product), bare: latency(list.bare) };
  return [
    row('read', 'case p50 (GET /applications/:caseId vs Query)', 'ms', r.product.p50, r.bare.p50, { text: '≤ 1.5×', holds: (x) => x !== null && x <= 1.5 }),
    row('read', 'case p99', 'ms', r.product.p99, r.bare.p99),
    row('read', `list p50 (page of ${PAGE} vs visibility query)`, 'ms', l.product.p50, l.bare.p50, { text: '≤ 1.5×', holds: (x) => x !== null && x <= 1.5 }),
    row('read', 'list p99', 'ms', l.product.p99, l.bare.p99),
  ];
}
