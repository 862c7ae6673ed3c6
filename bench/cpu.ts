/**
 * CPU time by process while a section runs, read from /proc (Linux): where the machine's two cores went — the
 * Temporal server, the product's API and worker, PostgreSQL, the local inbox, the bare worker, the bench itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchStack } from './stack';

const TICKS_PER_SECOND = 100;

/** Seconds of CPU (user + system) each named process has used so far. */
export type CpuSeconds = Record<string, number>;

export function cpuNow(stack: BenchStack): CpuSeconds {
  const named: Array<[string, number | undefined]> = [
    ['temporal', stack.product.temporalPid()],
    ['api', stack.product.pidOf('api/main.ts')],
    ['worker', stack.product.pidOf('worker/main.ts')],
    ['inbox', stack.product.pidOf('inbox-server')],
    ['bare worker', stack.bareWorkerPid],
  ];
  const seconds: CpuSeconds = {};
  for (const [name, pid] of named) if (pid) seconds[name] = cpuOf(pid);
  seconds.postgres = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && comm(Number(p)) === 'postgres')
    .reduce((sum, p) => sum + cpuOf(Number(p)), 0);
  const own = process.cpuUsage();
  seconds.bench = (own.user + own.system) / 1e6;
  return seconds;
}

/** What each process used between two readings, in seconds. */
export function cpuSince(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  // To a tenth of a second: /proc counts hundredths, and the sums carry float noise.
  return Object.fromEntries(Object.entries(after).map(([name, s]) => [name, Math.round(Math.max(0, s - (before[name] ?? 0)) * 10) / 10]));
}

/** "CPU seconds[ in W s of wall time on N cores]: temporal 10.2, worker 9.1, …", largest first. */
export function cpuLine(used: CpuSeconds, wallMs?: number): string {
  const parts = Object.entries(used).sort((a, b) => b[1] - a[1]).map(([name, s]) => `${name} ${s.toFixed(1)}`);
  const wall = wallMs === undefined ? '' : ` in ${(wallMs / 1000).toFixed(1)} s of wall time on ${cpus().length} cores`;
  return `CPU seconds${wall}: ${parts.join(', ')}`;
}

function cpuOf(pid: number): number {
  try {
    // Fields after the command (which may hold spaces, inside parentheses): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
