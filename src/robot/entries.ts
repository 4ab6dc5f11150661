// Knowledge-base entries: what a valid entry is, and reading and writing them (enterprise-scoped).
// Validation returns a problem (a robot catalogue key and its parameters) instead of throwing, so
// the admin form shows it beside the field and an import lists it against the row's line.
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { randomToken, newId } from "../db/ids";
import { robotEntries } from "../db/schema";
import { scoped } from "../db/scope";
import { isLanguage, type Language } from "./language";
import { ROBOT_ENTRY_LIMITS } from "../../common/limits";

export type RobotEntry = typeof robotEntries.$inferSelect;

/** An entry as written by an admin or a file, before validation. */
export interface EntryInput {
  key?: string;
  question: string;
  answer: string;
  keywords: string[];
  /** other entries' keys (a file may also name them by question; see exchange.ts) */
  related?: string[];
  category?: string;
  enabled?: boolean;
  /** "zh" or "en"; empty or null: detected from the text */
  language?: string | null;
  /** other wordings of the question (相似问法) */
  similar?: string[];
}

/** A clean entry: trimmed, within limits, keywords without duplicates. */
export interface EntryFields {
  question: string;
  answer: string;
  keywords: string[];
  related: string[];
  category: string;
  enabled: boolean;
  language: Language | null;
  similar: string[];
}

export interface Problem {
  /** key in the robot catalogue ("robot.problem.<name>") */
  key: string;
  params?: Record<string, string | number>;
}

export const LIMITS = ROBOT_ENTRY_LIMITS;

/** Keys are stable external ids: letters (any script), digits, and . _ - inside. */
const KEY = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]*[\p{L}\p{N}])?$/u;
/** Separators of a keyword list typed in one field or one CSV cell. */
export const KEYWORD_SEPARATORS = /[,，、;；|\n]+/;

const problem = (key: string, params?: Problem["params"]): Problem => ({ key: `robot.problem.${key}`, params });

export function checkKey(raw: unknown): string | Problem {
  const key = typeof raw === "string" ? raw.trim() : "";
  if (!key || key.length > LIMITS.key || !KEY.test(key)) return problem("key", { max: LIMITS.key });
  return key;
}

export function newKey(): string {
  return `q-${randomToken(8)}`;
}

/** Validates everything but the key and whether related keys exist (the caller knows the set). */
export function checkEntry(input: EntryInput): EntryFields | Problem {
  const question = text(input.question);
  if (!question) return problem("question_empty");
  if (question.length > LIMITS.question) return problem("question_long", { max: LIMITS.question });
  const answer = text(input.answer, true);
  if (!answer) return problem("answer_empty");
  if (answer.length > LIMITS.answer) return problem("answer_long", { max: LIMITS.answer });
  if (!Array.isArray(input.keywords) || input.keywords.some((k) => typeof k !== "string")) return problem("keywords_list");
  const keywords: string[] = [];
  for (const raw of input.keywords) {
    const k = raw.trim();
    if (!k) continue;
    if (k.length > LIMITS.keyword) return problem("keyword_long", { keyword: k.slice(0, 50), max: LIMITS.keyword });
    if (KEYWORD_SEPARATORS.test(k)) return problem("keyword_separator", { keyword: k.slice(0, 50) });
    if (!keywords.some((have) => have.toLowerCase() === k.toLowerCase())) keywords.push(k);
  }
  if (keywords.length === 0) return problem("keywords_empty");
  if (keywords.length > LIMITS.keywords) return problem("keywords_many", { max: LIMITS.keywords });
  const related = input.related ?? [];
  if (!Array.isArray(related) || related.some((r) => typeof r !== "string")) return problem("related_list");
  const cleanRelated = [...new Set(related.map((r) => r.trim()).filter(Boolean))];
  if (cleanRelated.length > LIMITS.related) return problem("related_many", { max: LIMITS.related });
  const category = text(input.category ?? "");
  if (category.length > LIMITS.category) return problem("category_long", { max: LIMITS.category });
  if (input.enabled !== undefined && typeof input.enabled !== "boolean") return problem("enabled");
  const language = input.language === undefined || input.language === null || input.language === "" ? null : input.language;
  if (language !== null && !isLanguage(language)) return problem("language");
  const similar = checkSimilar(input.similar ?? [], question);
  if (isProblem(similar)) return similar;
  return { question, answer, keywords, related: cleanRelated, category, enabled: input.enabled ?? true, language, similar };
}

/** Similar questions: one line each, within the question's limit, without duplicates (of each other or of the question). */
function checkSimilar(raw: unknown, question: string): string[] | Problem {
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== "string")) return problem("similar_list");
  const out: string[] = [];
  const seen = new Set([question.toLowerCase()]);
  for (const r of raw as string[]) {
    const s = text(r);
    if (!s) continue;
    if (s.length > LIMITS.question) return problem("similar_long", { similar: s.slice(0, 50), max: LIMITS.question });
    if (seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  if (out.length > LIMITS.similar) return problem("similar_many", { max: LIMITS.similar });
  return out;
}

export const isProblem = (x: unknown): x is Problem => typeof x === "object" && x !== null && !Array.isArray(x) && "key" in x && !("question" in x);

/** Trimmed text; one line unless multi-line is allowed (answers keep their line breaks). */
function text(raw: unknown, multiLine = false): string {
  if (typeof raw !== "string") return "";
  const s = raw.replace(/\r\n?/g, "\n").trim();
  return multiLine ? s.replace(/\n{3,}/g, "\n\n") : s.replace(/\s*\n\s*/g, " ");
}

export function listEntries(db: Db, enterpriseId: string): RobotEntry[] {
  return scoped(db, enterpriseId).select(robotEntries).orderBy(asc(robotEntries.createdAt), asc(robotEntries.id)).all();
}

export function getEntry(db: Db, enterpriseId: string, key: string): RobotEntry | undefined {
  return scoped(db, enterpriseId).select(robotEntries, eq(robotEntries.key, key)).get();
}

export function entriesByKeys(db: Db, enterpriseId: string, keys: string[]): RobotEntry[] {
  if (keys.length === 0) return [];
  return scoped(db, enterpriseId).select(robotEntries, inArray(robotEntries.key, keys)).all();
}

/** Inserts a new entry or replaces the fields of the one with this key; returns the stored row. */
export function saveEntry(db: Db, enterpriseId: string, key: string, fields: EntryFields, now = Date.now()): RobotEntry {
  const s = scoped(db, enterpriseId);
  const existing = getEntry(db, enterpriseId, key);
  if (existing) s.update(robotEntries, { ...fields, updatedAt: now }, eq(robotEntries.id, existing.id)).run();
  else s.insert(robotEntries, { id: newId("kb"), key, ...fields, hits: 0, createdAt: now, updatedAt: now }).run();
  return getEntry(db, enterpriseId, key)!;
}

export function setEntryEnabled(db: Db, enterpriseId: string, key: string, enabled: boolean): RobotEntry | undefined {
  scoped(db, enterpriseId).update(robotEntries, { enabled, updatedAt: Date.now() }, eq(robotEntries.key, key)).run();
  return getEntry(db, enterpriseId, key);
}

/** Deletes an entry and drops it from other entries' related lists. */
export function deleteEntry(db: Db, enterpriseId: string, key: string): boolean {
  const s = scoped(db, enterpriseId);
  const gone = s.delete(robotEntries, eq(robotEntries.key, key)).returning({ id: robotEntries.id }).all().length > 0;
  if (gone)
    for (const e of listEntries(db, enterpriseId).filter((e) => e.related.includes(key)))
      s.update(robotEntries, { related: e.related.filter((k) => k !== key), updatedAt: Date.now() }, eq(robotEntries.id, e.id)).run();
  return gone;
}

/** Counts an answer or a pick, for the most asked questions; not an edit, so updatedAt stays. */
export function countHit(db: Db, enterpriseId: string, key: string): void {
  const plusOne = sql`${robotEntries.hits} + 1` as unknown as number;
  scoped(db, enterpriseId).update(robotEntries, { hits: plusOne }, eq(robotEntries.key, key)).run();
}
