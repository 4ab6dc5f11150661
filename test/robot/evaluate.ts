// Runs a set of labelled visitor sentences against a knowledge base and counts how the robot did:
// right first (it answered with the labelled entry), wrong (another entry), silent; and for the
// sentences no entry answers, whether it stayed silent.
import { KnowledgeIndex } from "../../src/robot/matcher";
import kb from "./fixtures/shop-kb.json";

export interface LabelledSet {
  answerable: (string | null)[][];
  unanswerable: string[];
}

export interface Figures {
  answerable: number;
  right: number;
  wrong: { text: string; want: string; got: string; score: number }[];
  silent: { text: string; want: string }[];
  unanswerable: number;
  stayedSilent: number;
  answeredUnanswerable: { text: string; got: string; score: number }[];
}

export function shopIndex(): KnowledgeIndex {
  const index = new KnowledgeIndex();
  kb.forEach((e, i) => index.put({ id: e.key, key: e.key, question: e.question, answer: e.answer, keywords: e.keywords, category: e.category, related: e.related, hits: 0, order: i }));
  return index;
}

export function evaluate(index: KnowledgeIndex, set: LabelledSet): Figures {
  const f: Figures = { answerable: 0, right: 0, wrong: [], silent: [], unanswerable: 0, stayedSilent: 0, answeredUnanswerable: [] };
  for (const [text, want] of set.answerable as [string, string][]) {
    f.answerable++;
    const { match } = index.ask(text);
    if (match?.key === want) f.right++;
    else if (match) f.wrong.push({ text, want, got: match.key, score: match.score });
    else f.silent.push({ text, want });
  }
  for (const text of set.unanswerable) {
    f.unanswerable++;
    const { match } = index.ask(text);
    if (match) f.answeredUnanswerable.push({ text, got: match.key, score: match.score });
    else f.stayedSilent++;
  }
  return f;
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;

export function describe(name: string, f: Figures): string {
  return [
    `${name}: right first ${f.right}/${f.answerable} = ${pct(f.right, f.answerable)} (wrong ${f.wrong.length}, silent ${f.silent.length}); ` +
      `unanswerable: silent ${f.stayedSilent}/${f.unanswerable} = ${pct(f.stayedSilent, f.unanswerable)}`,
    ...f.wrong.map((w) => `  wrong:  ${w.text} → ${w.got} (${w.score}), labelled ${w.want}`),
    ...f.silent.map((s) => `  silent: ${s.text}, labelled ${s.want}`),
    ...f.answeredUnanswerable.map((a) => `  answered an unanswerable one: ${a.text} → ${a.got} (${a.score})`),
  ].join("\n");
}
