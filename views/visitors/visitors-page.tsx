// Visitors (访客, F11): who is on the firm's sites right now, refreshed by htmx polling, with an
// invitation to chat per visitor. Pages, titles and referrers come from visitors' browsers: text only.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { deviceText } from "../../common/device";
import { Layout, type NavUser } from "../layout";
import { formatDuration } from "../../common/time-format";

export interface VisitorRow {
  id: string;
  displayId: string;
  siteName: string;
  page: { url: string; title: string; referrer: string };
  device: string;
  /** ms on the site in this visit */
  timeOnSite: number;
  visits: number;
  returning: boolean;
  inChat: boolean;
  invite: { agentName: string; shown: boolean } | null;
  /** the greeting offered by default, in the visitor's language */
  defaultGreeting: string;
}

export interface VisitorListProps {
  rows: VisitorRow[];
  t: Translate;
  locale: Locale;
  csrfToken: string;
  notice?: string;
}

/** Every few seconds htmx fetches this list again and morphs it in (typed greetings survive). */
export const VISITORS_POLL = "every 5s";

function VisitorItem({ v, t, locale, csrfToken }: { v: VisitorRow } & Omit<VisitorListProps, "rows">) {
  const action = `/visitors/${v.id}/invite`;
  return (
    <tr data-testid="visitor-item" data-visitor={v.id} id={`visitor-${v.id}`}>
      <td>
        <a href={`/visitors/${v.id}`} class="vid" data-testid="visitor-id">
          {v.displayId}
        </a>
        <div class="muted small">{v.siteName}</div>
      </td>
      <td class="page-cell">
        <div>{v.page.title || t("visitors.untitled")}</div>
        <div class="muted small url">{v.page.url}</div>
      </td>
      <td class="url small">{v.page.referrer || <span class="muted">{t("visitors.direct")}</span>}</td>
      <td class="small">{deviceText(v.device, (w) => t(`workspace.device.${w}`))}</td>
      <td class="small" data-testid="visitor-time">
        {formatDuration(v.timeOnSite, locale)}
      </td>
      <td class="small" data-testid="visitor-kind" data-returning={String(v.returning)}>
        {v.returning ? t("visitors.returning", { visits: v.visits }) : t("visitors.new")}
      </td>
      <td class="small" data-testid="visitor-chat" data-in-chat={String(v.inChat)}>
        {v.inChat ? <strong>{t("visitors.inChat")}</strong> : t("visitors.notInChat")}
      </td>
      <td>
        {v.invite ? (
          <span class="small muted" data-testid="visitor-invited">
            {t(v.invite.shown ? "visitors.inviteShown" : "visitors.invited", { name: v.invite.agentName })}
          </span>
        ) : (
          !v.inChat && (
            <form method="post" action={action} hx-post={action} hx-target="#visitor-list" hx-swap="innerMorph" class="invite">
              <Csrf token={csrfToken} />
              <input name="greeting" value={v.defaultGreeting} maxLength={500} aria-label={t("visitors.inviteGreeting")} />
              <button type="submit" class="secondary small" data-testid="invite-visitor">
                {t("visitors.invite")}
              </button>
            </form>
          )
        )}
      </td>
    </tr>
  );
}

export function VisitorList(p: VisitorListProps) {
  return (
    <>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      <p class="muted small" data-testid="visitor-count">
        {p.t("visitors.count", { count: p.rows.length })}
      </p>
      {p.rows.length === 0 ? (
        <p class="empty">{p.t("visitors.empty")}</p>
      ) : (
        <table class="visitors">
          <thead>
            <tr>
              {["visitor", "page", "referrer", "device", "time", "kind", "chat"].map((c) => (
                <th scope="col">{p.t(`visitors.col.${c}`)}</th>
              ))}
              <th scope="col">
                <span class="sr-only">{p.t("visitors.invite")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((v) => (
              <VisitorItem v={v} t={p.t} locale={p.locale} csrfToken={p.csrfToken} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function VisitorsPage(p: VisitorListProps & { user: NavUser }) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("visitors.title")} user={p.user} csrfToken={p.csrfToken} path="/visitors" styles={["/static/css/leads.css"]}>
      <main class="page wide">
        <h1>{p.t("visitors.title")}</h1>
        <p class="muted">{p.t("visitors.intro")}</p>
        <section id="visitor-list" hx-get="/visitors" hx-trigger={VISITORS_POLL} hx-swap="innerMorph" aria-live="polite">
          <VisitorList {...p} />
        </section>
      </main>
    </Layout>
  );
}
