// SQLite's WAL has to be copied back into the database file now and then (a checkpoint). By
// default the connection that commits does it when the WAL reaches 1,000 pages, on the event
// loop and with an fsync: every few hundred messages one of them waited 50 ms or more
// (bench/load.ts, p99.9). The server gives that work to a thread with its own connection, and
// its own connection stops checkpointing; should the thread fail, the connection takes it back.
// The thread starts once the server writes (the WAL reaches START_AFTER_FRAMES): it is a second
// JavaScript VM of its own, ~8 MB, and a wake-up twice a second, which an install that only sits
// idle or takes a few chats a day never needs; until then the connection checkpoints as SQLite
// does by default.
import { statSync } from "node:fs";
import { srcRoot } from "../paths";
import { databasePath, type Db } from "./client";
import type { CheckpointDone, CheckpointStart } from "./checkpoint-worker";
import { log } from "../log";

export interface Checkpoints {
  /**
   * "thread" while the worker runs; "waiting" before it starts (the server's connection checkpoints
   * itself until the WAL first holds START_AFTER_FRAMES); "inline" when the thread could not run or was stopped
   */
  readonly mode: "thread" | "waiting" | "inline";
  /** WAL frames the thread has copied since it started */
  readonly frames: number;
  /** Ends the thread; resolves once its connection is gone (or after half a second), so a checkpoint after it is not busy. */
  stop(): Promise<void>;
}

const AUTOCHECKPOINT_PAGES = 1000;

/**
 * How often the thread looks for frames to copy (it goes on at once when far behind:
 * checkpoint-worker.ts). Every 100 ms at saturation it used 8 % of a core; every 500 ms the pages
 * written many times in between are copied once, and the server did 28.0k msgs/s at 107 % of a
 * core instead of 27.0k at 112 % (bench/load.ts --saturate --only parley, alternating). 1,000 ms
 * was no better. The WAL's bound is the thread's restart, not this.
 */
const CHECKPOINT_EVERY_MS = 500;

/**
 * The thread starts when the WAL first holds this many frames (1 MiB at 4 KiB pages: a few hundred
 * messages, or a second at full load), well before the connection's own checkpoint at
 * AUTOCHECKPOINT_PAGES; the WAL's size is looked at every WAIT_POLL_MS until then.
 */
const START_AFTER_FRAMES = 256;
const WAIT_POLL_MS = 100;
/** a WAL file's header, and each frame's header before its page (sqlite.org/fileformat.html) */
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface CheckpointOptions {
  everyMs?: number;
  /** 0: the thread starts at once */
  startAfterFrames?: number;
  pollMs?: number;
}

export function startCheckpoints(db: Db, dataDir: string, synchronous: CheckpointStart["synchronous"], opts: CheckpointOptions = {}): Checkpoints {
  const { everyMs = CHECKPOINT_EVERY_MS, startAfterFrames = START_AFTER_FRAMES, pollMs = WAIT_POLL_MS } = opts;
  const state = { mode: "waiting" as Checkpoints["mode"], frames: 0 };
  const inline = (mode: Checkpoints["mode"] = "inline") => {
    state.mode = mode;
    db.$client.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  let worker: Worker | null = null;
  let waiting: ReturnType<typeof setInterval> | null = null;
  const startThread = () => {
    try {
      // By a path under src/: in the executable the worker is an entry point embedded there (scripts/build.ts).
      const thread = (worker = new Worker(`${srcRoot}/db/checkpoint-worker.ts`, { smol: true } as WorkerOptions));
      thread.onmessage = (e: MessageEvent<CheckpointDone>) => void (state.frames += e.data.frames);
      thread.onerror = (e) => {
        log.error("checkpoint thread failed, checkpointing inline", { error: e.message });
        thread.terminate();
        inline();
      };
      state.mode = "thread";
      db.$client.exec("PRAGMA wal_autocheckpoint = 0");
      thread.postMessage({ path: databasePath(dataDir), synchronous, everyMs } satisfies CheckpointStart);
      // The thread must not keep a stopping process alive.
      (thread as Worker & { unref(): void }).unref();
    } catch (e) {
      log.error("checkpoint thread not started, checkpointing inline", { error: (e as Error).message });
      inline();
    }
  };
  if (startAfterFrames <= 0) startThread();
  else {
    inline("waiting");
    const walPath = `${databasePath(dataDir)}-wal`;
    const pageSize = (db.$client.query("PRAGMA page_size").get() as { page_size: number }).page_size;
    const startAt = WAL_HEADER + startAfterFrames * (FRAME_HEADER + pageSize);
    // The WAL file keeps its largest size when SQLite starts it over, so it only ever passes the mark once.
    waiting = setInterval(() => {
      let size = 0;
      try {
        size = statSync(walPath).size;
      } catch {
        return; // no WAL yet: nothing written since the last connection closed
      }
      if (size < startAt) return;
      clearInterval(waiting!);
      waiting = null;
      startThread();
    }, pollMs);
    (waiting as { unref?: () => void }).unref?.();
  }
  return {
    get mode() {
      return state.mode;
    },
    get frames() {
      return state.frames;
    },
    stop() {
      if (waiting) clearInterval(waiting);
      waiting = null;
      const closed = worker
        ? new Promise<void>((resolve) => {
            worker!.addEventListener("close", () => resolve(), { once: true });
            setTimeout(resolve, 500).unref?.();
          })
        : Promise.resolve();
      worker?.terminate();
      // Closing the last connection checkpoints what is left.
      if (state.mode !== "inline") inline();
      return closed;
    },
  };
}
