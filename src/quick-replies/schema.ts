import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** Quick replies (快捷回复): an agent's own (ownerId set) or the team's (ownerId null, managed by admins). */
export const quickReplies = sqliteTable(
  "quick_replies",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    ownerId: text("owner_id"),
    /** the group it is listed under ("" : none) */
    groupName: text("group_name").notNull().default(""),
    title: text("title").notNull(),
    /** typed after "/" to find it at once (may be empty) */
    shortcut: text("shortcut").notNull().default(""),
    body: text("body").notNull(),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [index("quick_replies_owner").on(t.enterpriseId, t.ownerId)],
);
