/** Small statistics and formatting helpers shared by the bench and soak scripts. */

/** The q-quantile (0..1) of a list of numbers, nearest-rank; NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]): number => quantile(values, 0.5);

export const mean = (values: number[]): number => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);

/** Rounds for display and for the JSON line (keeps figures readable, never hides a NaN). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A plain text table: the first row is the header. */
export function table(rows: (string | number)[][]): string {
  const text = rows.map((r) => r.map((c) => (typeof c === 'number' ? String(round(c, 3)) : c)));
  const widths = text[0]!.map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(text[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1).map(line)].join('\n');
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at a time; answers in index order. */
export async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
