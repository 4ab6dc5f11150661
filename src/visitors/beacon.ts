// The loader's beacon (POST /api/widget/beacon): "load" when a page opens, "ping" every ~20 s while
// it is visible, "left" on pagehide. It keeps the live visitors list, counts visits in the database
// (a visit ends after 30 minutes without a beacon) and hands out agents' chat invitations.
import { UserError } from "../errors";
import { eq } from "drizzle-orm";
import { isValidVisitorId, touchVisitor, visitorKey } from "../chat/visitors";
import type { Db } from "../db/client";
import { visitorVisits } from "../db/schema";
import { scoped } from "../db/scope";
import type { AppContext } from "../http/app-context";
import { resolveLocale } from "../i18n";
import { WindowLimit } from "../leads/window-limit";
import { onePer } from "../one-per";
import { siteByKey } from "../sites/sites";
import { visitorsOnline } from "./online";
import { recordPageView } from "../customers/pages";
import { isBlocked, rememberAddress } from "../blocking/blocks";
import { str } from "../http/request";

/** A beacon after this much silence starts a new visit. */
export const VISIT_GAP_MS = 30 * 60_000;
/** Pings only refresh the database this often (the live list is in memory). */
const DB_REFRESH_MS = 60_000;
const TAB = /^[\w-]{1,32}$/;

/** Beacons per address per minute: generous, an office behind one address has many tabs. */
export const beaconLimit = onePer((_app: AppContext) => new WindowLimit(300, 60_000));

/** Counts a visitor's visits; returns the current one's number and start. */
export function recordVisit(db: Db, enterpriseId: string, visitorId: string, now = Date.now()): { visits: number; visitStartedAt: number } {
  const s = scoped(db, enterpriseId);
  const row = s.select(visitorVisits, eq(visitorVisits.visitorId, visitorId)).get();
  if (!row) {
    s.insert(visitorVisits, { visitorId, visits: 1, visitStartedAt: now, lastBeaconAt: now }).onConflictDoNothing().run();
    return { visits: 1, visitStartedAt: now };
  }
  const next = now - row.lastBeaconAt > VISIT_GAP_MS ? { visits: row.visits + 1, visitStartedAt: now } : { visits: row.visits, visitStartedAt: row.visitStartedAt };
  s.update(visitorVisits, { ...next, lastBeaconAt: now }, eq(visitorVisits.visitorId, visitorId)).run();
  return next;
}

export type BeaconResult = { status: number; body: Record<string, unknown> };

export function beacon(app: AppContext, body: Record<string, unknown>, ip: string, userAgent: string): BeaconResult {
  const wait = beaconLimit(app).hit(ip);
  if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
  const site = typeof body.site === "string" ? siteByKey(app.db, body.site) : undefined;
  if (!site) throw new UserError("not_found", 404);
  if (!isValidVisitorId(body.vid)) throw new UserError("bad_request", 400, { reason: "vid" });
  const eid = site.enterpriseId;
  const id = visitorKey(eid, body.vid);
  // A blocked visitor (黑名单): the loader removes the widget from the page (docs/widget.md).
  if (isBlocked(app.db, eid, id, ip, app.chat.clock.now())) throw new UserError("blocked", 403);
  rememberAddress(app.db, eid, id, ip);
  const tab = typeof body.tab === "string" && TAB.test(body.tab) ? body.tab : "-";
  const online = visitorsOnline(app);
  if (body.state === "left") {
    online.left(eid, id, tab);
    return { status: 200, body: { ok: true } };
  }
  const page = { url: str(body.url, 2048), title: str(body.title, 300), referrer: str(body.ref, 2048) };
  const lang = resolveLocale(str(body.lang, 16), null);
  const now = Date.now();
  const before = online.get(eid, id);
  let visit = before;
  // The database hears of a visit when it starts, changes page, and once a minute.
  if (!before || body.state === "load" || before.page.url !== page.url || now - before.recordedAt > DB_REFRESH_MS) {
    const v = touchVisitor(app.db, eid, body.vid, { siteId: site.id, page, userAgent, lang });
    if (!before || before.page.url !== page.url) recordPageView(app.db, eid, id, page, now);
    const { visits, visitStartedAt } = recordVisit(app.db, eid, id, now);
    visit = {
      visitorId: id,
      siteId: site.id,
      page: { url: v.pageUrl, title: v.pageTitle, referrer: v.referrer },
      device: v.device,
      lang,
      visitStartedAt,
      visits,
      returning: visits > 1 || v.firstSeenAt < visitStartedAt - VISIT_GAP_MS,
      recordedAt: now,
      lastBeaconAt: now,
      invite: null,
    };
  }
  const { lastBeaconAt: _l, invite: _i, ...update } = visit!;
  const invite = online.seen(eid, tab, update);
  return { status: 200, body: invite ? { ok: true, invite: { agentName: invite.agentName, greeting: invite.greeting } } : { ok: true } };
}
