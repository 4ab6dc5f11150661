// One enterprise's knowledge base in memory: a MiniSearch index over each enabled entry's question,
// keywords and category, and the decision whether the robot may answer a visitor's text on its own.
//
// MiniSearch finds and ranks the candidates (BM25; keyword terms weigh three times question terms).
// Its scores have no fixed scale, so the decision rests on a confidence in [0, 1] for each of the
// best candidates (confidence.ts). Below ANSWER_THRESHOLD, or when two entries tie, the robot stays
// silent and offers suggestions and a person instead. Changing one entry re-indexes only that
// entry. See docs/robot.md.
import MiniSearch from "minisearch";
import { better, entryCoverage, judge, prepare, query, tied, type Judged, type Prepared, type Query, type SearchFields } from "./confidence";
import { formsDiffer } from "./forms";
import { detectLanguage, type Language } from "./language";
import { smallTalk, type SmallTalk } from "./small-talk";
import { TermIds } from "./term-ids";
import type { Synonyms } from "./synonyms";
import { analyze, BUILT_IN, CONCEPT_MARK, SOUND_MARK, unitCount, type Analysis } from "./tokenize";

export interface IndexEntry {
  id: string;
  key: string;
  question: string;
  /** other wordings of the question (相似问法), indexed like it */
  similar?: string[];
  /** the entry's language (language.ts entryLanguage): a visitor is answered from entries in theirs first */
  language?: Language;
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
  /** the text is only a greeting, thanks, goodbye or acknowledgement: a friendly reply, never an entry (small-talk.ts) */
  smallTalk?: SmallTalk;
}

/** The robot answers on its own from this confidence up. */
export const ANSWER_THRESHOLD = 0.45;
/** Entries below this confidence are not worth offering as suggestions. */
export const SUGGEST_THRESHOLD = 0.2;
export const MAX_SUGGESTIONS = 3;
/** How many of MiniSearch's best candidates get a confidence. */
const CANDIDATES = 8;
/** How many postings one question may walk in the index (see KnowledgeIndex.lookupTerms). */
const LOOKUP_BUDGET = 100;
/**
 * An entry in another language than the visitor's sentence counts this much of its confidence: it
 * answers only when it explains the sentence well and no entry in the visitor's language does.
 */
const OTHER_LANGUAGE = 0.75;
/** …and this much when an entry in the visitor's language is a candidate too: it is offered, not answered. */
const OTHER_LANGUAGE_BEHIND = 0.4;
/** An entry asked in another form than the visitor's question keeps this much of its confidence when one in the visitor's form is a candidate (forms.ts). */
const FORM_MISMATCH = 0.9;
/** Longer texts are read up to here: a question is not an essay. */
const MAX_TEXT = 500;

// MiniSearch keeps terms in a radix tree whose nodes it scans child by child. Chinese gives the root
// thousands of children (one per character), which makes every lookup slow, so terms are stored
// with each non-ASCII character spelled as "`" and five hex digits: sixteen children at most.
function encodeTerm(term: string): string {
  let ascii = true;
  for (let i = 0; i < term.length && ascii; i++) ascii = term.charCodeAt(i) < 0x80;
  if (ascii) return term;
  let out = "";
  for (const ch of term) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x80 ? ch : "`" + cp.toString(16).padStart(5, "0");
  }
  return out;
}
const ENCODED_CHAR = /^`[0-9a-f]{5}$/;

/** Query-term weights by kind: single characters and homophones are weak evidence. */
function termBoost(term: string): number {
  if (term.startsWith(SOUND_MARK)) return 0.4;
  if (term.startsWith(CONCEPT_MARK)) return CONCEPT_BOOST;
  return ENCODED_CHAR.test(term) ? 0.25 : 1;
}

/** A concept term (a word of the same group, concepts.ts) weighs this much in finding candidates. */
const CONCEPT_BOOST = 0.4;

/** English words of five letters or more tolerate one typo. */
const FUZZY_CANDIDATE = /^[a-z]{5,}$/;
const fuzziness = (term: string): number | false => (FUZZY_CANDIDATE.test(term) ? 1 : false);

function count(counts: Map<number, number>, ids: Int32Array, by: 1 | -1): void {
  for (const id of ids) {
    const n = (counts.get(id) ?? 0) + by;
    if (n > 0) counts.set(id, n);
    else counts.delete(id);
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export class KnowledgeIndex {
  private readonly search = new MiniSearch<SearchFields & { id: string }>({
    fields: ["question", "keywords", "category"],
    // Documents and queries arrive as terms already (see prepare and ask).
    tokenize: (terms) => terms.split(" "),
    processTerm: encodeTerm,
    searchOptions: {
      boost: { keywords: 3, question: 1, category: 0.5 },
      boostTerm: termBoost,
      fuzzy: fuzziness,
      weights: { fuzzy: 0.6, prefix: 0 },
    },
  });
  private readonly ids = new TermIds();
  private readonly entries = new Map<string, Prepared<IndexEntry>>();
  private readonly byKey = new Map<string, Prepared<IndexEntry>>();
  /** how many entries have each term (by id) in their question, keywords or category: MiniSearch's postings */
  private readonly documentFrequency = new Map<number, number>();

  /** the synonyms this index reads entries and questions with: the built-in ones and the enterprise's own */
  constructor(private readonly synonyms: Synonyms = BUILT_IN) {}

  private readonly read = (text: string) => analyze(text, this.synonyms);
  private readonly count = (text: string) => unitCount(text, this.synonyms);

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry, or replaces the indexed version of it (same id). */
  put(entry: IndexEntry): void {
    this.remove(entry.id);
    const { prepared, fields } = prepare(entry, this.ids, this.synonyms);
    this.entries.set(entry.id, prepared);
    this.byKey.set(entry.key, prepared);
    count(this.documentFrequency, prepared.terms, 1);
    this.search.add({ id: entry.id, ...fields });
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.search.discard(id);
    this.entries.delete(id);
    count(this.documentFrequency, old.terms, -1);
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

  /**
   * The query's terms to look up, rarest first, within a budget of postings: a term that thousands
   * of entries share costs the most and tells the least (it still counts in the confidence). Where
   * a bigram is known, its characters and its sound add nothing to finding candidates, so only the
   * bigram is looked up; the others are for typos and words the index does not have.
   */
  private lookupTerms(a: Analysis, ids: Int32Array): string[] {
    // The number of entries with each term (its id already found: Query.ids).
    const dfs = new Int32Array(a.terms.length);
    for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) dfs[i] = this.documentFrequency.get(ids[i]!) ?? 0;
    const known = new Uint8Array(a.units.length);
    a.terms.forEach((t, i) => {
      if ((t.kind === "gram" || t.kind === "long") && dfs[i]! > 0) known.fill(1, t.from, t.to);
    });
    const wanted = new Map<string, number>();
    for (let i = 0; i < a.terms.length; i++) {
      const t = a.terms[i]!;
      if (t.kind === "char" || t.kind === "sound") {
        let all = true;
        for (let u = t.from; u < t.to && all; u++) all = known[u] === 1;
        if (all) continue;
      }
      const n = dfs[i]!;
      if (n > 0 || FUZZY_CANDIDATE.test(t.text)) wanted.set(t.text, n);
    }
    const out: string[] = [];
    let spent = 0;
    for (const [t, n] of [...wanted].sort((x, y) => x[1] - y[1])) {
      if (out.length && spent + n > LOOKUP_BUDGET) break;
      out.push(t);
      spent += n;
    }
    return out;
  }

  /**
   * The ids of MiniSearch's best n documents for these terms, in the order its search() gives them
   * (score × the number of query terms matched, highest first, ties in the order found), without the
   * result object and sort search() makes for every document found (minisearch 7's executeQuery).
   */
  private best(terms: string, n: number): string[] {
    const search = this.search as unknown as {
      executeQuery(query: string): Map<number, { score: number; terms: string[] }>;
      _documentIds: Map<number, string>;
    };
    const top: { doc: number; score: number }[] = [];
    for (const [doc, r] of search.executeQuery(terms)) {
      const score = r.score * (r.terms.length || 1);
      if (top.length === n && !(score > top[n - 1]!.score)) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < score) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > n) top.pop();
    }
    return top.map((t) => search._documentIds.get(t.doc)!);
  }

  /** Every candidate MiniSearch finds for a text, judged and ordered best first (none for small talk or an empty text). */
  private judgeAll(text: string): { judged: Judged<IndexEntry>[]; smallTalk?: SmallTalk; q?: Query } {
    const chat = smallTalk(text);
    if (chat) return { judged: [], smallTalk: chat };
    // 1 for a term only one entry has, falling towards 0 as more entries share it.
    const n = this.entries.size;
    const logN = Math.log(1 + n);
    const specificity = (id: number) => Math.log(1 + n / (this.documentFrequency.get(id) ?? 1)) / logN;
    const owned = (id: number) => this.documentFrequency.has(id);
    const q = query(this.read(text.slice(0, MAX_TEXT)), this.ids, specificity, this.read, text.slice(0, MAX_TEXT), owned, this.count);
    if (q.terms.size === 0) return { judged: [] };
    const results = this.best(this.lookupTerms(q.analysis, q.ids).join(" "), CANDIDATES);
    const language = detectLanguage(text);
    const foreign = (j: Judged<IndexEntry>) => !!language && !!j.p.entry.language && j.p.entry.language !== language;
    const judged = results.map((id, rank) => judge(this.entries.get(id)!, rank, q));
    // Entries in the visitor's language first: one in the other language answers only when none in
    // theirs is even worth suggesting, and then with less confidence.
    // (One that relates only through a concept, a word of the same group, does not count: 我要invoice
    // and an English entry with the keyword invoice.)
    const ownLanguageCandidate = judged.some((j) => !foreign(j) && j.confidence >= SUGGEST_THRESHOLD && j.written);
    for (const j of judged)
      if (foreign(j)) {
        const keep = ownLanguageCandidate ? OTHER_LANGUAGE_BEHIND : OTHER_LANGUAGE;
        j.confidence *= keep;
        j.related *= keep;
        j.factors.language = keep;
      }
    // What the visitor asks — whether, how, when, how much, which (forms.ts) — tells close entries on
    // one topic apart (能退吗: 支持七天无理由退货吗, not 怎么申请退货). Only between candidates: an entry
    // asked in another form keeps FORM_MISMATCH of its confidence when one asked in the visitor's
    // form is worth suggesting; alone, it still answers (能开票吗 and 怎么开发票).
    if (q.form && judged.some((j) => j.p.form && !formsDiffer(q.form, j.p.form) && j.related >= SUGGEST_THRESHOLD))
      for (const j of judged)
        if (formsDiffer(q.form, j.p.form)) {
          j.confidence *= FORM_MISMATCH;
          j.factors.formMismatch = true;
        }
    return { judged: judged.sort(better(q)), q };
  }

  /**
   * Every candidate judged, best first, with what its confidence was made of and the query's reading:
   * for the offline fitting script (test/robot/fit-confidence.ts), not for answering.
   */
  inspect(text: string): { judged: (Judged<IndexEntry> & { entryCoverage: number })[]; q?: Query; smallTalk: boolean } {
    const { judged, smallTalk: chat, q } = this.judgeAll(text);
    return { judged: judged.map((j) => Object.assign(j, { entryCoverage: q ? entryCoverage(j, q) : 0 })), q, smallTalk: !!chat };
  }

  /** The best candidates whatever their confidence, best first (at most n): what the LLM stage chooses from. */
  candidates(text: string, n: number): (Scored & { entry: IndexEntry })[] {
    return this.judgeAll(text)
      .judged.slice(0, n)
      .map((j) => ({ key: j.p.entry.key, question: j.p.entry.question, score: round(j.confidence), entry: j.p.entry }));
  }

  /** The robot's decision on a visitor's text. */
  ask(text: string): Decision {
    const { judged, smallTalk: chat } = this.judgeAll(text);
    if (chat) return { match: null, suggestions: [], smallTalk: chat };
    const out = (j: Judged<IndexEntry>): Scored => ({ key: j.p.entry.key, question: j.p.entry.question, score: round(j.confidence) });
    const [best, second] = judged;
    // Two entries that explain the text equally well: the robot cannot tell which, the visitor can.
    const ambiguous = !!best && !!second && tied(best, second);
    const match = best && best.confidence >= ANSWER_THRESHOLD && !ambiguous ? out(best) : null;
    const suggestions = judged
      .slice(match ? 1 : 0)
      .filter((j) => j.related >= SUGGEST_THRESHOLD)
      .slice(0, MAX_SUGGESTIONS)
      // A suggestion's score says how related it is (the focus rule decides answering, not offering).
      .map((j) => ({ ...out(j), score: round(j.related) }));
    return { match, suggestions };
  }

  /**
   * The entries to offer first: most often answered or picked, then in the order they were written;
   * given a language, only entries in it (all entries when it has none).
   */
  top(n: number, language?: Language): IndexEntry[] {
    const all = [...this.byKey.values()].map((p) => p.entry);
    const own = language ? all.filter((e) => !e.language || e.language === language) : all;
    return (own.length ? own : all).sort((a, b) => b.hits - a.hits || a.order - b.order).slice(0, n);
  }

  /** An entry's related entries that are enabled, in the order the entry lists them. */
  related(key: string): IndexEntry[] {
    const p = this.byKey.get(key);
    if (!p) return [];
    return p.entry.related.map((k) => this.byKey.get(k)?.entry).filter((e): e is IndexEntry => !!e);
  }
}
