// One lead (a message a visitor left) in the pool or in Records: who, what, where from, its state,
// and the actions the viewer may take. Everything the visitor typed is a text node (escaped).
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { formatDateTime } from "../../common/time-format";

export interface LeadView {
  id: string;
  status: "new" | "claimed" | "done";
  siteName: string;
  /** every field the visitor filled, labelled in the reader's language */
  fields: { key: string; label: string; value: string }[];
  name: string;
  message: string;
  pageUrl: string;
  visitorId: string | null;
  visitorDisplayId: string | null;
  createdAt: number;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: number | null;
  doneAt: number | null;
  noteCount: number;
}

export interface LeadItemProps {
  lead: LeadView;
  t: Translate;
  locale: Locale;
  csrfToken: string;
  /** the viewer's user id */
  me: string;
  /** may the viewer mark it done (holder, or a wider data scope) */
  mayFinish: boolean;
  /** a one-off result of the viewer's last action on this lead */
  notice?: { kind: "ok" | "error"; text: string };
  /** the list shows the message clipped and links to the details page */
  compact?: boolean;
}

export function StatusBadge({ status, t }: { status: LeadView["status"]; t: Translate }) {
  return (
    <span class={`lead-status ${status}`} data-status={status}>
      {t(`leads.status.${status}`)}
    </span>
  );
}

/** A small POST form that works without JavaScript and, with htmx, replaces the item in place. */
export function ActionForm(p: { action: string; csrfToken: string; target: string; label: string; testid: string; primary?: boolean; compact?: boolean }) {
  return (
    <form method="post" action={p.action} hx-post={p.action} hx-target={p.target} hx-swap="outerHTML" class="inline">
      <Csrf token={p.csrfToken} />
      {p.compact && <input type="hidden" name="compact" value="1" />}
      <button type="submit" class={p.primary ? "primary small" : "secondary small"} data-testid={p.testid}>
        {p.label}
      </button>
    </form>
  );
}

export function LeadItem(p: LeadItemProps) {
  const { lead: l, t, locale } = p;
  // The name heads the item and the message has its own block.
  const shown = l.fields.filter((f) => f.key !== "message" && f.key !== "name" && f.value);
  const message = p.compact && l.message.length > 280 ? `${l.message.slice(0, 280)}…` : l.message;
  return (
    <article class="lead card" id={l.id} data-testid="lead-item" data-lead={l.id} data-status={l.status}>
      <header class="lead-head">
        <h2 class="lead-name">{l.name || t("leads.anonymous")}</h2>
        <StatusBadge status={l.status} t={t} />
        <span class="muted small">
          {l.siteName} · <time dateTime={new Date(l.createdAt).toISOString()}>{formatDateTime(l.createdAt, locale)}</time>
        </span>
      </header>
      {shown.length > 0 && (
        <dl class="lead-fields">
          {shown.map((f) => (
            <div>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {message && <p class="lead-message">{message}</p>}
      <footer class="lead-foot">
        <span class="muted small">
          {l.claimedBy === p.me ? t("leads.yours") : l.claimedByName ? t("leads.claimedBy", { name: l.claimedByName }) : ""}
          {l.doneAt ? ` · ${t("leads.doneAt", { time: formatDateTime(l.doneAt, locale) })}` : ""}
          {l.noteCount > 0 ? ` · ${t("leads.notes.title")} ${l.noteCount}` : ""}
        </span>
        <span class="lead-actions">
          {l.status === "new" && <ActionForm action={`/leads/${l.id}/claim`} csrfToken={p.csrfToken} target={`#${l.id}`} label={t("leads.claim")} testid="lead-claim" compact={p.compact} primary />}
          {l.status === "claimed" && p.mayFinish && (
            <ActionForm action={`/leads/${l.id}/done`} csrfToken={p.csrfToken} target={`#${l.id}`} label={t("leads.done")} testid="lead-done" compact={p.compact} />
          )}
          {p.compact && (
            <a href={`/leads/${l.id}`} class="small" data-testid="lead-details">
              {t("leads.details")}
            </a>
          )}
        </span>
      </footer>
      {p.notice && (
        <p class={p.notice.kind === "ok" ? "notice" : "error"} role={p.notice.kind === "ok" ? "status" : "alert"} data-testid="lead-notice">
          {p.notice.text}
        </p>
      )}
    </article>
  );
}

/** What replaces a lead someone else claimed when the viewer may no longer see it: only the news. */
export function LeadGone(p: { id: string; status: LeadView["status"]; text: string }) {
  return (
    <article class="lead card" id={p.id} data-testid="lead-item" data-lead={p.id} data-status={p.status}>
      <p class="error" role="alert" data-testid="lead-notice">
        {p.text}
      </p>
    </article>
  );
}
