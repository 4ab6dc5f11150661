// A sliding-window counter for public endpoints (message form, beacon, uploads, identify): at most
// `max` hits per key in `windowMs`. In memory: limits protect this process, and they reset with it.
//
// Its keys come from unauthenticated requests (addresses, visitor ids a client makes up), so the
// table is bounded like the sign-in limiter's (src/accounts/login-limit.ts): a key holds at most
// `max` timestamps, keys whose window has passed are swept, and past `maxKeys` the least recently
// used keys are forgotten (a flood of new keys may then forget a key that was still counting, as
// any bounded table must; it takes `maxKeys` fresh addresses within one window).
export const DEFAULT_MAX_KEYS = 50_000;

export class WindowLimit {
  /** key → timestamps of hits in the window, oldest first; Map order is least recently used first */
  private hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    public max: number,
    public windowMs: number,
    private now: () => number = Date.now,
    /** how many keys are remembered at most (least recently used forgotten first) */
    public maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** How many keys are remembered (at most maxKeys). */
  get size(): number {
    return this.hits.size;
  }

  /** Counts a hit; returns 0 when allowed, else the seconds until the next hit would be. */
  hit(key: string): number {
    const now = this.now();
    this.sweep(now);
    const since = now - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    // Moved to the end: the least recently used keys are the first ones forgotten.
    this.hits.delete(key);
    if (list.length >= this.max) {
      this.hits.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.set(key, list);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }

  reset(): void {
    this.hits.clear();
  }

  /** Forgets keys whose hits are all older than the window, at most once a window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.hits) if (list[list.length - 1]! <= now - this.windowMs) this.hits.delete(key);
  }
}
