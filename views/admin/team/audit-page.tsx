// Admin → Team → Audit log (操作日志): who changed what and when, filterable by person, action and
// dates, newest first, a page at a time.
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { AdminFrame } from "./admin-frame";
import { actionLabel, AuditTable } from "../../parts/audit-table";

export interface AuditRow {
  at: number;
  actorName: string;
  action: string;
  targetName: string;
  details: string;
}

export interface AuditData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  entries: AuditRow[];
  page: number;
  pages: number;
  total: number;
  /** the filter as given (dates as yyyy-mm-dd) */
  filter: { actor: string; action: string; from: string; to: string };
  actors: { id: string; name: string }[];
  actions: string[];
}

/** An action's label; actions other areas record without a catalogue entry show as they are. */
function pageLink(f: AuditData["filter"], page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  q.set("page", String(page));
  return `/admin/audit?${q}`;
}

export function AuditPage(p: AuditData & { user: NavUser }) {
  const t = p.t;
  const f = p.filter;
  return (
    <AdminFrame t={t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={t("team.audit.title")} path="/admin/audit">
      <h1>{t("team.audit.title")}</h1>
      <p class="muted">{t("team.audit.intro")}</p>
      <form method="get" action="/admin/audit" class="filters" data-testid="audit-filter">
        <label>
          {t("team.audit.who")}
          <select name="actor">
            <option value="">{t("team.audit.anyone")}</option>
            {p.actors.map((a) => (
              <option value={a.id} selected={a.id === f.actor}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("team.audit.action")}
          <select name="action">
            <option value="">{t("team.audit.any_action")}</option>
            {p.actions.map((a) => (
              <option value={a} selected={a === f.action}>
                {actionLabel(t, a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("team.audit.from")}
          <input type="date" name="from" value={f.from} />
        </label>
        <label>
          {t("team.audit.to")}
          <input type="date" name="to" value={f.to} />
        </label>
        <button type="submit" class="primary">
          {t("team.audit.filter")}
        </button>
      </form>
      {p.entries.length === 0 ? (
        <p class="muted" data-testid="audit-empty">
          {t("team.audit.none")}
        </p>
      ) : (
        <AuditTable t={t} locale={p.locale} testId="audit" rowTestId="audit-entry" rows={p.entries.map((e) => ({ at: e.at, action: e.action, who: e.actorName, target: e.targetName, details: e.details }))} />
      )}
      <nav class="pager" aria-label={t("team.audit.title")}>
        {p.page > 1 && <a href={pageLink(f, p.page - 1)}>{t("team.audit.newer")}</a>}
        <span class="muted small">{t("team.audit.page", { page: p.page, pages: p.pages, total: p.total })}</span>
        {p.page < p.pages && (
          <a href={pageLink(f, p.page + 1)} data-testid="audit-older">
            {t("team.audit.older")}
          </a>
        )}
      </nav>
    </AdminFrame>
  );
}
