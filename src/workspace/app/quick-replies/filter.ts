// The composer's quick-reply search, in the browser: every reply is tokenised once when loaded
// (the Chinese-aware tokens History's search uses too: 退货 finds 退货政策, "ref" finds "refund"), then each
// keystroke only compares strings. A thousand replies filter in well under a millisecond.
import { searchRuns } from "../../../../common/search-tokens";

export interface PickerReply {
  id: string;
  groupName: string;
  title: string;
  shortcut: string;
  body: string;
  team: boolean;
  /** " token token … ": what the query's tokens are looked for in */
  key: string;
}

export type RawReply = Omit<PickerReply, "key">;

export function prepareReplies(list: RawReply[]): PickerReply[] {
  return list.map((r) => ({ ...r, key: ` ${searchRuns(`${r.shortcut} ${r.title} ${r.groupName} ${r.body}`).flat().join(" ")} ` }));
}

/** Replies whose shortcut starts with the query first, then those containing every word of it. */
export function filterReplies(list: PickerReply[], query: string, limit = 50): PickerReply[] {
  const q = query.trim().toLowerCase();
  if (!q) return list.slice(0, limit);
  const tokens = searchRuns(q).flat();
  const byShortcut: PickerReply[] = [];
  const byWords: PickerReply[] = [];
  for (const r of list) {
    if (r.shortcut && r.shortcut.toLowerCase().startsWith(q)) byShortcut.push(r);
    else if (tokens.length && tokens.every((t) => r.key.includes(` ${t}`))) byWords.push(r);
    if (byShortcut.length >= limit) break;
  }
  return [...byShortcut, ...byWords].slice(0, limit);
}
