// The public leads pool (公共线索池) and Records (记录): filters with active search (htmx swaps the
// results as the agent types), the list of leads, and the CSV export of what the filters select.
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { LeadItem, type LeadView } from "./lead-item";

export type LeadsView = "pool" | "records";

export interface LeadFilterValues {
  site: string;
  status: string;
  from: string;
  to: string;
  q: string;
}

export interface LeadResultsProps {
  view: LeadsView;
  leads: LeadView[];
  total: number;
  t: Translate;
  locale: Locale;
  csrfToken: string;
  me: string;
  mayFinish: (l: LeadView) => boolean;
  /** the query string of the current filters, for the export link */
  query: string;
}

export interface LeadsPageProps extends LeadResultsProps {
  user: NavUser;
  filters: LeadFilterValues;
  sites: { id: string; name: string }[];
}

export function LeadsTabs(p: { t: Translate; active: LeadsView | "detail" }) {
  const tabs: { id: LeadsView; href: string }[] = [
    { id: "pool", href: "/leads/pool" },
    { id: "records", href: "/leads/records" },
  ];
  return (
    <nav class="subtabs" aria-label={p.t("leads.nav")}>
      {tabs.map((x) => (
        <a href={x.href} class={x.id === p.active ? "active" : ""} aria-current={x.id === p.active ? "page" : undefined} data-testid={`leads-tab-${x.id}`}>
          {p.t(`leads.${x.id}.title`)}
        </a>
      ))}
    </nav>
  );
}

/** The part htmx replaces: the count and the items. */
export function LeadResults(p: LeadResultsProps) {
  return (
    <>
      <p class="results-head">
        <span class="muted small" data-testid="lead-count">
          {p.t("leads.count", { count: p.total })}
          {p.total > p.leads.length ? ` · ${p.t("leads.more", { shown: p.leads.length })}` : ""}
        </span>
        {/* Part of the results, so that it always exports what the current filters select. */}
        <a href={`/leads/export.csv?view=${p.view}${p.query ? `&${p.query}` : ""}`} class="small" data-testid="lead-export" download>
          {p.t("leads.export")}
        </a>
      </p>
      {p.leads.length === 0 && <p class="empty">{p.t(p.view === "pool" ? "leads.pool.empty" : "leads.records.empty")}</p>}
      {p.leads.map((l) => (
        <LeadItem lead={l} t={p.t} locale={p.locale} csrfToken={p.csrfToken} me={p.me} mayFinish={p.mayFinish(l)} compact />
      ))}
    </>
  );
}

export function LeadsPage(p: LeadsPageProps) {
  const path = `/leads/${p.view}`;
  const f = p.filters;
  return (
    <Layout t={p.t} locale={p.locale} title={p.t(`leads.${p.view}.title`)} user={p.user} csrfToken={p.csrfToken} path={path} styles={["/static/css/leads.css"]}>
      <main class="page">
        <LeadsTabs t={p.t} active={p.view} />
        <h1>{p.t(`leads.${p.view}.title`)}</h1>
        <p class="muted">{p.t(`leads.${p.view}.intro`)}</p>
        <form
          class="filters"
          method="get"
          action={path}
          role="search"
          aria-label={p.t("leads.filter.label")}
          hx-get={path}
          hx-trigger="input delay:400ms, change, submit"
          hx-target="#lead-results"
          hx-swap="innerHTML"
          hx-replace-url="true"
          hx-indicator="#lead-searching"
          data-testid="lead-filters"
        >
          <label>
            {p.t("leads.filter.q")}
            <input type="search" name="q" value={f.q} placeholder={p.t("leads.filter.qPlaceholder")} maxLength={100} data-testid="lead-filter-q" />
          </label>
          <label>
            {p.t("leads.filter.site")}
            <select name="site" data-testid="lead-filter-site">
              <option value="">{p.t("leads.filter.allSites")}</option>
              {p.sites.map((s) => (
                <option value={s.id} selected={s.id === f.site}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {p.view === "records" && (
            <label>
              {p.t("leads.filter.status")}
              <select name="status" data-testid="lead-filter-status">
                <option value="">{p.t("leads.filter.anyStatus")}</option>
                {(["new", "claimed", "done"] as const).map((s) => (
                  <option value={s} selected={s === f.status}>
                    {p.t(`leads.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {p.t("leads.filter.from")}
            <input type="date" name="from" value={f.from} data-testid="lead-filter-from" />
          </label>
          <label>
            {p.t("leads.filter.to")}
            <input type="date" name="to" value={f.to} data-testid="lead-filter-to" />
          </label>
          <span class="filter-actions">
            <button type="submit" class="secondary">
              {p.t("leads.filter.apply")}
            </button>
            <a href={path} class="small">
              {p.t("leads.filter.clear")}
            </a>
            <span id="lead-searching" class="htmx-indicator muted small">
              {p.t("leads.searching")}
            </span>
          </span>
        </form>
        <section id="lead-results" aria-live="polite">
          <LeadResults {...p} />
        </section>
      </main>
    </Layout>
  );
}
