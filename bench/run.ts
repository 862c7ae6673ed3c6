/**
 * npm run bench [-- --cases N --concurrency C --scale S --only decisions,full-path,scale,reads,replay --out file]:
 * what the product costs above Temporal itself, each figure against bare Temporal measured in the same run on the
 * same dev server (bench/stack.ts). Prints a table with the ratios and the goals (README, Benchmarks) and writes
 * the same figures as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { table, type Row } from './measure';
import { startBenchStack } from './stack';
import { decisionLatency } from './sections/decisions';
import { fullPath } from './sections/full-path';
import { reads } from './sections/reads';
import { replay } from './sections/replay';
import { scale as scaleSection } from './sections/scale';

const SECTIONS = ['decisions', 'full-path', 'scale', 'reads', 'replay'] as const;

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '8' },
      scale: { type: 'string', default: '10000' },
      only: { type: 'string', default: SECTIONS.join(',') },
      out: { type: 'string' },
    },
  });
  const cases = positive('--cases', values.cases!);
  const concurrency = positive('--concurrency', values.concurrency!);
  const scale = positive('--scale', values.scale!);
  const only = values.only!.split(',').map((s) => s.trim());
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement_bench';
  console.error('[bench] starting the product (npm start) and a bare worker on its dev server');
  const stack = await startBenchStack(databaseUrl);
  const rows: Row[] = [];
  const startedAt = new Date();
  try {
    // Scale last: its cases stay open, and would weigh on the others.
    if (only.includes('decisions')) rows.push(...(await decisionLatency(stack, cases, concurrency)));
    if (only.includes('reads')) rows.push(...(await reads(stack, cases)));
    if (only.includes('full-path')) rows.push(...(await fullPath(stack, cases, concurrency)));
    if (only.includes('replay')) rows.push(...(await replay(stack)));
    if (only.includes('scale')) rows.push(...(await scaleSection(stack, scale, concurrency)));
  } finally {
    await stack.stop();
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log('');
  console.log(`Resettlement bench, ${startedAt.toISOString()}: --cases ${cases} --concurrency ${concurrency} --scale ${scale}`);
  console.log(`Machine: ${machine}; worker cache ${stack.maxCachedWorkflows} workflows (both workers)`);
  console.log(table(rows));
  const out = values.out ?? path.resolve(__dirname, '..', '.data', 'bench', `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ startedAt, machine, options: { cases, concurrency, scale, only }, maxCachedWorkflows: stack.maxCachedWorkflows, rows }, null, 2)}\n`);
  console.log(`Figures written to ${out}`);
  const missed = rows.filter((r) => r.met === false);
  if (missed.length) console.log(`Goals missed: ${missed.map((r) => `${r.section} ${r.measure}`).join(', ')} (README, Benchmarks, says what limits them).`);
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1, not "${text}"`);
  return n;
}

main().catch((err) => {
  console.error(`[bench] ${(err as Error).stack ?? err}`);
  process.exit(1);
});
