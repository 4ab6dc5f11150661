// A conversation's messages a page at a time: the transcript pages (History, a visitor's page) and
// the messages API never read a conversation whole (one of 100,000 messages took seconds, most of a
// gigabyte and a 28 MB answer). A page is read by the (conversation, seq) index: the newest before a
// seq (going back), or the oldest after one (catching up).
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { messages } from "../db/schema";
import { ownedBy } from "../db/scope";
import type { MessageRow } from "../chat/store";

/** The most one page may hold, whatever the request asks. */
export const MAX_PAGE = 500;

export interface MessagePage {
  /** in seq order */
  messages: MessageRow[];
  /** going back: the seq to read before for the page before this one; catching up: the seq to read after; null when there is no more */
  next: number | null;
}

/** A page size from a query parameter: the default when absent or malformed, at most MAX_PAGE. */
export function pageSize(raw: unknown, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(n) && n > 0 ? Math.min(n, MAX_PAGE) : fallback;
}

/** A seq from a query parameter, or null when absent or malformed. */
export function seqParam(raw: unknown): number | null {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** The newest `limit` messages before `beforeSeq` (all of the newest when null), in seq order. */
export function messagesBefore(db: Db, enterpriseId: string, conversationId: string, beforeSeq: number | null, limit: number): MessagePage {
  const rows = db
    .select()
    .from(messages)
    .where(ownedBy(messages, enterpriseId, eq(messages.conversationId, conversationId), beforeSeq === null ? undefined : lt(messages.seq, beforeSeq)))
    .orderBy(desc(messages.seq))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit).reverse();
  return { messages: page, next: rows.length > limit ? page[0]!.seq : null };
}

/** The oldest `limit` messages after `afterSeq`, in seq order. */
export function messagesAfter(db: Db, enterpriseId: string, conversationId: string, afterSeq: number, limit: number): MessagePage {
  const rows = db
    .select()
    .from(messages)
    .where(ownedBy(messages, enterpriseId, and(eq(messages.conversationId, conversationId), gt(messages.seq, afterSeq))))
    .orderBy(asc(messages.seq))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  return { messages: page, next: rows.length > limit ? page[page.length - 1]!.seq : null };
}
