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

self.onmessage = (e: MessageEvent<CheckpointStart>) => {
  const { path, synchronous, everyMs } = e.data;
  const db = new Database(path, { create: false });
  db.exec("PRAGMA busy_timeout = 0");
  // The checkpoint's fsyncs follow the server's durability setting.
  db.exec(`PRAGMA synchronous = ${synchronous}`);
  const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  setInterval(() => {
    try {
      const r = checkpoint.get() as { busy: number; log: number; checkpointed: number };
      if (r.checkpointed > 0) postMessage({ frames: r.checkpointed } satisfies CheckpointDone);
    } catch {
      // Busy (another checkpoint, a schema change): the next tick tries again.
    }
  }, everyMs);
};
