// Keeps SQLite's query planner informed. Without statistics it assumes an index on enterprise_id
// narrows a search to a few rows, and walks a whole enterprise instead of looking up a handful of
// ids (seen in bench/history-search.ts: 150 ms instead of 6 ms at a million messages).
// SQLite's advice: "PRAGMA optimize" at start-up (0x10002: also for tables never analysed) and
// periodically; it re-analyses only the tables whose size changed a lot, so it is cheap.
import { databaseClosed, type Db } from "./client";
import { log } from "../log";

export function optimizeDatabase(db: Db, atStartup = false): void {
  db.$client.exec(atStartup ? "PRAGMA optimize=0x10002" : "PRAGMA optimize");
}

/**
 * Runs optimize shortly after start-up (not before the first request: analysing a large database
 * that was never analysed takes a while) and then every `everyMs`; returns a function that stops it.
 * A run that fails (the database locked past the busy timeout by another process) is logged and
 * the next one tries again, the start-up kind until one has succeeded: an error thrown from a timer
 * would end the server (src/log.ts logUncaught).
 */
export function startMaintenance(db: Db, everyMs = 60 * 60_000, firstAfterMs = 5_000): () => void {
  let analysed = false;
  const run = () => {
    try {
      optimizeDatabase(db, !analysed);
      analysed = true;
    } catch (e) {
      if (databaseClosed(e)) return stop();
      log.warn("database optimize failed; tried again later", { error: e });
    }
  };
  const first = setTimeout(run, firstAfterMs);
  const timer = setInterval(run, everyMs);
  for (const t of [first, timer]) (t as { unref?: () => void }).unref?.();
  const stop = () => {
    clearTimeout(first);
    clearInterval(timer);
  };
  return stop;
}
