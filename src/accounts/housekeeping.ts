// What accounts clean up by themselves: expired sessions (deleted, and their sockets closed) and
// the sign-in limiter's expired keys. At start-up and then every hour, on a timer that does not
// keep the process alive.
import type { AppContext } from "../http/app-context";
import { deleteExpiredSessions } from "./sessions";

export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

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
