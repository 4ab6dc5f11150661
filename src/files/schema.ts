import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/**
 * A file sent in a conversation (an image or a document). The bytes live under the data directory
 * as attachments/<stored> (an unguessable name); this row says whose they are. A visitor's upload
 * belongs to them until a message carries it, which binds it to that conversation; an agent's is
 * bound to the conversation it was uploaded for.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    /** the conversation's visitor (hashed id, as visitors.id): the one visitor who may fetch it */
    visitorId: text("visitor_id").notNull(),
    conversationId: text("conversation_id"),
    /** the agent who uploaded it; null for the visitor's own */
    uploadedBy: text("uploaded_by"),
    name: text("name").notNull(),
    /** the type found in the file's first bytes, never the one the browser declared */
    type: text("type").notNull(),
    size: integer("size").notNull(),
    stored: text("stored").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("attachments_conversation").on(t.conversationId), index("attachments_visitor").on(t.visitorId)],
);
