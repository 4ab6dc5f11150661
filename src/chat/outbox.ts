// What a socket has yet to send. Bun buffers what the peer has not read (send returns -1) and,
// past its limit, drops frames (send returns 0); a dropped frame is a gap the client never fills,
// since it resumes after the highest seq it holds. So a socket's frames wait here, in order, while
// Bun still holds bytes for it, and go on when it drains; a replay is read a page at a time only as
// the reader takes it. A reader that falls further behind than `maxBacklogBytes` is closed with
// CLOSE_SLOW_READER: everything before the close reached it, nothing after, so it resumes with no gap.
import type { Pages, Sink } from "./group-commit";
import { CLOSE_CODES } from "../../common/protocol";

/** The part of Bun's ServerWebSocket this needs. */
export interface RawSocket {
  send(data: string): number;
  cork(fn: () => void): unknown;
  close(code?: number, reason?: string): void;
}

export class Outbox implements Sink {
  /** frames and replays (pages not yet read) waiting for the reader, in the order they were made */
  private waiting: (string | Pages)[] = [];
  /** characters of the frames waiting (pages not yet read do not count: they are still in the database) */
  private waitingChars = 0;
  /** Bun holds bytes the reader has not taken: send nothing more until it drains */
  private blocked = false;
  private done = false;
  /** a page is due at the next turn */
  private later = false;

  constructor(
    private ws: RawSocket,
    private maxBacklogBytes: number,
  ) {}

  send(data: string): void {
    if (this.done) return;
    if (!this.blocked && this.waiting.length === 0) return this.write(data);
    this.waitingChars += data.length;
    if (this.waitingChars > this.maxBacklogBytes) return this.fallBehind();
    this.waiting.push(data);
  }

  replay(pages: Pages): void {
    if (this.done) return;
    this.waiting.push(pages);
    this.pump();
  }

  cork(fn: () => void): void {
    this.ws.cork(fn);
  }

  /** Bun wrote what it held: go on with what waits. */
  drain(): void {
    this.blocked = false;
    this.pump();
  }

  /** The socket closed: what waits has nowhere to go. */
  closed(): void {
    this.done = true;
    this.waiting = [];
    this.waitingChars = 0;
  }

  /** Is the reader behind (frames waiting here or in Bun)? For tests and benchmarks. */
  get behind(): boolean {
    return this.blocked || this.waiting.length > 0;
  }

  private pump(): void {
    this.later = false;
    let pagedThisTurn = false;
    while (!this.blocked && !this.done && this.waiting.length) {
      const head = this.waiting[0]!;
      if (typeof head === "string") {
        this.waiting.shift();
        this.waitingChars -= head.length;
        this.write(head);
        continue;
      }
      // One page per turn of the event loop: a fast reader's long replay does not hold up the
      // server (a page is a read of 100 rows and their sends: a few milliseconds).
      if (pagedThisTurn) {
        this.later = true;
        setImmediate(() => this.later && this.pump());
        return;
      }
      pagedThisTurn = true;
      const page = head();
      if (!page) {
        this.waiting.shift();
        continue;
      }
      let i = 0;
      while (i < page.length && !this.blocked && !this.done) this.write(page[i++]!);
      if (i < page.length && !this.done) {
        const rest = page.slice(i);
        this.waiting.unshift(...rest);
        for (const f of rest) this.waitingChars += f.length;
      }
    }
  }

  private write(data: string): void {
    const sent = this.ws.send(data);
    if (sent === -1) this.blocked = true; // buffered by Bun: it is sent, but nothing more until drain
    else if (sent === 0) this.fallBehind(); // dropped: no frame may follow it
  }

  private fallBehind(): void {
    this.closed();
    this.ws.close(CLOSE_CODES.slowReader, "reader too slow: reconnect and resume");
  }
}
