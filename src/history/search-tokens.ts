// Tokens for message search. SQLite's own tokenizers either keep a Chinese sentence as one token
// (unicode61) or need three characters (trigram), so two-character words like 价格 would not be
// found. We write the tokens ourselves: Chinese, Japanese and Korean runs become overlapping
// character pairs (a single character stays itself), other text is split into lower-case words.
// The splitting itself is common/search-tokens.ts: the workspace's quick-reply picker runs it in the browser.
import { CJK, searchRuns } from "../../common/search-tokens";


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
