// An enterprise's banned words (敏感词) and what a message with one gets (masked or refused). The
// automaton is built once per enterprise when its list or setting changes, never per message: the
// message path asks `moderate`, which costs a map lookup (and the data_version check of kept rows)
// when the enterprise has no words. The compiled list is kept rows (src/db/kept-rows.ts) of both
// tables, so a change made anywhere is seen: raw SQL, the command line or another process, a
// rolled-back transaction. This module's own writes drop only their enterprise's automaton
// (expectedWrite): building one of 10,000 words takes ~20 ms, which one enterprise's edit should not
// cost every other enterprise's next message.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { keptRowsPerConnection } from "../db/kept-rows";
import { bannedWords, moderationSettings } from "../db/schema";
import { scoped } from "../db/scope";
import { expectedWrite } from "../db/write-watch";
import { UserError } from "../errors";
import { buildMatcher, hasWord, maskWords, type Matcher } from "./matcher";
import { pageOf } from "../db/pages";

export type ModerationAction = "mask" | "refuse";
export const MAX_WORDS = 10_000;
export const MAX_WORD_LENGTH = 50;

/** A message refused for a banned word (a socket answers it with the `banned_word` error frame). */
export class BannedWordError extends UserError {
  constructor() {
    super("banned_word", 422);
  }
}

interface Compiled {
  matcher: Matcher | null;
  action: ModerationAction;
}

/** One per enterprise with messages on a node; an enterprise without words is kept too (matcher null, a few bytes). */
const MAX_KEPT_ENTERPRISES = 10_000;
/** Each connection's automata, by enterprise. */
const keptCompiled = keptRowsPerConnection<string, Compiled>({ table: ["banned_words", "moderation_settings"], max: MAX_KEPT_ENTERPRISES });

function compiledOf(db: Db, enterpriseId: string): Compiled {
  const kept = keptCompiled(db);
  const hit = kept.get(enterpriseId);
  if (hit) return hit;
  const words = scoped(db, enterpriseId).select(bannedWords).all().map((w) => w.word);
  return kept.keep(enterpriseId, { matcher: words.length ? buildMatcher(words) : null, action: moderationAction(db, enterpriseId) });
}

/** A write of this module to the enterprise's list or setting: the next message builds its automaton again, and only its. */
function changing<T>(db: Db, enterpriseId: string, write: () => T): T {
  const done = expectedWrite(db.$client, write);
  keptCompiled(db).drop(enterpriseId);
  return done;
}

/**
 * The text as it may be stored: unchanged, or with its banned words masked (***); throws
 * BannedWordError when the enterprise refuses such messages.
 */
export function moderate(db: Db, enterpriseId: string, text: string): string {
  const c = compiledOf(db, enterpriseId);
  if (!c.matcher || !text) return text;
  if (c.action === "refuse") {
    if (hasWord(c.matcher, text)) throw new BannedWordError();
    return text;
  }
  return maskWords(c.matcher, text);
}

export function moderationAction(db: Db, enterpriseId: string): ModerationAction {
  return scoped(db, enterpriseId).select(moderationSettings).get()?.action ?? "mask";
}

export function setModerationAction(db: Db, enterpriseId: string, action: unknown): ModerationAction {
  if (action !== "mask" && action !== "refuse") throw new UserError("invalid_moderation_action", 422);
  changing(db, enterpriseId, () =>
    db
      .insert(moderationSettings)
      .values({ enterpriseId, action, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: moderationSettings.enterpriseId, set: { action, updatedAt: Date.now() } })
      .run(),
  );
  return action;
}

/** Words typed one per line (or separated by commas 、，): trimmed, without repeats or blanks. */
export function parseWords(input: string): string[] {
  const seen = new Set<string>();
  for (const w of input.split(/[\n\r,，、]+/)) {
    const word = w.trim();
    if (word) seen.add(word);
  }
  return [...seen];
}

export function wordCount(db: Db, enterpriseId: string): number {
  return db.select({ n: count() }).from(bannedWords).where(eq(bannedWords.enterpriseId, enterpriseId)).get()?.n ?? 0;
}

/** Adds words (those already listed are skipped); returns how many were added. */
export function addWords(db: Db, enterpriseId: string, words: string[]): number {
  const tooLong = words.find((w) => w.length > MAX_WORD_LENGTH);
  if (tooLong !== undefined) throw new UserError("banned_word_too_long", 422, { max: MAX_WORD_LENGTH });
  if (!words.length) throw new UserError("banned_words_empty", 422);
  const s = scoped(db, enterpriseId);
  const have = wordCount(db, enterpriseId);
  if (have + words.length > MAX_WORDS) throw new UserError("banned_words_too_many", 422, { max: MAX_WORDS });
  const now = Date.now();
  changing(db, enterpriseId, () => {
    for (const word of words) s.insert(bannedWords, { id: newId("bw"), word, createdAt: now }).onConflictDoNothing().run();
  });
  return wordCount(db, enterpriseId) - have;
}

/** Removes words by id; returns the words removed. */
export function removeWords(db: Db, enterpriseId: string, ids: string[]): string[] {
  if (!ids.length) return [];
  const gone = scoped(db, enterpriseId).select(bannedWords, inArray(bannedWords.id, ids)).all();
  changing(db, enterpriseId, () => scoped(db, enterpriseId).delete(bannedWords, inArray(bannedWords.id, ids)).run());
  return gone.map((w) => w.word);
}

export interface WordPage {
  words: { id: string; word: string; createdAt: number }[];
  total: number;
  page: number;
  pages: number;
}

export const WORDS_PER_PAGE = 100;

/** A page of the list, alphabetically, optionally only words containing `q`. */
export function listWords(db: Db, enterpriseId: string, q = "", page = 1): WordPage {
  const pattern = `%${q.slice(0, MAX_WORD_LENGTH).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const filter = and(eq(bannedWords.enterpriseId, enterpriseId), q ? sql`${bannedWords.word} like ${pattern} escape '\\'` : undefined);
  const total = db.select({ n: count() }).from(bannedWords).where(filter).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, WORDS_PER_PAGE, page);
  const words = db
    .select({ id: bannedWords.id, word: bannedWords.word, createdAt: bannedWords.createdAt })
    .from(bannedWords)
    .where(filter)
    .orderBy(asc(bannedWords.word))
    .limit(WORDS_PER_PAGE)
    .offset((p - 1) * WORDS_PER_PAGE)
    .all();
  return { words, total, page: p, pages };
}
