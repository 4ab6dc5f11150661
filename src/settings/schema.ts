import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";

/** Basic settings (基础设置) of an enterprise: one row, created with defaults when first read. */
export const enterpriseSettings = sqliteTable("enterprise_settings", {
  enterpriseId: text("enterprise_id").primaryKey(),
  /** an open conversation with no message for this long closes by itself */
  idleCloseMinutes: integer("idle_close_minutes").notNull().default(30),
  /** a conversation whose visitor left the site closes after this long */
  visitorLeftCloseMinutes: integer("visitor_left_close_minutes").notNull().default(10),
  /** an agent whose last socket dropped keeps their chats this long before they are reassigned */
  graceSeconds: integer("grace_seconds").notNull().default(60),
  /** offer the message form instead of the queue when this many are already waiting (null: never) */
  leaveMessageQueueLength: integer("leave_message_queue_length"),
});
