// The message store: conversations and their messages. A message is acknowledged only after the
// transaction that stores it has committed; its seq is the conversation's lastSeq + 1, assigned in
// that same transaction, so seqs have no gaps and no repeats. A client id already stored in the
// conversation returns the stored message instead of a second copy.
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, sql, type SQLWrapper } from "drizzle-orm";
import { fastQuery } from "../db/fast-query";
import { transaction } from "../db/transaction";
import type { Db } from "../db/client";
import { conversations, messages } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { newId } from "../db/ids";
import type { Attachment, ChatMessage, Sender } from "./protocol";

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
  /** the conversation as the message left it (its lastSeq, lastMessageAt, unread count) */
  conversation: Conversation;
}

/**
 * Thrown inside append's savepoint to give the seq it took back: the client id is already stored
 * (a resend), or the client named another conversation than the one found.
 */
class Undo {
  constructor(
    readonly why: "duplicate" | "elsewhere",
    readonly conversationId: string,
  ) {}
}

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

/** What storing a message changes in its conversation: the next seq, the time, the agent's unread count. */
const nextSeq = (unread: SQLWrapper | number) => ({
  lastSeq: sql`${conversations.lastSeq} + 1`,
  lastMessageAt: sql.placeholder("now") as any,
  agentUnread: sql`${conversations.agentUnread} + ${unread}`,
});

/** Statements of the hot path, prepared once per database. */
function prepare(db: Db) {
  const conversationRow = getTableColumns(conversations);
  return {
    byClientId: db
      .select()
      .from(messages)
      .where(ownedBy(messages, eid, eq(messages.conversationId, sql.placeholder("conversationId")), eq(messages.clientId, sql.placeholder("clientId"))))
      .prepare(),
    bumpSeq: fastQuery<Conversation>(
      db,
      db
        .update(conversations)
        .set(nextSeq(sql.placeholder("unread")))
        .where(ownedBy(conversations, eid, eq(conversations.id, sql.placeholder("conversationId"))))
        .returning(),
      conversationRow,
    ),
    // The visitor's open conversation that a person serves (or waits for), found and given its next
    // seq in one statement: the common case of a visitor's message.
    bumpForVisitor: fastQuery<Conversation>(
      db,
      db
        .update(conversations)
        .set(nextSeq(1))
        .where(ownedBy(conversations, eid, eq(conversations.visitorId, sql.placeholder("visitorId")), eq(conversations.status, "open"), eq(conversations.servedByRobot, false)))
        .returning(),
      conversationRow,
    ),
    insert: fastQuery<never>(
      db,
      db
        .insert(messages)
        .values({
          enterpriseId: eid as any,
          conversationId: sql.placeholder("conversationId") as any,
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
        // The unique (conversation, client id) index is the duplicate check: nothing inserted, a resend.
        .onConflictDoNothing({ target: [messages.conversationId, messages.clientId] }),
      {},
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
    after: db
      .select()
      .from(messages)
      .where(ownedBy(messages, eid, eq(messages.conversationId, sql.placeholder("conversationId")), gt(messages.seq, sql.placeholder("seq"))))
      .orderBy(asc(messages.seq))
      .prepare(),
  };
}

export class MessageStore {
  private q: ReturnType<typeof prepare>;

  constructor(private db: Db) {
    this.q = prepare(db);
  }

  /** Stores a message in an open conversation (or finds the one stored under the same client id). */
  append(conversation: Conversation, m: NewMessage): Appended {
    const enterpriseId = conversation.enterpriseId;
    const appended = this.appendTo(enterpriseId, (now) => this.q.bumpSeq.get({ enterpriseId, conversationId: conversation.id, now, unread: m.sender === "visitor" ? 1 : 0 }), m);
    if (appended === undefined || appended === "elsewhere") throw new Error(`conversation ${conversation.id} vanished`);
    return appended;
  }

  /**
   * A visitor's message into their open conversation that a person serves or waits for, without
   * reading it first: undefined when there is none (a new conversation, or the robot's), and
   * "elsewhere" when the client names another conversation (nothing is stored then).
   */
  appendForVisitor(enterpriseId: string, visitorId: string, m: NewMessage, expectedId?: string): Appended | "elsewhere" | undefined {
    return this.appendTo(enterpriseId, (now) => this.q.bumpForVisitor.get({ enterpriseId, visitorId, now }), m, expectedId);
  }

  /**
   * Two statements in a savepoint: take the conversation's next seq (`bump`; undefined: no such
   * conversation), insert. A resend of a stored client id, or a conversation other than the one
   * the client names, undoes the seq; the resend gets the stored message back.
   */
  private appendTo(enterpriseId: string, bump: (now: number) => Conversation | undefined, m: NewMessage, expectedId?: string): Appended | "elsewhere" | undefined {
    try {
      return transaction(this.db, () => {
        const now = Date.now();
        const conversation = bump(now);
        if (!conversation) return undefined;
        if (expectedId && expectedId !== conversation.id) throw new Undo("elsewhere", conversation.id);
        const inserted = this.q.insert.run({
          enterpriseId,
          conversationId: conversation.id,
          seq: conversation.lastSeq,
          clientId: m.clientId,
          sender: m.sender,
          authorId: m.authorId,
          authorName: m.authorName,
          body: m.text,
          internal: m.internal ? 1 : 0,
          attachment: m.attachment ? JSON.stringify(m.attachment) : null,
          now,
        });
        if (inserted.changes === 0) throw new Undo("duplicate", conversation.id);
        const message: ChatMessage = {
          type: "message",
          conversationId: conversation.id,
          id: Number(inserted.lastInsertRowid),
          seq: conversation.lastSeq,
          clientId: m.clientId,
          from: m.sender,
          authorName: m.authorName,
          text: m.text,
          at: now,
          ...(m.internal ? { internal: true } : {}),
          ...(m.attachment ? { attachment: m.attachment } : {}),
        };
        return { message, duplicate: false, conversation };
      });
    } catch (e) {
      if (!(e instanceof Undo)) throw e;
      if (e.why === "elsewhere") return "elsewhere";
      const existing = this.q.byClientId.get({ enterpriseId, conversationId: e.conversationId, clientId: m.clientId })!;
      return { message: toChatMessage(existing), duplicate: true, conversation: this.get(enterpriseId, e.conversationId)! };
    }
  }

  /** Messages after a seq, in order: what a reconnecting client missed. Visitors never get agents' notes. */
  messagesAfter(enterpriseId: string, conversationId: string, seq: number, forVisitor = false): ChatMessage[] {
    const rows = this.q.after.all({ enterpriseId, conversationId, seq }) as MessageRow[];
    return (forVisitor ? rows.filter((r) => !r.internal) : rows).map(toChatMessage);
  }

  /** `byRobot`: the robot serves it first, so it waits for no one (not queued) until handed over. */
  createConversation(enterpriseId: string, siteId: string, visitorId: string, byRobot = false): Conversation {
    const now = Date.now();
    const row = { id: newId("cnv"), siteId, visitorId, agentId: null, queuedAt: byRobot ? null : now, servedByRobot: byRobot, status: "open" as const, lastSeq: 0, agentUnread: 0, createdAt: now, lastMessageAt: now };
    scoped(this.db, enterpriseId).insert(conversations, row).run();
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
    scoped(this.db, enterpriseId).update(conversations, { agentId, queuedAt: null, groupId: null }, eq(conversations.id, id)).run();
  }

  /** Puts a conversation (back) in its site's queue; a requeued one keeps its place by its original time. */
  enqueue(enterpriseId: string, id: string, queuedAt: number, groupId: string | null = null): void {
    scoped(this.db, enterpriseId).update(conversations, { agentId: null, queuedAt, groupId }, eq(conversations.id, id)).run();
  }

  close(enterpriseId: string, id: string, reason: NonNullable<Conversation["closeReason"]>, at = Date.now()): void {
    scoped(this.db, enterpriseId).update(conversations, { status: "closed", closeReason: reason, closedAt: at, queuedAt: null }, and(eq(conversations.id, id), eq(conversations.status, "open"))).run();
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

  /** Sets the agent's unread count to the visitor messages after the seq they have read, and how far they have read. */
  markRead(enterpriseId: string, id: string, seq: number): void {
    const unread = sql`(select count(*) from ${messages} where ${messages.conversationId} = ${id} and ${messages.sender} = 'visitor' and ${messages.seq} > ${seq})`;
    const readSeq = sql`max(${conversations.agentReadSeq}, min(${seq}, ${conversations.lastSeq}))`;
    scoped(this.db, enterpriseId).update(conversations, { agentUnread: unread as any, agentReadSeq: readSeq as any }, eq(conversations.id, id)).run();
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
