// Pages visited, for the customer timeline: the loader's beacon tells us when a visitor opens a page
// (src/visitors/beacon.ts); for a visitor tied to a customer it is kept, the newest 100 per visitor.
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { customerPageViews } from "../db/schema";
import { scoped } from "../db/scope";
import { linkOf } from "./customers";

export const PAGES_PER_VISITOR = 100;

export function recordPageView(db: Db, enterpriseId: string, visitorId: string, page: { url: string; title: string }, now = Date.now()): void {
  if (!page.url || !linkOf(db, enterpriseId, "visitor", visitorId)) return;
  const s = scoped(db, enterpriseId);
  const last = s.select(customerPageViews, eq(customerPageViews.visitorId, visitorId)).orderBy(desc(customerPageViews.at), desc(customerPageViews.id)).limit(1).get();
  if (last?.url === page.url) return;
  s.insert(customerPageViews, { visitorId, url: page.url.slice(0, 2048), title: page.title.slice(0, 300), at: now }).run();
  const cutoff = s.select(customerPageViews, eq(customerPageViews.visitorId, visitorId)).orderBy(desc(customerPageViews.at), desc(customerPageViews.id)).limit(1).offset(PAGES_PER_VISITOR).get();
  if (cutoff) s.delete(customerPageViews, and(eq(customerPageViews.visitorId, visitorId), lt(customerPageViews.id, cutoff.id + 1))).run();
}

export function pageViewsOf(db: Db, enterpriseId: string, visitorIds: string[], limit: number) {
  if (!visitorIds.length) return [];
  return scoped(db, enterpriseId).select(customerPageViews, inArray(customerPageViews.visitorId, visitorIds)).orderBy(desc(customerPageViews.at)).limit(limit).all();
}
