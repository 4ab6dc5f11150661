// The histogram buckets of response and resolution times, kept per day so that a median or p90 over
// any range is a sum of rows, not a scan of conversations. A bucket holds the times up to its upper
// edge (and above the previous one); a percentile is reported as the edge of its bucket ("≤ 30 s"),
// which is exact for the edges themselves and otherwise an upper bound (docs/reports.md).

/** upper edges in seconds; one more bucket holds everything above the last */
export const EDGES_S = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600, 28800, 43200, 86400, 172800] as const;
export const BUCKETS = EDGES_S.length + 1;

/** The bucket of a time in milliseconds. */
export function bucketOf(ms: number): number {
  const s = ms / 1000;
  for (let i = 0; i < EDGES_S.length; i++) if (s <= EDGES_S[i]!) return i;
  return EDGES_S.length;
}

/** The upper edge of a bucket in seconds (null for the last: above every edge). */
export const edgeOf = (bucket: number): number | null => EDGES_S[bucket] ?? null;

/**
 * The nearest-rank percentile (p in 0..1) of a histogram: the bucket holding the ⌈p·n⌉-th smallest
 * time. Null when it is empty.
 */
export function percentileBucket(counts: readonly number[], p: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return i;
  }
  return counts.length - 1;
}
