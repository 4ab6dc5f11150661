// Time as the server sees it. Code that waits (a drop's grace period) or measures (rate limits) asks
// a Clock instead of Date.now and setTimeout, so that a test can move time forward instead of sleeping.
export interface Clock {
  now(): number;
  /** Runs `fn` once `ms` have passed on this clock; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

interface Pending {
  due: number;
  fn: () => void;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * For tests: real time flows as usual, and `advance(ms)` jumps ahead, running at once every timer
 * that the jump makes due (in order of due time). Nothing else changes, so a test server can use it
 * throughout and only the tests that need time to pass call advance.
 */
export class SteppableClock implements Clock {
  private offset = 0;
  private pending = new Set<Pending>();

  now(): number {
    return Date.now() + this.offset;
  }

  after(ms: number, fn: () => void): () => void {
    const p: Pending = { due: this.now() + ms, fn, timer: null };
    this.pending.add(p);
    this.arm(p);
    return () => {
      if (p.timer) clearTimeout(p.timer);
      this.pending.delete(p);
    };
  }

  advance(ms: number): void {
    this.offset += ms;
    for (;;) {
      const due = [...this.pending].filter((p) => p.due <= this.now()).sort((a, b) => a.due - b.due)[0];
      if (!due) return;
      this.fire(due);
    }
  }

  private arm(p: Pending): void {
    p.timer = setTimeout(() => (p.due <= this.now() ? this.fire(p) : this.arm(p)), Math.max(0, p.due - this.now()));
  }

  private fire(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    if (!this.pending.delete(p)) return;
    p.fn();
  }
}
