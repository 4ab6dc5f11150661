// The message path's latency: from the first socket frame of a group-commit batch arriving to the
// batch committed and its acks and fan-out sent (src/chat/group-commit.ts calls timeBatch; one
// line there). Each batch is observed once, by its oldest frame: the slowest of its frames. Cost: two
// performance.now() calls and a few additions per batch, not per message.

/** Upper bounds of the buckets, in seconds (Prometheus' unit). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export class Histogram {
  /** counts per bucket (not cumulative; the exposition adds them up), the last for +Inf */
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array(bounds.length + 1).fill(0);
  }
  observe(seconds: number): void {
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }
}

/** The process's message-path histogram. */
export const messagePath = new Histogram(LATENCY_BUCKETS);

/** Wraps a batch's flush: the clock starts now (its first frame arrived) and stops when it has run. */
export function timeBatch(flush: () => void): () => void {
  const started = performance.now();
  return () => {
    try {
      flush();
    } finally {
      messagePath.observe((performance.now() - started) / 1000);
    }
  };
}
