import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** An enterprise's banned words (敏感词), kept as typed; matching lowercases them (src/moderation/matcher.ts). */
export const bannedWords = sqliteTable(
  "banned_words",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    word: text("word").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [uniqueIndex("banned_words_word").on(t.enterpriseId, t.word)],
);

/** What a message with a banned word gets: masked (***) or refused. One row per enterprise that chose. */
export const moderationSettings = sqliteTable("moderation_settings", {
  enterpriseId: enterpriseRef().primaryKey(),
  action: text("action", { enum: ["mask", "refuse"] }).notNull().default("mask"),
  updatedAt: time("updated_at").notNull(),
});
