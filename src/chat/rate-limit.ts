// Token buckets: bursts are fine, floods are refused frame by frame. One per socket, and one per
// visitor, agent and client address across all their sockets (a visitor with 60 sockets gets the
// rate of one), kept in bounded maps that forget what has been quiet long enough.
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(private ratePerSecond: number, private burst: number, private now: () => number = Date.now) {
    this.tokens = burst;
    this.updated = now();
  }

  /** `t`: the time now, when the caller has it (one clock read for a frame's three buckets). */
  take(t = this.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updated) / 1000) * this.ratePerSecond);
    this.updated = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Would it be full now? A full bucket is the same as a new one, so it may be forgotten. */
  full(): boolean {
    return this.tokens + ((this.now() - this.updated) / 1000) * this.ratePerSecond >= this.burst;
  }
}

/**
 * A bucket per key (visitor, agent, address). The map is in order of last use: each take forgets up
 * to two of the least recently used buckets that have refilled (nothing changes for their keys), and
 * at `maxKeys` the least recently used one goes anyway, so memory stays bounded whatever keys come.
 */
export class KeyedBuckets {
  private buckets = new Map<string, TokenBucket>();

  constructor(
    private ratePerSecond: number,
    private burst: number,
    private maxKeys = 100_000,
    private now: () => number = Date.now,
  ) {}

  take(key: string, t = this.now()): boolean {
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key); // set again below: last used goes last
    else bucket = new TokenBucket(this.ratePerSecond, this.burst, this.now);
    this.forgetQuiet();
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, bucket);
    return bucket.take(t);
  }

  get size(): number {
    return this.buckets.size;
  }

  private forgetQuiet(): void {
    for (let i = 0; i < 2; i++) {
      const first = this.buckets.entries().next().value;
      if (!first || !first[1].full()) return;
      this.buckets.delete(first[0]);
    }
  }
}
