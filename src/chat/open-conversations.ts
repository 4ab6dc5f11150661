// Each visitor's open conversation, kept in memory: every frame a visitor sends needs it, and reading
// it was the largest statement of a message after its insert (3 µs: bench/hot-path.ts). The rows
// are dropped on any write of the table and on other connections' commits (src/db/kept-rows.ts);
// the conversation store's own writes (assign, enqueue, close, read mark) drop only their
// conversation's row, and a message's write of its activity time is applied to the kept row.
// Only open conversations are kept.
import type { Db } from "../db/client";
import { KeptRows } from "../db/kept-rows";
import { onePer } from "../one-per";
import type { Conversation } from "./conversations";

/** ~60 MB of rows at most (about 600 bytes each): far more than the conversations open at once on one server. */
const MAX_KEPT = 100_000;

export class OpenConversations {
  /** by visitor id (unique across enterprises; a hit is still checked against the enterprise asked for) */
  private byVisitor: KeptRows<string, Conversation>;
  /** conversation id → visitor id, to drop a conversation's row by its id */
  private visitorOf = new Map<string, string>();

  constructor(db: Db, max = MAX_KEPT) {
    this.byVisitor = new KeptRows(db, {
      table: "conversations",
      max,
      dropped: (_, c) => this.visitorOf.delete(c.id),
      cleared: () => this.visitorOf.clear(),
    });
  }

  /** The visitor's open conversation if it is kept (undefined: read it, then `keep` it). */
  kept(enterpriseId: string, visitorId: string): Conversation | undefined {
    const c = this.byVisitor.get(visitorId);
    return c && c.enterpriseId === enterpriseId ? c : undefined;
  }

  /** Keeps a visitor's open conversation just read from the table; returns it. */
  keep(c: Conversation | undefined): Conversation | undefined {
    if (!c || c.status !== "open" || this.byVisitor.has(c.visitorId)) return c;
    this.visitorOf.set(c.id, c.visitorId);
    return this.byVisitor.keep(c.visitorId, c);
  }

  /** The conversation's activity time was written (the only column a message writes): the kept copy follows. */
  touched(conversationId: string, lastMessageAt: number): void {
    const visitorId = this.visitorOf.get(conversationId);
    const c = visitorId === undefined ? undefined : this.byVisitor.get(visitorId);
    if (c) this.byVisitor.keep(visitorId!, { ...c, lastMessageAt });
  }

  forget(conversationId: string): void {
    const visitorId = this.visitorOf.get(conversationId);
    if (visitorId !== undefined) this.byVisitor.drop(visitorId);
  }

  forgetVisitor(visitorId: string): void {
    this.byVisitor.drop(visitorId);
  }

  /** Rows kept, for tests. */
  get size(): number {
    return this.byVisitor.size;
  }
}

/** The one copy of a connection's open conversations, shared by every store on it. */
export const openConversations = onePer((db: Db) => new OpenConversations(db), (db) => db.$client);
