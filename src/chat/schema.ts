import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** A visitor, known by a hash of the random id their browser keeps (the id itself is their credential). */
export const visitors = sqliteTable(
  "visitors",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    siteId: text("site_id").notNull(),
    firstSeenAt: time("first_seen_at").notNull(),
    lastSeenAt: time("last_seen_at").notNull(),
    pageUrl: text("page_url").notNull().default(""),
    pageTitle: text("page_title").notNull().default(""),
    referrer: text("referrer").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    device: text("device").notNull().default(""),
    lang: text("lang").notNull().default(""),
    /** what the visitor gave in the pre-chat form (may be empty) */
    name: text("name").notNull().default(""),
    email: text("email").notNull().default(""),
  },
  (t) => [index("visitors_enterprise").on(t.enterpriseId, t.lastSeenAt)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    siteId: text("site_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    agentId: text("agent_id"),
    /** when it started waiting for an agent (FIFO order of the site's queue); null while assigned */
    queuedAt: time("queued_at"),
    /** a transfer to a group restricts who may take it from the queue */
    groupId: text("group_id"),
    /**
     * the robot serves it (F8): not routed, not queued and not shown to agents until the visitor
     * asks for a person (queuedAt stays null meanwhile); src/chat/robot-phase.ts
     */
    servedByRobot: integer("served_by_robot", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
    // A message does not write its conversation's row: its seq, the newest seq and the agent's
    // unread count are read from the messages (store.ts), so storing a message costs one insert.
    /** the seq up to which its agent has read (the visitor's messages show "read" up to it; unread counts after it) */
    agentReadSeq: integer("agent_read_seq").notNull().default(0),
    createdAt: time("created_at").notNull(),
    /**
     * last activity, for History's order and the idle sweep: exact once closed, and while open
     * behind the newest message by less than store.ACTIVITY_STEP_MS (written once per step, not per message)
     */
    lastMessageAt: time("last_message_at").notNull(),
    closedAt: time("closed_at"),
    closeReason: text("close_reason", { enum: ["agent", "idle", "visitor_left"] }),
    /** the visitor's rating when it ended: 1–5 and a comment */
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: time("rated_at"),
  },
  (t) => [
    // a visitor's open conversation, looked up for every frame they send: all three columns, so the
    // planner prefers it to the (enterprise, status, …) indexes even without statistics
    index("conversations_visitor").on(t.enterpriseId, t.visitorId, t.status),
    index("conversations_agent").on(t.agentId, t.status),
    index("conversations_queue").on(t.enterpriseId, t.status, t.queuedAt),
    // covers the routing's count of open conversations per agent without reading the table
    index("conversations_load").on(t.enterpriseId, t.status, t.agentId),
    index("conversations_last_message").on(t.enterpriseId, t.lastMessageAt),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    conversationId: text("conversation_id").notNull(),
    seq: integer("seq").notNull(),
    clientId: text("client_id"),
    sender: text("sender", { enum: ["visitor", "agent", "system", "robot"] }).notNull(),
    authorId: text("author_id"),
    authorName: text("author_name"),
    body: text("body").notNull(),
    /** notes between agents (a transfer's note): never sent to the visitor */
    internal: integer("internal", { mode: "boolean" }).notNull().default(false),
    /** an attached file as JSON {id, name, type, size} (src/files), or null */
    attachment: text("attachment"),
    createdAt: time("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("messages_conversation_seq").on(t.conversationId, t.seq),
    // No index on client ids: the resend check is the store's (src/chat/conversation-tails.ts); a
    // second unique index doubled what a message cost to store.
  ],
);

/**
 * A system line's key and parameters (a conversation closed, a transfer's "{name} will continue to
 * help you"), beside its message: the body keeps the text in the visitor's language, and every
 * other reader (an agent, History) renders the line from its key in their own (src/chat/system-lines.ts).
 */
export const systemLines = sqliteTable("system_lines", {
  messageId: integer("message_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  conversationId: text("conversation_id").notNull(),
  /** the catalogue key under widget. (e.g. system_transferred) */
  key: text("key").notNull(),
  /** the key's parameters as a JSON object */
  params: text("params").notNull(),
});

/** What a robot message offers besides its text (protocol RobotCard as JSON): one row per robot message. */
export const robotCards = sqliteTable("robot_cards", {
  messageId: integer("message_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  conversationId: text("conversation_id").notNull(),
  card: text("card").notNull(),
});
