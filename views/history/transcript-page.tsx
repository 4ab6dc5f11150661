// One conversation's transcript, as text (everything a visitor wrote is escaped by preact), a page at
// a time: the newest messages, with a link that loads the earlier ones.
import { sizeText } from "../../common/size";
import type { Attachment, Sender } from "../../common/protocol";
import type { Locale, Translate } from "../../src/i18n";
import { Layout, type NavUser } from "../layout";
import { Stars } from "./history-page";

export type TranscriptLine = { id: number; from: Sender; authorName: string | null; text: string; at: number; internal: boolean; attachment: Attachment | null };

export interface TranscriptPageProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  title: string;
  meta: { siteName: string; agentName: string | null; status: string; createdAt: number; closedAt: number | null; rating: number | null; ratingComment: string | null };
  /** the newest page of messages (or the one asked for) */
  messages: TranscriptLine[];
  /** where the page before these is: the page (without scripts) and its fragment (htmx); null at the start */
  earlier: { page: string; fragment: string } | null;
}

/** A page of transcript lines, preceded by a link that loads the page before it in its place. */
export function TranscriptLines(p: { t: Translate; locale: Locale; messages: TranscriptLine[]; earlier: TranscriptPageProps["earlier"] }) {
  const time = (ms: number) => new Date(ms).toLocaleString(p.locale, { dateStyle: "short", timeStyle: "medium" });
  return (
    <>
      {p.earlier && (
        <li class="tm-earlier">
          <a href={p.earlier.page} hx-get={p.earlier.fragment} hx-target="closest li" hx-swap="outerHTML" data-testid="transcript-earlier">
            {p.t("history.load_earlier")}
          </a>
        </li>
      )}
      {p.messages.map((m) => (
        <li class={`tm tm-${m.from}${m.internal ? " tm-internal" : ""}`} data-testid="transcript-line">
          <span class="tm-who">{m.from === "agent" ? (m.authorName ?? "") : p.t(`history.${m.from}`)}</span>
          <span class="tm-time">{time(m.at)}</span>
          {m.internal && <span class="tm-note">{p.t("history.internal_note")}</span>}
          {m.attachment && (
            <p class="tm-text">
              <a href={`/api/attachments/${m.attachment.id}`} target="_blank" rel="noopener" data-testid="transcript-attachment">
                {p.t("history.attachment", { name: m.attachment.name, size: sizeText(m.attachment.size) })}
              </a>
            </p>
          )}
          {m.text && <p class="tm-text">{m.text}</p>}
        </li>
      ))}
    </>
  );
}

export function TranscriptPage(p: TranscriptPageProps) {
  const time = (ms: number) => new Date(ms).toLocaleString(p.locale, { dateStyle: "short", timeStyle: "medium" });
  return (
    <Layout t={p.t} locale={p.locale} title={p.title} user={p.user} csrfToken={p.csrfToken} path="/history">
      <main class="page narrow-page">
        <p>
          <a href="/history">← {p.t("history.title")}</a>
        </p>
        <h1>{p.title}</h1>
        <p class="muted">
          {p.meta.siteName} · {p.meta.agentName ?? "—"} · {p.meta.status} · {time(p.meta.createdAt)}
          {p.meta.closedAt ? ` – ${time(p.meta.closedAt)}` : ""}
        </p>
        {p.meta.rating && (
          <p data-testid="transcript-rating">
            {p.t("history.rating")}: <Stars score={p.meta.rating} label={p.t("history.rating_value", { score: p.meta.rating })} />
            {p.meta.ratingComment && (
              <>
                {" · "}
                {p.t("history.rating_comment")}: <q>{p.meta.ratingComment}</q>
              </>
            )}
          </p>
        )}
        <ol class="transcript">
          <TranscriptLines t={p.t} locale={p.locale} messages={p.messages} earlier={p.earlier} />
        </ol>
      </main>
    </Layout>
  );
}
