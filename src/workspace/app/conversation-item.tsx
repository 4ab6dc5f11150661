// One row of the conversation list: who, where, the last words, when, and how many are unread.
import type { ConversationSummary } from "../../../common/protocol";
import { formatListTime, formatDateTime } from "../../../common/time-format";
import { isWaiting, lastActivity } from "./selectors";
import type { WorkspaceTranslate } from "./translate";

/** Long texts are cut here already so that a pasted essay does not bloat the list's DOM. */
const PREVIEW_CHARS = 120;

export function ConversationItem(props: {
  c: ConversationSummary;
  selected: boolean;
  typing: boolean;
  /** its place in the queue while it waits */
  queuePlace?: number;
  now: number;
  locale: "zh-CN" | "en";
  t: WorkspaceTranslate;
  onOpen: (id: string) => void;
}) {
  const { c, selected, typing, now, locale, t } = props;
  const waiting = isWaiting(c);
  const at = lastActivity(c);
  return (
    <li class="ws-item-row">
      <button
        type="button"
        class={`ws-item${selected ? " ws-item--selected" : ""}${c.unread ? " ws-item--unread" : ""}${c.status === "closed" ? " ws-item--closed" : ""}`}
        data-testid="conversation-item"
        data-conversation-id={c.id}
        data-waiting={waiting ? "true" : "false"}
        data-unread={String(c.unread)}
        aria-current={selected ? "true" : undefined}
        onClick={() => props.onOpen(c.id)}
      >
        <span class="ws-item__line">
          <span class={`ws-dot ws-dot--${c.visitor.online ? "online" : "offline"}`} aria-hidden="true" />
          <span class="ws-item__visitor">{c.visitor.name ? `${c.visitor.name} · ${c.visitor.displayId}` : c.visitor.displayId}</span>
          <time class="ws-item__time" dateTime={new Date(at).toISOString()} title={formatDateTime(at, locale)}>
            {formatListTime(at, now, locale)}
          </time>
        </span>
        <span class="ws-item__line">
          <span class="ws-item__site">{c.siteName}</span>
          {waiting && (
            <span class="ws-tag ws-tag--waiting" data-testid="waiting-tag" data-position={props.queuePlace}>
              {props.queuePlace ? t("list.waitingAt", { position: props.queuePlace }) : t("list.waiting")}
            </span>
          )}
          {c.robot && c.status === "open" && (
            <span class="ws-tag ws-tag--robot" data-testid="robot-tag">
              {t("list.robot")}
            </span>
          )}
          {c.status === "closed" && (
            <span class="ws-tag ws-tag--closed" data-testid="closed-tag">
              {t("list.closed")}
            </span>
          )}
        </span>
        <span class="ws-item__line">
          <span class={`ws-item__preview${typing ? " ws-item__preview--typing" : ""}`}>{preview(c, typing, t)}</span>
          {c.unread > 0 && (
            <span class="ws-badge" data-testid="unread-badge" aria-label={t("list.unread", { count: c.unread })}>
              {c.unread > 99 ? "99+" : c.unread}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

function preview(c: ConversationSummary, typing: boolean, t: WorkspaceTranslate): string {
  if (typing) return t("list.typing");
  const m = c.lastMessage;
  if (!m) return t("list.noMessages");
  const said = m.system ? t(`widget.${m.system.key}`, m.system.params) : m.text || (m.file ? t("list.file", { name: m.file }) : "");
  const text = said.length > PREVIEW_CHARS ? `${said.slice(0, PREVIEW_CHARS)}…` : said;
  return m.from === "agent" ? t("list.you") + text : text;
}
