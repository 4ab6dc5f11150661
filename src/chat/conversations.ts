// The conversations' storage: creating, assigning, queueing and closing them, and the reads routing
// and the queue make of them. Messages are the message store's (store.ts); what a conversation's row
// needs of its messages (the newest one's time on close, the read mark's bound) is read from them.
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { fastQuery } from "../db/fast-query";
import { events, type EventHub } from "../events/hub";
import type { Db } from "../db/client";
import { agentOpenCounts, conversations, messages } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { newId } from "../db/ids";
import { expectedWrite } from "../db/write-watch";
import { openConversations, type OpenConversations } from "./open-conversations";

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
const eid = sql.placeholder("enterpriseId");

/**
 * A conversation waiting for a person: open, no agent, not the robot's. A waiting one always has its
 * queue time (create, enqueue) and an assigned one none; saying so lets the queue index skip the
 * assigned ones instead of reading every open conversation.
 */
const waiting = [eq(conversations.status, "open"), isNotNull(conversations.queuedAt), isNull(conversations.agentId), eq(conversations.servedByRobot, false)];

/** The conversation's newest message (the last entry of its range in messages_conversation_seq), for one of its columns. */
const newestOf = (column: SQLiteColumn, enterpriseId: unknown, conversationId: unknown) =>
  sql`(select ${column} from ${messages} where ${ownedBy(messages, enterpriseId, eq(messages.conversationId, conversationId as string))} order by ${messages.seq} desc limit 1)`;

/** Statements read on every frame or routing change, prepared once per database. */
function prepare(db: Db) {
  const conversationRow = getTableColumns(conversations);
  return {
    waitingLine: fastQuery<WaitingRow>(
      db,
      db
        .select(waitingColumns)
        .from(conversations)
        .where(ownedBy(conversations, eid, ...waiting))
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

export class ConversationStore {
  private q: ReturnType<typeof prepare>;
  /** domain events (src/events): conversations created, assigned, closed */
  private events: EventHub;
  /** each visitor's open conversation, read once (every frame of theirs needs it) */
  private open: OpenConversations;

  /** `closed`: told of each conversation closed (the message store forgets its newest seq) */
  constructor(
    private db: Db,
    private closed: (conversationId: string) => void = () => {},
  ) {
    this.q = prepare(db);
    this.events = events(db);
    this.open = openConversations(db);
  }

  /** Writes the conversation's row: the kept copy of it (if any) is dropped, and no other copy need be. */
  private write(id: string, fn: () => void): void {
    expectedWrite(this.db.$client, fn);
    this.open.forget(id);
  }

  /** `byRobot`: the robot serves it first, so it waits for no one (not queued) until handed over. */
  create(enterpriseId: string, siteId: string, visitorId: string, byRobot = false): Conversation {
    const now = Date.now();
    const row = { id: newId("cnv"), siteId, visitorId, agentId: null, queuedAt: byRobot ? null : now, servedByRobot: byRobot, status: "open" as const, createdAt: now, lastMessageAt: now };
    // The visitor's open conversation is now this one (were another kept, it would no longer be the one read).
    expectedWrite(this.db.$client, () => scoped(this.db, enterpriseId).insert(conversations, row).run());
    this.open.forgetVisitor(visitorId);
    this.events.emit("conversation.created", enterpriseId, { conversationId: row.id, siteId, visitorId, agentId: null, groupId: null, servedByRobot: byRobot, at: now });
    return this.get(enterpriseId, row.id)!;
  }

  get(enterpriseId: string, id: string): Conversation | undefined {
    return this.q.byId.get({ enterpriseId, id });
  }

  openForVisitor(enterpriseId: string, visitorId: string): Conversation | undefined {
    return this.open.kept(enterpriseId, visitorId) ?? this.open.keep(this.q.openForVisitor.get({ enterpriseId, visitorId }));
  }

  /** Gives a conversation to an agent: it leaves the queue (and any group restriction ends). */
  assign(enterpriseId: string, id: string, agentId: string): void {
    const before = this.events.wants("conversation.assigned") ? this.get(enterpriseId, id) : undefined;
    this.write(id, () => scoped(this.db, enterpriseId).update(conversations, { agentId, queuedAt: null, groupId: null }, eq(conversations.id, id)).run());
    if (before && before.agentId !== agentId)
      this.events.emit("conversation.assigned", enterpriseId, { conversationId: id, siteId: before.siteId, visitorId: before.visitorId, agentId, previousAgentId: before.agentId, at: Date.now() });
  }

  /** Puts a conversation (back) in its site's queue; a requeued one keeps its place by its original time. */
  enqueue(enterpriseId: string, id: string, queuedAt: number, groupId: string | null = null): void {
    this.write(id, () => scoped(this.db, enterpriseId).update(conversations, { agentId: null, queuedAt, groupId }, eq(conversations.id, id)).run());
  }

  /** Its activity time becomes exact: the newest message's. */
  close(enterpriseId: string, id: string, reason: NonNullable<Conversation["closeReason"]>, at = Date.now()): void {
    const before = this.events.wants("conversation.closed") ? this.get(enterpriseId, id) : undefined;
    const newest = sql`coalesce(${newestOf(messages.createdAt, enterpriseId, id)}, ${conversations.lastMessageAt})`;
    this.write(id, () =>
      scoped(this.db, enterpriseId)
        .update(conversations, { status: "closed", closeReason: reason, closedAt: at, queuedAt: null, lastMessageAt: newest as any }, and(eq(conversations.id, id), eq(conversations.status, "open")))
        .run(),
    );
    this.closed(id);
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

  /** The visitor's conversation closed last (a message resent after its close belongs to it). */
  lastClosedForVisitor(enterpriseId: string, visitorId: string): Conversation | undefined {
    return scoped(this.db, enterpriseId)
      .select(conversations, and(eq(conversations.visitorId, visitorId), eq(conversations.status, "closed")))
      .orderBy(desc(conversations.closedAt))
      .limit(1)
      .get();
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
    this.write(id, () => scoped(this.db, enterpriseId).update(conversations, { agentReadSeq: readSeq as any }, eq(conversations.id, id)).run());
  }

  /** Open conversation counts per agent (of `agentIds`, or all), for routing: one row per agent, kept by triggers (src/routing/schema.ts). */
  openCounts(enterpriseId: string, agentIds?: string[]): Map<string, number> {
    if (agentIds?.length === 0) return new Map();
    const rows = this.db
      .select({ agentId: agentOpenCounts.agentId, n: agentOpenCounts.open })
      .from(agentOpenCounts)
      .where(ownedBy(agentOpenCounts, enterpriseId, agentIds ? inArray(agentOpenCounts.agentId, agentIds) : gt(agentOpenCounts.open, 0)))
      .all();
    return new Map(rows.map((r) => [r.agentId, r.n]));
  }

  /** How many wait for an agent at a site (not counting the robot's conversations). */
  waitingCount(enterpriseId: string, siteId: string): number {
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(conversations)
      .where(ownedBy(conversations, enterpriseId, ...waiting, eq(conversations.siteId, siteId)))
      .get();
    return row?.n ?? 0;
  }
}
