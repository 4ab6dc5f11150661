// Admin → Sites & groups → Business hours (工作时间): each site's weekly periods, time zone and
// dated exceptions; saving or removing a schedule is audited and takes effect at once.
import { h } from "preact";
import { HoursListPage, HoursPage, type HoursForm } from "../../views/admin/hours/hours-page";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import { listSites, type Site } from "../sites/sites";
import { removeSchedule, saveSchedule, scheduleOf } from "./hours";
import { formatExceptions, formatPeriods, isTimeZone, nextOpening, openAt, parseExceptions, parsePeriods, ScheduleError, type Schedule } from "./schedule";
import { str } from "../http/request";

const SITES_GROUPS = { module: "sites_groups" } as const;
const DEFAULT_ZONE = "Asia/Shanghai";

function siteOf(req: Req): Site {
  const site = listSites(req.app.db, req.user!.enterpriseId).find((s) => s.id === req.params.siteId);
  if (!site) throw new UserError("not_found", 404);
  return site;
}

function formOf(s: Schedule | null): HoursForm {
  return {
    timeZone: s?.timeZone ?? DEFAULT_ZONE,
    days: s ? s.weekly.map(formatPeriods) : ["", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", ""],
    exceptions: s ? formatExceptions(s.exceptions) : "",
  };
}

function hoursPage(req: Req, site: Site, extra: { form?: HoursForm; notice?: string; error?: string } = {}, status = 200): Response {
  const s = scheduleOf(req.app.db, site.enterpriseId, site.id);
  const now = req.app.chat.clock.now();
  return page(
    h(HoursPage, {
      t: req.t,
      locale: req.locale,
      csrfToken: req.csrfToken,
      user: req.user!,
      site: { id: site.id, name: site.name },
      hasSchedule: !!s,
      open: !s || openAt(s, now),
      opensAt: s && !openAt(s, now) ? nextOpening(s, now) : null,
      form: extra.form ?? formOf(s),
      zones: Intl.supportedValuesOf("timeZone"),
      notice: extra.notice,
      error: extra.error,
    }),
    status,
  );
}

/** The schedule typed into the form, or a UserError naming what is wrong. */
function typed(form: HoursForm): Schedule {
  if (!isTimeZone(form.timeZone)) throw new UserError("invalid_time_zone", 422, { zone: form.timeZone });
  try {
    return { timeZone: form.timeZone, weekly: form.days.map(parsePeriods), exceptions: parseExceptions(form.exceptions) };
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    throw new UserError(`hours_${e.problem}`, 422, { input: e.input.slice(0, 60) });
  }
}

export const hoursRoutes: Route[] = [
  {
    method: "GET",
    path: "/admin/hours",
    access: SITES_GROUPS,
    handle: (req) => {
      const now = req.app.chat.clock.now();
      const sites = listSites(req.app.db, req.user!.enterpriseId).map((site) => {
        const s = scheduleOf(req.app.db, site.enterpriseId, site.id);
        return { id: site.id, name: site.name, timeZone: s?.timeZone ?? null, open: !s || openAt(s, now), opensAt: s && !openAt(s, now) ? nextOpening(s, now) : null };
      });
      return page(h(HoursListPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, user: req.user!, sites }));
    },
  },
  { method: "GET", path: "/admin/hours/:siteId", access: SITES_GROUPS, handle: (req) => hoursPage(req, siteOf(req)) },
  {
    method: "POST",
    path: "/admin/hours/:siteId",
    access: SITES_GROUPS,
    handle: (req) => {
      const site = siteOf(req);
      const form: HoursForm = { timeZone: str(req.body.timeZone).trim(), days: [0, 1, 2, 3, 4, 5, 6].map((d) => str(req.body[`day${d}`]).slice(0, 200)), exceptions: str(req.body.exceptions).slice(0, 20_000) };
      let schedule: Schedule;
      try {
        schedule = typed(form);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return hoursPage(req, site, { form, error: req.t(`common.error.${e.code}`, e.params) }, e.status);
      }
      saveSchedule(req.app.db, site.enterpriseId, site.id, schedule);
      audit(req.app.db, req.user!, "hours.updated", { type: "site", id: site.id, name: site.name }, { timeZone: schedule.timeZone, weekly: form.days, exceptions: schedule.exceptions.length });
      return hoursPage(req, site, { notice: req.t("hours.saved") });
    },
  },
  {
    method: "POST",
    path: "/admin/hours/:siteId/remove",
    access: SITES_GROUPS,
    handle: (req) => {
      const site = siteOf(req);
      removeSchedule(req.app.db, site.enterpriseId, site.id);
      audit(req.app.db, req.user!, "hours.removed", { type: "site", id: site.id, name: site.name });
      return redirect(`/admin/hours/${site.id}`, 303);
    },
  },
];
