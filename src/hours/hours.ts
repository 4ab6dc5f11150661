// A site's business hours as stored (one row per site with a schedule; none: always open), cached in
// memory per site so that the widget's config and a visitor's first message ask a map, not the
// database; saving or removing a schedule replaces the cached one.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { businessHours } from "../db/schema";
import { scoped } from "../db/scope";
import type { Site } from "../sites/sites";
import { checkSchedule, nextOpening, openAt, type Schedule } from "./schedule";
import { log } from "../log";

const cached = new WeakMap<Db, Map<string, Schedule | null>>();

function cacheOf(db: Db): Map<string, Schedule | null> {
  let c = cached.get(db);
  if (!c) cached.set(db, (c = new Map()));
  return c;
}

/** The site's schedule, or null: always open (no schedule, or a stored one that no longer reads). */
export function scheduleOf(db: Db, enterpriseId: string, siteId: string): Schedule | null {
  const cache = cacheOf(db);
  if (cache.has(siteId)) return cache.get(siteId)!;
  const row = scoped(db, enterpriseId).select(businessHours, eq(businessHours.siteId, siteId)).get();
  let schedule: Schedule | null = null;
  if (row) {
    try {
      schedule = checkSchedule(JSON.parse(row.schedule));
    } catch (e) {
      log.error(`business hours of site ${siteId} do not read; treated as always open`, { error: e });
    }
  }
  cache.set(siteId, schedule);
  return schedule;
}

export function saveSchedule(db: Db, enterpriseId: string, siteId: string, schedule: Schedule, now = Date.now()): void {
  const json = JSON.stringify(checkSchedule(schedule));
  db.insert(businessHours)
    .values({ siteId, enterpriseId, schedule: json, updatedAt: now })
    .onConflictDoUpdate({ target: businessHours.siteId, set: { schedule: json, updatedAt: now } })
    .run();
  cacheOf(db).delete(siteId);
}

/** The site is always open again (today's behaviour without hours). */
export function removeSchedule(db: Db, enterpriseId: string, siteId: string): void {
  scoped(db, enterpriseId).delete(businessHours, eq(businessHours.siteId, siteId)).run();
  cacheOf(db).delete(siteId);
}

/** Is the site within its business hours at `now`? Always, without a schedule. */
export function siteOpen(db: Db, site: Pick<Site, "id" | "enterpriseId">, now: number): boolean {
  const s = scheduleOf(db, site.enterpriseId, site.id);
  return !s || openAt(s, now);
}

/** What the widget's config says about hours: only for a site with a schedule. */
export function hoursConfig(db: Db, site: Pick<Site, "id" | "enterpriseId">, now: number): { open: boolean; opensAt: number | null; timeZone: string } | undefined {
  const s = scheduleOf(db, site.enterpriseId, site.id);
  if (!s) return undefined;
  const open = openAt(s, now);
  return { open, opensAt: open ? null : nextOpening(s, now), timeZone: s.timeZone };
}
