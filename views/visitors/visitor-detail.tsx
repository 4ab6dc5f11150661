// One visitor: their id, visits and device, where they are now, their earlier conversations (with
// the newest messages of each, earlier ones loaded on request) and the messages they left.
// Everything from the visitor is rendered as text.
import type { ChatMessage } from "../../common/protocol";
import { deviceText } from "../../common/device";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";
import { StatusBadge } from "../leads/lead-item";
import { formatDateTime, formatDuration } from "../../common/time-format";

export interface VisitorDetailProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  visitor: {
    id: string;
    displayId: string;
    firstSeenAt: number;
    lastSeenAt: number;
    visits: number;
    device: string;
    userAgent: string;
    page: { url: string; title: string; referrer: string };
  };
  /** on the site now: for how long */
  onSiteFor: number | null;
  /** each with its newest messages; `earlier`: where the page before them is (null at the start) */
  conversations: { id: string; siteName: string; status: "open" | "closed"; agentName: string | null; createdAt: number; messageCount: number; messages: ChatMessage[]; earlier: string | null }[];
  leads: { id: string; status: "new" | "claimed" | "done"; name: string; message: string; createdAt: number }[];
}

/** A page of a conversation's messages, after a link that loads the page before it in its place (htmx). */
export function VisitorTranscript(p: { t: Translate; locale: Locale; messages: ChatMessage[]; earlier: string | null }) {
  const { t, locale } = p;
  return (
    <>
      {p.earlier && (
        <li class="earlier">
          <button type="button" class="link" hx-get={p.earlier} hx-target="closest li" hx-swap="outerHTML" data-testid="visitor-transcript-earlier">
            {t("visitors.detail.earlier")}
          </button>
        </li>
      )}
      {p.messages.map((m) => (
        <li class={`from-${m.from}${m.internal ? " internal" : ""}`} data-testid="visitor-transcript-line">
          <span class="muted small">
            {m.from === "agent" ? m.authorName : t(m.from === "visitor" ? "visitors.detail.visitorSaid" : `visitors.detail.${m.from}`)} · {formatDateTime(m.at, locale)}
          </span>
          <p>{m.text}</p>
        </li>
      ))}
    </>
  );
}

export function VisitorDetailPage(p: VisitorDetailProps) {
  const { t, locale, visitor: v } = p;
  const title = t("visitors.detail.title", { id: v.displayId });
  return (
    <Layout t={t} locale={locale} title={title} user={p.user} csrfToken={p.csrfToken} path={`/visitors/${v.id}`} styles={["/static/css/leads.css"]}>
      <main class="page">
        <p>
          <a href="/visitors">← {t("visitors.back")}</a>
        </p>
        <h1>{title}</h1>
        <section class="card">
          <dl class="lead-fields">
            <div>
              <dt>{t("visitors.detail.id")}</dt>
              <dd>
                <code data-testid="visitor-detail-id">{v.displayId}</code> <span class="muted small">{v.id}</span>
              </dd>
            </div>
            <div>
              <dt>{t("visitors.detail.firstSeen")}</dt>
              <dd>{formatDateTime(v.firstSeenAt, locale)}</dd>
            </div>
            <div>
              <dt>{t("visitors.detail.lastSeen")}</dt>
              <dd>{p.onSiteFor !== null ? `${t("visitors.detail.onSite")} · ${formatDuration(p.onSiteFor, locale)}` : formatDateTime(v.lastSeenAt, locale)}</dd>
            </div>
            <div>
              <dt>{t("visitors.detail.visits")}</dt>
              <dd>{v.visits}</dd>
            </div>
            <div>
              <dt>{t("visitors.col.device")}</dt>
              <dd>
                {deviceText(v.device, (w) => t(`workspace.device.${w}`))} <span class="muted small">{v.userAgent}</span>
              </dd>
            </div>
            <div>
              <dt>{t("visitors.col.page")}</dt>
              <dd class="url">
                {v.page.title} <span class="muted small">{v.page.url}</span>
              </dd>
            </div>
            <div>
              <dt>{t("visitors.col.referrer")}</dt>
              <dd class="url">{v.page.referrer || t("visitors.direct")}</dd>
            </div>
          </dl>
        </section>

        <section class="card" aria-labelledby="visitor-conversations">
          <h2 id="visitor-conversations">{t("visitors.detail.conversations")}</h2>
          {p.conversations.length === 0 && <p class="muted">{t("visitors.detail.noConversations")}</p>}
          {p.conversations.map((c) => (
            <details class="conversation" data-testid="visitor-conversation">
              <summary>
                {formatDateTime(c.createdAt, locale)} · {c.siteName} · {c.status === "open" ? t("visitors.detail.open") : t("visitors.detail.closed")} ·{" "}
                {c.agentName ? t("visitors.detail.agent", { name: c.agentName }) : t("visitors.detail.unassigned")} · {t("visitors.detail.messages", { count: c.messageCount })}
              </summary>
              <ol class="transcript">
                <VisitorTranscript t={t} locale={locale} messages={c.messages} earlier={c.earlier} />
              </ol>
            </details>
          ))}
        </section>

        <section class="card" aria-labelledby="visitor-leads">
          <h2 id="visitor-leads">{t("visitors.detail.leads")}</h2>
          {p.leads.length === 0 && <p class="muted">{t("visitors.detail.noLeads")}</p>}
          <ul class="plain">
            {p.leads.map((l) => (
              <li data-testid="visitor-lead">
                <a href={`/leads/${l.id}`}>{formatDateTime(l.createdAt, locale)}</a> <StatusBadge status={l.status} t={t} /> {l.name}
                {l.message && <p class="lead-message">{l.message.length > 200 ? `${l.message.slice(0, 200)}…` : l.message}</p>}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </Layout>
  );
}
