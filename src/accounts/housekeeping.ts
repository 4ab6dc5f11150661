// What accounts clean up by themselves: expired sessions (deleted, and their sockets closed) and
// the sign-in limiter's expired keys. At start-up and then every minute, on a timer that does not
// keep the process alive: an idle agent socket whose session expired goes on receiving visitors'
// messages until the sweep closes it (one that sends is closed at its frame), so the sweep bounds
// that to a minute. Sessions live on the wall clock, not the chat core's injectable one, so the
// sweep, not a timer per socket on the chat clock, is what ends them (tests move the chat clock by
// days, which must not end sessions).
import type { AppContext } from "../http/app-context";
import { deleteExpiredSessions } from "./sessions";

export const HOUSEKEEPING_EVERY_MS = 60_000;

/** One round; returns how many sessions were deleted. */
export function sweepAccounts(app: Pick<AppContext, "db" | "chat" | "loginLimiter">, now = Date.now()): number {
  const ended = deleteExpiredSessions(app.db, now);
  for (const s of ended) app.chat.closeSessionSockets(s.userId, s.id, "session expired");
  app.loginLimiter.sweep();
  return ended.length;
}

/** Sweeps now and every `everyMs`; returns a function that stops it. */
export function startAccountHousekeeping(app: Pick<AppContext, "db" | "chat" | "loginLimiter">, everyMs = HOUSEKEEPING_EVERY_MS): () => void {
  sweepAccounts(app);
  const timer = setInterval(() => sweepAccounts(app), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
