// The rating a visitor is asked for when their conversation ends (CSAT). The request is remembered
// by the conversation itself: closed, not rated, and the visitor's latest at the site. A visitor who
// reloads (or comes back on another page) before rating is asked again on their next hello, until
// they rate, start another conversation, or a day has passed.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { fastQuery, type FastQuery } from "../db/fast-query";
import { conversations } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { events } from "../events/hub";
import { onePer } from "../one-per";
import type { Conversation } from "./conversations";
import { styleOf } from "../sites/style";
import type { Site } from "../sites/sites";

/** how long an ended conversation may still be rated when the visitor comes back */
export const RATING_PENDING_MS = 24 * 60 * 60_000;

/** Does the site ask for ratings? Per site row: rows are shared and frozen (siteByKey), a changed site is a new row. */
const asksForRating = onePer((site: Site) => styleOf(site).features.rating);

/** The visitor's latest conversation at the site, prepared once per database: every hello without an open conversation asks it. */
const latestAtSite = onePer((db: Db): FastQuery<Pick<Conversation, "id" | "status" | "rating" | "closedAt">> => {
  const columns = { id: conversations.id, status: conversations.status, rating: conversations.rating, closedAt: conversations.closedAt };
  const where = ownedBy(conversations, sql.placeholder("enterpriseId"), eq(conversations.visitorId, sql.placeholder("visitorId") as any), eq(conversations.siteId, sql.placeholder("siteId") as any));
  return fastQuery(db, db.select(columns).from(conversations).where(where).orderBy(desc(conversations.createdAt)).limit(1), columns);
}, (db) => db.$client);

/** The conversation this visitor was asked to rate and has not, if any (the caller knows they have no open one). */
export function pendingRating(db: Db, site: Site, visitorId: string, now = Date.now()): { conversationId: string } | null {
  if (!asksForRating(site)) return null;
  const latest = latestAtSite(db).get({ enterpriseId: site.enterpriseId, visitorId, siteId: site.id });
  if (!latest || latest.status !== "closed" || latest.rating !== null || latest.closedAt === null) return null;
  return now - latest.closedAt < RATING_PENDING_MS ? { conversationId: latest.id } : null;
}

/**
 * Stores the visitor's rating of an ended conversation, once (a conditional write: a second rating
 * changes nothing and returns false), and announces it (rating.created).
 */
export function recordRating(db: Db, c: Conversation, score: number, comment: string | null, now = Date.now()): boolean {
  return transaction(db, () => {
    const done = scoped(db, c.enterpriseId)
      .update(conversations, { rating: score, ratingComment: comment, ratedAt: now }, and(eq(conversations.id, c.id), isNull(conversations.rating)))
      .returning({ id: conversations.id })
      .all();
    if (done.length === 0) return false;
    events(db).emit("rating.created", c.enterpriseId, { conversationId: c.id, siteId: c.siteId, visitorId: c.visitorId, agentId: c.agentId, score, comment, at: now });
    return true;
  });
}
