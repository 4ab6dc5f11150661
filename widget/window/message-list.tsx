// The conversation: a greeting, the offline note, the bubbles and the agent's typing indicator.
// Message text is always rendered as a text node (preact escapes children): visitor and agent
// text is never markup; the robot's answers only have their http(s) addresses made links.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { WidgetContext } from "../shared/context";
import { AttachmentView } from "./attachment";
import { isNote, type Bubble, type Item } from "./bubbles";
import type { ChatSession } from "./chat-session";
import { RatingCard } from "./rating";
import { TranscriptRequest } from "./transcript";
import { RobotQuestions, RobotText } from "./robot";
import type { Translate } from "./translate";
import { closedNote } from "./hours";

interface Props {
  ctx: WidgetContext;
  session: ChatSession;
  items: Item[];
  agentTyping: boolean;
  online: boolean;
  open: boolean;
  lang: string;
  t: Translate;
}

export function MessageList({ ctx, session, items, agentTyping, online, open, lang, t }: Props) {
  const list = useRef<HTMLDivElement>(null);
  // Follow the conversation: new messages, the typing line and reopening all scroll to the end.
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items, agentTyping, open]);

  return (
    <div class="ms" ref={list} role="log" aria-live="polite">
      {/* Where the robot is on it greets, and it offers the message form itself. */}
      {!ctx.config.robot && <p class="in">{t("greeting")}</p>}
      {!online && !ctx.config.robot && (
        <p class="off" data-testid="offline-note">
          {closedNote(ctx.config, t) ?? t("offline_note")}
        </p>
      )}
      {items.map((item, i) => {
        if (isNote(item) && item.note === "transcript") return <TranscriptRequest key={item.key} ctx={ctx} conversationId={String(item.params!.conversation)} t={t} />;
        if (isNote(item) && item.note === "rate") return <RatingCard key={item.key} ctx={ctx} conversationId={String(item.params!.conversation)} t={t} />;
        if (isNote(item))
          return (
            <div key={item.key} class={item.note === "conversation_ended" ? "nt end" : "nt"} data-testid="note" data-note={item.note}>
              {t(item.note, item.params)}
            </div>
          );
        const prev = items[i - 1];
        const next = items[i + 1];
        const sameAsPrev = prev && !isNote(prev) && prev.from === item.from && prev.authorName === item.authorName;
        const lastOfRun = !next || isNote(next) || next.from !== item.from || next.authorName !== item.authorName;
        return (
          <MessageBubble key={item.key} ctx={ctx} b={item} status={session.status(item)} head={!sameAsPrev} tail={lastOfRun} lang={lang} t={t}>
            {item.robot && session.robot && <RobotQuestions card={item.robot} onPick={(q) => session.pick(q)} t={t} />}
          </MessageBubble>
        );
      })}
      {agentTyping && (
        <div class="ty" data-testid="agent-typing">
          {t("agent_typing")}
        </div>
      )}
    </div>
  );
}

interface BubbleProps {
  ctx: WidgetContext;
  b: Bubble;
  status: ReturnType<ChatSession["status"]>;
  /** first of a run by the same author: show the name and leave a gap */
  head: boolean;
  /** last of a run: show the time (and the visitor's delivery state) */
  tail: boolean;
  lang: string;
  t: Translate;
  /** under the bubble: the robot's questions */
  children?: ComponentChildren;
}

function MessageBubble({ ctx, b, status, head, tail, lang, t, children }: BubbleProps) {
  const mine = b.from === "visitor";
  return (
    <div class={`r ${b.from}${head ? " gap" : ""}`}>
      {head && b.from === "agent" && <div class="an">{ctx.config.brand?.agentName || b.authorName || t("agent_label")}</div>}
      {head && b.from === "robot" && <div class="an">{t("robot_label")}</div>}
      <div class={b.attachment || b.uploading ? "m fm" : "m"} data-testid="message" data-from={b.from} data-status={mine && status === "sending" ? "pending" : mine ? status : "sent"}>
        {b.uploading ? <span class="up">{t("uploading", { name: b.uploading })}</span> : b.attachment && <AttachmentView ctx={ctx} a={b.attachment} t={t} />}
        {b.from === "robot" ? <RobotText text={b.text} /> : b.system ? t(b.system.key, b.system.params) : b.text}
      </div>
      {(tail || b.pending) && b.from !== "system" && (
        <div class="mt">
          {time(b.at, lang)}
          {mine && (
            <span class="st" data-testid="message-state">
              {t(status)}
            </span>
          )}
        </div>
      )}
      {children}
    </div>
  );
}

function time(at: number, lang: string): string {
  try {
    return new Date(at).toLocaleTimeString(lang, { hour: "numeric", minute: "2-digit" });
  } catch {
    return "";
  }
}
