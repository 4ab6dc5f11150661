// Token buckets: bursts are fine, floods are refused frame by frame. One per socket, and one per
// visitor, agent and client address across all their sockets (a visitor with 60 sockets gets the
// rate of one), kept in bounded maps that forget what has been quiet long enough.
import { systemClock, type Clock } from "../clock";

/** What the buckets read the time from: the server's clock (src/clock.ts), passed whole so a bucket holds no closure of its own (one per socket). */
type TimeSource = Pick<Clock, "now">;

export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(private ratePerSecond: number, private burst: number, private clock: TimeSource = systemClock) {
    this.tokens = burst;
    this.updated = clock.now();
  }

  /** `t`: the time now, when the caller has it (one clock read for a frame's three buckets). */
  take(t = this.clock.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updated) / 1000) * this.ratePerSecond);
    this.updated = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * A bucket per key (visitor, agent, address), in two generations. A take finds its key's bucket in
 * the current map (or moves it there from the previous one); every refill period the current map
 * becomes the previous one and the previous one is dropped. A dropped bucket was untouched for at
 * least a refill period, so it was full: forgetting it changes nothing for its key. At `maxKeys`
 * the generations turn early, so memory stays bounded whatever keys come (a flood of new keys may
 * then forget a bucket that had not refilled, as any bounded table must).
 *
 * Generations instead of a map kept in order of use: that cost a delete, a set and two looks at
 * the oldest key per take, on every frame of every socket (bench/load.ts --saturate).
 */
export class KeyedBuckets {
  private current = new Map<string, TokenBucket>();
  private previous = new Map<string, TokenBucket>();
  /** how long an untouched bucket takes to be full again, from empty */
  private readonly refillMs: number;
  private turnAt: number;
  /** the last take: when it is a refill period ago, every bucket is full */
  private lastTake: number;

  constructor(
    private ratePerSecond: number,
    private burst: number,
    private maxKeys = 100_000,
    private clock: TimeSource = systemClock,
  ) {
    this.refillMs = Math.ceil((burst / ratePerSecond) * 1000);
    this.lastTake = clock.now();
    this.turnAt = this.lastTake + this.refillMs;
  }

  take(key: string, t = this.clock.now()): boolean {
    if (t >= this.turnAt) this.turn(t);
    this.lastTake = t;
    let bucket = this.current.get(key);
    if (!bucket) {
      bucket = this.previous.get(key);
      if (bucket) this.previous.delete(key);
      else bucket = new TokenBucket(this.ratePerSecond, this.burst, this.clock);
      if (this.current.size >= this.maxKeys / 2) this.turn(t);
      this.current.set(key, bucket);
    }
    return bucket.take(t);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private turn(t: number): void {
    // Quiet for a whole refill period: the current generation is all full as well.
    this.previous = t - this.lastTake >= this.refillMs ? new Map() : this.current;
    this.current = new Map();
    this.turnAt = t + this.refillMs;
  }
}
