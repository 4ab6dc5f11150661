// The robot's tables: the knowledge base (知识库), the questions it could not answer (the learning
// loop), and what became of each conversation it took part in (the share resolved without a person).
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** One question the robot can answer, with the firm's keywords for it and its related questions. */
export const robotEntries = sqliteTable(
  "robot_entries",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    /** the entry's stable external id (import/export, related questions), unique in the enterprise */
    key: text("key").notNull(),
    question: text("question").notNull(),
    /** plain text; http(s) links in it are shown as links (src/robot/linkify.ts) */
    answer: text("answer").notNull(),
    keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull(),
    /** other entries' keys */
    related: text("related", { mode: "json" }).$type<string[]>().notNull(),
    category: text("category").notNull().default(""),
    /** "zh" or "en"; null: detected from its text (language.ts). Visitors are answered from entries in their language first. */
    language: text("language").$type<"zh" | "en">(),
    /** 相似问法: other wordings of the question, indexed like it */
    similar: text("similar", { mode: "json" }).$type<string[]>().notNull().default([]),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** times the robot answered it or a visitor picked it: orders the most asked questions */
    hits: integer("hits").notNull().default(0),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [uniqueIndex("robot_entries_key").on(t.enterpriseId, t.key)],
);

/** Visitor questions the robot did not answer, one row per normalized text, for admins to turn into entries. */
export const robotUnanswered = sqliteTable(
  "robot_unanswered",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    /** what the question says as the matcher reads it (content words, simplified, lower case): the grouping key */
    normalized: text("normalized").notNull(),
    /** the latest wording a visitor used, shown to the admin */
    example: text("example").notNull(),
    count: integer("count").notNull().default(1),
    firstAskedAt: time("first_asked_at").notNull(),
    lastAskedAt: time("last_asked_at").notNull(),
  },
  (t) => [uniqueIndex("robot_unanswered_text").on(t.enterpriseId, t.normalized), index("robot_unanswered_count").on(t.enterpriseId, t.count)],
);

/**
 * One row per conversation the robot took part in. Resolved without a person: the robot answered
 * at least once and nobody handed the visitor to a person.
 */
export const robotOutcomes = sqliteTable(
  "robot_outcomes",
  {
    conversationId: text("conversation_id").primaryKey(),
    enterpriseId: enterpriseRef(),
    siteId: text("site_id"),
    /** the robot's own answers (matched or picked questions) */
    answers: integer("answers").notNull().default(0),
    /** visitor questions it could not answer */
    unanswered: integer("unanswered").notNull().default(0),
    /** when the visitor was handed to a person (asked for one, or the robot gave up); null: never */
    handedOffAt: time("handed_off_at"),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [index("robot_outcomes_enterprise").on(t.enterpriseId, t.createdAt)],
);
