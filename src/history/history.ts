// Conversation history (历史对话): filters and full-text search over messages, newest first.
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { conversations, messages, sites, users } from "../db/schema";
import { scoped } from "../db/scope";
import { displayId } from "../chat/visitors";
import { canSee, scopeFilter, type Member } from "../accounts/data-scope";
import type { SearchIndex } from "./search-index";
import { matchQuery } from "./search-tokens";

export const PAGE_SIZE = 50;
/** a search looks at this many newest matching messages (keeps a very common word fast) */
const MATCH_WINDOW = 5000;

export interface HistoryFilter {
  q?: string;
  siteId?: string;
  agentId?: string;
  status?: "open" | "closed";
  /** day bounds, ms */
  from?: number;
  to?: number;
  page?: number;
}

export interface HistoryRow {
  id: string;
  siteName: string;
  agentName: string | null;
  visitorDisplayId: string;
  status: "open" | "closed";
  closeReason: string | null;
  createdAt: number;
  lastMessageAt: number;
  messageCount: number;
  /** the newest matching message when searching, else the last message */
  preview: string;
}

/** Who is asking: their role's data scope decides which conversations they see. */
export type HistoryViewer = Pick<Member, "id" | "enterpriseId" | "grant" | "reach">;

const owned = (c: { agentId: string | null; groupId: string | null }) => ({ ownerId: c.agentId, groupId: c.groupId });

export function searchHistory(db: Db, index: SearchIndex, viewer: HistoryViewer, f: HistoryFilter): { rows: HistoryRow[]; hasMore: boolean } {
  const conds: (SQL | undefined)[] = [];
  conds.push(scopeFilter(viewer, conversations.agentId, { group: conversations.groupId }));
  if (f.agentId) conds.push(eq(conversations.agentId, f.agentId));
  if (f.siteId) conds.push(eq(conversations.siteId, f.siteId));
  if (f.status) conds.push(eq(conversations.status, f.status));
  if (f.from) conds.push(gte(conversations.lastMessageAt, f.from));
  if (f.to) conds.push(lte(conversations.createdAt, f.to));

  let matched: Map<string, number> | null = null;
  const match = f.q ? matchQuery(f.q) : null;
  if (f.q && !match) return { rows: [], hasMore: false };
  if (match) {
    index.catchUp();
    const ids = (db.$client.query("select rowid as id from message_search where message_search match ? order by rowid desc limit ?").all(match, MATCH_WINDOW) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) return { rows: [], hasMore: false };
    matched = new Map();
    for (const m of scoped(db, viewer.enterpriseId).select(messages, and(inArray(messages.id, ids), eq(messages.internal, false))).all()) {
      if ((matched.get(m.conversationId) ?? 0) < m.id) matched.set(m.conversationId, m.id);
    }
    if (matched.size === 0) return { rows: [], hasMore: false };
    conds.push(inArray(conversations.id, [...matched.keys()]));
  }

  const page = Math.max(0, f.page ?? 0);
  const list = scoped(db, viewer.enterpriseId)
    .select(conversations, and(...conds))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(PAGE_SIZE + 1)
    .offset(page * PAGE_SIZE)
    .all();
  const shown = list.slice(0, PAGE_SIZE);
  const siteNames = new Map(scoped(db, viewer.enterpriseId).select(sites).all().map((s) => [s.id, s.name]));
  const agentNames = new Map(scoped(db, viewer.enterpriseId).select(users).all().map((u) => [u.id, u.name]));
  const previewIds = matched ? shown.map((c) => matched!.get(c.id)!) : [];
  const previews = new Map<string, string>();
  if (previewIds.length) for (const m of scoped(db, viewer.enterpriseId).select(messages, inArray(messages.id, previewIds)).all()) previews.set(m.conversationId, m.body);
  const rows = shown.map((c) => {
    if (!previews.has(c.id)) {
      const last = scoped(db, viewer.enterpriseId)
        .select(messages, and(eq(messages.conversationId, c.id), eq(messages.internal, false)))
        .orderBy(desc(messages.seq))
        .limit(1)
        .get();
      previews.set(c.id, last?.body ?? "");
    }
    return {
      id: c.id,
      siteName: siteNames.get(c.siteId) ?? "",
      agentName: c.agentId ? (agentNames.get(c.agentId) ?? null) : null,
      visitorDisplayId: displayId(c.visitorId),
      status: c.status,
      closeReason: c.closeReason ?? null,
      createdAt: c.createdAt,
      lastMessageAt: c.lastMessageAt,
      messageCount: c.lastSeq,
      preview: previews.get(c.id)!.slice(0, 160),
    };
  });
  return { rows, hasMore: list.length > PAGE_SIZE };
}

/** A whole conversation for the transcript page, if the viewer may see it. */
export function transcript(db: Db, viewer: HistoryViewer, id: string) {
  const c = scoped(db, viewer.enterpriseId).select(conversations, eq(conversations.id, id)).get();
  if (!c || !canSee(viewer, owned(c))) return null;
  const list = scoped(db, viewer.enterpriseId).select(messages, eq(messages.conversationId, id)).orderBy(sql`${messages.seq} asc`).all();
  return { conversation: c, messages: list };
}
