// A sliding-window counter for public endpoints (message form, beacon): at most `max` hits per key
// in `windowMs`. In memory: limits protect this process, and they reset with it.
export class WindowLimit {
  private hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    public max: number,
    public windowMs: number,
    private now: () => number = Date.now,
  ) {}

  /** Counts a hit; returns 0 when allowed, else the seconds until the next hit would be. */
  hit(key: string): number {
    const now = this.now();
    this.sweep(now);
    const since = now - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.max) {
      this.hits.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.set(key, list);
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
