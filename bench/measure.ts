/** Figures and their display: latency percentiles, rates, a progress bar on stderr, the table on stdout. */
import { SingleBar, Presets } from 'cli-progress';

/** Latencies in milliseconds, summarized. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** p50/p95/p99 (nearest rank) and mean of latencies in ms. @throws Error on no samples */
export function latency(samples: number[]): Latency {
  if (!samples.length) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

/** Milliseconds `work` took. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** A progress bar on stderr while `total` steps run; `tick()` after each. */
export function progress(label: string, total: number) {
  const bar = new SingleBar(
    { format: `${label.padEnd(44)} [{bar}] {value}/{total} {duration}s`, stream: process.stderr, hideCursor: false, noTTYOutput: true, notTTYSchedule: 10_000 },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/**
 * Runs `work(i)` for i in [0, count) with at most `concurrency` at once, ticking `bar` after each.
 * @returns the wall-clock milliseconds it took
 * @throws the first error any `work` threw, after the others in flight end
 */
export async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>, bar?: { tick(): void }): Promise<number> {
  let next = 0;
  let failed: unknown;
  const t0 = performance.now();
  const lane = async () => {
    while (next < count && failed === undefined) {
      const i = next++;
      try {
        await work(i);
      } catch (err) {
        failed ??= err;
      }
      bar?.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (failed !== undefined) throw failed;
  return performance.now() - t0;
}

/** One line of the results: what was measured, the product's figure, bare Temporal's, their ratio, the goal. */
export interface Row {
  section: string;
  measure: string;
  unit: string;
  product: number;
  bare: number | null;
  /** product ÷ bare, or null without a bare figure. */
  ratio: number | null;
  /** The goal in words, and whether it holds (null: no goal on this line). */
  goal: string | null;
  met: boolean | null;
}

/** A row with its ratio (product ÷ bare), and its goal checked when it has one: `holds` gets the ratio and the product's figure. */
export function row(
  section: string,
  measure: string,
  unit: string,
  product: number,
  bare: number | null,
  goal?: { text: string; holds: (ratio: number | null, product: number) => boolean },
): Row {
  const ratio = bare ? product / bare : null;
  return { section, measure, unit, product, bare, ratio, goal: goal?.text ?? null, met: goal ? goal.holds(ratio, product) : null };
}

/** The rows as an aligned table. */
export function table(rows: Row[]): string {
  const fmt = (x: number | null, unit = '') => (x === null ? '' : `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}${unit}`);
  const lines = [['section', 'measure', 'product', 'bare Temporal', 'ratio', 'goal', '']];
  for (const r of rows) {
    const unit = r.unit ? ` ${r.unit}` : '';
    lines.push([r.section, r.measure, fmt(r.product, unit), fmt(r.bare, r.bare === null ? '' : unit), fmt(r.ratio, r.ratio === null ? '' : '×'), r.goal ?? '', r.met === null ? '' : r.met ? 'met' : 'MISSED']);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}
