// One customer: their details (editable), custom fields, notes with author and time, the one
// timeline of conversations, messages left, ratings and pages, and merging another record in.
import { NoteList } from "../parts/note-list";
import type { CustomerContact } from "../../common/customer";
import { Csrf } from "../parts/csrf-field";
import type { TimelineEntry } from "../../src/customers/timeline";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { formatDateTime } from "../../common/time-format";

export interface CustomerView extends CustomerContact {
  fields: Record<string, string>;
  externalId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface FieldDefView {
  id: string;
  label: string;
  type: "text" | "number" | "date" | "choice";
  options: string[];
}

export interface CustomerDetailProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  customer: CustomerView;
  defs: FieldDefView[];
  notes: { authorName: string; body: string; createdAt: number }[];
  timeline: TimelineEntry[];
  error?: string;
  notice?: string;
}

/** The inputs of the standard and custom fields; shared with the workspace's card markup by name. */
export function FieldInputs(p: { t: Translate; c: Pick<CustomerView, "name" | "phone" | "email" | "wechat" | "company" | "tags" | "fields">; defs: FieldDefView[]; prefix: string }) {
  return (
    <>
      {(["name", "phone", "email", "wechat", "company"] as const).map((k) => (
        <label>
          {p.t(`customers.field.${k}`)}
          <input name={k} value={p.c[k]} type={(k === "email" ? "email" : k === "phone" ? "tel" : "text") as "text"} data-testid={`${p.prefix}-${k}`} />
        </label>
      ))}
      <label>
        {p.t("customers.field.tags")}
        <input name="tags" value={p.c.tags.join(", ")} placeholder={p.t("customers.tagsHint")} data-testid={`${p.prefix}-tags`} />
      </label>
      {p.defs.map((d) => (
        <label>
          {d.label}
          {d.type === "choice" ? (
            <select name={`f_${d.id}`} data-testid={`${p.prefix}-field-${d.id}`}>
              <option value="">—</option>
              {d.options.map((o) => (
                <option value={o} selected={p.c.fields[d.id] === o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input name={`f_${d.id}`} value={p.c.fields[d.id] ?? ""} type={(d.type === "date" ? "date" : "text") as "text"} inputMode={d.type === "number" ? "decimal" : "text"} data-testid={`${p.prefix}-field-${d.id}`} />
          )}
        </label>
      ))}
    </>
  );
}

function Entry(p: { e: TimelineEntry; t: Translate; locale: Locale }) {
  const { e, t } = p;
  const when = <span class="muted small">{formatDateTime(e.at, p.locale)} · </span>;
  switch (e.kind) {
    case "conversation":
      return (
        <li data-testid="customer-timeline-item" data-kind="conversation">
          {when}
          <a href={`/history/${e.id}`}>{t("customers.timeline.conversation", { visitor: e.visitorDisplayId })}</a>
          {e.status === "open" ? ` (${t("customers.timeline.open")})` : ""}
        </li>
      );
    case "rating":
      return (
        <li data-testid="customer-timeline-item" data-kind="rating">
          {when}
          {t("customers.timeline.rating", { score: e.score })}
          {e.comment ? `: ${e.comment}` : ""}
        </li>
      );
    case "lead":
      return (
        <li data-testid="customer-timeline-item" data-kind="lead">
          {when}
          <a href={`/leads/${e.id}`}>{t("customers.timeline.lead")}</a>: {e.message.slice(0, 200)}
        </li>
      );
    case "page":
      return (
        <li data-testid="customer-timeline-item" data-kind="page">
          {when}
          {t("customers.timeline.page", { visitor: e.visitorDisplayId, visits: e.visits })} <span class="url">{e.title ? `${e.title} — ${e.url}` : e.url}</span>
        </li>
      );
    case "identified":
      return (
        <li data-testid="customer-timeline-item" data-kind="identified">
          {when}
          {t("customers.timeline.identified", { visitor: e.visitorDisplayId })}
        </li>
      );
  }
}

export function CustomerDetailPage(p: CustomerDetailProps) {
  const c = p.customer;
  const title = c.name || p.t("customers.unnamed");
  return (
    <Layout t={p.t} locale={p.locale} title={title} user={p.user} csrfToken={p.csrfToken} path={`/customers/${c.id}`} styles={["/static/css/leads.css"]}>
      <main class="page" data-testid="customer-detail" data-customer-id={c.id}>
        <p>
          <a href="/customers">← {p.t("customers.back")}</a>
        </p>
        <h1>{title}</h1>
        {c.externalId && <p class="muted small">{p.t("customers.externalId", { id: c.externalId })}</p>}
        {p.notice && (
          <p class="notice" role="status">
            {p.notice}
          </p>
        )}
        {p.error && (
          <p class="error" role="alert" data-testid="customer-error">
            {p.error}
          </p>
        )}
        <section class="card">
          <h2>{p.t("customers.details")}</h2>
          <form method="post" action={`/customers/${c.id}`} class="stack" data-testid="customer-edit">
            <Csrf token={p.csrfToken} />
            <FieldInputs t={p.t} c={c} defs={p.defs} prefix="customer-edit" />
            <button type="submit" class="primary" data-testid="customer-save">
              {p.t("customers.save")}
            </button>
          </form>
        </section>
        <section class="card" aria-labelledby="customer-notes-title">
          <h2 id="customer-notes-title">{p.t("customers.notes.title")}</h2>
          {p.notes.length === 0 && <p class="muted">{p.t("customers.notes.empty")}</p>}
          <NoteList notes={p.notes} locale={p.locale} testId="customer-note" />
          <form method="post" action={`/customers/${c.id}/notes`} class="stack">
            <Csrf token={p.csrfToken} />
            <textarea name="note" rows={3} required maxLength={2000} aria-label={p.t("customers.notes.title")} data-testid="customer-note-input" />
            <button type="submit" class="secondary" data-testid="customer-note-add">
              {p.t("customers.notes.add")}
            </button>
          </form>
        </section>
        <section class="card" aria-labelledby="customer-timeline-title">
          <h2 id="customer-timeline-title">{p.t("customers.timeline.title")}</h2>
          {p.timeline.length === 0 && <p class="muted">{p.t("customers.timeline.empty")}</p>}
          <ol class="timeline" data-testid="customer-timeline">
            {p.timeline.map((e) => (
              <Entry e={e} t={p.t} locale={p.locale} />
            ))}
          </ol>
        </section>
        <section class="card">
          <h2>{p.t("customers.merge.title")}</h2>
          <p class="muted small">{p.t("customers.merge.help")}</p>
          <form method="post" action={`/customers/${c.id}/merge`} class="stack" data-testid="customer-merge">
            <Csrf token={p.csrfToken} />
            <label>
              {p.t("customers.merge.other")}
              <input name="other" required maxLength={254} data-testid="customer-merge-other" />
            </label>
            <button type="submit" class="secondary">
              {p.t("customers.merge.submit")}
            </button>
          </form>
        </section>
      </main>
    </Layout>
  );
}
