// Waiting for an event in tests: poll a condition (every 10 ms) instead of sleeping a fixed time.

/** Resolves as soon as `check()` holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean, what = "a condition", ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
