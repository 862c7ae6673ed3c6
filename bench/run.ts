/**
 * npm run bench [-- --cases N --concurrency C --scale S --only decisions,reads,full-path,replay,scale --out file --profile dir]:
 * what the product costs above Temporal itself, each figure against bare Temporal measured in the same run on the
 * same dev server (bench/stack.ts). Prints a table with the ratios and the goals (README, Benchmarks) and writes
 * the same figures as JSON.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { table, type Row } from './measure';
import { startBenchStack } from './stack';
import { cpuLine, cpuNow, cpuSince, type CpuSeconds } from './cpu';
import { decisionLatency } from './sections/decisions';
import { fullPath } from './sections/full-path';
import { reads } from './sections/reads';
import { replay } from './sections/replay';
import { scale as scaleSection } from './sections/scale';

const SECTIONS = ['decisions', 'reads', 'full-path', 'replay', 'scale'] as const;

const USAGE = `Usage: npm run bench -- [--cases N] [--concurrency C] [--scale S] [--only SECTIONS] [--out FILE] [--profile DIR]
  --cases N        samples for latencies and cases for the full path (default 200)
  --concurrency C  requests in flight for throughputs (default 8)
  --scale S        cases opened and left open for the scale section (default 10000)
  --only SECTIONS  a comma list of ${SECTIONS.join(', ')} (default: all)
  --out FILE       where the JSON goes (default .data/bench/bench-<time>.json)
  --profile DIR    CPU profiles of the API and both workers, by section`;

/** A command line the bench cannot run: said with the usage, without a stack trace. */
class UsageError extends Error {}

/** Set by Ctrl-C, SIGTERM or the parent's death: the run stops, everything it started stopped and removed. */
let interrupted: string | undefined;
let stopStack: (() => Promise<void>) | undefined;
let stopping: Promise<void> | undefined;

function interrupt(why: string): void {
  if (interrupted) return;
  interrupted = why;
  console.error(`[bench] ${why}: stopping the product and the bare worker`);
  // Before the stack is up, the start-up stops by itself (its processes got the signal too) or right after it.
  if (stopStack) {
    stopping = stopStack();
    void stopping.finally(() => process.exit(130));
  }
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt(signal));
  // npm may exit on a signal without passing it on: a bench whose parent died stops too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && interrupt('the parent process exited'), 1000).unref();

  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cases: { type: 'string', default: '200' },
        concurrency: { type: 'string', default: '8' },
        scale: { type: 'string', default: '10000' },
        only: { type: 'string', default: SECTIONS.join(',') },
        out: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // Node's words, e.g. "Unknown option '--fast'"; "-1" reads as an option: write --concurrency=-1.
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const cases = positive('--cases', values.cases!);
  const concurrency = positive('--concurrency', values.concurrency!);
  const scale = positive('--scale', values.scale!);
  const only = values.only!.split(',').map((s) => s.trim());
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new UsageError(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement_bench';
  console.error('[bench] starting the product (npm start) and a bare worker on its dev server');
  const profileDir = values.profile && path.resolve(values.profile);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // Profiled workers run their workflows on the main thread (the SDK's debug mode), where the profiler sees them.
  if (profileDir) process.env.TEMPORAL_DEBUG = '1';
  const stack = await startBenchStack(databaseUrl, profileDir);
  stopStack = () => stack.stop();
  if (interrupted) {
    await stack.stop();
    process.exit(130);
  }
  const rows: Row[] = [];
  const cpu: Record<string, CpuSeconds> = {};
  const wallSeconds: Record<string, number> = {};
  const startedAt = new Date();
  const sections: Record<(typeof SECTIONS)[number], () => Promise<Row[]>> = {
    decisions: () => decisionLatency(stack, cases, concurrency),
    reads: () => reads(stack, cases, concurrency),
    'full-path': () => fullPath(stack, cases, concurrency),
    replay: () => replay(stack),
    // Last: its cases stay open, and would weigh on the others.
    scale: () => scaleSection(stack, scale, concurrency),
  };
  try {
    if (profileDir) await stack.profile(); // the start-up left out of the first section's profile
    for (const name of SECTIONS.filter((s) => only.includes(s))) {
      const before = cpuNow(stack);
      const t0 = performance.now();
      rows.push(...(await sections[name]()));
      cpu[name] = cpuSince(before, cpuNow(stack));
      wallSeconds[name] = Math.round((performance.now() - t0) / 100) / 10;
      console.error(`[bench] ${name}: ${cpuLine(cpu[name], performance.now() - t0)}`);
      if (profileDir) {
        await stack.profile();
        for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && !f.includes('--'))) {
          renameSync(path.join(profileDir, file), path.join(profileDir, `${name}--${file}`));
        }
      }
    }
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
  writeFileSync(out, `${JSON.stringify({ startedAt, machine, options: { cases, concurrency, scale, only }, maxCachedWorkflows: stack.maxCachedWorkflows, rows, wallSeconds, cpuSeconds: cpu }, null, 2)}\n`);
  console.log(`Figures written to ${out}`);
  for (const [name, used] of Object.entries(cpu)) console.log(`${name}: ${cpuLine(used)}`);
  if (profileDir) console.log(`CPU profiles (API, worker, bare worker) by section in ${profileDir}: npx tsx bench/profile-summary.ts <file>`);
  const missed = rows.filter((r) => r.met === false);
  if (missed.length) console.log(`Goals missed: ${missed.map((r) => `${r.section} ${r.measure}`).join(', ')} (README, Benchmarks, says what limits them).`);
}

function positive(flag: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not "${text}"`);
  return n;
}

main().catch(async (err) => {
  if (interrupted) {
    await stopping;
    console.error(`[bench] stopped (${interrupted})`);
    process.exit(130);
  }
  if (err instanceof UsageError) console.error(`[bench] ${err.message}\n${USAGE}`);
  else console.error(`[bench] ${(err as Error).stack ?? err}`);
  process.exit(1);
});
