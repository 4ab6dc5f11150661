// A site's business hours as stored (one row per site with a schedule; none: always open), kept in
// memory per site so that the widget's config and a visitor's first message ask a map, not the
// database. Kept rows (src/db/kept-rows.ts) are dropped on any write of the table, wherever it is
// made (this module, raw SQL, a rolled-back transaction, another connection such as the CLI).
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { keptRowsPerConnection } from "../db/kept-rows";
import { businessHours } from "../db/schema";
import { scoped } from "../db/scope";
import type { Site } from "../sites/sites";
import { checkSchedule, nextOpening, openAt, type Schedule } from "./schedule";
import { log } from "../log";

/**
 * One per site a node serves, like the sites kept by key (src/sites/sites.ts); a site without hours
 * is kept too (schedule null, a few bytes), so that an always-open site does not read the table on
 * every widget request. A schedule is a few hundred bytes.
 */
const MAX_KEPT_SCHEDULES = 10_000;
/** The kept value wraps the schedule: "no schedule" is kept as well, and KeptRows keeps objects. */
const keptSchedules = keptRowsPerConnection<string, { schedule: Schedule | null }>({ table: "business_hours", max: MAX_KEPT_SCHEDULES });

/** The site's schedule, or null: always open (no schedule, or a stored one that no longer reads). */
export function scheduleOf(db: Db, enterpriseId: string, siteId: string): Schedule | null {
  const kept = keptSchedules(db);
  // kept by enterprise and site, so a lookup with the wrong enterprise never stores "no schedule" for the site
  const key = `${enterpriseId}/${siteId}`;
  const hit = kept.get(key);
  if (hit) return hit.schedule;
  const row = scoped(db, enterpriseId).select(businessHours, eq(businessHours.siteId, siteId)).get();
  let schedule: Schedule | null = null;
  if (row) {
    try {
      schedule = checkSchedule(JSON.parse(row.schedule));
    } catch (e) {
      log.error(`business hours of site ${siteId} do not read; treated as always open`, { error: e });
    }
  }
  return kept.keep(key, { schedule }).schedule;
}

export function saveSchedule(db: Db, enterpriseId: string, siteId: string, schedule: Schedule, now = Date.now()): void {
  const json = JSON.stringify(checkSchedule(schedule));
  db.insert(businessHours)
    .values({ siteId, enterpriseId, schedule: json, updatedAt: now })
    .onConflictDoUpdate({ target: businessHours.siteId, set: { schedule: json, updatedAt: now } })
    .run();
}

/** The site is always open again (today's behaviour without hours). */
export function removeSchedule(db: Db, enterpriseId: string, siteId: string): void {
  scoped(db, enterpriseId).delete(businessHours, eq(businessHours.siteId, siteId)).run();
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
