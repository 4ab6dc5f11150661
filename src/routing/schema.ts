import { sqliteTable, text, integer, primaryKey, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** An agent group (工号组): agents are members; sites route to groups in order. */
export const agentGroups = sqliteTable(
  "agent_groups",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("agent_groups_enterprise").on(t.enterpriseId)],
);

export const groupMembers = sqliteTable(
  "group_members",
  {
    enterpriseId: enterpriseRef(),
    groupId: text("group_id").notNull().references(() => agentGroups.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user").on(t.userId)],
);

/** Which groups serve a site, in the order they are tried. A site without groups is served by every agent. */
export const siteGroups = sqliteTable(
  "site_groups",
  {
    enterpriseId: enterpriseRef(),
    siteId: text("site_id").notNull(),
    groupId: text("group_id").notNull().references(() => agentGroups.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.groupId] })],
);

/**
 * How many open conversations each agent has: routing reads its candidates' loads here, one row
 * each, instead of counting their conversations for every decision (a count that grew with every
 * open chat: 0.4 ms a decision at 5,000, while 5,000 visitors opened chats at once). Kept by
 * triggers on conversations (migration 0033), in the transaction of each change, whoever writes it.
 */
export const agentOpenCounts = sqliteTable(
  "agent_open_counts",
  {
    enterpriseId: enterpriseRef(),
    agentId: text("agent_id").notNull(),
    open: integer("open").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.agentId] })],
);
