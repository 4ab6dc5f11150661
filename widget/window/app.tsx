// The chat window: header, conversation and input, drawn from the session's state.
import { useEffect, useState } from "preact/hooks";
import type { WidgetContext } from "../shared/context";
import type { ChatSession } from "./chat-session";
import { Composer } from "./composer";
import { Header } from "./header";
import { LeaveMessageForm } from "./leave-message";
import { MessageList } from "./message-list";
import { translator } from "./translate";

interface Props {
  ctx: WidgetContext;
  session: ChatSession;
  open: boolean;
  onClose: () => void;
}

export function App({ ctx, session, open, onClose }: Props) {
  const [config, setConfig] = useState(ctx.config);
  const [, redraw] = useState(0);
  const [chatAnyway, setChatAnyway] = useState(false);
  useEffect(() => session.subscribe(() => redraw((n) => n + 1)), [session]);

  const t = translator(config.strings);
  const switchLang = async () => {
    try {
      const next = await ctx.setLang(config.lang === "en" ? "zh-CN" : "en");
      setConfig(next);
      session.setOnline(next.online);
    } catch {
      // Offline or server gone: keep the current language, the connection state already says why.
    }
  };

  // Nobody can answer (or the queue is long): a message form, unless a conversation is under way.
  const leaveMessage = config.offerLeaveMessage && !chatAnyway && session.items.length === 0 && !!config.leaveMessage?.fields.length;

  return (
    <div
      class="w"
      role="dialog"
      aria-label={t("dialog_label")}
      lang={config.lang}
      data-testid="chat-window"
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.isComposing) onClose();
      }}
    >
      <Header siteName={config.siteName} state={session.state} t={t} onSwitchLang={switchLang} onClose={onClose} />
      {leaveMessage ? (
        <LeaveMessageForm ctx={ctx} config={config} t={t} onChat={config.online ? () => setChatAnyway(true) : undefined} />
      ) : (
        <>
          <MessageList
            items={session.items}
            agentTyping={session.agentTyping}
            online={session.online}
            open={open}
            lang={config.lang}
            t={t}
          />
          {session.queue && (
            <div class="qp" role="status" data-testid="queue-position" data-position={session.queue.position}>
              {t("queue_position", { position: session.queue.position })}
              {session.queue.estimatedWaitSeconds !== null && ` ${t("queue_wait", { minutes: Math.max(1, Math.round(session.queue.estimatedWaitSeconds / 60)) })}`}
            </div>
          )}
          <Composer session={session} open={open} error={session.error && t(session.error.key, session.error.params)} t={t} />
        </>
      )}
    </div>
  );
}
