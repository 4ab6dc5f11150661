import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";
import { BUCKETS } from "./buckets";

/**
 * One row per conversation, kept as its events happen (src/reports/record.ts): what the daily
 * aggregates need to know when the conversation closes or is rated. Not read by the report page
 * except for the ratings' comments.
 */
export const reportConversations = sqliteTable(
  "report_conversations",
  {
    conversationId: text("conversation_id").primaryKey(),
    enterpriseId: enterpriseRef(),
    siteId: text("site_id").notNull(),
    createdAt: time("created_at").notNull(),
    /** the robot served it first */
    robot: integer("robot", { mode: "boolean" }).notNull().default(false),
    /** the agent it is counted for: the last assigned until someone answers, then the first who answered */
    agentId: text("agent_id"),
    /** an agent was ever assigned */
    assigned: integer("assigned", { mode: "boolean" }).notNull().default(false),
    firstResponseAt: time("first_response_at"),
    closedAt: time("closed_at"),
    /** the day it was counted under (its creation's, UTC), set when it closed */
    day: text("day"),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: time("rated_at"),
  },
  // The latest comments: only rated rows with a comment are in the index, newest first.
  // (site, agent, day in it too: a filter is checked in the index, the table read only for the 20 shown)
  (t) => [index("report_comments").on(t.enterpriseId, t.ratedAt, t.siteId, t.agentId, t.day).where(sql`rating_comment is not null`)],
);

/** counters of one day (UTC), site and agent ('' = nobody's; '*' = the roll-up of all of the day and site's rows) */
const counters = {
  conversations: integer("conversations").notNull().default(0),
  answered: integer("answered").notNull().default(0),
  /** closed without a person's answer, not resolved by the robot */
  missed: integer("missed").notNull().default(0),
  /** missed and never given to an agent: the visitor left the queue */
  abandoned: integer("abandoned").notNull().default(0),
  robot: integer("robot").notNull().default(0),
  robotResolved: integer("robot_resolved").notNull().default(0),
  robotHandoff: integer("robot_handoff").notNull().default(0),
  frCount: integer("fr_count").notNull().default(0),
  frSumMs: integer("fr_sum_ms").notNull().default(0),
  resCount: integer("res_count").notNull().default(0),
  resSumMs: integer("res_sum_ms").notNull().default(0),
  ratings: integer("ratings").notNull().default(0),
  ratingSum: integer("rating_sum").notNull().default(0),
  leads: integer("leads").notNull().default(0),
};
const scores = Object.fromEntries([1, 2, 3, 4, 5].map((s) => [`r${s}`, integer(`r${s}`).notNull().default(0)])) as Record<`r${1 | 2 | 3 | 4 | 5}`, ReturnType<typeof integer>>;
/** conversations by hour of creation (UTC) */
const hours = Object.fromEntries(Array.from({ length: 24 }, (_, h) => [`h${h}`, integer(`h${h}`).notNull().default(0)]));
/** first response and resolution times by bucket (src/reports/buckets.ts) */
const histograms = Object.fromEntries(
  Array.from({ length: BUCKETS }, (_, b) => [
    [`fr${b}`, integer(`fr${b}`).notNull().default(0)],
    [`res${b}`, integer(`res${b}`).notNull().default(0)],
  ]).flat(),
);

/**
 * The report page's source: one row per day, site and agent, updated in the transaction of each
 * event. A report over a range sums a few thousand of these rows whatever the number of conversations.
 */
export const reportDaily = sqliteTable(
  "report_daily",
  {
    enterpriseId: enterpriseRef(),
    day: text("day").notNull(),
    /** day of the week (0 = Sunday), for conversations by hour of the week */
    dow: integer("dow").notNull(),
    siteId: text("site_id").notNull(),
    agentId: text("agent_id").notNull().default(""),
    ...counters,
    ...scores,
    ...hours,
    ...histograms,
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.day, t.siteId, t.agentId] })],
);

/** Time agents spent online (status online), per day and agent. */
export const reportAgentOnline = sqliteTable(
  "report_agent_online",
  {
    enterpriseId: enterpriseRef(),
    day: text("day").notNull(),
    agentId: text("agent_id").notNull(),
    onlineMs: integer("online_ms").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.day, t.agentId] })],
);
