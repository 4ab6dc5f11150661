// Reports (报表): the filter form, the charts (SVG drawn here) and every table with its CSV export.
// A pure function of what src/reports/routes.tsx computed.
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { BarChart, Heatmap, ShareBar, type Series } from "./charts";

export interface ReportTable {
  name: string;
  title: string;
  columns: string[];
  rows: string[][];
}

export interface ReportCharts {
  days: { labels: string[]; series: Series[] };
  hours: { rows: string[]; columns: string[]; values: number[][] };
  times: { labels: string[]; series: Series[] };
  ratings: { labels: string[]; series: Series[] };
  robot: { name: string; value: number }[];
  agents: { labels: string[]; series: Series[] };
}

export interface ReportsData {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  filter: { from: string; to: string; siteId: string; groupId: string; agentId: string };
  sites: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  /** the filter as a query string (for the CSV links) */
  query: string;
  tables: ReportTable[];
  charts: ReportCharts;
  /** the asker sees only their own (or their groups') figures */
  narrowed: boolean;
}

function Choice(p: { name: string; label: string; all: string; value: string; options: { id: string; name: string }[] }) {
  return (
    <label>
      {p.label}
      <select name={p.name} data-testid={`report-filter-${p.name}`}>
        <option value="">{p.all}</option>
        {p.options.map((o) => (
          <option value={o.id} selected={o.id === p.value}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function TableView(p: { t: Translate; table: ReportTable; query: string }) {
  return (
    <section class="report-table" data-testid={`report-table-${p.table.name}`}>
      <h3>
        {p.table.title}{" "}
        <a class="small-button" href={`/reports/export.csv?table=${p.table.name}&${p.query}`} data-testid={`report-csv-${p.table.name}`} download>
          {p.t("reports.csv")}
        </a>
      </h3>
      {p.table.rows.length === 0 ? (
        <p class="muted">{p.t("reports.no_rows")}</p>
      ) : (
        <div class="table-scroll">
          <table class="list" data-table={p.table.name}>
            <thead>
              <tr>
                {p.table.columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.table.rows.map((row) => (
                <tr>
                  {row.map((cell) => (
                    <td>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReportsPage(d: ReportsData) {
  const t = d.t;
  const table = (name: string) => d.tables.find((x) => x.name === name)!;
  const c = d.charts;
  return (
    <Layout t={t} locale={d.locale} title={t("reports.title")} user={d.user} csrfToken={d.csrfToken} path="/reports" styles={["/static/css/reports.css"]}>
      <main class="reports">
        <h1>{t("reports.title")}</h1>
        <form method="get" action="/reports" class="report-filter card" data-testid="report-filter">
          <label>
            {t("reports.filter.from")}
            <input type="date" name="from" value={d.filter.from} required data-testid="report-filter-from" />
          </label>
          <label>
            {t("reports.filter.to")}
            <input type="date" name="to" value={d.filter.to} required data-testid="report-filter-to" />
          </label>
          <Choice name="site" label={t("reports.filter.site")} all={t("reports.filter.all_sites")} value={d.filter.siteId} options={d.sites} />
          <Choice name="group" label={t("reports.filter.group")} all={t("reports.filter.all_groups")} value={d.filter.groupId} options={d.groups} />
          <Choice name="agent" label={t("reports.filter.agent")} all={t("reports.filter.all_agents")} value={d.filter.agentId} options={d.agents} />
          <button type="submit" class="primary" data-testid="report-apply">
            {t("reports.filter.apply")}
          </button>
        </form>
        <p class="muted">
          {t("reports.note")}
          {d.narrowed ? ` ${t("reports.narrowed")}` : ""}
        </p>

        <h2>{t("reports.section.overview")}</h2>
        <TableView t={t} table={table("summary")} query={d.query} />

        <h2>{t("reports.section.volume")}</h2>
        <BarChart title={t("reports.chart.days")} labels={c.days.labels} series={c.days.series} />
        <TableView t={t} table={table("days")} query={d.query} />
        <Heatmap title={t("reports.chart.hours")} rows={c.hours.rows} columns={c.hours.columns} values={c.hours.values} />
        <TableView t={t} table={table("hours")} query={d.query} />

        <h2>{t("reports.section.times")}</h2>
        <BarChart title={t("reports.chart.times")} labels={c.times.labels} series={c.times.series} labelEvery={3} />
        <TableView t={t} table={table("times")} query={d.query} />

        <h2>{t("reports.section.ratings")}</h2>
        <BarChart title={t("reports.chart.ratings")} labels={c.ratings.labels} series={c.ratings.series} height={200} />
        <TableView t={t} table={table("ratings")} query={d.query} />
        <TableView t={t} table={table("comments")} query={d.query} />

        <h2>{t("reports.section.robot")}</h2>
        <ShareBar title={t("reports.chart.robot")} parts={c.robot} />

        <h2>{t("reports.section.agents")}</h2>
        <BarChart title={t("reports.chart.agents")} labels={c.agents.labels} series={c.agents.series} labelEvery={1} />
        <TableView t={t} table={table("agents")} query={d.query} />
      </main>
    </Layout>
  );
}
