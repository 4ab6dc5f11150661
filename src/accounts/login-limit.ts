// Slows password (and second-factor code) guessing: attempts are counted per (address, email) and
// per address in a sliding window; past the limit the attempt is refused before anything is checked.
//
// Every key is asked about by unauthenticated requests, so the table is bounded three ways: a key
// holds at most its limit of timestamps, keys whose window has passed are swept (on use, at most
// once a window's tenth, and by `sweep()` from the accounts' housekeeping timer), and past `maxKeys`
// the least recently used keys are forgotten. Callers cap the email's length before asking.
export interface LoginLimits {
  perPair: number;
  perAddress: number;
  /** attempts on one subject from all addresses together, where the caller asks for it (second-factor codes) */
  perSubject?: number;
  windowMs: number;
  /** how many keys are remembered at most (least recently used forgotten first) */
  maxKeys?: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perPair: 5, perAddress: 30, perSubject: 20, windowMs: 15 * 60_000, maxKeys: 20_000 };

/** An attempt being checked: counted already, given back by `succeed` when it proves right. */
export interface Attempt {
  address: string;
  email: string;
  at: number;
  /** also counted for the subject across addresses */
  subject: boolean;
}

export class LoginLimiter {
  /** key → timestamps of attempts in the window, oldest first; Map order is least recently used first */
  private attempts = new Map<string, number[]>();
  private lastSweep = 0;
  private readonly maxKeys: number;

  constructor(private limits: LoginLimits = DEFAULT_LOGIN_LIMITS, private now: () => number = Date.now) {
    this.maxKeys = limits.maxKeys ?? DEFAULT_LOGIN_LIMITS.maxKeys!;
  }

  /** How many keys are remembered (bounded by maxKeys). */
  get size(): number {
    return this.attempts.size;
  }

  /**
   * Counts an attempt before it is checked, so that simultaneous attempts cannot all pass the
   * check while the first is still being verified. Returns the seconds to wait when the limit is
   * reached (nothing is counted then), else the attempt, to hand to `succeed` if it proves right.
   * With `perSubject`, the subject's attempts from every address are limited too: only where the
   * attacker already holds a password (second-factor codes), since anyone could lock out an account
   * whose password-guesses counted that way.
   */
  attempt(address: string, email: string, opts: { perSubject?: boolean } = {}): { wait: number } | { wait: 0; attempt: Attempt } {
    const now = this.now();
    this.sweepIfDue(now);
    const subject = !!opts.perSubject;
    const wait = Math.max(
      this.waitFor(pairKey(address, email), this.limits.perPair, now),
      this.waitFor(addressKey(address), this.limits.perAddress, now),
      subject ? this.waitFor(subjectKey(email), this.limits.perSubject ?? DEFAULT_LOGIN_LIMITS.perSubject!, now) : 0,
    );
    if (wait > 0) return { wait };
    this.record(pairKey(address, email), now);
    this.record(addressKey(address), now);
    if (subject) this.record(subjectKey(email), now);
    return { wait: 0, attempt: { address, email, at: now, subject } };
  }

  /** The attempt was right: the pair starts afresh, and the address (and subject) get their attempt back. */
  succeed(attempt: Attempt): void {
    this.attempts.delete(pairKey(attempt.address, attempt.email));
    this.giveBack(addressKey(attempt.address), attempt.at);
    if (attempt.subject) this.giveBack(subjectKey(attempt.email), attempt.at);
  }

  private giveBack(key: string, at: number): void {
    const list = this.attempts.get(key);
    const i = list?.lastIndexOf(at) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    if (list?.length === 0) this.attempts.delete(key);
  }

  /** Forgets every key whose window has passed. */
  sweep(): void {
    const now = this.now();
    this.lastSweep = now;
    const since = now - this.limits.windowMs;
    for (const [key, list] of this.attempts) if (list[list.length - 1]! <= since) this.attempts.delete(key);
  }

  private sweepIfDue(now: number): void {
    if (now - this.lastSweep >= this.limits.windowMs / 10) this.sweep();
  }

  /** Seconds until the oldest attempt in the window leaves it, when `max` are in it; else 0. */
  private waitFor(key: string, max: number, now: number): number {
    const list = this.attempts.get(key);
    if (!list) return 0;
    const since = now - this.limits.windowMs;
    while (list.length > 0 && list[0]! <= since) list.shift();
    if (list.length === 0) {
      this.attempts.delete(key);
      return 0;
    }
    return list.length >= max ? Math.max(1, Math.ceil((list[0]! + this.limits.windowMs - now) / 1000)) : 0;
  }

  private record(key: string, now: number): void {
    const list = this.attempts.get(key) ?? [];
    // Moved to the end: the least recently used keys are the first ones forgotten.
    this.attempts.delete(key);
    list.push(now);
    this.attempts.set(key, list);
    while (this.attempts.size > this.maxKeys) this.attempts.delete(this.attempts.keys().next().value!);
  }
}

const pairKey = (address: string, email: string) => `p:${address}:${email}`;
const addressKey = (address: string) => `a:${address}`;
const subjectKey = (subject: string) => `s:${subject}`;
