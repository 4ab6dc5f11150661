import { sqliteTable, text, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/**
 * A blocked visitor (黑名单): by their hashed visitor id and, when the agent chose to, the address
 * they wrote from. Lifted blocks stay as history (liftedAt set); a block ends by itself at expiresAt
 * (null: permanent). src/blocking/blocks.ts keeps the live ones in memory.
 */
export const visitorBlocks = sqliteTable(
  "visitor_blocks",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    /** the hashed visitor id (as visitors.id) */
    visitorId: text("visitor_id").notNull(),
    /** the client address blocked with them ("" : none) */
    ip: text("ip").notNull().default(""),
    reason: text("reason").notNull().default(""),
    /** the conversation they were blocked from ("" : none) */
    conversationId: text("conversation_id").notNull().default(""),
    createdById: text("created_by_id"),
    createdByName: text("created_by_name").notNull(),
    createdAt: time("created_at").notNull(),
    expiresAt: time("expires_at"),
    liftedAt: time("lifted_at"),
    liftedByName: text("lifted_by_name"),
  },
  (t) => [index("visitor_blocks_enterprise").on(t.enterpriseId, t.createdAt)],
);
