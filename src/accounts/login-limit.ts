// Slows password guessing: failed sign-ins are counted per (address, email) and per address in a
// sliding window; past the limit the sign-in is refused before any password is checked.
export interface LoginLimits {
  perPair: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perPair: 5, perAddress: 30, windowMs: 15 * 60_000 };

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(private limits: LoginLimits = DEFAULT_LOGIN_LIMITS, private now: () => number = Date.now) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfter(address: string, email: string): number {
    const since = this.now() - this.limits.windowMs;
    const check = (key: string, max: number) => {
      const list = (this.failures.get(key) ?? []).filter((t) => t > since);
      this.failures.set(key, list);
      return list.length >= max ? Math.ceil((list[0]! + this.limits.windowMs - this.now()) / 1000) : 0;
    };
    return Math.max(check(`p:${address}:${email}`, this.limits.perPair), check(`a:${address}`, this.limits.perAddress));
  }

  fail(address: string, email: string): void {
    for (const key of [`p:${address}:${email}`, `a:${address}`]) {
      const list = this.failures.get(key) ?? [];
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  succeed(address: string, email: string): void {
    this.failures.delete(`p:${address}:${email}`);
  }
}
