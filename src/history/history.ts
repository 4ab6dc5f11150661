// Conversation history (历史对话): filters and full-text search over messages, newest first.
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { conversations, messages, sites, users } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { displayId } from "../chat/visitors";
import { canSee, scopeFilter, type Member } from "../accounts/data-scope";
import { grants } from "../../common/permissions";
import type { SearchIndex } from "./search-index";
import { matchQuery } from "./search-tokens";
import { messagesBefore } from "./message-pages";

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
  /** the visitor's rating when it ended (1–5), or null */
  rating: number | null;
}

/** Who is asking: their role's data scope decides which conversations they see. */
export type HistoryViewer = Pick<Member, "id" | "enterpriseId" | "grant" | "reach">;

const owned = (c: { agentId: string | null; groupId: string | null }) => ({ ownerId: c.agentId, groupId: c.groupId });

/** History's rule for reading one conversation (of the viewer's enterprise): the History module and the data scope's reach. */
export function historyReads(viewer: HistoryViewer, c: { enterpriseId: string; agentId: string | null; groupId: string | null }): boolean {
  return c.enterpriseId === viewer.enterpriseId && grants(viewer.grant, "history") && canSee(viewer, owned(c));
}

/** `indexing`: a search answered from the messages indexed so far while the rest are being indexed. */
export function searchHistory(db: Db, index: SearchIndex, viewer: HistoryViewer, f: HistoryFilter): { rows: HistoryRow[]; hasMore: boolean; indexing: boolean } {
  const conds: (SQL | undefined)[] = [];
  conds.push(scopeFilter(viewer, conversations.agentId, { group: conversations.groupId }));
  if (f.agentId) conds.push(eq(conversations.agentId, f.agentId));
  if (f.siteId) conds.push(eq(conversations.siteId, f.siteId));
  if (f.status) conds.push(eq(conversations.status, f.status));
  if (f.from) conds.push(gte(conversations.lastMessageAt, f.from));
  if (f.to) conds.push(lte(conversations.createdAt, f.to));

  const page = Math.max(0, f.page ?? 0);
  const match = f.q ? matchQuery(f.q) : null;
  if (f.q && !match) return { rows: [], hasMore: false, indexing: false };
  let indexing = false;
  let list: (typeof conversations.$inferSelect)[];
  /** conversation id → the newest matching message (search results are ordered by it) */
  let matched: Map<string, number> | null = null;
  if (match) {
    indexing = !index.ready();
    const hits = searchHits(db, viewer.enterpriseId, match, and(...conds), page);
    matched = new Map(hits.map((h) => [h.conversationId, h.hit]));
    const byId = new Map(scoped(db, viewer.enterpriseId).select(conversations, inArray(conversations.id, [...matched.keys()])).all().map((c) => [c.id, c]));
    list = hits.map((h) => byId.get(h.conversationId)!).filter(Boolean);
  } else {
    list = scoped(db, viewer.enterpriseId)
      .select(conversations, and(...conds))
      .orderBy(desc(conversations.lastMessageAt))
      .limit(PAGE_SIZE + 1)
      .offset(page * PAGE_SIZE)
      .all();
  }
  const shown = list.slice(0, PAGE_SIZE);
  if (shown.length === 0) return { rows: [], hasMore: false, indexing };
  const siteNames = new Map(scoped(db, viewer.enterpriseId).select(sites).all().map((s) => [s.id, s.name]));
  const agentNames = new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(ownedBy(users, viewer.enterpriseId))
      .all()
      .map((u) => [u.id, u.name]),
  );
  // One query for every preview: the matching message when searching, else each one's last message.
  const previewIds = matched
    ? shown.map((c) => matched!.get(c.id)!)
    : db
        .select({ id: sql<number>`max(${messages.id})` })
        .from(messages)
        .where(ownedBy(messages, viewer.enterpriseId, inArray(messages.conversationId, shown.map((c) => c.id)), eq(messages.internal, false)))
        .groupBy(messages.conversationId)
        .all()
        .map((r) => r.id);
  const previews = new Map(
    db
      .select({ conversationId: messages.conversationId, body: messages.body })
      .from(messages)
      .where(ownedBy(messages, viewer.enterpriseId, inArray(messages.id, previewIds)))
      .all()
      .map((m) => [m.conversationId, m.body]),
  );
  // How many messages and when the newest was written (SQLite takes a bare column from the max() row):
  // the conversation's last_message_at lags while it is open.
  const newest = new Map(
    db
      .select({ conversationId: messages.conversationId, seq: sql<number>`max(${messages.seq})`, at: messages.createdAt })
      .from(messages)
      .where(ownedBy(messages, viewer.enterpriseId, inArray(messages.conversationId, shown.map((c) => c.id))))
      .groupBy(messages.conversationId)
      .all()
      .map((r) => [r.conversationId, r]),
  );
  const rows = shown.map((c) => ({
    id: c.id,
    siteName: siteNames.get(c.siteId) ?? "",
    agentName: c.agentId ? (agentNames.get(c.agentId) ?? null) : null,
    visitorDisplayId: displayId(c.visitorId),
    status: c.status,
    closeReason: c.closeReason ?? null,
    createdAt: c.createdAt,
    lastMessageAt: newest.get(c.id)?.at ?? c.lastMessageAt,
    messageCount: newest.get(c.id)?.seq ?? 0,
    preview: (previews.get(c.id) ?? "").slice(0, 160),
    rating: c.rating ?? null,
  }));
  return { rows, hasMore: list.length > PAGE_SIZE, indexing };
}

/**
 * The conversations (within the filter) whose messages match, ordered by their newest matching
 * message, one page's worth (+1 to tell whether there is more). It reads the index newest first in
 * a growing window, so a common word costs no more than the page needs.
 */
function searchHits(db: Db, enterpriseId: string, match: string, filter: SQL | undefined, page: number) {
  const want = (page + 1) * PAGE_SIZE + 1;
  for (let window = Math.max(200, want * 4); ; window *= 4) {
    const capped = Math.min(window, MATCH_WINDOW);
    // Messages first, conversations after: joining them in one query lets SQLite start from the
    // enterprise's conversations and walk all their messages (hundreds of ms at a million).
    const hits = db
      .select({ conversationId: messages.conversationId, hit: sql<number>`max(${messages.id})` })
      .from(messages)
      .where(ownedBy(messages, enterpriseId, sql`${messages.id} in (select rowid from message_search where message_search match ${match} order by rowid desc limit ${capped})`, eq(messages.internal, false)))
      .groupBy(messages.conversationId)
      .all();
    const allowed = hits.length
      ? new Set(
          db
            .select({ id: conversations.id })
            .from(conversations)
            .where(ownedBy(conversations, enterpriseId, inArray(conversations.id, hits.map((h) => h.conversationId)), filter))
            .all()
            .map((c) => c.id),
        )
      : new Set<string>();
    const ordered = hits.filter((h) => allowed.has(h.conversationId)).sort((a, b) => b.hit - a.hit);
    if (ordered.length >= want || capped === MATCH_WINDOW) return ordered.slice(page * PAGE_SIZE, want);
    const total = (db.$client.query("select count(*) as n from (select rowid from message_search where message_search match ? limit ?)").get(match, capped + 1) as { n: number }).n;
    if (total <= capped) return ordered.slice(page * PAGE_SIZE, want);
  }
}

/** Messages per page of a transcript: the newest first, earlier ones on request. */
export const TRANSCRIPT_PAGE = 100;

/**
 * A conversation for the transcript page, if the viewer may see it, with one page of its messages:
 * the newest, or the page before `beforeSeq`; `next` is the seq to read before for the page before that.
 */
export function transcript(db: Db, viewer: HistoryViewer, id: string, beforeSeq: number | null = null, limit = TRANSCRIPT_PAGE) {
  const c = scoped(db, viewer.enterpriseId).select(conversations, eq(conversations.id, id)).get();
  if (!c || !historyReads(viewer, c)) return null;
  return { conversation: c, ...messagesBefore(db, viewer.enterpriseId, id, beforeSeq, limit) };
}
