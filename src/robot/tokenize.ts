// The robot's one tokenizer, used alike for indexing knowledge-base entries and for reading what a
// visitor types, so both sides always agree on what a term is.
//
// Chinese is written without spaces and a word segmenter is sometimes wrong, so Chinese text yields
// character bigrams (always), the segmenter's longer words, and single characters (weak evidence,
// weighted low by the matcher). Visitors mostly type with a pinyin keyboard, whose typical slip is
// a homophone (发漂 for 发票), so each bigram also yields a "sound" term of its two readings. Traditional
// characters are folded to simplified ones. English words are lower-cased and lightly stemmed; the
// matcher adds typo tolerance with MiniSearch's fuzzy search.
import { PINYIN, TRADITIONAL } from "./hanzi-data";
import { BUILT_IN_CONCEPTS, compileConcepts, type ConceptNode } from "./concepts";
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS, TRAILING_PARTICLES } from "./stopwords";
import { applySynonyms, BUILT_IN_SYNONYMS, compileSynonyms, type Synonyms } from "./synonyms";

export type TermKind = "word" | "gram" | "long" | "char" | "sound" | "concept";

/** One term and the span of normalized characters it stands for (for the matcher's coverage). */
export interface Term {
  text: string;
  kind: TermKind;
  /** index of the first content unit it covers and one past the last (see Analysis.units) */
  from: number;
  to: number;
}

export interface Analysis {
  /** the text normalized (see normalize) */
  normalized: string;
  terms: Term[];
  /** content units: each Chinese character and each English word that is not a stopword, in order */
  units: string[];
  /** where the content words end: the segmenter's Chinese words and each English word, as unit spans in order */
  words: { from: number; to: number }[];
}

/** Sound terms start with this, so they never collide with a written term. */
export const SOUND_MARK = "^";
/** Concept terms (concepts.ts) start with this, followed by the concept's number. */
export const CONCEPT_MARK = "~";

const simplified = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) simplified.set(TRADITIONAL[i]!, TRADITIONAL[i + 1]!);
// Traditional forms Unihan gives as variants rather than as the traditional form of a simplified
// character, so the table above misses them, though Taiwan and Hong Kong write them every day
// (旅遊, 訂單裡, 收到後, 一週, 什麽): each pair is the form written, then the simplified one. Left out:
// characters that simplified text also writes with another meaning (著名, 乾隆, 慰藉, 於 the surname).
const VARIANTS = "遊游裡里裏里後后週周麽么爲为衆众佈布夥伙託托擡抬牀床羣群祕秘溼湿麪面箇个鷄鸡歎叹墻墙枱台廻回餵喂唸念菸烟擧举譭毁豔艳鑑鉴綉绣僞伪汙污汚污癡痴舖铺蹟迹勳勋鈎钩牠它諮咨谘咨";
for (let i = 0; i + 1 < VARIANTS.length; i += 2) simplified.set(VARIANTS[i]!, VARIANTS[i + 1]!);

// Readings folded the way pinyin-keyboard slips go: zh/z, ch/c, sh/s and -ng/-n sound alike to many.
const foldReading = (s: string) => s.replace(/^([zcs])h/, "$1").replace(/([ie])ng$/, "$1n");
const sound = new Map<string, string>();
for (const group of PINYIN.split(" ")) {
  const [syllable, chars] = group.split(":");
  for (const ch of chars!) sound.set(ch, foldReading(syllable!));
}

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** Lower case, half-width (NFKC), simplified characters, and every punctuation mark or symbol a space (one space between words). */
export function fold(text: string): string {
  // One question is folded several times (small talk, reading, its form, how long): the last text is remembered.
  if (text === lastFolded) return lastFold;
  let out = "";
  // Only non-ASCII characters have a simplified form.
  for (const ch of text.normalize("NFKC").toLowerCase()) out += ch.charCodeAt(0) < 0x80 ? ch : (simplified.get(ch) ?? ch);
  lastFolded = text;
  return (lastFold = out.replace(/[\p{P}\p{S}\p{Z}\s]+/gu, " ").trim());
}
let lastFolded: string | undefined;
let lastFold = "";

/** Compiles synonym lines (word, then the words read as it) the way this tokenizer folds text. */
export const synonymTable = (lines: string[][]): Synonyms => compileSynonyms(lines, fold);

/** The built-in synonyms alone (synonyms.ts); an enterprise's index adds its own (service.ts). */
export const BUILT_IN: Synonyms = synonymTable(BUILT_IN_SYNONYMS.map((line) => line.split("|")));

/** Folded (see fold), with synonyms read as their one word (同义词: 帐户 → 账号, sf → 顺丰). */
export function normalize(text: string, synonyms: Synonyms = BUILT_IN): string {
  return applySynonyms(fold(text), synonyms);
}

/** A light English stemmer: enough that "refunds", "refunded" and "refunding" meet "refund". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
  else if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && /(?:s|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // "shipping" → "shipp" must meet "ship": undouble a final consonant, on every word alike.
  return w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Splits normalized text into runs of Chinese characters and English words, dropping stopwords. */
function contentPieces(normalized: string): { han: string[][]; words: string[] } {
  const han: string[][] = [];
  const words: string[] = [];
  // A run of Chinese content characters continues across a removed stopword ("退个货" still says 退货)
  // but ends at a space, punctuation or a Latin word.
  let run: string[] = [];
  const endRun = () => {
    if (run.length) han.push(run);
    run = [];
  };
  for (const piece of normalized.split(" ")) {
    for (const seg of segmenter.segment(piece)) {
      if (!seg.isWordLike) continue;
      // The segmenter may keep letters and characters together ("iphone手机"): split by script.
      for (const part of seg.segment.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
        if (HAN.test(part)) {
          const word = part.length > 1 ? part.replace(TRAILING_PARTICLES, "") : part;
          // A word of stopwords only ("我要", "你们的") says no more than its characters.
          if (word && !CHINESE_STOPWORDS.has(word) && ![...word].every((ch) => CHINESE_STOPWORDS.has(ch))) run.push(word);
        } else {
          endRun();
          if (!ENGLISH_STOPWORDS.has(part) && (part.length > 1 || /\d/.test(part))) words.push(stem(part));
        }
      }
    }
    endRun();
  }
  return { han, words };
}

/** A concept word's content units, or null when reading it drops or changes part of it (a stopword, mixed scripts). */
function conceptUnits(word: string): string[] | null {
  const normalized = normalize(word);
  const { han, words } = contentPieces(normalized);
  if (han.length && words.length) return null;
  if (han.length) {
    // Stopwords drop out of the word as they drop out of text (不想要了 is read 不…要): what is left
    // must still say something, two characters, or one of a word of two (丢了 → 丢).
    const units = [...han.flat().join("")];
    return units.length >= 2 || [...normalized].length <= 2 ? units : null;
  }
  return words.length === normalized.split(" ").length ? words : null;
}

// Compiled at the first text read, not at start-up: a server whose robot reads nothing (no
// knowledge base yet) starts ~10 ms sooner and ~4 MB smaller (bench/startup.ts).
let concepts: { root: ConceptNode; heads: string[] } | null = null;
const compiledConcepts = () => (concepts ??= compileConcepts(BUILT_IN_CONCEPTS, conceptUnits));
const conceptTree = (): ConceptNode => compiledConcepts().root;

/**
 * Does a word of these content units name what every word of this concept term's group (~n) names?
 * Yes in a group of near-synonyms; in a family (concepts.ts) only when it is the family's heading
 * (付款方式 for 支付宝, 银联卡, …), not another kind of it.
 */
export function conceptNames(term: string, units: string[]): boolean {
  const head = compiledConcepts().heads[Number(term.slice(CONCEPT_MARK.length))];
  return head === undefined || head === units.join(" ");
}

/** Adds a concept term for each word of a concept found in these units (a run of Chinese characters, or the English words), starting at unit `start`. */
function conceptTerms(units: string[], start: number, terms: Term[]): void {
  const root = conceptTree();
  for (let i = 0; i < units.length; i++) {
    let node: ConceptNode | undefined = root;
    for (let j = i; j < units.length && (node = node.next.get(units[j]!)); j++)
      if (node.concepts) for (const c of node.concepts) terms.push({ text: `${CONCEPT_MARK}${c}`, kind: "concept", from: start + i, to: start + j + 1 });
  }
}

/** A Chinese keyword as the visitor would write it: normalized, no spaces, no trailing particle. */
export function literalForm(text: string, synonyms: Synonyms = BUILT_IN): string {
  const compact = normalize(text, synonyms).replaceAll(" ", "");
  const bare = compact.replace(TRAILING_PARTICLES, "");
  return bare || compact;
}

/** Every term of a text, with the content units each one covers. */
/** A-not-A questions (收不收, 退不退, 包不包邮): the verb once is what they say. */
const A_NOT_A = /(\p{Script=Han})不\1/gu;

export function analyze(text: string, synonyms: Synonyms = BUILT_IN): Analysis {
  const normalized = normalize(text, synonyms).replace(A_NOT_A, "$1");
  const { han, words } = contentPieces(normalized);
  const terms: Term[] = [];
  const units: string[] = [];
  const spans: { from: number; to: number }[] = [];
  let unit = 0;
  for (const run of han) {
    const chars = [...run.join("")];
    units.push(...chars);
    const start = unit;
    let at = start;
    for (const word of run) {
      const len = [...word].length;
      if (len >= 3) terms.push({ text: word, kind: "long", from: at, to: at + len });
      spans.push({ from: at, to: at + len });
      at += len;
    }
    conceptTerms(chars, start, terms);
    for (let i = 0; i < chars.length; i++) {
      terms.push({ text: chars[i]!, kind: "char", from: start + i, to: start + i + 1 });
      if (i + 1 < chars.length) {
        terms.push({ text: chars[i]! + chars[i + 1]!, kind: "gram", from: start + i, to: start + i + 2 });
        const a = sound.get(chars[i]!);
        const b = sound.get(chars[i + 1]!);
        if (a && b) terms.push({ text: `${SOUND_MARK}${a}${SOUND_MARK}${b}`, kind: "sound", from: start + i, to: start + i + 2 });
      }
    }
    unit += chars.length;
  }
  conceptTerms(words, unit, terms);
  for (const word of words) {
    spans.push({ from: unit, to: unit + 1 });
    terms.push({ text: word, kind: "word", from: unit, to: ++unit });
  }
  units.push(...words);
  return { normalized, terms, units, words: spans };
}

/** How many content units analyze(text, synonyms) has (its units.length), without making its terms. */
export function unitCount(text: string, synonyms: Synonyms = BUILT_IN): number {
  const { han, words } = contentPieces(normalize(text, synonyms).replace(A_NOT_A, "$1"));
  let n = words.length;
  for (const run of han) for (const word of run) n += [...word].length;
  return n;
}

/** The distinct terms of a text: what is indexed for an entry and looked up for a question. */
export function tokenize(text: string, synonyms: Synonyms = BUILT_IN): string[] {
  return [...new Set(analyze(text, synonyms).terms.map((t) => t.text))];
}
