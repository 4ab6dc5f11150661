// Which language a text is written in, for the robot: Chinese or English. Visitors mix them ("能刷
// visa卡吗", "google authenticator怎么绑"), so one foreign word does not decide; the share of each
// script does. A Chinese character counts one, an English word one and a half (a word says about as
// much as a two-character Chinese word, and Chinese sentences carry particles English leaves out).
import type { Locale } from "../i18n";

export type Language = "zh" | "en";
export const LANGUAGES: readonly Language[] = ["zh", "en"];

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;

/** "zh" or "en" by the share of each script; null when the text has neither (digits, emoji). */
export function detectLanguage(text: string): Language | null {
  const han = text.match(HAN)?.length ?? 0;
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 && words === 0) return null;
  return han >= 1.5 * words ? "zh" : "en";
}

/** An entry's language: as the admin set it, else detected from its question and answer together, else Chinese. */
export function entryLanguage(e: { language?: Language | null; question: string; answer: string }): Language {
  return e.language ?? detectLanguage(`${e.question} ${e.answer}`) ?? "zh";
}

/** The language of a UI locale (the visitor's, for the greeting before they have written anything). */
export function localeLanguage(locale: Locale): Language {
  return locale.startsWith("zh") ? "zh" : "en";
}

export const isLanguage = (v: unknown): v is Language => v === "zh" || v === "en";
