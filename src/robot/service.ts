// RobotService: the robot's one entry point for the chat core, the admin pages and the CLI.
//
//   const robot = robotService(db)        // one per database; keeps each enterprise's index in memory
//   robotActive(config.mode, db, site)    // (allowed.ts) does the robot serve this site's visitors?
//
// For the widget and the chat core:
//   robot.greeting(enterpriseId, n = 5, language?) → QuestionRef[]: the most asked questions (in the
//         visitor's language, "zh" or "en", when given), to offer as buttons
//   robot.reply(enterpriseId, { conversationId, siteId, text })
//       → RobotReply: { answer: AnswerView, suggestions } when the robot answers on its own,
//         { answer: null, suggestions } when it does not know (offer the suggestions and a person).
//         Records the outcome: a hit and "answered", or the unanswered question and "unanswered".
//         Small talk (hello, thanks, bye, ok) gets { answer: null, smallTalk } and records nothing.
//   robot.replyWithLlm(enterpriseId, { conversationId, siteId, text }) → Promise<RobotReply>: the same
//         through the enterprise's LLM stage when it has one (usesLlm), falling back to reply.
//   robot.pick(enterpriseId, { conversationId, siteId, key })
//       → AnswerView | null: a question the visitor picked (greeting, suggestion, related); records
//         a hit and "answered". null: no such enabled entry.
//   robot.handOff(enterpriseId, { conversationId, siteId }) records that a person took over (the
//         visitor asked for one, or the robot gave up), so the conversation does not count as
//         resolved without a person.
//   AnswerView = { key, question, answer, related: QuestionRef[] }; QuestionRef = { key, question }.
//   Answers are plain text: render them with linkify() (linkify.ts), never as HTML.
//
// Lower level: ask (the decision alone, records nothing: `parley robot ask`), entry, topQuestions,
// related, recordUnanswered, recordOutcome, recordHit. Admin: list, categories, save, setEnabled,
// remove, addSimilar, importFile, exportFile, synonyms, saveSynonym, deleteSynonym, unanswered,
// dismissUnanswered, resolvedShare.
//
// Every write through this service updates the in-memory index at once. Writes by another process
// (`parley kb import` beside a running server) are noticed through SQLite's data_version and the
// indexes are rebuilt on next use. `warm()` builds the indexes ahead of the first question.
import type { Statement } from "bun:sqlite";
import type { Db } from "../db/client";
import { enterprises } from "../db/schema";
import { transaction } from "../db/transaction";
import {
  checkEntry,
  checkKey,
  deleteEntry,
  countHit,
  entriesByKeys,
  getEntry,
  isProblem,
  listEntries,
  newKey,
  saveEntry,
  setEntryEnabled,
  type EntryInput,
  type Problem,
  type RobotEntry,
} from "./entries";
import { planImport, readFile, toExchange, writeFile, type Format, type Rejected } from "./exchange";
import { dismissUnanswered, listUnanswered, recordOutcome, recordUnanswered, resolvedShare, type OutcomeEvent, type ResolvedShare, type UnansweredGroup } from "./learning";
import { detectLanguage, entryLanguage, type Language } from "./language";
import { groundedAnswer, llmReady, rerank, type Candidate, type LlmConfig } from "./llm";
import { countLlmUse, ownSmallTalkReply, robotSettingsOf, type RobotSettings } from "./settings";
import { smallTalk, type SmallTalk } from "./small-talk";
import { KnowledgeIndex, MAX_SUGGESTIONS, SUGGEST_THRESHOLD, type Decision, type IndexEntry } from "./matcher";
import { deleteOwnSynonym, listOwnSynonyms, saveOwnSynonym, type OwnSynonym } from "./own-synonyms";
import { BUILT_IN_SYNONYMS } from "./synonyms";
import { normalize, synonymTable } from "./tokenize";
import { DAY_MS } from "../../common/time";

export interface QuestionRef {
  key: string;
  question: string;
}

export interface AnswerView extends QuestionRef {
  answer: string;
  related: QuestionRef[];
  /** the LLM stage chose the entry (rerank) or wrote the answer from it in its own words (answer); the entry is the one cited */
  llm?: "rerank" | "answer";
}

/** Small talk and how to answer it: in the sentence's language, with the admin's own words if they wrote some. */
export interface SmallTalkReply {
  kind: SmallTalk;
  language: Language;
  /** the admin's own reply; absent: the built-in one (catalogue robot.small_talk.<kind>) */
  text?: string;
}

export type RobotReply =
  | { answer: AnswerView; suggestions: QuestionRef[] }
  | { answer: null; suggestions: QuestionRef[]; smallTalk?: SmallTalkReply };

export interface ConversationRef {
  conversationId: string;
  siteId?: string | null;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** not empty: nothing was imported */
  rejected: Rejected[];
}

/** A knowledge base up to this size is re-read at once when the synonyms change; a larger one in the background. */
const REBUILD_AT_ONCE = 300;
/** How many of the robot's best candidates the LLM stage reads. */
const LLM_CANDIDATES = 5;
/** The visitor's message as the model reads it, at most. */
const LLM_MESSAGE = 500;
/** Requests to the model in flight per enterprise; beyond, the offline robot answers at once (visitors are anonymous, and each call costs the firm). */
export const LLM_IN_FLIGHT = 16;

export const llmConfigOf = (s: RobotSettings): LlmConfig => ({ mode: s.llmMode, baseUrl: s.llmBaseUrl, model: s.llmModel, key: s.llmKey, timeoutMs: s.llmTimeoutMs });
const ref = (e: { key: string; question: string }): QuestionRef => ({ key: e.key, question: e.question });

function indexEntry(e: RobotEntry): IndexEntry {
  return {
    id: e.id,
    key: e.key,
    question: e.question,
    similar: e.similar,
    language: entryLanguage(e),
    answer: e.answer,
    keywords: e.keywords,
    category: e.category,
    related: e.related,
    hits: e.hits,
    order: e.createdAt,
  };
}

export class RobotService {
  private readonly indexes = new Map<string, KnowledgeIndex>();
  /** LLM requests in flight per enterprise (entries removed at 0, so at most one per enterprise with calls under way) */
  private readonly llmInFlight = new Map<string, number>();
  /** counts this process's writes per enterprise, so a warm-up that raced one is thrown away */
  private readonly writes = new Map<string, number>();
  private readonly dataVersion: Statement;
  private seenVersion: number;

  constructor(readonly db: Db) {
    this.dataVersion = db.$client.prepare("PRAGMA data_version");
    this.seenVersion = this.readDataVersion();
  }

  private readDataVersion(): number {
    return (this.dataVersion.get() as { data_version: number }).data_version;
  }

  /** Another process wrote to the database (data_version moved): every index may be stale. */
  private noticeOtherWriters(): void {
    const version = this.readDataVersion();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.indexes.clear();
    }
  }

  /** The enterprise's index, built on first use and rebuilt after another process wrote. */
  private index(enterpriseId: string): KnowledgeIndex {
    this.noticeOtherWriters();
    let index = this.indexes.get(enterpriseId);
    if (!index) {
      index = new KnowledgeIndex(this.synonymsOf(enterpriseId));
      for (const e of listEntries(this.db, enterpriseId)) if (e.enabled) index.put(indexEntry(e));
      this.indexes.set(enterpriseId, index);
    }
    return index;
  }

  /**
   * Builds every enterprise's index ahead of its first question (a large knowledge base takes a
   * while: about 0.7 ms an entry), yielding to the event loop between batches. Call it once when a
   * server starts; without it, the first question of each enterprise builds its index.
   */
  async warm(): Promise<void> {
    for (const { id } of this.db.select({ id: enterprises.id }).from(enterprises).all()) {
      this.noticeOtherWriters();
      if (this.indexes.has(id)) continue;
      const built = await this.build(id);
      if (built && this.current(id, built) && !this.indexes.has(id)) this.indexes.set(id, built.index);
    }
  }

  /**
   * Builds an enterprise's index yielding to the event loop between batches, with what it was built
   * from; null when anything was written meanwhile, here or by another process.
   */
  private async build(id: string): Promise<{ index: KnowledgeIndex; writes: number; version: number } | null> {
    const version = this.seenVersion;
    const writes = this.writes.get(id) ?? 0;
    const index = new KnowledgeIndex(this.synonymsOf(id));
    const rows = listEntries(this.db, id).filter((e) => e.enabled);
    for (let i = 0; i < rows.length; i++) {
      index.put(indexEntry(rows[i]!));
      if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const built = { index, writes, version };
    return this.current(id, built) ? built : null;
  }

  /** Nothing was written since a build started (checked again by whoever awaited it: writes may land in between). */
  private current(id: string, built: { writes: number; version: number }): boolean {
    return (this.writes.get(id) ?? 0) === built.writes && this.readDataVersion() === built.version;
  }



  /** The synonyms an enterprise's index reads with: the built-in ones, then its own (which win). */
  private synonymsOf(enterpriseId: string) {
    const own = listOwnSynonyms(this.db, enterpriseId).map((s) => [s.word, ...s.equivalents]);
    return synonymTable([...BUILT_IN_SYNONYMS.map((line) => line.split("|")), ...own]);
  }

  /** Keeps a built index in step with a row this process just wrote (or deleted: row undefined). */
  private reindex(enterpriseId: string, id: string, row: RobotEntry | undefined): void {
    this.writes.set(enterpriseId, (this.writes.get(enterpriseId) ?? 0) + 1);
    const index = this.indexes.get(enterpriseId);
    if (!index) return;
    if (row?.enabled) index.put(indexEntry(row));
    else index.remove(id);
  }

  // ---- the visitor side -------------------------------------------------------------------

  /** The decision alone: what the robot would answer, and what it would suggest. Records nothing. */
  ask(enterpriseId: string, text: string): Decision {
    return this.index(enterpriseId).ask(text);
  }

  /** An enabled entry with its answer and enabled related questions. */
  entry(enterpriseId: string, key: string): AnswerView | null {
    const index = this.index(enterpriseId);
    const e = index.get(key);
    return e ? { ...ref(e), answer: e.answer, related: index.related(key).map(ref) } : null;
  }

  /** The most asked questions; given a language, those in it (all when it has none). */
  topQuestions(enterpriseId: string, n: number, language?: Language): QuestionRef[] {
    return this.index(enterpriseId).top(n, language).map(ref);
  }

  related(enterpriseId: string, key: string): QuestionRef[] {
    return this.index(enterpriseId).related(key).map(ref);
  }

  /** The greeting's questions, in the visitor's language (the entries' language: see language.ts). */
  greeting(enterpriseId: string, n = 5, language?: Language): QuestionRef[] {
    return this.topQuestions(enterpriseId, n, language);
  }

  reply(enterpriseId: string, c: ConversationRef & { text: string }): RobotReply {
    const decision = this.ask(enterpriseId, c.text);
    if (decision.smallTalk) {
      // Neither answered nor unanswered: a greeting offers the most asked questions, the rest just a kind word.
      const language = detectLanguage(c.text) ?? "zh";
      const text = ownSmallTalkReply(robotSettingsOf(this.db, enterpriseId), language, decision.smallTalk);
      const suggestions = decision.smallTalk === "greeting" ? this.greeting(enterpriseId, 5, language) : [];
      return { answer: null, suggestions, smallTalk: { kind: decision.smallTalk, language, ...(text ? { text } : {}) } };
    }
    const suggestions = decision.suggestions.map(ref);
    const answer = decision.match && this.entry(enterpriseId, decision.match.key);
    return answer ? this.answered(enterpriseId, c, answer, suggestions) : this.notAnswered(enterpriseId, c, suggestions);
  }

  /** Does the enterprise's robot use an LLM stage (configured completely and switched on)? */
  usesLlm(enterpriseId: string): boolean {
    return llmReady(llmConfigOf(robotSettingsOf(this.db, enterpriseId)));
  }

  /**
   * reply, through the LLM stage where the enterprise configured one (llm.ts): the model reranks the
   * robot's best candidates and decides (rerank), or answers in its own words from them, citing one
   * (answer). Bounded by the configured timeout; a timeout, an error or an unusable reply counts as a
   * failed call and the offline robot replies instead. Usage is counted per enterprise. Never rejects.
   */
  async replyWithLlm(enterpriseId: string, c: ConversationRef & { text: string }): Promise<RobotReply> {
    const config = llmConfigOf(robotSettingsOf(this.db, enterpriseId));
    if (!llmReady(config) || smallTalk(c.text)) return this.reply(enterpriseId, c);
    const inFlight = this.llmInFlight.get(enterpriseId) ?? 0;
    if (inFlight >= LLM_IN_FLIGHT) return this.reply(enterpriseId, c);
    this.llmInFlight.set(enterpriseId, inFlight + 1);
    try {
      return await this.throughLlm(enterpriseId, c, config);
    } finally {
      const left = (this.llmInFlight.get(enterpriseId) ?? 1) - 1;
      if (left > 0) this.llmInFlight.set(enterpriseId, left);
      else this.llmInFlight.delete(enterpriseId);
    }
  }

  private async throughLlm(enterpriseId: string, c: ConversationRef & { text: string }, config: LlmConfig): Promise<RobotReply> {
    const found = this.index(enterpriseId).candidates(c.text, LLM_CANDIDATES);
    if (found.length === 0) return this.reply(enterpriseId, c);
    const candidates: Candidate[] = found.map((f) => ({ key: f.key, question: f.question, answer: f.entry.answer }));
    const message = c.text.slice(0, LLM_MESSAGE);
    try {
      if (config.mode === "rerank") {
        const { decision, usage } = await rerank(config, message, candidates);
        countLlmUse(this.db, enterpriseId, { ok: true, ...usage });
        const answer = decision.decision === "answer" ? this.entry(enterpriseId, decision.key) : null;
        if (answer) {
          const others = found.filter((f) => f.key !== answer.key && f.score >= SUGGEST_THRESHOLD).slice(0, MAX_SUGGESTIONS);
          return this.answered(enterpriseId, c, { ...answer, llm: "rerank" }, others.map(ref));
        }
        const picked = decision.decision === "suggest" ? decision.keys.map((k) => this.entry(enterpriseId, k)).filter((e): e is AnswerView => !!e) : [];
        return this.notAnswered(enterpriseId, c, picked.map(ref));
      }
      const { answer, usage } = await groundedAnswer(config, message, candidates);
      countLlmUse(this.db, enterpriseId, { ok: true, ...usage });
      const cited = answer.answer === null ? null : this.entry(enterpriseId, answer.key);
      if (cited && answer.answer !== null) return this.answered(enterpriseId, c, { ...cited, answer: answer.answer, llm: "answer" }, []);
      // The entries do not cover it: the robot's closest questions and a person, as offline.
      return this.notAnswered(enterpriseId, c, found.filter((f) => f.score >= SUGGEST_THRESHOLD).slice(0, MAX_SUGGESTIONS).map(ref));
    } catch {
      // LlmFailure (timeout, HTTP error, unusable reply) or anything else: the offline robot answers.
      countLlmUse(this.db, enterpriseId, { ok: false });
      return this.reply(enterpriseId, c);
    }
  }

  /** An answer: a hit for the entry (the most asked questions) and "answered" for the conversation. */
  private answered(enterpriseId: string, c: ConversationRef, answer: AnswerView, suggestions: QuestionRef[]): RobotReply {
    this.recordHit(enterpriseId, answer.key);
    this.recordOutcome(enterpriseId, c, "answered");
    return { answer, suggestions };
  }

  /** No answer: the question joins the unanswered list, and the conversation counts it. */
  private notAnswered(enterpriseId: string, c: ConversationRef & { text: string }, suggestions: QuestionRef[]): RobotReply {
    this.recordUnanswered(enterpriseId, c.text);
    this.recordOutcome(enterpriseId, c, "unanswered");
    return { answer: null, suggestions };
  }

  pick(enterpriseId: string, c: ConversationRef & { key: string }): AnswerView | null {
    const answer = this.entry(enterpriseId, c.key);
    if (!answer) return null;
    this.recordHit(enterpriseId, c.key);
    this.recordOutcome(enterpriseId, c, "answered");
    return answer;
  }

  handOff(enterpriseId: string, c: ConversationRef): void {
    this.recordOutcome(enterpriseId, c, "handed_to_human");
  }

  recordHit(enterpriseId: string, key: string): void {
    countHit(this.db, enterpriseId, key);
    this.indexes.get(enterpriseId)?.hit(key);
  }

  recordUnanswered(enterpriseId: string, text: string): void {
    recordUnanswered(this.db, enterpriseId, text);
  }

  recordOutcome(enterpriseId: string, c: ConversationRef, event: OutcomeEvent): void {
    recordOutcome(this.db, enterpriseId, c.conversationId, event, c.siteId ?? null);
  }

  // ---- the admin side ---------------------------------------------------------------------

  /** Entries matching a search text (question, answer, keywords, key) and a category, oldest first. */
  list(enterpriseId: string, filter: { q?: string; category?: string } = {}): RobotEntry[] {
    const q = normalize(filter.q ?? "").replaceAll(" ", "");
    return listEntries(this.db, enterpriseId).filter(
      (e) =>
        (!filter.category || e.category === filter.category) &&
        (!q || normalize([e.key, e.question, ...e.similar, e.answer, ...e.keywords].join(" ")).replaceAll(" ", "").includes(q)),
    );
  }

  categories(enterpriseId: string): string[] {
    return [...new Set(listEntries(this.db, enterpriseId).map((e) => e.category).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  }

  /** Any entry, enabled or not, for the admin. */
  stored(enterpriseId: string, key: string): RobotEntry | undefined {
    return getEntry(this.db, enterpriseId, key);
  }

  /**
   * Creates an entry (key null: from input.key, or a new one) or replaces an existing one's fields
   * (its key stays). Related entries must exist.
   */
  save(enterpriseId: string, key: string | null, input: EntryInput): RobotEntry | Problem {
    const fields = checkEntry(input);
    if (isProblem(fields)) return fields;
    let target: string;
    if (key === null) {
      const wanted = input.key?.trim() ? checkKey(input.key) : newKey();
      if (isProblem(wanted)) return wanted;
      if (getEntry(this.db, enterpriseId, wanted)) return { key: "robot.problem.key_taken", params: { key: wanted } };
      target = wanted;
    } else {
      if (!getEntry(this.db, enterpriseId, key)) return { key: "robot.problem.not_found" };
      target = key;
    }
    const related = fields.related.filter((k) => k !== target);
    const known = new Set(entriesByKeys(this.db, enterpriseId, related).map((e) => e.key));
    const unknown = related.find((k) => !known.has(k));
    if (unknown) return { key: "robot.problem.related_unknown", params: { ref: unknown } };
    const row = saveEntry(this.db, enterpriseId, target, { ...fields, related });
    this.reindex(enterpriseId, row.id, row);
    return row;
  }

  /**
   * Adds a visitor's wording to an entry's similar questions (the unanswered list's "add as a similar
   * question of …"), and removes the unanswered line it came from.
   */
  addSimilar(enterpriseId: string, key: string, text: string, fromUnanswered?: string): RobotEntry | Problem {
    const e = getEntry(this.db, enterpriseId, key);
    if (!e) return { key: "robot.problem.not_found" };
    const saved = this.save(enterpriseId, key, { ...e, similar: [...e.similar, text] });
    if (!isProblem(saved) && fromUnanswered) this.dismissUnanswered(enterpriseId, fromUnanswered);
    return saved;
  }

  setEnabled(enterpriseId: string, key: string, enabled: boolean): RobotEntry | undefined {
    const row = setEntryEnabled(this.db, enterpriseId, key, enabled);
    if (row) this.reindex(enterpriseId, row.id, row);
    return row;
  }

  remove(enterpriseId: string, key: string): boolean {
    const row = getEntry(this.db, enterpriseId, key);
    if (!row) return false;
    const referrers = listEntries(this.db, enterpriseId).filter((e) => e.related.includes(key));
    transaction(this.db, () => deleteEntry(this.db, enterpriseId, key));
    this.reindex(enterpriseId, row.id, undefined);
    for (const e of referrers) this.reindex(enterpriseId, e.id, getEntry(this.db, enterpriseId, e.key));
    return true;
  }

  /** Imports a file whole or not at all (any rejected row: nothing is written). */
  importFile(enterpriseId: string, text: string, format: Format): ImportResult {
    const read = readFile(text, format);
    if ("rejected" in read) return { created: 0, updated: 0, rejected: read.rejected };
    const now = Date.now();
    const result = transaction(this.db, () => {
      const plan = planImport(listEntries(this.db, enterpriseId), read.rows);
      if (plan.rejected.length) return { created: 0, updated: 0, rejected: plan.rejected, rows: [] as RobotEntry[] };
      // New entries keep the file's order (it is the greeting's order until visitors ask).
      const rows = plan.writes.map((w, i) => saveEntry(this.db, enterpriseId, w.key, w.fields, now + i));
      const created = plan.writes.filter((w) => !w.existing).length;
      return { created, updated: plan.writes.length - created, rejected: [], rows };
    });
    for (const row of result.rows) this.reindex(enterpriseId, row.id, row);
    return { created: result.created, updated: result.updated, rejected: result.rejected };
  }

  exportFile(enterpriseId: string, format: Format): string {
    return writeFile(toExchange(listEntries(this.db, enterpriseId)), format);
  }

  // ---- the enterprise's own synonyms: every change rebuilds its index (every entry is read anew) ----

  synonyms(enterpriseId: string): OwnSynonym[] {
    return listOwnSynonyms(this.db, enterpriseId);
  }

  saveSynonym(enterpriseId: string, word: string, equivalents: string): OwnSynonym | Problem {
    const saved = saveOwnSynonym(this.db, enterpriseId, word, equivalents);
    if (!isProblem(saved)) this.rebuild(enterpriseId);
    return saved;
  }

  deleteSynonym(enterpriseId: string, id: string): boolean {
    const gone = deleteOwnSynonym(this.db, enterpriseId, id);
    if (gone) this.rebuild(enterpriseId);
    return gone;
  }

  /**
   * Every entry must be read anew (the synonyms changed). A small knowledge base is rebuilt at once;
   * a large one in the background (about 1 ms an entry), answering from the old index meanwhile, so
   * that no visitor's question waits for it. A write during the build starts it again.
   */
  private rebuild(enterpriseId: string): void {
    this.writes.set(enterpriseId, (this.writes.get(enterpriseId) ?? 0) + 1);
    const old = this.indexes.get(enterpriseId);
    if (!old || old.size <= REBUILD_AT_ONCE) {
      this.indexes.delete(enterpriseId);
      return;
    }
    const attempt = (left: number): Promise<void> =>
      this.build(enterpriseId).then((built) => {
        if (this.indexes.get(enterpriseId) !== old) return;
        if (built && this.current(enterpriseId, built)) this.indexes.set(enterpriseId, built.index);
        else if (left > 0) return attempt(left - 1);
      });
    this.rebuilding = attempt(3).catch(() => this.indexes.delete(enterpriseId));
  }

  /** The background rebuild under way, if any (tests and benchmarks wait for it). */
  rebuilding: Promise<unknown> = Promise.resolve();

  unanswered(enterpriseId: string, limit?: number): UnansweredGroup[] {
    return listUnanswered(this.db, enterpriseId, limit);
  }

  dismissUnanswered(enterpriseId: string, id: string): boolean {
    return dismissUnanswered(this.db, enterpriseId, id);
  }

  /** The share of the robot's conversations in the last `days` days that no person had to take. */
  resolvedShare(enterpriseId: string, days = 30): ResolvedShare {
    return resolvedShare(this.db, enterpriseId, Date.now() - days * DAY_MS);
  }
}

const services = new WeakMap<Db, RobotService>();

/** The robot service of a database: one per Db, so every caller shares its in-memory indexes. */
export function robotService(db: Db): RobotService {
  let s = services.get(db);
  if (!s) services.set(db, (s = new RobotService(db)));
  return s;
}
