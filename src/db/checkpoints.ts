// SQLite's WAL has to be copied back into the database file now and then (a checkpoint). By
// default the connection that commits does it when the WAL reaches 1,000 pages, on the event
// loop and with an fsync: every few hundred messages one of them waited 50 ms or more
// (bench/load.ts, p99.9). The server gives that work to a thread with its own connection, and
// its own connection stops checkpointing; should the thread fail, the connection takes it back.
import { srcRoot } from "../paths";
import { databasePath, type Db } from "./client";
import type { CheckpointDone, CheckpointStart } from "./checkpoint-worker";
import { log } from "../log";

export interface Checkpoints {
  /** "thread" while the worker runs, "inline" when the server's connection checkpoints itself */
  readonly mode: "thread" | "inline";
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

export function startCheckpoints(db: Db, dataDir: string, synchronous: CheckpointStart["synchronous"], everyMs = CHECKPOINT_EVERY_MS): Checkpoints {
  const state = { mode: "thread" as Checkpoints["mode"], frames: 0 };
  const inline = () => {
    state.mode = "inline";
    db.$client.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  let worker: Worker | null = null;
  try {
    // By a path under src/: in the executable the worker is an entry point embedded there (scripts/build.ts).
    const thread = (worker = new Worker(`${srcRoot}/db/checkpoint-worker.ts`, { smol: true } as WorkerOptions));
    thread.onmessage = (e: MessageEvent<CheckpointDone>) => void (state.frames += e.data.frames);
    thread.onerror = (e) => {
      log.error("checkpoint thread failed, checkpointing inline", { error: e.message });
      thread.terminate();
      inline();
    };
    db.$client.exec("PRAGMA wal_autocheckpoint = 0");
    thread.postMessage({ path: databasePath(dataDir), synchronous, everyMs } satisfies CheckpointStart);
    // The thread must not keep a stopping process alive.
    (thread as Worker & { unref(): void }).unref();
  } catch (e) {
    log.error("checkpoint thread not started, checkpointing inline", { error: (e as Error).message });
    inline();
  }
  return {
    get mode() {
      return state.mode;
    },
    get frames() {
      return state.frames;
    },
    stop() {
      const closed = worker
        ? new Promise<void>((resolve) => {
            worker!.addEventListener("close", () => resolve(), { once: true });
            setTimeout(resolve, 500).unref?.();
          })
        : Promise.resolve();
      worker?.terminate();
      // Closing the last connection checkpoints what is left.
      if (state.mode === "thread") inline();
      return closed;
    },
  };
}
