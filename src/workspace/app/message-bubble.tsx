// One message of the transcript. Visitor text is rendered as a text node, never as markup.
import type { Attachment, RobotCard, Sender, SystemLine } from "../../../common/protocol";
import { sizeText } from "../../../common/size";
import { formatClock, formatDateTime } from "../../../common/time-format";
import { errorText } from "./errors";
import type { WorkspaceTranslate } from "./translate";

export interface BubbleData {
  key: string;
  from: Sender;
  text: string;
  at: number;
  seq: number | null;
  authorName: string | null;
  /** sending: waiting for the ack; failed: the server refused it */
  state: "stored" | "sending" | "failed";
  /** the server's error code when it failed */
  error?: string;
  /** a note between agents (a transfer's): the visitor never sees it */
  internal?: boolean;
  /** the robot's message: the questions it offered the visitor */
  robot?: RobotCard;
  /** an image or a file sent with the message */
  attachment?: Attachment;
  /** a system line's key and parameters: shown in the agent's language, not the visitor's */
  system?: SystemLine;
  /** the agent's file being uploaded (its name), before the message is sent */
  uploading?: string;
}

export function MessageBubble(props: { m: BubbleData; showAuthor: boolean; locale: "zh-CN" | "en"; t: WorkspaceTranslate }) {
  const { m, showAuthor, locale, t } = props;
  if (m.from === "system") {
    return (
      <li class="ws-msg ws-msg--system" data-testid="transcript-message" data-from="system" data-seq={m.seq ?? undefined}>
        <span class="ws-msg__system">{m.system ? t(`widget.${m.system.key}`, m.system.params) : m.text}</span>
      </li>
    );
  }
  if (m.internal) {
    return (
      <li class="ws-msg ws-msg--internal" data-testid="transcript-message" data-from={m.from} data-internal="true" data-seq={m.seq ?? undefined} data-state={m.state}>
        <span class="ws-msg__author">
          {m.authorName ? `${m.authorName} · ` : ""}
          {t("transcript.internal")}
        </span>
        <div class="ws-msg__bubble">{m.text}</div>
      </li>
    );
  }
  return (
    <li
      class={`ws-msg ws-msg--${m.from} ws-msg--${m.state}`}
      data-testid="transcript-message"
      data-from={m.from}
      data-seq={m.seq ?? undefined}
      data-state={m.state}
    >
      {showAuthor && (m.from === "robot" || m.authorName) && <span class="ws-msg__author">{m.from === "robot" ? t("transcript.robot") : m.authorName}</span>}
      <div class="ws-msg__bubble">
        {m.uploading ? (
          <span class="ws-msg__uploading">{m.state === "failed" ? m.uploading : t("transcript.uploading", { name: m.uploading })}</span>
        ) : (
          m.attachment && <AttachmentLink a={m.attachment} t={t} />
        )}
        {m.text}
      </div>
      {!!m.robot?.questions.length && <span class="ws-msg__offered">{t("transcript.robotOffered", { questions: m.robot.questions.map((q) => q.question).join(" · ") })}</span>}
      <span class="ws-msg__meta">
        {m.state === "sending" ? (
          t("transcript.sending")
        ) : m.state === "failed" ? (
          <span class="ws-msg__error" role="alert">
            {t("transcript.failed")}
            {m.error ? ` · ${errorText(m.error, t)}` : ""}
          </span>
        ) : (
          <time dateTime={new Date(m.at).toISOString()} title={formatDateTime(m.at, locale)}>
            {formatClock(m.at, locale)}
          </time>
        )}
      </span>
    </li>
  );
}

/** An image shows in the bubble (a click opens it whole); any other file is a link that downloads it. Agents fetch it signed in. */
function AttachmentLink({ a, t }: { a: Attachment; t: WorkspaceTranslate }) {
  const href = `/api/attachments/${encodeURIComponent(a.id)}`;
  if (a.type.startsWith("image/"))
    return (
      <a class="ws-msg__image" href={href} target="_blank" rel="noopener" data-testid="transcript-attachment" data-type={a.type}>
        <img src={href} alt={t("transcript.image", { name: a.name })} loading="lazy" />
      </a>
    );
  return (
    <a class="ws-msg__file" href={href} download={a.name} data-testid="transcript-attachment" data-type={a.type}>
      <span class="ws-msg__file-name">{a.name}</span> <span class="ws-msg__file-size">{sizeText(a.size)}</span>
    </a>
  );
}
