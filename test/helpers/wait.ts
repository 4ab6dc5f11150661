// Waiting for an event in tests: poll a condition (every 10 ms) instead of sleeping a fixed time.

/** Resolves as soon as `check()` holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean, what = "a condition", ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** The promise's value, or `what` when it has not settled after `ms` (a guard for an answer that may never come). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T | string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(what), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
