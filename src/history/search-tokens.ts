// Tokens for message search. SQLite's own tokenizers either keep a Chinese sentence as one token
// (unicode61) or need three characters (trigram), so two-character words like 价格 would not be
// found. We write the tokens ourselves: Chinese, Japanese and Korean runs become overlapping
// character pairs (a single character stays itself), other text is split into lower-case words.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
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

/** What the index stores for a message: every token, space-separated (unicode61 splits on spaces). */
export function indexTokens(text: string): string {
  return searchRuns(text).flat().join(" ");
}

/**
 * An FTS5 query that finds messages containing every run of the query: each run is a phrase, so
 * 价格表 must appear as 价格 then 格表. A single Chinese character matches words that start with it.
 * Returns null when the query has nothing to search for.
 */
export function matchQuery(query: string): string | null {
  const runs = searchRuns(query.slice(0, 200));
  if (runs.length === 0) return null;
  return runs
    .map((tokens) => {
      const phrase = `"${tokens.map((t) => t.replace(/"/g, '""')).join(" ")}"`;
      // One Chinese character is indexed only inside pairs: look for pairs that start with it.
      return tokens.length === 1 && [...tokens[0]!].length === 1 && CJK.test(tokens[0]!) ? `${phrase}*` : phrase;
    })
    .join(" AND ");
}
