// The middle column's upper part: the open conversation's messages, oldest first, with what is
// still being sent at the end and the visitor's typing indicator below.
import type { ConversationSummary } from "../../../common/protocol";
import type { PendingReply, TranscriptState, WorkspaceActions } from "./model";
import { ConversationActions } from "./conversation-actions";
import { MessageBubble, type BubbleData } from "./message-bubble";
import { isWaiting } from "./selectors";
import type { WorkspaceTranslate } from "./translate";

export function Transcript(props: {
  c: ConversationSummary | null;
  transcript: TranscriptState | undefined;
  pending: PendingReply[];
  typing: boolean;
  agentId: string;
  /** the viewer supervises: another agent's conversation offers "take over" */
  supervises?: boolean;
  agentName: string;
  /** its place in the queue while it waits (1 = next) */
  queuePlace: number | null;
  /** "end chat" waits for the agent's confirmation */
  confirmingClose: boolean;
  locale: "zh-CN" | "en";
  t: WorkspaceTranslate;
  actions: WorkspaceActions;
}) {
  const { c, transcript, t, locale } = props;
  if (!c) {
    return (
      <div class="ws-transcript ws-transcript--none" data-testid="transcript">
        <div class="ws-placeholder">
          <p class="ws-placeholder__title">{t("transcript.none")}</p>
          <p class="ws-placeholder__hint">{t("transcript.noneHint")}</p>
        </div>
      </div>
    );
  }
  const bubbles = toBubbles(transcript, props.pending, props.agentName);
  const load = transcript?.load ?? "idle";
  return (
    <div class="ws-transcript" data-testid="transcript" data-conversation-id={c.id}>
      <div class="ws-transcript__head">
        <button type="button" class="ws-back ws-icon-button" data-testid="back-to-list" aria-label={t("pane.back")} title={t("pane.back")} onClick={() => props.actions.showPane("list")}>
          <span aria-hidden="true">‹</span>
        </button>
        <span class={`ws-dot ws-dot--${c.visitor.online ? "online" : "offline"}`} aria-hidden="true" />
        <h2 class="ws-transcript__title">{c.visitor.displayId}</h2>
        <span class="ws-transcript__site">{c.siteName}</span>
        <StateNote c={c} agentId={props.agentId} supervises={props.supervises} queuePlace={props.queuePlace} t={t} actions={props.actions} />
        <ConversationActions c={c} agentId={props.agentId} confirming={props.confirmingClose} t={t} actions={props.actions} />
        <button type="button" class="ws-link ws-to-visitor" data-testid="show-visitor" aria-label={t("pane.visitorLabel")} onClick={() => props.actions.showPane("visitor")}>
          {t("pane.visitor")}
        </button>
      </div>
      <div
        class="ws-transcript__scroll"
        data-scroll="transcript"
        role="log"
        aria-label={c.visitor.displayId}
        tabIndex={0}
        onScroll={(e) => {
          // Near the top with more before: the page before comes in (App keeps the view where it was).
          if (e.currentTarget.scrollTop < 60 && typeof transcript?.earlier === "number" && !transcript.loadingEarlier) props.actions.loadEarlier();
        }}
      >
        {load === "loaded" && typeof transcript?.earlier === "number" && (
          <p class="ws-earlier">
            <button type="button" class="ws-link" data-testid="load-earlier" disabled={transcript.loadingEarlier} onClick={() => props.actions.loadEarlier()}>
              {transcript.loadingEarlier ? t("transcript.loadingEarlier") : t("transcript.earlier")}
            </button>
          </p>
        )}
        {load === "loading" && bubbles.length === 0 && <p class="ws-empty">{t("transcript.loading")}</p>}
        {load === "failed" && (
          <p class="ws-empty ws-empty--error" role="alert">
            {t("transcript.loadFailed")}{" "}
            <button type="button" class="ws-link" onClick={() => props.actions.retryHistory()}>
              {t("transcript.retry")}
            </button>
          </p>
        )}
        {load === "loaded" && bubbles.length === 0 && <p class="ws-empty">{t("transcript.empty")}</p>}
        <ol class="ws-messages">
          {bubbles.map((m, i) => (
            <MessageBubble
              key={m.key}
              m={m}
              showAuthor={(m.from === "agent" && m.authorName !== props.agentName && bubbles[i - 1]?.authorName !== m.authorName) || (m.from === "robot" && bubbles[i - 1]?.from !== "robot")}
              locale={locale}
              t={t}
            />
          ))}
        </ol>
        {c.status === "closed" && (
          <p class="ws-closed" role="status" data-testid="conversation-closed" data-reason={c.closeReason ?? undefined}>
            {t(c.closeReason ? `transcript.closedBy.${c.closeReason}` : "transcript.closed")}
          </p>
        )}
      </div>
      <div class="ws-typing" data-testid="typing-indicator" hidden={!props.typing} aria-live="polite">
        {props.typing && (
          <>
            <span class="ws-typing__dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {t("transcript.typing")}
          </>
        )}
      </div>
    </div>
  );
}

function StateNote(props: { c: ConversationSummary; agentId: string; supervises?: boolean; queuePlace: number | null; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { c, t } = props;
  if (c.status === "closed") return <span class="ws-tag ws-tag--closed">{t("list.closed")}</span>;
  if (isWaiting(c))
    return (
      <span class="ws-tag ws-tag--waiting" title={t("transcript.waiting")} data-testid="transcript-waiting">
        {props.queuePlace ? t("list.waitingAt", { position: props.queuePlace }) : t("list.waiting")}
      </span>
    );
  if (c.agentId !== props.agentId)
    return (
      <>
        <span class="ws-tag" data-testid={c.robot ? "transcript-robot" : undefined}>{c.robot ? t("transcript.robotServing") : t("transcript.assignedOther", { name: c.agentName ?? "?" })}</span>
        {props.supervises && (
          <button type="button" class="ws-link" data-testid="take-over" onClick={() => props.actions.takeOver(c.id)}>
            {t("transcript.takeOver")}
          </button>
        )}
      </>
    );
  return null;
}

function toBubbles(transcript: TranscriptState | undefined, pending: PendingReply[], agentName: string): BubbleData[] {
  const stored: BubbleData[] = (transcript?.messages ?? []).map((m) => ({
    key: `m${m.id}`,
    from: m.from,
    text: m.text,
    at: m.at,
    seq: m.seq,
    authorName: m.authorName,
    state: "stored",
    internal: m.internal,
    robot: m.robot,
    attachment: m.attachment,
    system: m.system,
  }));
  const sending: BubbleData[] = pending.map((p) => ({
    key: `p${p.clientId}`,
    from: "agent",
    text: p.text,
    at: p.at,
    seq: null,
    authorName: agentName,
    state: p.error ? "failed" : "sending",
    error: p.error,
    internal: p.internal,
    attachment: p.attachment,
    uploading: p.attachment ? undefined : p.uploading,
  }));
  return stored.concat(sending);
}
