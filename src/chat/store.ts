// The message store: messages (conversations are conversations.ts). A message is acknowledged only
// after the transaction that stores it has committed. Its seq is the conversation's newest + 1, kept in memory
// by this, the only writer, and guarded by the unique (conversation, seq) index, so seqs have no gaps
// and no repeats. A client id already stored in the conversation returns the stored message instead
// of a second copy (the store remembers each conversation's client ids: conversation-tails.ts). What
// a conversation's list entry shows of its messages (newest seq, unread count) is read from the
// messages, not kept twice.
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { fastQuery } from "../db/fast-query";
import { onRollback } from "../db/transaction";
import { expectedWrite } from "../db/write-watch";
import { events, type EventHub } from "../events/hub";
import type { Db } from "../db/client";
import { conversations, messages } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { moderate } from "../moderation/words";
import type { Attachment, ChatMessage, Sender } from "../../common/protocol";

import type { Conversation } from "./conversations";
import { ConversationTails, HashSet32, type Tail } from "./conversation-tails";
import { openConversations, type OpenConversations } from "./open-conversations";

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

/** Statements of the hot path, prepared once per database. */
function prepare(db: Db) {
  return {
    byClientId: db
      .select()
      .from(messages)
      .where(ownedBy(messages, eid, eq(messages.conversationId, cid), eq(messages.clientId, sql.placeholder("clientId"))))
      .prepare(),
    // A plain insert: the resend check is made before it, against the conversation's remembered client ids.
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
        }),
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
    // What a conversation's tail is made of: its seqs and client ids, read by the (conversation, seq) index.
    tail: fastQuery<{ seq: number; clientId: string | null }>(
      db,
      db
        .select({ seq: messages.seq, clientId: messages.clientId })
        .from(messages)
        .where(ownedBy(messages, eid, eq(messages.conversationId, cid))),
      { seq: messages.seq, clientId: messages.clientId },
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
  };
}

export class MessageStore {
  private q: ReturnType<typeof prepare>;
  /**
   * The newest seq and the client ids of each conversation written to since start, so that storing
   * a message is one insert, not a read of the seq, a resend check and a write of the conversation's
   * row besides (bench/hot-path.ts). This process is the only writer of messages; a rollback empties
   * it (it may hold what was undone), and the unique (conversation, seq) index refuses a seq taken twice.
   */
  private tails = new ConversationTails();
  /** domain events (src/events): conversations created, assigned, closed; messages created */
  private events: EventHub;

  /** the visitors' open conversations kept in memory (conversations.ts), which a message's activity time updates */
  private open: OpenConversations;

  constructor(private db: Db) {
    this.q = prepare(db);
    this.events = events(db);
    this.open = openConversations(db);
    onRollback(db, () => this.tails.clear());
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
    const known = this.tails.get(conversation.id);
    const tail = known ?? this.loadTail(enterpriseId, conversation.id);
    // A resend: its client id's hash is the conversation's (or, 1 in 2^32, another's: then no row is found).
    // One hash of the client id, for the resend check and for the tail once stored.
    const clientHash = m.clientId === null ? null : HashSet32.of(m.clientId);
    if (clientHash !== null && tail.clientIds.has(clientHash)) {
      const existing = this.q.byClientId.get({ enterpriseId, conversationId: conversation.id, clientId: m.clientId });
      if (existing) return { message: toChatMessage(existing), duplicate: true, conversation };
    }
    const seq = tail.seq + 1;
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
      // A remembered tail that is no longer the conversation's (written around this process): read it again.
      if (known === undefined) throw e;
      this.tails.forget(conversation.id);
      return this.append(conversation, m);
    }
    this.tails.stored(conversation.id, tail, seq, clientHash);
    if (now - conversation.lastMessageAt >= ACTIVITY_STEP_MS) {
      expectedWrite(this.db.$client, () => this.q.touch.run({ enterpriseId, id: conversation.id, now }));
      this.open.touched(conversation.id, now);
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

  /**
   * The message stored in this conversation under the client id, as a resend's answer (duplicate), or
   * null. For a conversation that takes no more messages (closed): append's own check covers open ones.
   */
  resent(conversation: Conversation, clientId: string): Appended | null {
    const existing = this.q.byClientId.get({ enterpriseId: conversation.enterpriseId, conversationId: conversation.id, clientId });
    return existing ? { message: toChatMessage(existing), duplicate: true, conversation } : null;
  }

  /** A closed conversation takes no more messages: its tail need not be kept. */
  forget(conversationId: string): void {
    this.tails.forget(conversationId);
  }

  /** The conversation's newest seq and client ids, read from its rows (its first write in this process). */
  private loadTail(enterpriseId: string, conversationId: string): Tail {
    let seq = 0;
    const clientIds = new HashSet32();
    for (const row of this.q.tail.all({ enterpriseId, conversationId })) {
      if (row.seq > seq) seq = row.seq;
      if (row.clientId !== null) clientIds.add(HashSet32.of(row.clientId));
    }
    return this.tails.load(conversationId, { seq, clientIds });
  }

  /** The conversation's newest seq (0 before its first message). */
  lastSeq(enterpriseId: string, conversationId: string): number {
    return this.tails.get(conversationId)?.seq ?? this.q.newest.get({ enterpriseId, conversationId })?.seq ?? 0;
  }

  /** Visitor messages after the seq its agent has read. */
  unread(c: Conversation): number {
    return this.q.unread.get({ enterpriseId: c.enterpriseId, conversationId: c.id, readSeq: c.agentReadSeq })?.n ?? 0;
  }

  /** When its newest message was written (last_message_at may lag by up to ACTIVITY_STEP_MS while it is open). */
  lastMessageAt(c: Conversation): number {
    return this.q.newest.get({ enterpriseId: c.enterpriseId, conversationId: c.id })?.createdAt ?? c.lastMessageAt;
  }

  lastMessage(enterpriseId: string, conversationId: string): MessageRow | undefined {
    return scoped(this.db, enterpriseId)
      .select(messages, eq(messages.conversationId, conversationId))
      .orderBy(sql`${messages.seq} desc`)
      .limit(1)
      .get();
  }
}

