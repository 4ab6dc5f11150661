// One conversation's whole transcript, as text (everything a visitor wrote is escaped by preact).
import { sizeText } from "../../src/files/size";
import type { Attachment, Sender } from "../../src/chat/protocol";
import type { Locale, Translate } from "../../src/i18n";
import { Layout, type NavUser } from "../layout";
import { Stars } from "./history-page";

export interface TranscriptPageProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  title: string;
  meta: { siteName: string; agentName: string | null; status: string; createdAt: number; closedAt: number | null; rating: number | null; ratingComment: string | null };
  messages: { id: number; from: Sender; authorName: string | null; text: string; at: number; internal: boolean; attachment: Attachment | null }[];
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
        </ol>
      </main>
    </Layout>
  );
}
