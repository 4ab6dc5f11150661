// Group commit for socket frames. Every frame that arrives in one turn of the event loop is handled
// in one SQLite transaction, and whatever the handling sends (acks, fan-out, replies) is held until
// that transaction has committed. An ack still means "stored", but a thousand messages pay for one
// commit instead of a thousand: under load the commit, not the statements, was most of a message's
// cost (bench/hot-path.ts). A lone frame waits for nothing but the end of its turn.
import type { Db } from "../db/client";
import { committed, rollback } from "../db/transaction";
import { timeBatch } from "../ops/latency";
import { log } from "../log";

/** A long run of frames made a page at a time (a replay): the next page, or null when done. */
export type Pages = () => string[] | null;

/**
 * Where frames go: a socket (Bun's can cork, gathering several sends into one write), which may
 * take a run of pages to send as its reader keeps up (src/chat/outbox.ts); one that cannot gets
 * them all at once.
 */
export interface Sink {
  send(data: string): unknown;
  cork?(fn: () => void): unknown;
  replay?(pages: Pages): void;
}

interface Job {
  run(): void;
  /** the batch did not commit: the frame's sender must not think it was handled */
  lost(): void;
}

export class GroupCommit {
  private jobs: Job[] = [];
  /** sends held while a batch runs, per socket in order; null between batches, when sends go out at once */
  private held: Map<Sink, (string | Pages)[]> | null = null;

  constructor(private db: Db) {}

  /** Handles a frame in the current batch (the batch runs at the end of this turn). */
  add(run: () => void, lost: () => void): void {
    if (this.jobs.push({ run, lost }) === 1) setImmediate(timeBatch(() => this.flush()));
  }

  /** Sends now, or, during a batch, right after it commits (each socket's frames in the order they were made). */
  send(socket: Sink, data: string | Pages): void {
    if (!this.held) return deliver(socket, data);
    const queued = this.held.get(socket);
    if (queued) queued.push(data);
    else this.held.set(socket, [data]);
  }

  /**
   * Runs the waiting frames now rather than at the end of the turn: before something that must come
   * after them (a socket's close after its last frames). Inside a running batch there is nothing to do.
   */
  flushNow(): void {
    if (!this.held && this.jobs.length) this.flush();
  }

  private flush(): void {
    if (!this.jobs.length) return;
    const jobs = this.jobs;
    this.jobs = [];
    const sqlite = this.db.$client;
    try {
      // IMMEDIATE: the write lock up front, so no other process's commit can invalidate what the
      // batch read before writing. Handlers' own transactions become savepoints inside it.
      sqlite.exec("BEGIN IMMEDIATE");
    } catch {
      // The database is closed (the server is stopping) or locked by another process for longer
      // than busy_timeout: these frames are not handled, and their senders must not wait for them.
      for (const job of jobs) job.lost();
      return;
    }
    const held = (this.held = new Map<Sink, (string | Pages)[]>());
    try {
      for (const job of jobs) {
        try {
          job.run();
        } catch (e) {
          // Handlers answer their own failures with error frames; this is a defect, not bad input.
          log.error("socket frame failed", { error: e });
        }
      }
      sqlite.exec("COMMIT");
      // What waited for the commit (domain events' subscribers: src/events) runs now; it sees only stored facts.
      committed(this.db);
    } catch (e) {
      // The disk refused the commit (full, I/O error): nothing of the batch is stored, so nothing of
      // it may be acknowledged. Its senders are disconnected and resend when they reconnect.
      log.error("a batch of socket frames could not be stored", { error: e });
      try {
        rollback(this.db);
      } catch {}
      for (const job of jobs) job.lost();
      return;
    } finally {
      this.held = null;
    }
    // A socket with several frames gets them in one write (an agent hears of many chats per turn).
    for (const [socket, frames] of held) {
      if (frames.length === 1 || !socket.cork) for (const f of frames) deliver(socket, f);
      else socket.cork(() => frames.forEach((f) => deliver(socket, f)));
    }
  }
}

function deliver(socket: Sink, data: string | Pages): void {
  if (typeof data === "string") socket.send(data);
  else if (socket.replay) socket.replay(data);
  else for (let page = data(); page; page = data()) for (const f of page) socket.send(f);
}
