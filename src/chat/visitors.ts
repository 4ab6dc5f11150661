// Visitors: the browser keeps a random id (its credential); we store only a hash of it, which
// doubles as the id agents see.
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { fastQuery, type FastQuery } from "../db/fast-query";
import { visitors } from "../db/schema";
import { scoped } from "../db/scope";
import { sha256 } from "../db/ids";
import { onePer } from "../one-per";
import type { PageInfo, VisitorSummary } from "../../common/protocol";
import { describeDevice } from "./device";

export type Visitor = typeof visitors.$inferSelect;

/**
 * What a visitor's socket keeps of them: who they are and their language. Not the whole row (page,
 * referrer, user agent…): an idle socket's memory is mostly what it keeps, and the row was ~600
 * bytes of it (bench/load.ts --idle).
 */
export type ConnectedVisitor = Pick<Visitor, "id" | "enterpriseId" | "siteId" | "lang">;

export const connectedVisitor = (v: Visitor): ConnectedVisitor => ({ id: v.id, enterpriseId: v.enterpriseId, siteId: v.siteId, lang: v.lang });

const VISITOR_ID = /^[A-Za-z0-9_-]{16,128}$/;

export function isValidVisitorId(vid: unknown): vid is string {
  return typeof vid === "string" && VISITOR_ID.test(vid);
}

export function visitorKey(enterpriseId: string, vid: string): string {
  return `vis_${sha256(`${enterpriseId}:${vid}`).slice(0, 24)}`;
}

export function displayId(visitorId: string): string {
  return visitorId.slice(4, 10).toUpperCase();
}

const clip = (s: unknown, n: number) => (typeof s === "string" ? s.slice(0, n) : "");

export interface VisitorSeen {
  siteId: string;
  page?: PageInfo;
  userAgent: string;
  lang?: string;
}

/**
 * The visit's upsert, prepared once per database: with the page (a hello, a beacon) or without it
 * (a widget request). One statement that returns the row, where drizzle built an insert and a
 * select for every hello (their garbage was most of what a burst of hellos left in the heap:
 * bench/socket-heap.ts).
 */
const visitStatements = onePer((db: Db): Record<"withPage" | "withoutPage", FastQuery<Visitor>> => {
  const p = (name: string) => sql.placeholder(name) as any;
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  const statement = (withPage: boolean) =>
    fastQuery<Visitor>(
      db,
      db
        .insert(visitors)
        .values({
          id: p("id"),
          enterpriseId: p("enterpriseId"),
          firstSeenAt: p("now"),
          siteId: p("siteId"),
          lastSeenAt: p("now"),
          userAgent: p("userAgent"),
          device: p("device"),
          lang: p("lang"),
          ...(withPage ? { pageUrl: p("pageUrl"), pageTitle: p("pageTitle"), referrer: p("referrer") } : {}),
        })
        .onConflictDoUpdate({
          target: visitors.id,
          set: {
            siteId: excluded("site_id"),
            lastSeenAt: excluded("last_seen_at"),
            userAgent: excluded("user_agent"),
            device: excluded("device"),
            lang: excluded("lang"),
            ...(withPage ? { pageUrl: excluded("page_url"), pageTitle: excluded("page_title"), referrer: excluded("referrer") } : {}),
          },
        })
        .returning(),
      getTableColumns(visitors),
    );
  return { withPage: statement(true), withoutPage: statement(false) };
}, (db) => db.$client);

/** Records a visit: creates the visitor the first time, refreshes page and time after. */
export function touchVisitor(db: Db, enterpriseId: string, vid: string, seen: VisitorSeen): Visitor {
  const fields = {
    id: visitorKey(enterpriseId, vid),
    enterpriseId,
    now: Date.now(),
    siteId: seen.siteId,
    userAgent: clip(seen.userAgent, 512),
    device: describeDevice(seen.userAgent),
    lang: clip(seen.lang, 32),
  };
  const statements = visitStatements(db);
  return seen.page ? statements.withPage.get({ ...fields, ...pageFields(seen.page) })! : statements.withoutPage.get(fields)!;
}

export function pageFields(page: PageInfo) {
  return { pageUrl: clip(page.url, 2048), pageTitle: clip(page.title, 300), referrer: clip(page.referrer, 2048) };
}

export function updateVisitorPage(db: Db, enterpriseId: string, id: string, page: PageInfo): Visitor | undefined {
  const s = scoped(db, enterpriseId);
  s.update(visitors, { ...pageFields(page), lastSeenAt: Date.now() }, eq(visitors.id, id)).run();
  return s.select(visitors, eq(visitors.id, id)).get();
}

export function getVisitor(db: Db, enterpriseId: string, id: string): Visitor | undefined {
  return scoped(db, enterpriseId).select(visitors, eq(visitors.id, id)).get();
}

export function visitorSummary(v: Visitor, online: boolean): VisitorSummary {
  return {
    id: v.id,
    displayId: displayId(v.id),
    firstSeenAt: v.firstSeenAt,
    lastSeenAt: v.lastSeenAt,
    page: { url: v.pageUrl, title: v.pageTitle, referrer: v.referrer },
    device: v.device,
    userAgent: v.userAgent,
    online,
    ...(v.name ? { name: v.name } : {}),
    ...(v.email ? { email: v.email } : {}),
  };
}
