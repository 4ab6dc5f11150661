// History (历史对话): filters, full-text search and the list of conversations.
import type { HistoryFilter, HistoryRow } from "../../src/history/history";
import type { Locale, Translate } from "../../src/i18n";
import { Layout, type NavUser } from "../layout";

export interface HistoryPageProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  filter: HistoryFilter & { fromDay?: string; toDay?: string };
  sites: { id: string; name: string }[];
  agents: { id: string; name: string }[] | null;
  rows: HistoryRow[];
  hasMore: boolean;
  /** the search answered from the messages indexed so far (older ones are still being indexed) */
  indexing?: boolean;
}

export function HistoryPage(p: HistoryPageProps) {
  const f = p.filter;
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("history.title")} user={p.user} csrfToken={p.csrfToken} path="/history">
      <main class="page">
        <h1>{p.t("history.title")}</h1>
        <form class="filters" method="get" action="/history" hx-get="/history/results" hx-include="this" hx-target="#history-results" hx-trigger="input changed delay:300ms, change, submit" hx-push-url="true" role="search">
          <input type="search" name="q" value={f.q ?? ""} placeholder={p.t("history.search")} aria-label={p.t("history.search")} data-testid="history-search" />
          <select name="site" aria-label={p.t("history.site")}>
            <option value="">{p.t("history.all_sites")}</option>
            {p.sites.map((s) => (
              <option value={s.id} selected={s.id === f.siteId}>
                {s.name}
              </option>
            ))}
          </select>
          {p.agents && (
            <select name="agent" aria-label={p.t("history.agent")}>
              <option value="">{p.t("history.all_agents")}</option>
              {p.agents.map((a) => (
                <option value={a.id} selected={a.id === f.agentId}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
          <select name="status" aria-label={p.t("history.status")}>
            <option value="">{p.t("history.any_status")}</option>
            <option value="open" selected={f.status === "open"}>
              {p.t("history.status_open")}
            </option>
            <option value="closed" selected={f.status === "closed"}>
              {p.t("history.status_closed")}
            </option>
          </select>
          <label class="inline-label">
            {p.t("history.from")}
            <input type="date" name="from" value={f.fromDay ?? ""} />
          </label>
          <label class="inline-label">
            {p.t("history.to")}
            <input type="date" name="to" value={f.toDay ?? ""} />
          </label>
          <button type="submit" class="primary">
            {p.t("history.apply")}
          </button>
        </form>
        <div id="history-results">
          <HistoryResults {...p} />
        </div>
      </main>
    </Layout>
  );
}

export function HistoryResults(p: Pick<HistoryPageProps, "t" | "locale" | "rows" | "hasMore" | "filter" | "indexing">) {
  const time = (ms: number) => new Date(ms).toLocaleString(p.locale, { dateStyle: "short", timeStyle: "short" });
  const indexing = p.indexing && (
    <p class="notice" role="status" data-testid="history-indexing">
      {p.t("history.indexing")}
    </p>
  );
  if (p.rows.length === 0)
    return (
      <>
        {indexing}
        <p class="muted" data-testid="history-empty">
          {p.t("history.none")}
        </p>
      </>
    );
  const page = p.filter.page ?? 0;
  return (
    <>
      {indexing}
      <table class="list">
        <thead>
          <tr>
            <th>{p.t("history.visitor")}</th>
            <th>{p.t("history.site")}</th>
            <th>{p.t("history.agent")}</th>
            <th>{p.t("history.last_message")}</th>
            <th>{p.t("history.when")}</th>
            <th>{p.t("history.status")}</th>
            <th>{p.t("history.rating")}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr data-testid="history-item">
              <td>
                <a href={`/history/${r.id}`}>{r.visitorDisplayId}</a>
              </td>
              <td>{r.siteName}</td>
              <td>{r.agentName ?? "—"}</td>
              <td class="preview">{r.preview}</td>
              <td>{time(r.lastMessageAt)}</td>
              <td>{r.status === "open" ? p.t("history.status_open") : p.t("history.status_closed")}</td>
              <td data-testid="history-rating">{r.rating ? <Stars score={r.rating} label={p.t("history.rating_value", { score: r.rating })} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager">
        {page > 0 && <a href={pageLink(p.filter, page - 1)}>{p.t("history.newer")}</a>}
        {p.hasMore && <a href={pageLink(p.filter, page + 1)}>{p.t("history.older")}</a>}
      </nav>
    </>
  );
}

/** A rating as stars, read out as "4 of 5". */
export function Stars(p: { score: number; label: string }) {
  return (
    <span class="stars" role="img" aria-label={p.label} title={p.label} data-score={p.score}>
      {"★".repeat(p.score) + "☆".repeat(5 - p.score)}
    </span>
  );
}

function pageLink(f: HistoryPageProps["filter"], page: number): string {
  const q = new URLSearchParams();
  if (f.q) q.set("q", f.q);
  if (f.siteId) q.set("site", f.siteId);
  if (f.agentId) q.set("agent", f.agentId);
  if (f.status) q.set("status", f.status);
  if (f.fromDay) q.set("from", f.fromDay);
  if (f.toDay) q.set("to", f.toDay);
  q.set("page", String(page));
  return `/history?${q}`;
}
