// An enterprise's own synonyms (robot_synonyms): a word and the words its visitors use for it
// (顺丰: sf, 顺丰快递). Added on top of the built-in list (synonyms.ts) by the one tokenizer, on entries
// and visitor text alike; changing them rebuilds the enterprise's index (service.ts).
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { robotSynonyms } from "../db/schema";
import { scoped } from "../db/scope";
import type { Problem } from "./entries";
import { fold } from "./tokenize";

export type OwnSynonym = typeof robotSynonyms.$inferSelect;

export const SYNONYM_LIMITS = { word: 20, equivalents: 20, perEnterprise: 500 } as const;
/** Separators of the equivalents typed in one field. */
const SEPARATORS = /[,，、;；|\n]+/;

const problem = (key: string, params?: Problem["params"]): Problem => ({ key: `robot.problem.${key}`, params });

export function listOwnSynonyms(db: Db, enterpriseId: string): OwnSynonym[] {
  return scoped(db, enterpriseId).select(robotSynonyms).orderBy(asc(robotSynonyms.createdAt), asc(robotSynonyms.id)).all();
}

/** Checks a word and its equivalents (typed as one list); returns them clean, or the problem. */
export function checkSynonym(wordRaw: string, equivalentsRaw: string): { word: string; equivalents: string[] } | Problem {
  const word = wordRaw.trim();
  if (!fold(word)) return problem("synonym_word");
  if (word.length > SYNONYM_LIMITS.word) return problem("synonym_long", { word: word.slice(0, 40), max: SYNONYM_LIMITS.word });
  const equivalents: string[] = [];
  for (const raw of equivalentsRaw.split(SEPARATORS)) {
    const e = raw.trim();
    if (!e || !fold(e) || fold(e) === fold(word) || equivalents.some((have) => fold(have) === fold(e))) continue;
    if (e.length > SYNONYM_LIMITS.word) return problem("synonym_long", { word: e.slice(0, 40), max: SYNONYM_LIMITS.word });
    equivalents.push(e);
  }
  if (equivalents.length === 0) return problem("synonym_none");
  if (equivalents.length > SYNONYM_LIMITS.equivalents) return problem("synonym_many", { max: SYNONYM_LIMITS.equivalents });
  return { word, equivalents };
}

/** Adds a word with its equivalents, or replaces the equivalents of the same word. */
export function saveOwnSynonym(db: Db, enterpriseId: string, wordRaw: string, equivalentsRaw: string, now = Date.now()): OwnSynonym | Problem {
  const checked = checkSynonym(wordRaw, equivalentsRaw);
  if ("key" in checked) return checked;
  const s = scoped(db, enterpriseId);
  const existing = s.select(robotSynonyms, eq(robotSynonyms.word, checked.word)).get();
  if (existing) s.update(robotSynonyms, { equivalents: checked.equivalents }, eq(robotSynonyms.id, existing.id)).run();
  else {
    if (listOwnSynonyms(db, enterpriseId).length >= SYNONYM_LIMITS.perEnterprise) return problem("synonyms_full", { max: SYNONYM_LIMITS.perEnterprise });
    s.insert(robotSynonyms, { id: newId("syn"), word: checked.word, equivalents: checked.equivalents, createdAt: now }).run();
  }
  return s.select(robotSynonyms, eq(robotSynonyms.word, checked.word)).get()!;
}

export function deleteOwnSynonym(db: Db, enterpriseId: string, id: string): boolean {
  return scoped(db, enterpriseId).delete(robotSynonyms, eq(robotSynonyms.id, id)).returning({ id: robotSynonyms.id }).all().length > 0;
}
