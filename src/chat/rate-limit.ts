// A token bucket per socket: bursts are fine, floods are refused frame by frame.
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(private ratePerSecond: number, private burst: number, private now: () => number = Date.now) {
    this.tokens = burst;
    this.updated = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updated) / 1000) * this.ratePerSecond);
    this.updated = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
