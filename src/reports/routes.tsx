// Reports (报表) at /reports (the reports module): the figures for a date range, site, group and
// agent within the asker's data scope, as SVG charts and tables, and every table as CSV.
import { h } from "preact";
import { ReportsPage, type ReportCharts } from "../../views/reports/reports-page";
import { listUsers } from "../accounts/users";
import { UserError } from "../errors";
import { page } from "../http/respond";
import type { Req, Route } from "../http/route";
import { toCsv } from "../leads/csv";
import { listGroups } from "../routing/groups";
import { listSites } from "../sites/sites";
import { bucketText, isTableName, reportTables } from "./tables";
import { buildReport, type Report, type ReportFilter } from "./figures";
import { dayOf } from "./record";
import { trimmed } from "../http/request";
import { DAY_MS } from "../../common/time";

const REPORTS = { module: "reports" } as const;
/** the longest range a report covers */
const MAX_DAYS = 3660;
const DAY = /^\d{4}-\d{2}-\d{2}$/;


/** The filter from the query: the last 30 days (UTC) unless a range is given; a bad one is refused. */
export function filterOf(query: Record<string, string | undefined>, now = Date.now()): ReportFilter {
  const to = trimmed(query.to) || dayOf(now);
  const from = trimmed(query.from) || dayOf(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS);
  const valid = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && dayOf(Date.parse(`${d}T00:00:00Z`)) === d;
  if (!valid(from) || !valid(to) || from > to) throw new UserError("report_range", 400);
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS >= MAX_DAYS) throw new UserError("report_range", 400);
  const pick = (k: string) => trimmed(query[k]).slice(0, 64) || undefined;
  return { from, to, siteId: pick("site"), groupId: pick("group"), agentId: pick("agent") };
}

function reportOf(req: Req): { report: Report; names: Map<string, string> } {
  const user = req.user!;
  const filter = filterOf(req.query);
  const names = new Map(listUsers(req.app.db, user.enterpriseId).map((u) => [u.id, u.name]));
  return { report: buildReport(req.app.db, user, filter, names), names };
}

function charts(r: Report, req: Req): ReportCharts {
  const t = req.t;
  const T = r.totals;
  return {
    days: {
      labels: r.days.map((d) => d.day.slice(5)),
      series: [
        { name: t("reports.fig.conversations"), values: r.days.map((d) => d.conversations) },
        { name: t("reports.fig.missed"), values: r.days.map((d) => d.missed) },
        { name: t("reports.fig.leads"), values: r.days.map((d) => d.leads) },
      ],
    },
    hours: { rows: [0, 1, 2, 3, 4, 5, 6].map((d) => t(`reports.dow.${d}`)), columns: Array.from({ length: 24 }, (_, i) => String(i)), values: r.hourOfWeek },
    times: {
      labels: T.firstResponseBuckets.map((_, b) => bucketText(t, b)),
      series: [
        { name: t("reports.col.first_responses"), values: T.firstResponseBuckets },
        { name: t("reports.col.resolutions"), values: T.resolutionBuckets },
      ],
    },
    ratings: { labels: [5, 4, 3, 2, 1].map((s) => t("reports.stars", { n: s })), series: [{ name: t("reports.fig.ratings"), values: [5, 4, 3, 2, 1].map((s) => T.scores[s - 1]!) }] },
    robot: [
      { name: t("reports.robot.resolved"), value: T.robotResolved },
      { name: t("reports.robot.handoff"), value: T.robotHandoff },
    ],
    agents: {
      labels: r.agents.map((a) => a.name),
      series: [
        { name: t("reports.fig.conversations"), values: r.agents.map((a) => a.conversations) },
        { name: t("reports.fig.missed"), values: r.agents.map((a) => a.missed) },
      ],
    },
  };
}

const queryOf = (f: ReportFilter) => new URLSearchParams({ from: f.from, to: f.to, site: f.siteId ?? "", group: f.groupId ?? "", agent: f.agentId ?? "" }).toString();

export const reportRoutes: Route[] = [
  {
    method: "GET",
    path: "/reports",
    access: REPORTS,
    handle: (req) => {
      const user = req.user!;
      const { report, names } = reportOf(req);
      const scope = user.grant.scope;
      const visibleAgents = scope === "enterprise" ? [...names.keys()] : scope === "group" ? user.reach.memberIds : [user.id];
      const f = report.filter;
      return page(
        h(ReportsPage, {
          t: req.t,
          locale: req.locale,
          user,
          csrfToken: req.csrfToken,
          filter: { from: f.from, to: f.to, siteId: f.siteId ?? "", groupId: f.groupId ?? "", agentId: f.agentId ?? "" },
          sites: listSites(req.app.db, user.enterpriseId).map((s) => ({ id: s.id, name: s.name })),
          groups: listGroups(req.app.db, user.enterpriseId).map((g) => ({ id: g.id, name: g.name })),
          agents: visibleAgents.map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
          query: queryOf(f),
          tables: reportTables(report, req.t),
          charts: charts(report, req),
          narrowed: scope !== "enterprise",
        }),
      );
    },
  },
  {
    method: "GET",
    path: "/reports/export.csv",
    access: REPORTS,
    handle: (req) => {
      const name = req.query.table;
      if (!isTableName(name)) throw new UserError("bad_request", 400);
      const { report } = reportOf(req);
      const table = reportTables(report, req.t).find((x) => x.name === name)!;
      const f = report.filter;
      return new Response(toCsv([table.columns, ...table.rows]), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="parley-report-${name}-${f.from}-${f.to}.csv"`,
          "cache-control": "no-store",
        },
      });
    },
  },
];
