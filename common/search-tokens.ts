// Chinese-aware search tokens, shared by the server (History's index, customer search:
// src/history/search-tokens.ts) and the browser (the workspace's quick-reply picker), so both split
// text the same way. Chinese, Japanese and Korean runs become overlapping character pairs (a single
// character stays itself); other text is split into lower-case words.
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;

function pairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The runs of a text: each a list of tokens that stand next to each other. */
export function searchRuns(text: string): string[][] {
  const runs: string[][] = [];
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(RUN)) runs.push(CJK.test(m[0]) ? pairs(m[0]) : [m[0]]);
  return runs;
}

