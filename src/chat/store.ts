// The message store: conversations and their messages. A message is acknowledged only after the
// transaction that stores it has committed. Its seq is the conversation's newest + 1, kept in memory
// by this, the only writer, and guarded by the unique (conversation, seq) index, so seqs have no gaps
// and no repeats. A client id already stored in the conversation returns the stored message instead
// of a second copy. What a conversation's list entry shows of its messages (newest seq, unread
// count) is read from the messages, not kept twice.
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { fastQuery } from "../db/fast-query";
import { onRollback } from "../db/transaction";
import { events, type EventHub } from "../events/hub";
import type { Db } from "../db/client";
import { conversations, messages } from "../db/schema";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ownedBy, scoped } from "../db/scope";
import { newId } from "../db/ids";
import { moderate } from "../moderation/words";
import type { Attachment, ChatMessage, Sender } from "../../common/protocol";

export type Conversation = typeof conversations.$inferSelect;

const waitingColumns = {
  id: conversations.id,
  enterpriseId: conversations.enterpriseId,
  siteId: conversations.siteId,
  visitorId: conversations.visitorId,
  groupId: conversations.groupId,
  queuedAt: conversations.queuedAt,
  createdAt: conversations.createdAt,
};
/** A conversation in the queue, as routing and the queue's announcements need it. */
export type WaitingRow = Pick<Conversation, keyof typeof waitingColumns>;
export type MessageRow = typeof messages.$inferSelect;

export interface NewMessage {
  sender: Sender;
  authorId: string | null;
  authorName: string | null;
  clientId: string | null;
  text: string;
  /** a note between agents, never sent to the visitor */
  internal?: boolean;
  attachment?: Attachment;
}

export interface Appended {
  message: ChatMessage;
  duplicate: boolean;
  /** the conversation the message is in */
  conversation: Conversation;
}

/**
 * How far an open conversation's last_message_at may lag behind its newest message. Writing the
 * conversation's row for every message doubled what storing one cost at saturation (random pages
 * of a second table and its activity index); History's order and the idle sweep need no finer time.
 */
export const ACTIVITY_STEP_MS = 60_000;

export function toChatMessage(m: MessageRow): ChatMessage {
  return {
    type: "message",
    conversationId: m.conversationId,
    id: m.id,
    seq: m.seq,
    clientId: m.clientId,
    from: m.sender,
    authorName: m.authorName,
    text: m.body,
    at: m.createdAt,
    ...(m.internal ? { internal: true } : {}),
    ...(m.attachment ? { attachment: JSON.parse(m.attachment) as Attachment } : {}),
  };
}

const eid = sql.placeholder("enterpriseId");
const cid = sql.placeholder("conversationId");

/** The conversation's newest message (the last entry of its range in messages_conversation_seq), for one of its columns. */
const newestOf = (column: SQLiteColumn, enterpriseId: unknown, conversationId: unknown) =>
  sql`(select ${column} from ${messages} where ${ownedBy(messages, enterpriseId, eq(messages.conversationId, conversationId as string))} order by ${messages.seq} desc limit 1)`;

/** Statements of the hot path, prepared once per database. */
function prepare(db: Db) {
  const conversationRow = getTableColumns(conversations);
  return {
    byClientId: db
      .select()
      .from(messages)
      .where(ownedBy(messages, eid, eq(messages.conversationId, cid), eq(messages.clientId, sql.placeholder("clientId"))))
      .prepare(),
    // The unique (conversation, client id) index is the resend check: a stored client id inserts nothing.
    insert: fastQuery<never>(
      db,
      db
        .insert(messages)
        .values({
          enterpriseId: eid as any,
          conversationId: cid as any,
          seq: sql.placeholder("seq") as any,
          clientId: sql.placeholder("clientId") as any,
          sender: sql.placeholder("sender") as any,
          authorId: sql.placeholder("authorId") as any,
          authorName: sql.placeholder("authorName") as any,
          body: sql.placeholder("body") as any,
          internal: sql.placeholder("internal") as any,
          attachment: sql.placeholder("attachment") as any,
          createdAt: sql.placeholder("now") as any,
        })
        .onConflictDoNothing({ target: [messages.conversationId, messages.clientId] }),
      {},
    ),
    touch: fastQuery<never>(
      db,
      db
        .update(conversations)
        .set({ lastMessageAt: sql.placeholder("now") as any })
        .where(ownedBy(conversations, eid, eq(conversations.id, sql.placeholder("id")))),
      {},
    ),
    newest: fastQuery<{ seq: number; createdAt: number }>(
      db,
      db
        .select({ seq: messages.seq, createdAt: messages.createdAt })
        .from(messages)
        .where(ownedBy(messages, eid, eq(messages.conversationId, cid)))
        .orderBy(desc(messages.seq))
        .limit(1),
      { seq: messages.seq, createdAt: messages.createdAt },
    ),
    unread: fastQuery<{ n: number }>(
      db,
      db
        .select({ n: sql<number>`count(*)` })
        .from(messages)
        .where(ownedBy(messages, eid, eq(messages.conversationId, cid), gt(messages.seq, sql.placeholder("readSeq")), eq(messages.sender, "visitor"))),
      { n: messages.seq },
    ),
    waitingLine: fastQuery<WaitingRow>(
      db,
      db
        .select(waitingColumns)
        .from(conversations)
        .where(ownedBy(conversations, eid, eq(conversations.status, "open"), isNull(conversations.agentId), eq(conversations.servedByRobot, false)))
        .orderBy(asc(conversations.queuedAt), asc(conversations.createdAt)),
      waitingColumns,
    ),
    // Looked up for every frame.
    byId: fastQuery<Conversation>(db, db.select().from(conversations).where(ownedBy(conversations, eid, eq(conversations.id, sql.placeholder("id")))), conversationRow),
    openForVisitor: fastQuery<Conversation>(
      db,
      db
        .select()
        .from(conversations)
        .where(ownedBy(conversations, eid, eq(conversations.visitorId, sql.placeholder("visitorId")), eq(conversations.status, "open"))),
      conversationRow,
    ),
  };
}

export class MessageStore {
  private q: ReturnType<typeof prepare>;
  /**
   * The newest seq of each conversation written to since start, so that storing a message is one
   * insert, not a read of the seq and a write of the conversation's row besides (that doubled the
   * cost of a message at saturation: bench/hot-path.ts). This process is the only writer of
   * messages; a rollback empties it (it may hold seqs that were undone), and the unique
   * (conversation, seq) index refuses a seq taken twice.
   */
  private newest = new Map<string, number>();
  /** domain events (src/events): conversations created, assigned, closed; messages created */
  private events: EventHub;

  constructor(private db: Db) {
    this.q = prepare(db);
    this.events = events(db);
    onRollback(db, () => this.newest.clear());
  }

  /**
   * Stores a message in an open conversation, or finds the one stored under the same client id (a
   * resend). One insert; the conversation's row is written only when its activity time is a step behind.
   */
  append(conversation: Conversation, m: NewMessage): Appended {
    const enterpriseId = conversation.enterpriseId;
    // Banned words: what people write is masked here, the one place messages are stored, or refused
    // (BannedWordError) before anything is written. The robot's and the system's lines are the product's own.
    if (m.sender === "visitor" || m.sender === "agent") {
      const text = moderate(this.db, enterpriseId, m.text);
      if (text !== m.text) m = { ...m, text };
    }
    const known = this.newest.get(conversation.id);
    const seq = (known ?? this.lastSeq(enterpriseId, conversation.id)) + 1;
    const now = Date.now();
    let inserted: { changes: number; lastInsertRowid: number | bigint };
    try {
      inserted = this.q.insert.run({
        enterpriseId,
        conversationId: conversation.id,
        seq,
        clientId: m.clientId,
        sender: m.sender,
        authorId: m.authorId,
        authorName: m.authorName,
        body: m.text,
        internal: m.internal ? 1 : 0,
        attachment: m.attachment ? JSON.stringify(m.attachment) : null,
        now,
      });
    } catch (e) {
      // A remembered seq that is no longer the newest (written around this process): read it again.
      if (known === undefined) throw e;
      this.newest.delete(conversation.id);
      return this.append(conversation, m);
    }
    if (inserted.changes === 0) {
      const existing = this.q.byClientId.get({ enterpriseId, conversationId: conversation.id, clientId: m.clientId })!;
      return { message: toChatMessage(existing), duplicate: true, conversation };
    }
    this.newest.set(conversation.id, seq);
    if (now - conversation.lastMessageAt >= ACTIVITY_STEP_MS) {
      this.q.touch.run({ enterpriseId, id: conversation.id, now });
      conversation = { ...conversation, lastMessageAt: now };
    }
    const message: ChatMessage = {
      type: "message",
      conversationId: conversation.id,
      id: Number(inserted.lastInsertRowid),
      seq,
      clientId: m.clientId,
      from: m.sender,
      authorName: m.authorName,
      text: m.text,
      at: now,
      ...(m.internal ? { internal: true } : {}),
      ...(m.attachment ? { attachment: m.attachment } : {}),
    };
    if (this.events.wants("message.created"))
      this.events.emit("message.created", enterpriseId, {
        conversationId: conversation.id,
        siteId: conversation.siteId,
        visitorId: conversation.visitorId,
        messageId: message.id,
        seq,
        sender: m.sender,
        authorId: m.authorId,
        authorName: m.authorName,
        text: m.text,
        internal: !!m.internal,
        attachment: m.attachment ?? null,
        at: now,
      });
    return { message, duplicate: false, conversation };
  }

  /** The conversation's newest seq (0 before its first message). */
  lastSeq(enterpriseId: string, conversationId: string): number {
    return this.newest.get(conversationId) ?? this.q.newest.get({ enterpriseId, conversationId })?.seq ?? 0;
  }

  /** Visitor messages after the seq its agent has read. */
  unread(c: Conversation): number {
    return this.q.unread.get({ enterpriseId: c.enterpriseId, conversationId: c.id, readSeq: c.agentReadSeq })?.n ?? 0;
  }

  /** When its newest message was written (last_message_at may lag by up to ACTIVITY_STEP_MS while it is open). */
  lastMessageAt(c: Conversation): number {
    return this.q.newest.get({ enterpriseId: c.enterpriseId, conversationId: c.id })?.createdAt ?? c.lastMessageAt;
  }

  /** `byRobot`: the robot serves it first, so it waits for no one (not queued) until handed over. */
  createConversation(enterpriseId: string, siteId: string, visitorId: string, byRobot = false): Conversation {
    const now = Date.now();
    const row = { id: newId("cnv"), siteId, visitorId, agentId: null, queuedAt: byRobot ? null : now, servedByRobot: byRobot, status: "open" as const, createdAt: now, lastMessageAt: now };
    scoped(this.db, enterpriseId).insert(conversations, row).run();
    this.events.emit("conversation.created", enterpriseId, { conversationId: row.id, siteId, visitorId, agentId: null, groupId: null, servedByRobot: byRobot, at: now });
    return this.get(enterpriseId, row.id)!;
  }

  get(enterpriseId: string, id: string): Conversation | undefined {
    return this.q.byId.get({ enterpriseId, id });
  }

  openForVisitor(enterpriseId: string, visitorId: string): Conversation | undefined {
    return this.q.openForVisitor.get({ enterpriseId, visitorId });
  }

  /** Gives a conversation to an agent: it leaves the queue (and any group restriction ends). */
  assign(enterpriseId: string, id: string, agentId: string): void {
    const before = this.events.wants("conversation.assigned") ? this.get(enterpriseId, id) : undefined;
    scoped(this.db, enterpriseId).update(conversations, { agentId, queuedAt: null, groupId: null }, eq(conversations.id, id)).run();
    if (before && before.agentId !== agentId)
      this.events.emit("conversation.assigned", enterpriseId, { conversationId: id, siteId: before.siteId, visitorId: before.visitorId, agentId, previousAgentId: before.agentId, at: Date.now() });
  }

  /** Puts a conversation (back) in its site's queue; a requeued one keeps its place by its original time. */
  enqueue(enterpriseId: string, id: string, queuedAt: number, groupId: string | null = null): void {
    scoped(this.db, enterpriseId).update(conversations, { agentId: null, queuedAt, groupId }, eq(conversations.id, id)).run();
  }

  /** Its activity time becomes exact: the newest message's. */
  close(enterpriseId: string, id: string, reason: NonNullable<Conversation["closeReason"]>, at = Date.now()): void {
    const before = this.events.wants("conversation.closed") ? this.get(enterpriseId, id) : undefined;
    const newest = sql`coalesce(${newestOf(messages.createdAt, enterpriseId, id)}, ${conversations.lastMessageAt})`;
    scoped(this.db, enterpriseId)
      .update(conversations, { status: "closed", closeReason: reason, closedAt: at, queuedAt: null, lastMessageAt: newest as any }, and(eq(conversations.id, id), eq(conversations.status, "open")))
      .run();
    this.newest.delete(id);
    if (before?.status === "open")
      this.events.emit("conversation.closed", enterpriseId, { conversationId: id, siteId: before.siteId, visitorId: before.visitorId, agentId: before.agentId, reason, servedByRobot: before.servedByRobot, createdAt: before.createdAt, at });
  }

  /**
   * The queue as routing reads it on every change: what a decision needs of each waiting
   * conversation (not the robot's), oldest first. A few columns on one prepared statement: with
   * ten thousand waiting, whole rows through drizzle took 40 ms (bench/routing.ts).
   */
  waitingLine(enterpriseId: string): WaitingRow[] {
    return this.q.waitingLine.all({ enterpriseId });
  }

  openAssignedTo(enterpriseId: string, agentId: string): Conversation[] {
    return scoped(this.db, enterpriseId)
      .select(conversations, and(eq(conversations.status, "open"), eq(conversations.agentId, agentId)))
      .orderBy(asc(conversations.createdAt))
      .all();
  }

  /** All open conversations of every enterprise (the sweeper closes idle ones). */
  allOpen(): Conversation[] {
    return this.db.select().from(conversations).where(eq(conversations.status, "open")).all();
  }

  /** A waiting conversation's place in its site's queue (1 = next); null when it is not waiting. */
  queuePosition(c: Conversation): number | null {
    if (c.status !== "open" || c.agentId || c.queuedAt === null) return null;
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(conversations)
      .where(
        ownedBy(
          conversations,
          c.enterpriseId,
          eq(conversations.siteId, c.siteId),
          eq(conversations.status, "open"),
          isNull(conversations.agentId),
          sql`(${conversations.queuedAt} < ${c.queuedAt} or (${conversations.queuedAt} = ${c.queuedAt} and ${conversations.createdAt} <= ${c.createdAt}))`,
        ),
      )
      .get();
    return row?.n ?? null;
  }

  /** The agent who served this visitor in their latest earlier conversation. */
  previousAgent(enterpriseId: string, visitorId: string): string | null {
    const row = scoped(this.db, enterpriseId)
      .select(conversations, and(eq(conversations.visitorId, visitorId), eq(conversations.status, "closed"), isNotNull(conversations.agentId)))
      .orderBy(desc(conversations.closedAt))
      .limit(1)
      .get();
    return row?.agentId ?? null;
  }

  /** How long the site's recent chats lasted, on average, in seconds (for the queue's wait estimate). */
  averageChatSeconds(enterpriseId: string, siteId: string, fallback = 180): number {
    const recent = scoped(this.db, enterpriseId)
      .select(conversations, and(eq(conversations.siteId, siteId), eq(conversations.status, "closed"), isNotNull(conversations.agentId)))
      .orderBy(desc(conversations.closedAt))
      .limit(20)
      .all();
    if (recent.length === 0) return fallback;
    const total = recent.reduce((sum, c) => sum + ((c.closedAt ?? c.createdAt) - c.createdAt), 0);
    return Math.max(30, Math.round(total / recent.length / 1000));
  }

  /** Records how far the agent has read (never backwards, never past the newest message): their unread count follows. */
  markRead(enterpriseId: string, id: string, seq: number): void {
    const readSeq = sql`max(${conversations.agentReadSeq}, min(${seq}, coalesce(${newestOf(messages.seq, enterpriseId, id)}, 0)))`;
    scoped(this.db, enterpriseId).update(conversations, { agentReadSeq: readSeq as any }, eq(conversations.id, id)).run();
  }

  /** Open conversation counts per agent (of `agentIds`, or all), for routing: index-only reads of conversations_load. */
  openCounts(enterpriseId: string, agentIds?: string[]): Map<string, number> {
    if (agentIds?.length === 0) return new Map();
    const rows = this.db
      .select({ agentId: conversations.agentId, n: sql<number>`count(*)` })
      .from(conversations)
      .where(ownedBy(conversations, enterpriseId, eq(conversations.status, "open"), agentIds ? inArray(conversations.agentId, agentIds) : isNotNull(conversations.agentId)))
      .groupBy(conversations.agentId)
      .all();
    return new Map(rows.map((r) => [r.agentId!, r.n]));
  }

  /** How many wait for an agent at a site (not counting the robot's conversations). */
  waitingCount(enterpriseId: string, siteId: string): number {
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(conversations)
      .where(ownedBy(conversations, enterpriseId, eq(conversations.status, "open"), isNull(conversations.agentId), eq(conversations.siteId, siteId), eq(conversations.servedByRobot, false)))
      .get();
    return row?.n ?? 0;
  }

  lastMessage(enterpriseId: string, conversationId: string): MessageRow | undefined {
    return scoped(this.db, enterpriseId)
      .select(messages, eq(messages.conversationId, conversationId))
      .orderBy(sql`${messages.seq} desc`)
      .limit(1)
      .get();
  }
}
