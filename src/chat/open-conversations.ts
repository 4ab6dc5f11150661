// Each visitor's open conversation, kept in memory: every frame a visitor sends needs it, and reading
// it was the largest statement of a message after its insert (3 µs: bench/hot-path.ts). A kept row is
// the table's as long as nobody has written the table since it was read, so it is dropped:
//  - when the conversation store writes the conversation (assign, enqueue, close, read mark); a
//    message's write of its activity time is applied to the kept row instead;
//  - all of them, when anything else in this process writes the table (src/db/write-watch.ts sees
//    every statement, drizzle's or raw), or a transaction rolls back (what was read may be undone);
//  - all of them, when another connection has committed (PRAGMA data_version, read at each lookup:
//    0.1 µs inside a transaction, as in a batch of frames, about 1 µs outside).
// Only open conversations are kept, at most MAX_KEPT (the earliest kept go first), and frozen: a
// caller that changed one would change what the next frame reads.
import type { Statement } from "bun:sqlite";
import type { Db } from "../db/client";
import { onRollback } from "../db/transaction";
import { onWrite } from "../db/write-watch";
import type { Conversation } from "./conversations";

/** ~60 MB of rows at most (about 600 bytes each): far more than the conversations open at once on one server. */
const MAX_KEPT = 100_000;

export class OpenConversations {
  /** by visitor id (unique across enterprises; a hit is still checked against the enterprise asked for) */
  private byVisitor = new Map<string, Conversation>();
  /** conversation id → visitor id, to drop a conversation's row by its id */
  private visitorOf = new Map<string, string>();
  private dataVersion: Statement;
  private seenVersion: unknown;

  constructor(
    db: Db,
    private max = MAX_KEPT,
  ) {
    this.dataVersion = db.$client.prepare("PRAGMA data_version");
    this.seenVersion = this.version();
    onWrite(db.$client, "conversations", () => this.clear());
    onRollback(db, () => this.clear());
  }

  /** The visitor's open conversation if it is kept (undefined: read it, then `keep` it). */
  kept(enterpriseId: string, visitorId: string): Conversation | undefined {
    const version = this.version();
    if (version !== this.seenVersion) {
      this.clear();
      this.seenVersion = version;
    }
    const c = this.byVisitor.get(visitorId);
    return c && c.enterpriseId === enterpriseId ? c : undefined;
  }

  /** Keeps a visitor's open conversation just read from the table; returns it. */
  keep(c: Conversation | undefined): Conversation | undefined {
    if (!c || c.status !== "open" || this.byVisitor.has(c.visitorId)) return c;
    if (this.byVisitor.size >= this.max) {
      const [visitorId, oldest] = this.byVisitor.entries().next().value!;
      this.byVisitor.delete(visitorId);
      this.visitorOf.delete(oldest.id);
    }
    this.byVisitor.set(c.visitorId, Object.freeze(c));
    this.visitorOf.set(c.id, c.visitorId);
    return c;
  }

  /** The conversation's activity time was written (the only column a message writes): the kept copy follows. */
  touched(conversationId: string, lastMessageAt: number): void {
    const visitorId = this.visitorOf.get(conversationId);
    const c = visitorId === undefined ? undefined : this.byVisitor.get(visitorId);
    if (c) this.byVisitor.set(visitorId!, Object.freeze({ ...c, lastMessageAt }));
  }

  forget(conversationId: string): void {
    const visitorId = this.visitorOf.get(conversationId);
    if (visitorId === undefined) return;
    this.visitorOf.delete(conversationId);
    this.byVisitor.delete(visitorId);
  }

  forgetVisitor(visitorId: string): void {
    const c = this.byVisitor.get(visitorId);
    if (c) this.forget(c.id);
  }

  clear(): void {
    this.byVisitor.clear();
    this.visitorOf.clear();
  }

  /** Changes when another connection commits (not when this one does). */
  private version(): unknown {
    return (this.dataVersion.values() as unknown[][])[0]![0];
  }

  /** Rows kept, for tests. */
  get size(): number {
    return this.byVisitor.size;
  }
}

const perConnection = new WeakMap<object, OpenConversations>();

/** The one copy of a connection's open conversations, shared by every store on it. */
export function openConversations(db: Db): OpenConversations {
  let kept = perConnection.get(db.$client);
  if (!kept) perConnection.set(db.$client, (kept = new OpenConversations(db)));
  return kept;
}
