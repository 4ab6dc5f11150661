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
    /** plain text; http(s) links in it are shown as links (common/linkify.ts) */
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

/** The robot's settings of an enterprise: one row, created with defaults when first written (settings.ts). */
export const robotSettings = sqliteTable("robot_settings", {
  enterpriseId: text("enterprise_id").primaryKey(),
  /** the admin's own small-talk replies by language and kind ({"zh": {"greeting": "…"}}); a missing one is the built-in reply */
  smallTalk: text("small_talk", { mode: "json" }).$type<Partial<Record<"zh" | "en", Partial<Record<"greeting" | "thanks" | "goodbye" | "ack", string>>>>>().notNull().default({}),
  /** the optional LLM stage (llm.ts): off, rerank (it decides among the robot's candidates) or answer (it words a grounded answer) */
  llmMode: text("llm_mode").$type<"off" | "rerank" | "answer">().notNull().default("off"),
  /** an OpenAI-compatible endpoint: the base URL (…/v1), the model and the API key (never shown back: only its last four characters) */
  llmBaseUrl: text("llm_base_url").notNull().default(""),
  llmModel: text("llm_model").notNull().default(""),
  llmKey: text("llm_key").notNull().default(""),
  llmTimeoutMs: integer("llm_timeout_ms").notNull().default(4000),
  /** usage, counted per enterprise: requests, failed requests (timeouts, errors), tokens */
  llmCalls: integer("llm_calls").notNull().default(0),
  llmFailures: integer("llm_failures").notNull().default(0),
  llmPromptTokens: integer("llm_prompt_tokens").notNull().default(0),
  llmCompletionTokens: integer("llm_completion_tokens").notNull().default(0),
  updatedAt: time("updated_at").notNull(),
});

/** An enterprise's own synonyms (同义词): a word and the words that mean the same to its visitors (sf → 顺丰). */
export const robotSynonyms = sqliteTable(
  "robot_synonyms",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    /** the word entries and visitors' text are read as */
    word: text("word").notNull(),
    /** the words read as `word` */
    equivalents: text("equivalents", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [uniqueIndex("robot_synonyms_word").on(t.enterpriseId, t.word)],
);
