// What the server does on SIGTERM or SIGINT, in order, within a deadline:
//  1. stop listening: no new sockets or requests (requests in flight finish);
//  2. let the group commit's pending batch run, so frames already received are stored and acked;
//  3. stop the chat core's timers (idle sweep, grace periods) and the background jobs;
//  4. close every socket with 1001 (going away; clients reconnect to the next process and resend
//     what was not acknowledged) — each socket's close handler flushes its frames first;
//  5. checkpoint the WAL into the database file, close it, exit 0.
// Should any of it hang, the deadline exits with 1 (systemd or Docker would kill it anyway).
import type { Db } from "../db/client";
import { log } from "../log";

export interface Stoppable {
  /** Bun's server: stop(false) stops listening, stop(true) also closes every connection (sockets with 1001) */
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

export interface ShutdownParts {
  server: Stoppable;
  db: Db;
  /** the chat core's and the background jobs' stop functions, run after the last frames are handled */
  stopTimers: (() => void)[];
  /** after the sockets have closed, before the final checkpoint (the checkpoint thread: resolves once it has let go) */
  beforeCheckpoint?: () => void | Promise<void>;
  deadlineMs?: number;
  exit?: (code: number) => void;
}

/** One event-loop turn: setImmediate callbacks scheduled before it (a group-commit batch) have run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function shutdown(p: ShutdownParts, signal: string): Promise<void> {
  const exit = p.exit ?? ((code: number) => process.exit(code));
  const started = Date.now();
  const deadline = setTimeout(() => {
    log.error("shutdown took too long; exiting", { signal, ms: Date.now() - started });
    exit(1);
  }, p.deadlineMs ?? 10_000);
  // Not unref'd: it also keeps the process alive through the awaits below, which would otherwise end
  // it with code 0 the moment nothing else is pending (before the final checkpoint).
  log.info("shutting down", { signal });
  try {
    const draining = p.server.stop(false);
    await nextTurn();
    for (const stop of p.stopTimers) stop();
    await p.server.stop(true);
    await draining;
    await nextTurn();
    await p.beforeCheckpoint?.();
    // TRUNCATE is refused (busy) while another connection is mid-checkpoint or reading: the thread
    // letting go, a background job's last read. Ask again for a moment rather than leave a WAL behind.
    let result: { busy: number; log: number; checkpointed: number } | undefined;
    for (let i = 0; i < 50; i++) {
      [result] = p.db.$client.query("PRAGMA wal_checkpoint(TRUNCATE)").all() as (typeof result)[];
      if (!result?.busy) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    p.db.$client.close();
    log.info("stopped", { signal, ms: Date.now() - started, walFramesCheckpointed: result?.checkpointed ?? 0, walBusy: result?.busy ?? 0, walLog: result?.log ?? 0 });
    clearTimeout(deadline);
    exit(0);
  } catch (e) {
    log.error("shutdown failed", { signal, error: e });
    clearTimeout(deadline);
    exit(1);
  }
}
