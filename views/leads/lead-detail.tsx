// One lead with everything about it: all fields, where it came from, who holds it, and the notes.
import { NoteList } from "../parts/note-list";
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { LeadItem, type LeadItemProps } from "./lead-item";
import { LeadsTabs } from "./leads-page";

export interface NoteView {
  authorName: string;
  body: string;
  createdAt: number;
}

export interface NotesProps {
  leadId: string;
  notes: NoteView[];
  t: Translate;
  locale: Locale;
  csrfToken: string;
  error?: string;
  maxLength: number;
}

/** The notes and the form to add one; htmx swaps this section after adding. */
export function LeadNotes(p: NotesProps) {
  const action = `/leads/${p.leadId}/notes`;
  return (
    <section class="card lead-notes" id="lead-notes" aria-labelledby="lead-notes-title">
      <h2 id="lead-notes-title">{p.t("leads.notes.title")}</h2>
      {p.notes.length === 0 && <p class="muted">{p.t("leads.notes.empty")}</p>}
      <NoteList notes={p.notes} locale={p.locale} testId="lead-note" />
      {p.error && (
        <p class="error" role="alert">
          {p.error}
        </p>
      )}
      <form method="post" action={action} hx-post={action} hx-target="#lead-notes" hx-swap="outerHTML" class="stack">
        <Csrf token={p.csrfToken} />
        <textarea name="note" rows={3} required maxLength={p.maxLength} placeholder={p.t("leads.notes.placeholder")} aria-label={p.t("leads.notes.title")} data-testid="lead-note-input" />
        <button type="submit" class="secondary" data-testid="lead-note-add">
          {p.t("leads.notes.add")}
        </button>
      </form>
    </section>
  );
}

export interface LeadDetailProps extends LeadItemProps {
  user: NavUser;
  notes: Omit<NotesProps, "t" | "locale" | "csrfToken" | "leadId">;
}

export function LeadDetailPage(p: LeadDetailProps) {
  const l = p.lead;
  const title = p.t("leads.detail.title", { name: l.name || p.t("leads.anonymous") });
  return (
    <Layout t={p.t} locale={p.locale} title={title} user={p.user} csrfToken={p.csrfToken} path={`/leads/${l.id}`} styles={["/static/css/leads.css"]}>
      <main class="page">
        <LeadsTabs t={p.t} active="detail" />
        <p>
          <a href={l.status === "new" ? "/leads/pool" : "/leads/records"}>← {p.t("leads.back")}</a>
        </p>
        <LeadItem {...p} compact={false} />
        <section class="card">
          <dl class="lead-fields">
            <div>
              <dt>{p.t("leads.site")}</dt>
              <dd>{l.siteName}</dd>
            </div>
            {l.pageUrl && (
              <div>
                <dt>{p.t("leads.page")}</dt>
                <dd class="url">{l.pageUrl}</dd>
              </div>
            )}
            {l.visitorId && (
              <div>
                <dt>{p.t("leads.visitor")}</dt>
                <dd>
                  <a href={`/visitors/${l.visitorId}`} data-testid="lead-visitor">
                    {l.visitorDisplayId}
                  </a>
                </dd>
              </div>
            )}
          </dl>
        </section>
        <LeadNotes {...p.notes} leadId={l.id} t={p.t} locale={p.locale} csrfToken={p.csrfToken} />
      </main>
    </Layout>
  );
}
