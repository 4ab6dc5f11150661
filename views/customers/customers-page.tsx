// Customers (客户, F16): search as you type (Chinese-aware), tag and custom-field filters, pages of
// 50, CSV export of what the filters select, CSV import (all or nothing) and a quick "new customer".
import type { CustomerContact } from "../../common/customer";
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { formatDateTime } from "../../common/time-format";

export interface CustomerRow extends CustomerContact {
  identified: boolean;
  updatedAt: number;
}

export interface CustomerFilterValues {
  q: string;
  tag: string;
  field: string;
  value: string;
}

export interface CustomerResultsProps {
  t: Translate;
  locale: Locale;
  rows: CustomerRow[];
  total: number;
  page: number;
  pageSize: number;
  /** the current filters as a query string (without page) */
  query: string;
}

export interface ImportOutcome {
  ok: boolean;
  message: string;
  rejected: { line: number; problems: string[] }[];
}

export interface CustomersPageProps extends CustomerResultsProps {
  user: NavUser;
  csrfToken: string;
  filters: CustomerFilterValues;
  tags: string[];
  fieldDefs: { id: string; label: string }[];
  imported?: ImportOutcome;
}

const withQuery = (base: string, query: string, extra: string) => `${base}?${[query, extra].filter(Boolean).join("&")}`;

export function CustomerResults(p: CustomerResultsProps) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  return (
    <>
      <p class="results-head">
        <span class="muted small" data-testid="customer-count">
          {p.t("customers.count", { count: p.total })}
        </span>
        <a href={withQuery("/customers/export.csv", p.query, "")} class="small" data-testid="customer-export" download>
          {p.t("customers.export")}
        </a>
      </p>
      {p.rows.length === 0 && <p class="empty">{p.t("customers.empty")}</p>}
      {p.rows.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th>{p.t("customers.field.name")}</th>
              <th>{p.t("customers.field.phone")}</th>
              <th>{p.t("customers.field.email")}</th>
              <th>{p.t("customers.field.company")}</th>
              <th>{p.t("customers.field.tags")}</th>
              <th>{p.t("customers.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((c) => (
              <tr data-testid="customer-item" data-customer-id={c.id}>
                <td>
                  <a href={`/customers/${c.id}`}>{c.name || p.t("customers.unnamed")}</a>
                  {c.identified && <span class="muted small"> · {p.t("customers.identified")}</span>}
                </td>
                <td>{c.phone}</td>
                <td>{c.email}</td>
                <td>{c.company}</td>
                <td>{c.tags.join(", ")}</td>
                <td class="small muted">{formatDateTime(c.updatedAt, p.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={p.t("customers.pages")}>
          {p.page > 1 && (
            <a href={withQuery("/customers", p.query, `page=${p.page - 1}`)} data-testid="customer-prev">
              ← {p.t("customers.prev")}
            </a>
          )}
          <span class="muted small"> {p.t("customers.pageOf", { page: p.page, pages })} </span>
          {p.page < pages && (
            <a href={withQuery("/customers", p.query, `page=${p.page + 1}`)} data-testid="customer-next">
              {p.t("customers.next")} →
            </a>
          )}
        </nav>
      )}
    </>
  );
}

export function CustomersPage(p: CustomersPageProps) {
  const f = p.filters;
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("customers.title")} user={p.user} csrfToken={p.csrfToken} path="/customers" styles={["/static/css/leads.css"]}>
      <main class="page">
        <h1>{p.t("customers.title")}</h1>
        <p class="muted">{p.t("customers.intro")}</p>
        {p.imported && (
          <div class={p.imported.ok ? "notice" : "error"} role={p.imported.ok ? "status" : "alert"} data-testid="customer-import-result">
            <p>{p.imported.message}</p>
            {p.imported.rejected.length > 0 && (
              <ul data-testid="customer-import-rejected">
                {p.imported.rejected.map((r) => (
                  <li data-line={r.line}>{p.t("customers.import.line", { line: r.line, problems: r.problems.join("; ") })}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <form
          class="filters"
          method="get"
          action="/customers"
          role="search"
          aria-label={p.t("customers.filter.label")}
          hx-get="/customers"
          hx-trigger="input delay:300ms, change, submit"
          hx-target="#customer-results"
          hx-swap="innerHTML"
          hx-replace-url="true"
          data-testid="customer-filters"
        >
          <label>
            {p.t("customers.filter.q")}
            <input type="search" name="q" value={f.q} maxLength={100} placeholder={p.t("customers.filter.qPlaceholder")} data-testid="customer-filter-q" />
          </label>
          <label>
            {p.t("customers.field.tags")}
            <select name="tag" data-testid="customer-filter-tag">
              <option value="">{p.t("customers.filter.anyTag")}</option>
              {p.tags.map((tag) => (
                <option value={tag} selected={tag === f.tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          {p.fieldDefs.length > 0 && (
            <>
              <label>
                {p.t("customers.filter.field")}
                <select name="field" data-testid="customer-filter-field">
                  <option value="">{p.t("customers.filter.anyField")}</option>
                  {p.fieldDefs.map((d) => (
                    <option value={d.id} selected={d.id === f.field}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {p.t("customers.filter.value")}
                <input type="text" name="value" value={f.value} maxLength={100} data-testid="customer-filter-value" />
              </label>
            </>
          )}
          <span class="filter-actions">
            <button type="submit" class="secondary">
              {p.t("customers.filter.apply")}
            </button>
            <a href="/customers" class="small">
              {p.t("customers.filter.clear")}
            </a>
          </span>
        </form>
        <section id="customer-results" aria-live="polite">
          <CustomerResults {...p} />
        </section>
        <details class="card">
          <summary>{p.t("customers.new.title")}</summary>
          <form method="post" action="/customers" class="stack" data-testid="customer-new">
            <Csrf token={p.csrfToken} />
            {(["name", "phone", "email", "wechat", "company"] as const).map((k) => (
              <label>
                {p.t(`customers.field.${k}`)}
                <input name={k} type={(k === "email" ? "email" : k === "phone" ? "tel" : "text") as "text"} data-testid={`customer-new-${k}`} />
              </label>
            ))}
            <button type="submit" class="primary" data-testid="customer-new-submit">
              {p.t("customers.new.submit")}
            </button>
          </form>
        </details>
        <details class="card" open={!!p.imported && !p.imported.ok}>
          <summary>{p.t("customers.import.title")}</summary>
          <p class="muted small">{p.t("customers.import.help")}</p>
          <form method="post" action="/customers/import" enctype="multipart/form-data" class="stack" data-testid="customer-import">
            <Csrf token={p.csrfToken} />
            <input type="file" name="file" accept=".csv,text/csv" required aria-label={p.t("customers.import.file")} />
            <button type="submit" class="secondary">
              {p.t("customers.import.submit")}
            </button>
          </form>
        </details>
      </main>
    </Layout>
  );
}
