// How sure the robot is that an entry answers what a visitor wrote: a number in [0, 1].
//
// coverage: the share of the visitor's content (each Chinese character, each English word) that
//   the entry's question, keywords or category explain, each part weighted by the term covering it
//   (a bigram or word fully, a homophone 0.8, a lone character 0.5, a word only the entry's answer
//   has 0.7 of that) and by how specific the term is (a word many entries share explains less);
// keyword hit: the visitor wrote one of the entry's keywords — as written (1), with its characters
//   close together (0.9 in order, 0.7 in another order), or as a homophone (0.8) — which closes
//   part of the remaining gap, the less the less of the text the entry explains:
//   confidence = coverage + (1 - coverage) × 0.5 × hit × coverage^¼.
// In a long text, the words outside the clause that asks count 0.35 (asking).
import { formsOf, HOW_MUCH, WHEN } from "./forms";
import { DIRECTIONS, FUNCTION_WORDS, grammatical } from "./stopwords";
import { hasId, type TermIds } from "./term-ids";
import type { Synonyms } from "./synonyms";
import { analyze, BUILT_IN, CONCEPT_MARK, conceptNames, fold, literalForm, SOUND_MARK, type Analysis, type Term, type TermKind } from "./tokenize";

/** The entry fields the confidence reads. */
export interface EntryText {
  question: string;
  /** other wordings of the question (相似问法): indexed and explaining like it */
  similar?: string[];
  answer: string;
  keywords: string[];
  category: string;
}

/** What the confidence needs of an entry, computed once when it is indexed. */
export interface Prepared<E extends EntryText = EntryText> {
  entry: E;
  /** ids of the terms of its question, keywords and category */
  terms: Int32Array;
  /** ids of the written words (no single characters, no sounds) only its answer has */
  answerTerms: Int32Array;
  /** its English words of four letters or more, for typo-tolerant comparison */
  words: string[];
  keywords: PreparedKeyword[];
  /** how much of its question the visitor said: computed only to break a tie */
  questionAnalysis?: Analysis;
  /** what its question (and similar questions) ask: whether, how, when, how much, which (forms.ts) */
  form: number;
  /** its answer says how long: a number of days, hours, weeks… (GIVES_DURATION) */
  givesDuration: boolean;
  /** its answer says when: how long, or a moment (GIVES_TIME: 发货后, 出发前, 日期) */
  givesTime: boolean;
  /** the kinds of claim (CLAIMS, as bits) its question, keywords or answer say: 赔 or 承担, 免息, 押金… */
  claims: number;
}

interface PreparedKeyword {
  /** a Chinese keyword as written, to be found verbatim in the query */
  literal: string | null;
  /** its distinct written terms other than single characters: all present is a hit too ("退个货") */
  written: string[];
  /** its sound terms: all present is a homophone hit ("发漂" for 发票) */
  sounds: string[];
  /** every term of it: the query's parts that a hit keyword explains */
  all: Set<string>;
  /** its content units, to be found close together in the query's */
  units: string[];
  /** the concepts (concepts.ts) the whole keyword is a word of: a visitor's word of the same concept is a weaker hit */
  concepts: string[];
  /** those of them in which the keyword names what every word of the group names: a group of near-synonyms, or a family whose heading it is (付款方式) — a visitor's word of it (云闪付) is a stronger hit */
  near: Set<string>;
  /** 1, or less when stopwords were dropped from it ("我的订单" → 订单): the content alone says less than the phrase */
  contentWeight: number;
  /** the concept terms inside a Chinese keyword of three characters or more (退货运费: 退货 of the returns group), or an English one of two words or more (forgot password): a hit said part as written, part through concepts */
  parts: { from: number; to: number; text: string }[];
}

/** What MiniSearch indexes for an entry: each field's terms, space-separated. */
export interface SearchFields {
  question: string;
  keywords: string;
  category: string;
}

/** How much a matched term of each kind says: single characters and homophones are weaker evidence. */
const KIND_WEIGHT: Record<TermKind, number> = { word: 1, gram: 1, long: 1, sound: 0.8, char: 0.5, concept: 0.6 };
/**
 * A visitor's word of the same family as a whole keyword (银联卡 for the keyword 支付宝: another kind of
 * the same thing) counts this much of a keyword hit…
 */
const CONCEPT_HIT = 0.5;
/**
 * …and this much (as a homophone) when the keyword names the whole family (银联卡 for the keyword
 * 付款方式), or when the group is one of near-synonyms (退钱 for the keyword 退款): the visitor names
 * what the keyword names.
 */
const NEAR_HIT = 0.8;
/** A keyword found by its characters apart (scattered), each inside another word of the visitor's (分 of 积分, 期 of 过期 for 分期), counts this much of that hit. */
const IN_OTHER_WORDS = 0.5;
/** Words found only in an entry's answer count this much of words in its question or keywords. */
const ANSWER_WEIGHT = 0.7;
/** Slack a keyword's characters may have in the query: "退货运费" is still found in "退货的运费". */
const KEYWORD_SLACK = 3;
/** What is left of the confidence of an entry that says nothing of the question's focus (the asking clause's last content word). */
const UNSAID_FOCUS = 0.8;
/**
 * …and this much when the focus is a word the knowledge base does speak of, elsewhere (app里怎么切换团队:
 * 团队, which the team entries have and the app entry does not), and the entry explains less than
 * half of the sentence (FOCUS_ELSEWHERE_BELOW): the visitor asks about another thing.
 */
const FOCUS_ELSEWHERE = 0.7;
/** An entry that explains this much of the sentence may leave its focus to others (礼品卡能兑换吗: the gift-card entry, though 兑换 is the points entry's word). */
const FOCUS_ELSEWHERE_BELOW = 0.5;
/**
 * An entry that says nothing of the asking clause's other words no entry knows (会员卡能借给朋友用吗:
 * 借给) keeps 1 − this × their share of the text: the visitor asks about more than it covers.
 */
const UNKNOWN_SHARE = 0.3;
/**
 * An entry that explains nothing of a noun of the asking clause that general Chinese rarely uses
 * (rareNoun: 乱码, 小费, 考勤, 加急, 原路) keeps this much of its confidence: such a word is likely the
 * thing asked (集成钉钉以后能同步考勤吗: 考勤), where a common one is likely context (财务要发票, 飞机上没网能看任务吗) —
 * though a right answer can carry one too (孩子5岁要买全票吗), so the cost is small (round 15a).
 */
const RARE_UNSAID = 0.9;
/**
 * The rare nouns (rare-nouns-data.ts, 48,007 words) by first character: the list is loaded and indexed
 * at the first question (about 0.8 MB of heap), not at start-up, so a server whose robot reads nothing
 * does not hold it.
 */
let rareNouns: Map<string, string> | null = null;
/** Is this word of two Chinese characters one general Chinese rarely uses as a noun (counted fewer than 150 times in jieba's corpus, whose counts sum to 60 million)? */
export function rareNoun(word: string): boolean {
  rareNouns ??= new Map((require("./rare-nouns-data") as typeof import("./rare-nouns-data")).RARE_NOUNS.split(" ").map((group) => [group[0]!, group.slice(1)]));
  return word.length === 2 && !!rareNouns.get(word[0]!)?.includes(word[1]!);
}
/** A how-much question's question word counts this many content units, explained by an entry asked how much (between the one of 几 and the two of 多少). */
const HOW_MUCH_UNITS = 1.5;
/** An answer that says how long: a number of days, hours, weeks, months or years, or at once. */
const GIVES_DURATION = /\d\s*(?:个)?(?:工作日|天|日|小时|分钟|周|星期|礼拜|个月|月|年|期)|半天|一天|立即|马上|当天|\d+\s*(?:days?|hours?|minutes?|weeks?|months?|years?)\b|\bimmediately\b/u;
/** An answer that says when: how long, or a time or moment (日期, 发货后, 出发前, 结算时, 年底). */
const GIVES_TIME = /时间|日期|[前后时]|年底|月底|有效期|\b(?:before|after|within|until|when|date)\b/u;
/** A visitor's question that asks how long (多久到账, 几天能到), not when: answered only by a duration. */
const ASKS_DURATION = /多久|多长时间|多少天|几天|几个小时|几个月|几周|\bhow long\b|\bhow soon\b/u;
/**
 * A when or how-long question (几天能到, 多久到账, 什么时候发) answered by an entry asked otherwise, whose
 * answer says no time (how long: no duration; when: no duration nor moment), keeps this much of its
 * confidence: the entry speaks of the thing, not of when.
 */
const NO_TIME = 0.7;
/**
 * What a visitor asks the firm to grant — compensation (赔 of 赔偿, 索赔, 理赔; 补偿), a charge (手续费,
 * 利息, 押金, 违约金) or an extension (延长, 续期) — each with the words by which an entry says it (假一赔十,
 * 我们承担运费, 3 期免息): an entry whose question, keywords and answer say nothing of it does not answer
 * the question, whatever else it shares with it.
 */
const CLAIMS: [words: string[], saidBy: RegExp][] = [
  [["赔", "补偿"], /赔|补偿|承担/u],
  [["手续费", "服务费"], /手续费|服务费|免费|免息/u],
  [["利息"], /息/u],
  [["押金"], /押金/u],
  [["违约金", "滞纳金"], /违约|滞纳|扣/u],
  [["延长", "续期"], /延长|续期|延期|续/u],
];
const CLAIM_WORDS = new Map(CLAIMS.flatMap(([words], i) => words.map((w) => [w, i] as const)));
/** Any claim word in a text (a quick test before claimsOf looks unit by unit). */
const CLAIM_TEXT = new RegExp([...CLAIM_WORDS.keys()].join("|"), "u");
/**
 * A claim refused (不赔, 没赔, 拒赔: a negation right before it) is a dispute over one case, which an entry
 * saying how compensation works does not settle (运费险怎么理赔保险公司不赔: the return-shipping entry,
 * whose answer says 理赔).
 */
const REFUSED = new Set(["不", "没", "拒"]);
/** …it keeps this much of its confidence (服务器被黑了数据泄露你们赔吗: the data-security entry). */
const UNGRANTED = 0.5;

/** Which kinds of claim (CLAIMS, as bits) an entry's text says. */
function claimsSaid(text: string): number {
  let said = 0;
  CLAIMS.forEach(([, saidBy], i) => {
    if (saidBy.test(text)) said |= 1 << i;
  });
  return said;
}

/** Where the asking clause makes a claim (CLAIM_WORDS), as unit spans with its kind, and whether it says the claim was refused. */
function claimsOf(a: Analysis, unitWeight: Float32Array): { from: number; to: number; kind: number; refused: boolean }[] {
  const out: { from: number; to: number; kind: number; refused: boolean }[] = [];
  // Most questions make no claim: one test of the text before looking unit by unit.
  if (!CLAIM_TEXT.test(a.units.join(""))) return out;
  for (let u = 0; u < a.units.length; u++) {
    if (unitWeight[u] !== 1) continue;
    const one = a.units[u]!;
    const two = u + 1 < a.units.length ? one + a.units[u + 1]! : null;
    const three = two !== null && u + 2 < a.units.length ? two + a.units[u + 2]! : null;
    for (const [word, len] of [[three, 3], [two, 2], [one, 1]] as const) {
      const kind = word === null ? undefined : CLAIM_WORDS.get(word);
      if (kind !== undefined) {
        out.push({ from: u, to: u + len, kind, refused: u > 0 && REFUSED.has(a.units[u - 1]!) });
        break;
      }
    }
  }
  return out;
}
/** Confidences this close are a tie. */
const TIE = 0.02;

/** For each content unit, the word it is in. */
function wordsOfUnits(a: Analysis): string[] {
  const out: string[] = [...a.units];
  for (const w of a.words) {
    const word = a.units.slice(w.from, w.to).join("");
    for (let u = w.from; u < w.to; u++) out[u] = word;
  }
  return out;
}

function timeOf(answer: string): { givesDuration: boolean; givesTime: boolean } {
  const text = fold(answer);
  const givesDuration = GIVES_DURATION.test(text);
  return { givesDuration, givesTime: givesDuration || GIVES_TIME.test(text) };
}

const distinct = (a: Analysis) => [...new Set(a.terms.map((t) => t.text))];

export function prepare<E extends EntryText>(entry: E, ids: TermIds, synonyms: Synonyms = BUILT_IN): { prepared: Prepared<E>; fields: SearchFields } {
  const read = (text: string) => analyze(text, synonyms);
  const question = read(entry.question);
  const similar = (entry.similar ?? []).map(read);
  const category = read(entry.category);
  const keywordAnalyses = entry.keywords.map(read);
  const keywords = entry.keywords.map((k, i): PreparedKeyword => {
    const { terms, units } = keywordAnalyses[i]!;
    const literal = literalForm(k, synonyms);
    const concepts = [...new Set(terms.filter((t) => t.kind === "concept" && t.from === 0 && t.to === units.length).map((t) => t.text))];
    return {
      literal: /\p{Script=Han}/u.test(literal) ? literal : null,
      written: [...new Set(terms.filter((t) => t.kind !== "sound" && t.kind !== "char" && t.kind !== "concept").map((t) => t.text))],
      sounds: [...new Set(terms.filter((t) => t.kind === "sound").map((t) => t.text))],
      all: new Set(terms.map((t) => t.text)),
      concepts,
      near: new Set(concepts.filter((c) => conceptNames(c, units))),
      units,
      contentWeight: !literal || units.join("") === literal ? 1 : 0.8,
      parts:
        (units.length >= 3 && /\p{Script=Han}/u.test(units[0]!)) || (units.length >= 2 && units.every((u) => /^[a-z0-9]/.test(u)))
          ? terms.filter((t) => t.kind === "concept" && t.to - t.from < units.length).map((t) => ({ from: t.from, to: t.to, text: t.text }))
          : [],
    };
  });
  const own = new Set([question, ...similar, category, ...keywordAnalyses].flatMap(distinct));
  // Keywords (and similar questions) are analysed one by one, so no bigram spans two of them.
  const fields: SearchFields = {
    question: [...new Set([question, ...similar].flatMap(distinct))].join(" "),
    keywords: [...new Set(keywordAnalyses.flatMap(distinct))].join(" "),
    category: distinct(category).join(" "),
  };
  // The answer is weak evidence, read only for the confidence: its written words (no single
  // characters, no sounds, no concepts), which often name what the question leaves out.
  const answerWords = distinct(read(entry.answer)).filter((t) => t.length > 1 && !t.startsWith(SOUND_MARK) && !t.startsWith(CONCEPT_MARK));
  const prepared: Prepared<E> = {
    entry,
    terms: ids.set(own),
    answerTerms: ids.set(answerWords.filter((t) => !own.has(t))),
    words: [...own].filter((t) => /^[a-z]{4,}$/.test(t)),
    keywords,
    form: [entry.question, ...(entry.similar ?? [])].reduce((f, t) => f | formsOf(t), 0),
    ...timeOf(entry.answer),
    claims: claimsSaid(fold([entry.question, ...entry.keywords, entry.answer].join(" "))),
  };
  return { prepared, fields };
}

/** A visitor's text, read once for every candidate. */
export interface Query {
  analysis: Analysis;
  /** the id of each of analysis.terms (-1: no entry has it) */
  ids: Int32Array;
  /** how specific each of analysis.terms is: 1 for a term only one entry has, less the more share it */
  specificity: Float64Array;
  terms: Set<string>;
  units: Set<string>;
  /** normalized, without spaces */
  compact: string;
  /** the index's reading of a text (its synonyms) */
  read: (text: string) => Analysis;
  /** how much each content unit counts: 1, less outside the clause that asks in a long text (asking) */
  unitWeight: Float32Array;
  /** the sum of unitWeight */
  weight: number;
  /** the question's focus: the last content word of the clause that asks, as a unit span (null: none, or an English text) */
  focus: { from: number; to: number } | null;
  /** no entry has any written term (word or bigram) of the focus */
  focusUnknown: boolean;
  /** the focus is a word of two characters or more that says what (not stopwords.ts grammatical), and some entry has it (in its question, keywords, category or answer) */
  focusKnown: boolean;
  /** for each of analysis.terms: 1 for a concept term over a word some entry has in writing */
  literal: Uint8Array;
  /** the other words no entry has any written term of, and no concept knows (as unit spans): what the knowledge base never speaks of */
  unknown: { from: number; to: number }[];
  /** what the asking clause asks: whether, how, when, how much, which (forms.ts; 0: not said) */
  form: number;
  /** the asking clause asks how long (多久, 几天), not when */
  asksDuration: boolean;
  /** for each content unit, the visitor's word it is in (a Chinese word as segmented, an English word); made when first needed (wordsOfUnits) */
  unitWord?: string[];
  /** where the asking clause makes a claim (赔, 手续费, 延长: CLAIMS), as unit spans with its kind */
  claims: { from: number; to: number; kind: number; refused: boolean }[];
  /** the asking clause's Chinese words of two characters that general Chinese rarely uses as nouns (rareNoun), as unit spans */
  rare: { from: number; to: number }[];
}

export function query(
  analysis: Analysis,
  ids: TermIds,
  specificity: (id: number) => number,
  read: (text: string) => Analysis = analyze,
  text?: string,
  owned: (id: number) => boolean = () => false,
  /** how many content units the reading of a text has (read(text).units.length, without making its terms) */
  unitCount: (text: string) => number = (t) => read(t).units.length,
): Query {
  const termIds = Int32Array.from(analysis.terms, (t) => ids.find(t.text));
  // A concept term over words some entry has in writing (its question, keywords or category): the
  // knowledge base's own word for something, which the entry that has it explains better than a
  // word of the same group does (支持花呗吗: the instalment entry's keyword 花呗, not the payment one's 支付宝).
  const units = analysis.units.length;
  // For each unit, where the shortest written term starting there that some entry owns ends (units + 1: none).
  const ownedEnd = new Int32Array(units).fill(units + 1);
  analysis.terms.forEach((t, i) => {
    if ((t.kind === "gram" || t.kind === "word" || t.kind === "long") && termIds[i]! >= 0 && t.to < ownedEnd[t.from]! && owned(termIds[i]!)) ownedEnd[t.from] = t.to;
  });
  const literal = Uint8Array.from(analysis.terms, (c) => {
    if (c.kind !== "concept") return 0;
    for (let u = c.from; u < c.to; u++) if (ownedEnd[u]! <= c.to) return 1;
    return 0;
  });
  const clause = text === undefined ? { weights: new Float32Array(analysis.units.length).fill(1), asks: "" } : asking(text, analysis, unitCount);
  const weighed = focusOf(analysis, clause.weights);
  const f = weighed.focus;
  const written = f ? analysis.terms.flatMap((t, i) => (t.kind !== "char" && t.kind !== "sound" && t.kind !== "concept" && t.from >= f.from && t.to <= f.to ? [termIds[i]!] : [])) : [];
  // Each word's state, in one pass over the terms: 0 nothing written seen, 1 written terms none
  // knows, 2 known (a written term some entry has, or a concept word in it or of two units or more over it).
  const wordAt = new Int32Array(units).fill(-1);
  analysis.words.forEach((w, k) => wordAt.fill(k, w.from, w.to));
  const state = new Uint8Array(analysis.words.length);
  analysis.terms.forEach((t, i) => {
    if (t.kind === "concept") {
      // A concept word inside the word (换 in 换到) or of two units or more across it.
      if (t.to - t.from >= 2) for (let u = t.from; u < t.to; u++) if (wordAt[u]! >= 0) state[wordAt[u]!] = 2;
      if (wordAt[t.from]! >= 0 && wordAt[t.to - 1] === wordAt[t.from]) state[wordAt[t.from]!] = 2;
    } else if (t.kind !== "char" && t.kind !== "sound") {
      const k = wordAt[t.from]!;
      if (k >= 0 && wordAt[t.to - 1] === k && state[k] !== 2) state[k] = termIds[i]! >= 0 ? 2 : 1;
    }
  });
  // Chinese words of the asking clause only: the story around a question may say anything. Words
  // that say how rather than what (不能, 很多, 而且, 出去) are no topic a knowledge base could lack.
  const unknown = analysis.words.filter(
    (w, k) =>
      state[k] === 1 &&
      !(f && w.from >= f.from && w.to <= f.to) &&
      w.to - w.from >= 2 &&
      weighed.unitWeight[w.from] === 1 &&
      /\p{Script=Han}/u.test(analysis.units[w.from]!) &&
      !FUNCTION_WORDS.has(analysis.units.slice(w.from, w.to).join("")),
  );
  // The segmenter's words, as the tokenizer folded them (traditional script, synonyms): 乱码, 小费.
  const rare = analysis.words.filter(
    (w) => w.to - w.from === 2 && weighed.unitWeight[w.from] === 1 && /\p{Script=Han}/u.test(analysis.units[w.from]!) && rareNoun(analysis.units[w.from]! + analysis.units[w.from + 1]!),
  );
  return {
    ...weighed,
    literal,
    unknown,
    rare,
    form: formsOf(clause.asks),
    asksDuration: ASKS_DURATION.test(fold(clause.asks)),
    claims: claimsOf(analysis, weighed.unitWeight),
    focusUnknown: written.length > 0 && written.every((id) => id < 0),
    focusKnown: !!f && f.to - f.from >= 2 && written.some((id) => id >= 0) && !grammatical(analysis.units.slice(f.from, f.to).join("")),
    analysis,
    read,
    weight: weighed.unitWeight.reduce((a, b) => a + b, 0),
    ids: termIds,
    specificity: Float64Array.from(termIds, (id) => (id >= 0 ? specificity(id) : 1)),
    terms: new Set(analysis.terms.map((t) => t.text)),
    units: new Set(analysis.units),
    compact: analysis.normalized.replaceAll(" ", ""),
  };
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length >= b.length) i++;
    if (b.length >= a.length) j++;
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Does the entry's question, keywords or category contain this query term (English words of five letters or more: up to one typo)? */
function hasTerm(p: Prepared, term: Term, id: number): boolean {
  if (id >= 0 && hasId(p.terms, id)) return true;
  if (term.kind !== "word" || !/^[a-z]{5,}$/.test(term.text)) return false;
  for (const w of p.words) if (editDistanceAtMostOne(w, term.text)) return true;
  return false;
}

/**
 * Are all of the keyword's content units in the query's: close together in order 0.9, in another
 * order 0.7 ("扣了钱" in "钱扣了"); further apart in order 0.7, in another order 0.5; else 0.
 */
function scattered(keyword: string[], query: string[]): number {
  // Far apart, a step weaker (钱扣了但是订单还显示待付款: the keyword 扣款, its object put first).
  return scatteredWithin(keyword, query, keyword.length + KEYWORD_SLACK, 0.9, 0.7) || scatteredWithin(keyword, query, query.length, 0.7, 0.5);
}

/** Are all of the keyword's content units within a window of the query's units: in order, or in another order (else 0)? */
function scatteredWithin(keyword: string[], query: string[], window: number, inOrderHit: number, otherOrderHit: number): number {
  let best = 0;
  for (let i = 0; i < query.length; i++) {
    if (!keyword.includes(query[i]!)) continue;
    const seen = query.slice(i, i + window);
    let inOrder = 0;
    for (const unit of seen) if (unit === keyword[inOrder]) inOrder++;
    if (inOrder === keyword.length) return inOrderHit;
    const rest = [...seen];
    if (
      keyword.every((unit) => {
        const at = rest.indexOf(unit);
        if (at >= 0) rest[at] = "";
        return at >= 0;
      })
    )
      best = otherOrderHit;
  }
  return best;
}

/** Does the query say this concept somewhere in words the entry's question, keywords and category do not have? */
function unwritten(p: Prepared, q: Query, concept: string): boolean {
  const terms = q.analysis.terms;
  return terms.some((c, at) => {
    if (c.text !== concept || q.literal[at]) return false;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if ((t.kind === "gram" || t.kind === "word" || t.kind === "long") && t.from >= c.from && t.to <= c.to && hasTerm(p, t, q.ids[i]!)) return false;
    }
    return true;
  });
}

/** Does the entry's answer have, as written, the visitor's word (two characters or more) that says this concept (every bigram of it)? */
function answerNames(p: Prepared, q: Query, concept: string): boolean {
  const terms = q.analysis.terms;
  return terms.some((c) => {
    if (c.text !== concept || c.to - c.from < 2) return false;
    let all = true;
    let any = false;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if ((t.kind === "gram" || t.kind === "word") && t.from >= c.from && t.to <= c.to) {
        any = true;
        if (!(q.ids[i]! >= 0 && hasId(p.answerTerms, q.ids[i]!))) all = false;
      }
    }
    return any && all;
  });
}

/**
 * A keyword said part in its own words, part through words of the same concept (退回来的运费 for 退货运费:
 * 运费 as written, 退回 of the returns group like 退货): its units tiled by pieces of two units or more
 * found as written in the query and by its concept words whose concept the query has, at least one of
 * each. An English keyword's pieces are its words, each found among the query's (forgot my pw for
 * forgot password: pw is read as 密码, of the password group). The concept terms used, or null.
 */
function partsHit(k: PreparedKeyword, q: Query): string[] | null {
  const n = k.units.length;
  const latin = !/\p{Script=Han}/u.test(k.units[0]!);
  // at[i]: a tiling of units [0, i) — the concept terms it uses, and whether it has a written piece
  const at: ({ concepts: string[]; written: boolean } | null)[] = new Array(n + 1).fill(null);
  at[0] = { concepts: [], written: false };
  for (let i = 0; i < n; i++) {
    const here = at[i];
    if (!here) continue;
    if (latin) {
      if (!at[i + 1]?.written && q.units.has(k.units[i]!)) at[i + 1] = { concepts: here.concepts, written: true };
    } else for (let j = i + 2; j <= n; j++) if (!at[j]?.written && q.compact.includes(k.units.slice(i, j).join(""))) at[j] = { concepts: here.concepts, written: true };
    for (const c of k.parts) if (c.from === i && !at[c.to] && q.terms.has(c.text)) at[c.to] = { concepts: [...here.concepts, c.text], written: here.written };
  }
  const end = at[n];
  return end && end.written && end.concepts.length ? end.concepts : null;
}

/**
 * Is one of the keyword's characters a word of the visitor's on its own, or in a word that is part of
 * the keyword (扣 of 钱扣了 for 扣款)? Not when each is inside another word (分 of 积分 and 期 of 过期 do
 * not say 分期).
 */
function ownWord(k: PreparedKeyword, q: Query): boolean {
  const whole = k.units.join("");
  const words = (q.unitWord ??= wordsOfUnits(q.analysis));
  return q.analysis.units.some((u, i) => k.units.includes(u) && (words[i]!.length === 1 || whole.includes(words[i]!)));
}

/** How strongly the query names the entry by a keyword, and which query terms those keywords explain. */
function keywordHits(p: Prepared, q: Query): { strength: number; explained: Set<string>; near: Set<string> } {
  let strength = 0;
  const explained = new Set<string>();
  /** concepts of the query a keyword names (NEAR_HIT): they explain the visitor's word as a homophone does */
  const near = new Set<string>();
  for (const k of p.keywords) {
    let hit = 0;
    if (k.literal && q.compact.includes(k.literal)) hit = 1;
    else if (k.written.length && k.written.every((t) => q.terms.has(t))) hit = k.contentWeight;
    else if (k.sounds.length && k.sounds.every((t) => q.terms.has(t))) hit = 0.8 * k.contentWeight;
    else if (k.units.length > 1 && k.units.every((u) => q.units.has(u)))
      // Each of its characters inside another word of the visitor's (积分会过期吗: 分 of 积分, 期 of 过期,
      // for 分期) says the keyword less than characters of their own do.
      hit = scattered(k.units, q.analysis.units) * k.contentWeight * (ownWord(k, q) ? 1 : IN_OTHER_WORDS);
    // A keyword said part as written, part through words of the same concepts: as weak as a word of
    // its family (退回来的运费 for 退货运费; 人不够 for 人数不够).
    const parts = !hit && k.parts.length ? partsHit(k, q) : null;
    if (parts) {
      strength = Math.max(strength, CONCEPT_HIT * k.contentWeight);
      for (const t of k.all) explained.add(t);
      for (const c of parts) explained.add(c);
      continue;
    }
    if (!hit) {
      // A visitor's word of the keyword's concept that the entry does not already have in writing.
      const concept = k.concepts.find((c) => q.terms.has(c) && unwritten(p, q, c));
      // Another kind of the same family counts half — unless the entry's answer names the visitor's
      // very word (刷卡 and an answer saying 支付宝 for 能用支付宝吗): the entry speaks of it.
      const weight = concept && (k.near.has(concept) || answerNames(p, q, concept)) ? NEAR_HIT : CONCEPT_HIT;
      if (concept && weight > strength) {
        strength = weight;
        explained.add(concept);
      }
      if (concept && weight === NEAR_HIT) near.add(concept);
      continue;
    }
    strength = Math.max(strength, hit);
    for (const t of k.all) explained.add(t);
  }
  return { strength, explained, near };
}

/** Share of a text's content units covered by matching terms, each unit counting as much as the best term covering it (and as its weight in the text, when given). */
function coverage(a: Analysis, weight: (t: Term, i: number) => number, unitWeight?: Float32Array, cover = new Float32Array(a.units.length)): number {
  if (a.units.length === 0) return 0;
  a.terms.forEach((t, i) => {
    const w = weight(t, i);
    if (w > 0) for (let u = t.from; u < t.to; u++) if (cover[u]! < w) cover[u] = w;
  });
  let covered = 0;
  let total = 0;
  for (let u = 0; u < cover.length; u++) {
    const w = unitWeight ? unitWeight[u]! : 1;
    covered += cover[u]! * w;
    total += w;
  }
  return covered / total;
}

// In a long text the clause that asks says what the visitor wants; the others tell the story
// ("衣服买回来我妈说颜色太老气了，吊牌都还在，没洗过，这种可以退的吧"). Clauses end at punctuation and
// at spaces between Chinese words; the asking one is the last with a question word, else the last.
const CLAUSE_END = /[,.!?;:，。！？；：、\n]+|(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/u;
const ASKS = /[吗呢么嘛?？]|怎|如何|能不能|可不可以|可以|是否|多少|多久|几|什么|啥|哪|要不要|有没有|会不会|\b(?:how|what|when|where|which|why|can|could|do|does|is|are)\b/iu;
/** A text needs this many content units before its clauses are weighed. */
const LONG = 8;
/** Units outside the asking clause count this much. */
const STORY = 0.35;

/**
 * The asking clause's last content word, in a text of two words or more, when it is Chinese (the
 * units hold English words after the Chinese ones, so a text with English words has no focus). A
 * direction right after another word completes it (寄过来: the focus is 寄过来, which an entry that
 * says 寄 says; 过来 alone is a word no entry has).
 */
function focusOf(a: Analysis, unitWeight: Float32Array): { unitWeight: Float32Array; focus: Query["focus"] } {
  const asked = a.words.filter((w) => unitWeight[w.from] === 1);
  let last = asked.at(-1);
  // A direction after a verb (寄过来, 拿回去) completes the verb: the focus is both.
  const before = asked.at(-2);
  if (last && before && before.to === last.from && DIRECTIONS.has(a.units.slice(last.from, last.to).join(""))) last = { from: before.from, to: last.to };
  const focus = a.words.length >= 2 && last && /\p{Script=Han}/u.test(a.units[last.from]!) ? last : null;
  return { unitWeight, focus };
}

/** How much each unit counts, and the clause that asks (the whole text when it is not weighed by clauses). */
function asking(text: string, a: Analysis, unitCount: (text: string) => number): { weights: Float32Array; asks: string } {
  const weights = new Float32Array(a.units.length).fill(1);
  if (a.units.length < LONG) return { weights, asks: text };
  const clauses = text.normalize("NFKC").split(CLAUSE_END).filter((c) => c.trim());
  if (clauses.length < 2) return { weights, asks: text };
  const sizes = clauses.map((c) => unitCount(c));
  // Synonyms or segmentation across a boundary may count differently: then the text is read whole.
  if (sizes.reduce((x, y) => x + y, 0) !== a.units.length) return { weights, asks: text };
  let ask = clauses.length - 1;
  for (let i = clauses.length - 1; i >= 0; i--)
    if (sizes[i]! > 0 && ASKS.test(clauses[i]!)) {
      ask = i;
      break;
    }
  let at = 0;
  sizes.forEach((n, i) => {
    if (i !== ask) weights.fill(STORY, at, at + n);
    at += n;
  });
  return { weights, asks: clauses[ask]! };
}

export interface Judged<E extends EntryText = EntryText> {
  p: Prepared<E>;
  /** MiniSearch's rank of the entry */
  rank: number;
  confidence: number;
  /** the confidence before the focus rule: how related the entry is, for offering it as a suggestion */
  related: number;
  /** whether it explains any of the text in writing, not only through concepts (a word of the same group) */
  written: boolean;
  /** how much of the entry's question the query says (computed for ties only) */
  entryCoverage?: number;
  /** what the confidence was made of, for the offline fitting (test/robot/fit-confidence.ts) */
  factors: Factors;
}

/**
 * The parts of a confidence, kept for the offline fitting script (test/robot/fit-confidence.ts):
 * confidence = explained × each factor below (the language and form factors are set by the matcher).
 */
export interface Factors {
  /** the share of the text the entry explains (after the how-much units) */
  coverage: number;
  /** the strongest keyword hit (0 none … 1 as written) */
  keyword: number;
  /** the focus factor: 1, UNSAID_FOCUS or FOCUS_ELSEWHERE */
  focus: number;
  /** the share of the text in words no entry knows that this one does not explain (UNKNOWN_SHARE) */
  unknown: number;
  /** NO_TIME applied */
  noTime: boolean;
  /** UNGRANTED applied */
  ungranted: boolean;
  /** RARE_UNSAID applied */
  rareUnsaid: boolean;
  /** the language factor (matcher: 1, OTHER_LANGUAGE or OTHER_LANGUAGE_BEHIND) */
  language: number;
  /** FORM_MISMATCH applied (matcher) */
  formMismatch: boolean;
  /** how well the entry explains each content unit of the text (0: not at all) */
  cover: Float32Array;
}

/** The confidence that the entry answers the query. */
export function judge<E extends EntryText>(p: Prepared<E>, rank: number, q: Query): Judged<E> {
  const keyword = keywordHits(p, q);
  const cover = new Float32Array(q.analysis.units.length);
  let written = false;
  let queryCoverage = coverage(
    q.analysis,
    (t, i) => {
      const w = explains(p, q, keyword, t, i);
      if (w > 0 && t.kind !== "concept") written = true;
      return w;
    },
    q.unitWeight,
    cover,
  );
  // A how-much question (多少, 几个): the amount asked for is part of what the visitor says, and an
  // entry asked how much itself explains it (导游的小费要给多少: not the guide entry, asked whether).
  if (q.form & HOW_MUCH) queryCoverage = (queryCoverage * q.weight + (p.form & HOW_MUCH ? HOW_MUCH_UNITS : 0)) / (q.weight + HOW_MUCH_UNITS);
  // The word the question turns on (导游的小费要给多少: 小费), when no entry knows it, is something this
  // knowledge base never speaks of: an entry that merely shares the rest is likely not the answer.
  // When some entry does know it and this one says nothing of it (nor of half the sentence), the
  // visitor likely asks about what another entry speaks of (app里怎么切换团队: 团队, not the app).
  let focus = 1;
  if (q.focus && (q.focusUnknown || (q.focusKnown && queryCoverage < FOCUS_ELSEWHERE_BELOW))) {
    let said = false;
    for (let u = q.focus.from; u < q.focus.to && !said; u++) said = cover[u]! > 0;
    if (!said) focus = q.focusUnknown ? UNSAID_FOCUS : FOCUS_ELSEWHERE;
  }
  const factors: Factors = { coverage: queryCoverage, keyword: keyword.strength, focus, unknown: 0, noTime: false, ungranted: false, rareUnsaid: false, language: 1, formMismatch: false, cover };
  // The other such words of the asking clause that the entry does not explain either: the visitor
  // asks about more than it covers.
  let unsaid = 0;
  for (const w of q.unknown) {
    let said = false;
    for (let u = w.from; u < w.to && !said; u++) said = cover[u]! > 0;
    if (!said) unsaid += w.to - w.from;
  }
  if (unsaid) {
    factors.unknown = unsaid / q.analysis.units.length;
    focus *= 1 - UNKNOWN_SHARE * factors.unknown;
  }
  // A rare noun of the asking clause it says nothing of (集成钉钉以后能同步考勤吗: 考勤, which the
  // integrations entry never says): likely what is asked. Once, however many.
  if (q.rare.some((w) => cover.subarray(w.from, w.to).every((c) => c === 0))) {
    focus *= RARE_UNSAID;
    factors.rareUnsaid = true;
  }
  // A when or how-long question (几天能到, 多久到账) that the entry's answer gives no time for: the entry
  // speaks of the thing, not of when (江浙沪发韵达一般几天能到: the courier entry names 韵达, not days).
  // An entry asked when itself is not judged by its answer.
  if (q.form & WHEN && !(p.form & WHEN) && !(q.asksDuration ? p.givesDuration : p.givesTime)) {
    focus *= NO_TIME;
    factors.noTime = true;
  }
  // Compensation, a charge or an extension the entry says nothing of (服务器被黑了数据泄露你们赔吗, 在国外刷卡要
  // 手续费吗, 试用期能延长几天吗), or a claim refused: the visitor asks for what it does not offer.
  if (q.claims.some((w) => (w.refused || !(p.claims & (1 << w.kind))) && cover.subarray(w.from, w.to).every((c) => c === 0))) {
    focus *= UNGRANTED;
    factors.ungranted = true;
  }
  // A keyword hit closes part of the gap: a visitor who writes the firm's keyword for a topic is
  // answered among a few other words. But the match must explain the sentence: the less of it the
  // entry covers, the less the keyword closes (one shared keyword in a sentence about something
  // else — 快递员态度很差 骂人 — is not an answer about couriers).
  const explained = queryCoverage + (1 - queryCoverage) * 0.5 * keyword.strength * queryCoverage ** 0.25;
  return { p, rank, confidence: focus * explained, related: explained, written, factors };
}

/** How much the entry explains one term of the query (0: not at all). */
function explains(p: Prepared, q: Query, byKeyword: { explained: Set<string>; near: Set<string> }, t: Term, i: number): number {
  if (byKeyword.near.has(t.text)) return NEAR_HIT;
  if (byKeyword.explained.has(t.text)) return t.kind === "sound" || t.kind === "concept" ? KIND_WEIGHT[t.kind] : 1;
  const id = q.ids[i]!;
  if (hasTerm(p, t, id)) return KIND_WEIGHT[t.kind] * q.specificity[i]!;
  if (id >= 0 && hasId(p.answerTerms, id)) return ANSWER_WEIGHT * KIND_WEIGHT[t.kind] * q.specificity[i]!;
  return 0;
}

export const tied = (a: Judged, b: Judged) => Math.abs(a.confidence - b.confidence) < TIE;

export function entryCoverage(j: Judged, q: Query): number {
  if (j.entryCoverage === undefined) {
    const question = (j.p.questionAnalysis ??= q.read(j.p.entry.question));
    j.entryCoverage = coverage(question, (t) => (q.terms.has(t.text) ? KIND_WEIGHT[t.kind] : 0));
  }
  return j.entryCoverage;
}

/** Orders candidates: confidence first; among ties, the entry whose question the visitor said more of, then MiniSearch's order. */
export function better(q: Query) {
  return (a: Judged, b: Judged): number => {
    if (!tied(a, b)) return b.confidence - a.confidence;
    return entryCoverage(b, q) - entryCoverage(a, q) || a.rank - b.rank;
  };
}
