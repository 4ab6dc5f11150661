// The checkpoint thread (see checkpoints.ts). Its own connection copies the WAL back into the
// database file with PASSIVE checkpoints, which never wait for or block the server's writes.
// A separate entry point of the executable (scripts/build.ts).
import { Database } from "bun:sqlite";

declare const self: Worker;

export interface CheckpointStart {
  path: string;
  synchronous: "NORMAL" | "FULL";
  everyMs: number;
}

/** What the thread reports after a checkpoint that copied frames. */
export interface CheckpointDone {
  frames: number;
}

/**
 * A WAL this long (frames of one page) is restarted: copied to its end, then begun again from its
 * start. Under a steady stream of commits a passive checkpoint never finds the WAL entirely
 * copied at the moment a transaction begins, which is when SQLite would start it over, so the file
 * would grow without end, and every page read would look through a longer index of it.
 * The restart holds the write lock through its last copy and fsync, 15–20 ms here, and the server's
 * next commit waits for it on the event loop: at 8,192 frames that came every ~0.56 s at 5,000
 * messages a second and made the open loop's p99 19–28 ms; at 65,536 (a WAL of at most 256 MB at
 * 4 KiB pages) it comes every ~4.5 s and the p99 is 8.4–8.8 ms (bench/load.ts --visitors 5000).
 */
const RESTART_FRAMES = 65_536;

/**
 * Behind by more than this (frames not yet copied), the next checkpoint starts at once. Less, it
 * waits for its usual interval: at saturation, checkpointing again as soon as one ended copied each
 * busy page at nearly every commit, with two fsyncs a pass, on a core the server needs.
 */
const CATCH_UP_FRAMES = 16_384;

self.onmessage = (e: MessageEvent<CheckpointStart>) => {
  const { path, synchronous, everyMs } = e.data;
  const db = new Database(path, { create: false });
  db.exec("PRAGMA busy_timeout = 0");
  // The checkpoint's fsyncs follow the server's durability setting.
  db.exec(`PRAGMA synchronous = ${synchronous}`);
  const passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  const restart = db.prepare("PRAGMA wal_checkpoint(RESTART)");
  const tick = () => {
    let backlog = 0;
    try {
      let r = passive.get() as { busy: number; log: number; checkpointed: number };
      let frames = r.checkpointed;
      if (r.log >= RESTART_FRAMES) {
        // Writers wait for this one (briefly: the passive pass above copied nearly everything).
        db.exec("PRAGMA busy_timeout = 100");
        try {
          r = restart.get() as typeof r;
          frames = r.checkpointed;
        } finally {
          db.exec("PRAGMA busy_timeout = 0");
        }
      }
      if (frames > 0) postMessage({ frames } satisfies CheckpointDone);
      backlog = r.log - r.checkpointed;
    } catch {
      // Busy (another checkpoint, a schema change): the next tick tries again.
    }
    // Far behind, it goes on at once; otherwise it looks again in a moment, and the pages written
    // meanwhile (a busy conversation's index page, many times) are copied once.
    setTimeout(tick, backlog > CATCH_UP_FRAMES ? 1 : everyMs);
  };
  tick();
};
