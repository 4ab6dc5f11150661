// What accounts clean up by themselves: expired sessions (deleted, and their sockets closed) and
// the sign-in limiter's expired keys. At start-up and then every minute, on a timer that does not
// keep the process alive: an idle agent socket whose session expired goes on receiving visitors'
// messages until the sweep closes it (one that sends is closed at its frame), so the sweep bounds
// that to a minute. Sessions live on the wall clock, not the chat core's injectable one, so the
// sweep, not a timer per socket on the chat clock, is what ends them (tests move the chat clock by
// days, which must not end sessions).
import type { AppContext } from "../http/app-context";
import { deleteExpiredSessions } from "./sessions";
import { log } from "../log";
import { databaseClosed } from "../db/client";

export const HOUSEKEEPING_EVERY_MS = 60_000;

/** One round; returns how many sessions were deleted. */
export function sweepAccounts(app: Pick<AppContext, "db" | "chat" | "loginLimiter">, now = Date.now()): number {
  const ended = deleteExpiredSessions(app.db, now);
  for (const s of ended) app.chat.closeSessionSockets(s.userId, s.id, "session expired");
  app.loginLimiter.sweep();
  return ended.length;
}

/**
 * Sweeps now and every `everyMs`; returns a function that stops it. A round that fails (the database
 * locked past the busy timeout by another process) is logged and the next one tries again: an error
 * thrown from the timer would end the server (src/log.ts logUncaught).
 */
export function startAccountHousekeeping(app: Pick<AppContext, "db" | "chat" | "loginLimiter">, everyMs = HOUSEKEEPING_EVERY_MS): () => void {
  const round = () => {
    try {
      sweepAccounts(app);
    } catch (e) {
      if (databaseClosed(e)) return stop();
      log.warn("account housekeeping failed; tried again later", { error: e });
    }
  };
  round();
  const timer = setInterval(round, everyMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  return stop;
}
