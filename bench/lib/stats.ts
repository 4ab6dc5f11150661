// Percentiles and a growable column of numbers.

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function summarise(values: Float64Array): Summary {
  const s = values.slice().sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    p999: percentile(s, 99.9),
    max: s.length ? s[s.length - 1]! : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}

export const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : "–");

export function formatSummary(s: Summary): string {
  return `p50 ${ms(s.p50)} ms · p90 ${ms(s.p90)} ms · p99 ${ms(s.p99)} ms · p99.9 ${ms(s.p999)} ms · max ${ms(s.max)} ms (n=${s.count})`;
}

/** A column of float64 values that grows as needed. */
export class Column {
  data: Float64Array;
  constructor(capacity = 1 << 16) {
    this.data = new Float64Array(capacity);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length;
    while (cap < n) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.data);
    this.data = next;
  }
}

/** Runs fn(i) n times and times each call alone, in µs: the tail a mean hides. */
export function timeEach(n: number, fn: (i: number) => unknown): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    d[i] = (performance.now() - t) * 1000;
  }
  return d;
}
