// The second evaluation (issue 19): three kinds of firm — a web shop, a SaaS product and a travel
// agency — each with a knowledge base as an admin writes one (question and keywords, no similar
// questions) and visitor sentences written like real visitors' (paraphrases, long and rambling,
// mixed Chinese and English, abbreviations; greetings and thanks, and questions that share words
// with entries but that no entry answers). The sentences were written before the matcher was tuned
// on them and are not edited to pass.
import { entryLanguage } from "../../src/robot/language";
import { KnowledgeIndex, type IndexEntry } from "../../src/robot/matcher";
import saasKb from "./fixtures/firms/saas-kb.json";
import saasVisitors from "./fixtures/firms/saas-visitors.json";
import shopKb from "./fixtures/firms/shop-kb.json";
import shopVisitors from "./fixtures/firms/shop-visitors.json";
import travelKb from "./fixtures/firms/travel-kb.json";
import travelVisitors from "./fixtures/firms/travel-visitors.json";
import holdoutVisitors from "./fixtures/firms/holdout-visitors.json";
import holdout2Visitors from "./fixtures/firms/holdout2-visitors.json";
import holdout3Visitors from "./fixtures/firms/holdout3-visitors.json";
import holdout4Visitors from "./fixtures/firms/holdout4-visitors.json";
import tune1Visitors from "./fixtures/firms/tune1-visitors.json";
import tune2Visitors from "./fixtures/firms/tune2-visitors.json";
import tune3Visitors from "./fixtures/firms/tune3-visitors.json";
import tune4Visitors from "./fixtures/firms/tune4-visitors.json";
import unansweredLog from "./fixtures/firms/unanswered-log.json";

export type FirmName = "shop" | "saas" | "travel";

interface KbEntry {
  key: string;
  question: string;
  answer: string;
  keywords: string[];
  category: string;
  similar?: string[];
}

interface VisitorSet {
  answerable: [string, string, string][];
  unanswerable: [string, string][];
}

export const FIRMS: { name: FirmName; kb: KbEntry[]; visitors: VisitorSet }[] = [
  { name: "shop", kb: shopKb, visitors: shopVisitors as VisitorSet },
  { name: "saas", kb: saasKb, visitors: saasVisitors as VisitorSet },
  { name: "travel", kb: travelKb, visitors: travelVisitors as VisitorSet },
];

/** The similar questions an admin adds from the unanswered list: entry key → sentences, per firm. */
export function similarFromUnanswered(firm: FirmName): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, text] of (unansweredLog as unknown as Record<FirmName, [string, string][]>)[firm]) out.set(key, [...(out.get(key) ?? []), text]);
  return out;
}

export function firmIndex(kb: KbEntry[], similar = new Map<string, string[]>()): KnowledgeIndex {
  const index = new KnowledgeIndex();
  kb.forEach((e, i) => {
    // The language the robot service gives every entry (detected from its text: the admin set none).
    const entry: IndexEntry = { id: e.key, key: e.key, question: e.question, answer: e.answer, keywords: e.keywords, category: e.category, related: [], hits: 0, order: i, language: entryLanguage(e) };
    const extra = similar.get(e.key);
    if (extra) Object.assign(entry, { similar: extra });
    index.put(entry);
  });
  return index;
}

interface Tally {
  total: number;
  right: number;
  wrong: number;
  silent: number;
}

export interface FirmFigures {
  /** answerable sentences by kind */
  answerable: Map<string, Tally>;
  /** must-not-answer sentences by kind: how many got an entry, and how many were taken for small talk */
  unanswerable: Map<string, { total: number; answered: number; smallTalk: number }>;
  failures: string[];
}

/** Sentences written after the tuning, measured and not tuned on (holdout-visitors.json). */
export const HOLDOUT = holdoutVisitors as unknown as Record<FirmName, { answerable: [string, string, string][]; unanswerable: [string, string][] }>;

/** A second held-out set, written before this round's vocabulary and confidence work and committed before it (holdout2-visitors.json). */
export const HOLDOUT2 = holdout2Visitors as unknown as typeof HOLDOUT;

/** A third held-out set, written before the next round's work and committed before it; only its totals are looked at (holdout3-visitors.json). */
export const HOLDOUT3 = holdout3Visitors as unknown as typeof HOLDOUT;

/** A fourth held-out set, written after the main set had been tuned on (to say what the robot does out of the box), committed before it was measured once; only its totals are looked at (holdout4-visitors.json). */
export const HOLDOUT4 = holdout4Visitors as unknown as typeof HOLDOUT;

/**
 * A tuning set for knowing when not to answer (round 9): per firm questions that name an entry's topic
 * but ask what no entry's answer covers, and answerable near-misses, written from the knowledge bases
 * alone (tune1-visitors.json). Not held out: its misses may be read and tuned on.
 */
export const TUNE1 = tune1Visitors as unknown as typeof HOLDOUT;

/**
 * A second tuning set (round 11): per firm sentences as visitors write them (their situation rather than
 * the topic's name, colloquial words, typos, shorthand, traditional script) and must-not-answer questions
 * near an entry's topic, written from the knowledge bases alone (tune2-visitors.json). Not held out: its
 * misses may be read and tuned on.
 */
export const TUNE2 = tune2Visitors as unknown as typeof HOLDOUT;

/**
 * A third tuning set (round 13): like tune2, favouring the entries tune1 and tune2 asked least and the
 * SaaS and travel firms' everyday, English and mixed wording (tune3-visitors.json). Not held out: its
 * misses may be read and tuned on.
 */
export const TUNE3 = tune3Visitors as unknown as typeof HOLDOUT;

/**
 * A fourth tuning set (round 14): like tune3, favouring the entries tune1, tune2 and tune3 asked least
 * (tune4-visitors.json). Not held out: its misses may be read and tuned on.
 */
export const TUNE4 = tune4Visitors as unknown as typeof HOLDOUT;

const HELD_OUT = { holdout: HOLDOUT, holdout2: HOLDOUT2, holdout3: HOLDOUT3, holdout4: HOLDOUT4, tune1: TUNE1, tune2: TUNE2, tune3: TUNE3, tune4: TUNE4 };

export type SetName = "main" | keyof typeof HELD_OUT;

export function evaluateFirms(withSimilar = false, sets: SetName = "main"): FirmFigures {
  const f: FirmFigures = { answerable: new Map(), unanswerable: new Map(), failures: [] };
  for (const firm of FIRMS) {
    const index = firmIndex(firm.kb, withSimilar ? similarFromUnanswered(firm.name) : undefined);
    const visitors = sets === "main" ? firm.visitors : HELD_OUT[sets][firm.name];
    for (const [text, want, kind] of visitors.answerable) {
      const t = f.answerable.get(kind) ?? { total: 0, right: 0, wrong: 0, silent: 0 };
      f.answerable.set(kind, t);
      t.total++;
      const { match, suggestions } = index.ask(text);
      if (match?.key === want) t.right++;
      else if (match) {
        t.wrong++;
        f.failures.push(`  wrong:  [${firm.name}/${kind}] ${text} → ${match.key} (${match.score}), labelled ${want}`);
      } else {
        t.silent++;
        const offered = suggestions.map((s) => `${s.key} ${s.score}`).join(", ");
        f.failures.push(`  silent: [${firm.name}/${kind}] ${text}, labelled ${want}; offered ${offered || "nothing"}`);
      }
    }
    for (const [text, kind] of visitors.unanswerable) {
      const t = f.unanswerable.get(kind) ?? { total: 0, answered: 0, smallTalk: 0 };
      f.unanswerable.set(kind, t);
      t.total++;
      const { match, smallTalk } = index.ask(text);
      if (smallTalk) t.smallTalk++;
      if (match) {
        t.answered++;
        f.failures.push(`  answered one it must not: [${firm.name}/${kind}] ${text} → ${match.key} (${match.score})`);
      }
    }
  }
  return f;
}

const pct = (n: number, d: number) => `${d ? ((100 * n) / d).toFixed(1) : "—"} %`;

export function totals(f: FirmFigures) {
  let answerable = 0;
  let right = 0;
  let wrong = 0;
  let silent = 0;
  let unanswerable = 0;
  let answered = 0;
  for (const t of f.answerable.values()) (answerable += t.total), (right += t.right), (wrong += t.wrong), (silent += t.silent);
  for (const t of f.unanswerable.values()) (unanswerable += t.total), (answered += t.answered);
  return { answerable, right, wrong, silent, unanswerable, answered };
}

export function report(name: string, f: FirmFigures, details = true): string {
  const all = totals(f);
  return [
    `${name}: right first ${all.right}/${all.answerable} = ${pct(all.right, all.answerable)}; must-not-answer answered ${all.answered}/${all.unanswerable} = ${pct(all.answered, all.unanswerable)}`,
    ...[...f.answerable].map(([kind, t]) => `  ${kind.padEnd(11)} right first ${t.right}/${t.total} = ${pct(t.right, t.total)} (wrong ${t.wrong}, silent ${t.silent})`),
    ...[...f.unanswerable].map(([kind, t]) => `  ${kind.padEnd(11)} answered ${t.answered}/${t.total} = ${pct(t.answered, t.total)} (must not be; ${t.smallTalk} taken for small talk)`),
    ...(details ? f.failures : []),
  ].join("\n");
}

if (import.meta.main) {
  const sets = (process.argv[2] ?? "main") as SetName;
  // The third and fourth held-out sets print their totals only: their sentences are not to be tuned on.
  console.log(report(`firms (${sets})`, evaluateFirms(false, sets), sets !== "holdout3" && sets !== "holdout4"));
}
