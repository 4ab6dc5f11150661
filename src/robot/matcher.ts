// One enterprise's knowledge base in memory: a MiniSearch index over each enabled entry's question,
// keywords and category (and, weakly, its answer), and the decision whether the robot may answer a
// visitor's text on its own.
//
// MiniSearch finds and ranks the candidates (BM25; keyword terms weigh three times question terms).
// Its scores have no fixed scale, so the decision rests on a separate confidence in [0, 1] for each
// candidate: how much of what the visitor wrote the entry explains (coverage), raised when the
// visitor wrote one of the entry's keywords (the firm's own words for the topic). Below
// ANSWER_THRESHOLD, or when two entries tie, the robot stays silent and offers suggestions and a
// person instead. Updating one entry touches only that entry. See docs/robot.md.
import MiniSearch, { type SearchResult } from "minisearch";
import { analyze, literalForm, normalize, SOUND_MARK, type Analysis, type Term, type TermKind } from "./tokenize";

export interface IndexEntry {
  id: string;
  key: string;
  question: string;
  /** the answer's words are weak evidence: an answer often names what its question leaves out */
  answer: string;
  keywords: string[];
  category: string;
  related: string[];
  /** how often the entry was answered or picked: orders the greeting's most asked questions */
  hits: number;
  /** creation order, the fallback order of the most asked questions */
  order: number;
}

export interface Scored {
  key: string;
  question: string;
  /** confidence in [0, 1], rounded to three places */
  score: number;
}

export interface Decision {
  /** what the robot answers on its own, or null: it does not know and offers suggestions or a person */
  match: Scored | null;
  /** other likely entries, best first, for the visitor to pick */
  suggestions: Scored[];
}

/** The robot answers on its own from this confidence up. */
export const ANSWER_THRESHOLD = 0.45;
/** Entries below this confidence are not worth offering as suggestions. */
export const SUGGEST_THRESHOLD = 0.2;
export const MAX_SUGGESTIONS = 3;
/** How many of MiniSearch's best candidates get a confidence. */
const CANDIDATES = 10;
/** How many postings one question may walk in the index (see KnowledgeIndex.lookupTerms). */
const LOOKUP_BUDGET = 400;

/** Query-term weights by kind: single characters and homophones are weak evidence. */
function termBoost(term: string): number {
  if (term.startsWith(SOUND_MARK)) return 0.4;
  return ENCODED_CHAR.test(term) ? 0.25 : 1;
}

// MiniSearch keeps terms in a radix tree whose nodes it scans child by child. Chinese gives the root
// thousands of children (one per character), which makes every lookup slow, so terms are stored
// with each non-ASCII character spelled as "`" and five hex digits: sixteen children at most.
const encodeTerm = (term: string) => term.replace(/[^\x00-\x7f]/gu, (ch) => "`" + ch.codePointAt(0)!.toString(16).padStart(5, "0"));
const ENCODED_CHAR = /^`[0-9a-f]{5}$/;

/** English words of five letters or more tolerate one typo. */
const FUZZY_CANDIDATE = /^[a-z]{5,}$/;
function fuzziness(term: string): number | false {
  return FUZZY_CANDIDATE.test(term) ? 1 : false;
}

function count(counts: Map<string, number>, terms: Iterable<string>, by: 1 | -1): void {
  for (const t of terms) {
    const n = (counts.get(t) ?? 0) + by;
    if (n > 0) counts.set(t, n);
    else counts.delete(t);
  }
}

interface Doc {
  id: string;
  question: string;
  answer: string;
  keywords: string;
  category: string;
}

/** What the index and the confidence need of an entry, computed once when it is indexed. */
interface Prepared {
  entry: IndexEntry;
  /** the document MiniSearch indexes: each field's search terms, space-separated */
  doc: Doc;
  /** every term MiniSearch indexes for it, of any field */
  searchTerms: Set<string>;
  /** the terms of its question, keywords and category */
  terms: Set<string>;
  /** the terms only its answer has */
  answerTerms: Set<string>;
  /** its English words of four letters or more, for typo-tolerant comparison */
  words: string[];
  question: Analysis;
  keywords: PreparedKeyword[];
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
  /** 1, or less when stopwords were dropped from it ("我的订单" → 订单): the content alone says less than the phrase */
  contentWeight: number;
}

/** How much a matched term of each kind says: single characters and homophones are weaker evidence. */
const KIND_WEIGHT: Record<TermKind, number> = { word: 1, gram: 1, long: 1, sound: 0.8, char: 0.5 };
/** Words found only in an entry's answer count this much of words in its question or keywords. */
const ANSWER_WEIGHT = 0.4;

function prepare(entry: IndexEntry): Prepared {
  const question = analyze(entry.question);
  const category = analyze(entry.category);
  const answer = analyze(entry.answer);
  const keywordAnalyses = entry.keywords.map(analyze);
  const keywords = entry.keywords.map((k, i): PreparedKeyword => {
    const { terms, units } = keywordAnalyses[i]!;
    const literal = literalForm(k);
    return {
      literal: /\p{Script=Han}/u.test(literal) ? literal : null,
      written: [...new Set(terms.filter((t) => t.kind !== "sound" && t.kind !== "char").map((t) => t.text))],
      sounds: [...new Set(terms.filter((t) => t.kind === "sound").map((t) => t.text))],
      all: new Set(terms.map((t) => t.text)),
      units,
      contentWeight: !literal || units.join("") === literal ? 1 : 0.8,
    };
  });
  const terms = new Set([question, category, ...keywordAnalyses].flatMap((a) => a.terms.map((t) => t.text)));
  const answerTerms = new Set(answer.terms.map((t) => t.text).filter((t) => !terms.has(t)));
  // An answer adds only its written words (no single characters, no sounds): it is long, and is
  // weak evidence anyway. Keywords are analysed one by one, so no bigram spans two of them.
  const fields = {
    question: distinctTerms(question),
    keywords: [...new Set(keywordAnalyses.flatMap(distinctTerms))],
    category: distinctTerms(category),
    answer: distinctTerms(answer).filter((t) => t.length > 1 && !t.startsWith(SOUND_MARK)),
  };
  const doc: Doc = { id: entry.id, question: fields.question.join(" "), keywords: fields.keywords.join(" "), category: fields.category.join(" "), answer: fields.answer.join(" ") };
  const words = [...terms].filter((t) => /^[a-z]{4,}$/.test(t));
  return { entry, doc, searchTerms: new Set(Object.values(fields).flat()), terms, answerTerms, words, question, keywords };
}

function distinctTerms(a: Analysis): string[] {
  return [...new Set(a.terms.map((t) => t.text))];
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

/** Does the entry's question, keywords or category contain this query term (English words: up to one typo)? */
function hasTerm(p: Prepared, term: Term): boolean {
  if (p.terms.has(term.text)) return true;
  if (term.kind !== "word" || !fuzziness(term.text)) return false;
  for (const w of p.words) if (editDistanceAtMostOne(w, term.text)) return true;
  return false;
}

/** Slack a keyword's characters may have in the query: "退货运费" is still found in "退货的运费". */
const KEYWORD_SLACK = 3;

/** Are all of the keyword's content units close together in the query's: in order 0.9, in another order 0.7 ("扣了钱" in "钱扣了"), else 0. */
function scattered(keyword: string[], query: string[]): number {
  let best = 0;
  const window = keyword.length + KEYWORD_SLACK;
  for (let i = 0; i < query.length; i++) {
    if (!keyword.includes(query[i]!)) continue;
    const seen = query.slice(i, i + window);
    let inOrder = 0;
    for (const unit of seen) if (unit === keyword[inOrder]) inOrder++;
    if (inOrder === keyword.length) return 0.9;
    const rest = [...seen];
    if (keyword.every((unit) => {
      const at = rest.indexOf(unit);
      if (at >= 0) rest[at] = "";
      return at >= 0;
    })) best = 0.7;
  }
  return best;
}

/** How strongly the query names the entry by a keyword: 1 as written, less scattered or as a homophone, 0 not. */
function keywordHits(p: Prepared, q: Query): { strength: number; explained: Set<string> } {
  let strength = 0;
  const explained = new Set<string>();
  for (const k of p.keywords) {
    let hit = 0;
    if (k.literal && q.compact.includes(k.literal)) hit = 1;
    else if (k.written.length && k.written.every((t) => q.terms.has(t))) hit = k.contentWeight;
    else if (k.sounds.length && k.sounds.every((t) => q.terms.has(t))) hit = 0.8 * k.contentWeight;
    else if (k.units.length > 1 && k.units.every((u) => q.units.has(u))) hit = scattered(k.units, q.analysis.units) * k.contentWeight;
    if (!hit) continue;
    strength = Math.max(strength, hit);
    for (const t of k.all) explained.add(t);
  }
  return { strength, explained };
}

/** Share of a text's content units covered by matching terms, each unit counting as much as the term that covers it. */
function coverage(a: Analysis, weight: (t: Term) => number): number {
  if (a.units.length === 0) return 0;
  const cover = new Float32Array(a.units.length);
  for (const t of a.terms) {
    const w = weight(t);
    if (w > 0) for (let i = t.from; i < t.to; i++) if (cover[i]! < w) cover[i] = w;
  }
  let covered = 0;
  for (const c of cover) covered += c;
  return covered / a.units.length;
}

/** A visitor's text, read once for every candidate. */
interface Query {
  analysis: Analysis;
  terms: Set<string>;
  /** normalized, without spaces */
  compact: string;
  units: Set<string>;
}

interface Judged {
  p: Prepared;
  rank: number;
  /** in [0, 1]: how much of the query the entry explains, raised by a keyword hit */
  confidence: number;
  /** how much of the entry's question the query says: breaks ties between near-equal entries */
  entryCoverage: number;
}

function judge(p: Prepared, rank: number, q: Query, specificity: (term: string) => number): Judged {
  const keyword = keywordHits(p, q);
  // A word many entries share ("快递") explains less of the question than one only this entry has.
  const queryCoverage = coverage(q.analysis, (t) => {
    if (keyword.explained.has(t.text)) return t.kind === "sound" ? KIND_WEIGHT.sound : 1;
    if (hasTerm(p, t)) return KIND_WEIGHT[t.kind] * specificity(t.text);
    if (p.answerTerms.has(t.text)) return ANSWER_WEIGHT * KIND_WEIGHT[t.kind] * specificity(t.text);
    return 0;
  });
  // A keyword hit closes half the gap: a visitor who writes the firm's keyword for a topic is
  // answered even among other words, unless another entry explains the question better.
  const confidence = queryCoverage + (1 - queryCoverage) * 0.5 * keyword.strength;
  const entryCoverage = coverage(p.question, (t) => (q.terms.has(t.text) ? KIND_WEIGHT[t.kind] : 0));
  return { p, rank, confidence, entryCoverage };
}

/** Confidences this close are a tie. */
const TIE = 0.02;

const tied = (a: Judged, b: Judged) => Math.abs(a.confidence - b.confidence) < TIE;

/** Confidence first; among ties, the entry whose question the visitor said more of, then MiniSearch's order. */
function better(a: Judged, b: Judged): number {
  if (!tied(a, b)) return b.confidence - a.confidence;
  return b.entryCoverage - a.entryCoverage || a.rank - b.rank;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export class KnowledgeIndex {
  private readonly search = new MiniSearch<Doc>({
    fields: ["question", "keywords", "category", "answer"],
    // Documents and queries arrive as terms already (see prepare and ask).
    tokenize: (terms) => terms.split(" "),
    processTerm: encodeTerm,
    searchOptions: {
      boost: { keywords: 3, question: 1, category: 0.5, answer: 0.2 },
      boostTerm: termBoost,
      fuzzy: fuzziness,
      weights: { fuzzy: 0.6, prefix: 0 },
    },
  });
  private readonly entries = new Map<string, Prepared>();
  private readonly byKey = new Map<string, Prepared>();
  /** how many entries contain each term in their question, keywords or category */
  private readonly documentFrequency = new Map<string, number>();
  /** how many entries MiniSearch lists under each term: the cost of looking it up */
  private readonly postings = new Map<string, number>();

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry, or replaces the indexed version of it (same id). */
  put(entry: IndexEntry): void {
    this.remove(entry.id);
    const prepared = prepare(entry);
    this.entries.set(entry.id, prepared);
    this.byKey.set(entry.key, prepared);
    count(this.documentFrequency, prepared.terms, 1);
    count(this.postings, prepared.searchTerms, 1);
    this.search.add(prepared.doc);
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.search.discard(id);
    this.entries.delete(id);
    count(this.documentFrequency, old.terms, -1);
    count(this.postings, old.searchTerms, -1);
    if (this.byKey.get(old.entry.key) === old) this.byKey.delete(old.entry.key);
  }

  get(key: string): IndexEntry | undefined {
    return this.byKey.get(key)?.entry;
  }

  /** Counts one answer or pick of an entry (for the most asked questions). */
  hit(key: string): void {
    const p = this.byKey.get(key);
    if (p) p.entry.hits++;
  }

  /** 1 for a term only one entry has, falling towards 0 as more entries share it. */
  private specificity(term: string): number {
    const n = this.entries.size;
    const df = this.documentFrequency.get(term) ?? 1;
    return Math.log(1 + n / df) / Math.log(1 + n);
  }

  /**
   * The query's terms to look up, rarest first, within a budget of postings: a term that thousands
   * of entries share costs the most and tells the least (it still counts in the confidence).
   */
  private lookupTerms(a: Analysis): string[] {
    const terms = distinctTerms(a).map((t) => ({ t, n: this.postings.get(t) ?? 0 })).filter((x) => x.n > 0 || FUZZY_CANDIDATE.test(x.t));
    terms.sort((x, y) => x.n - y.n);
    const out: string[] = [];
    let spent = 0;
    for (const { t, n } of terms) {
      if (out.length && spent + n > LOOKUP_BUDGET) break;
      out.push(t);
      spent += n;
    }
    return out;
  }

  /** The robot's decision on a visitor's text. */
  ask(text: string): Decision {
    const clipped = text.slice(0, 500);
    const analysis = analyze(clipped);
    const compact = normalize(clipped).replaceAll(" ", "");
    const q: Query = { analysis, terms: new Set(analysis.terms.map((t) => t.text)), compact, units: new Set(analysis.units) };
    if (q.terms.size === 0) return { match: null, suggestions: [] };
    const results: SearchResult[] = this.search.search(this.lookupTerms(analysis).join(" ")).slice(0, CANDIDATES);
    const specificity = (term: string) => this.specificity(term);
    const judged = results.map((r, rank) => judge(this.entries.get(r.id as string)!, rank, q, specificity)).sort(better);
    const out = (j: Judged): Scored => ({ key: j.p.entry.key, question: j.p.entry.question, score: round(j.confidence) });
    const [best, second] = judged;
    // Two entries that explain the text equally well: the robot cannot tell which, the visitor can.
    const ambiguous = !!best && !!second && tied(best, second);
    const match = best && best.confidence >= ANSWER_THRESHOLD && !ambiguous ? out(best) : null;
    const suggestions = judged
      .slice(match ? 1 : 0)
      .filter((j) => j.confidence >= SUGGEST_THRESHOLD)
      .slice(0, MAX_SUGGESTIONS)
      .map(out);
    return { match, suggestions };
  }

  /** The entries to offer first: most often answered or picked, then in the order they were written. */
  top(n: number): IndexEntry[] {
    return [...this.byKey.values()]
      .map((p) => p.entry)
      .sort((a, b) => b.hits - a.hits || a.order - b.order)
      .slice(0, n);
  }

  /** An entry's related entries that are enabled, in the order the entry lists them. */
  related(key: string): IndexEntry[] {
    const p = this.byKey.get(key);
    if (!p) return [];
    return p.entry.related.map((k) => this.byKey.get(k)?.entry).filter((e): e is IndexEntry => !!e);
  }
}
