/** A log destination in memory: every line a logger writes, kept for a test to read. */
import { Writable } from 'node:stream';

export interface MemoryLog {
  stream: Writable;
  lines: string[];
  /** Every line as parsed JSON (pino writes one object a line). */
  entries(): Record<string, unknown>[];
  /** The lines containing `text`, case-insensitively. */
  matching(text: string): string[];
}

export function memoryLog(): MemoryLog {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.length > 0));
      done();
    },
  });
  return {
    stream,
    lines,
    entries: () =>
      lines.map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return { unparsed: l };
        }
      }),
    matching: (text) => {
      const needle = text.toLowerCase();
      return [...lines, partial].filter((l) => l.toLowerCase().includes(needle));
    },
  };
}
