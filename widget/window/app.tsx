// The chat window: header, conversation and input, drawn from the session's state.
import { useEffect, useState } from "preact/hooks";
import { preChatFields } from "../../src/chat/prechat";
import { KEYS, readStored, writeStored } from "../shared/storage";
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
  const [profiled, setProfiled] = useState(() => readStored("localStorage", KEYS.profile) === "1");
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
  // The pre-chat form, once per visitor, before their first message.
  const prechat = config.features ? preChatFields(config.features.preChat) : [];
  const askProfile = !leaveMessage && !profiled && prechat.length > 0 && session.items.length === 0;
  const profileDone = () => {
    writeStored("localStorage", KEYS.profile, "1");
    setProfiled(true);
  };

  return (
    <div
      class="w"
      role="dialog"
      aria-label={t("dialog_label")}
      lang={config.lang}
      data-testid="chat-window"
      data-chimes={session.chimes}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.isComposing) onClose();
      }}
    >
      <Header config={config} agentName={session.agentName} state={session.state} t={t} onSwitchLang={switchLang} onClose={onClose} />
      {leaveMessage ? (
        <LeaveMessageForm ctx={ctx} config={config} t={t} onChat={config.online ? () => setChatAnyway(true) : undefined} />
      ) : askProfile ? (
        <LeaveMessageForm ctx={ctx} config={config} t={t} prechat={{ fields: prechat, onDone: profileDone }} />
      ) : (
        <>
          <MessageList
            ctx={ctx}
            session={session}
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
          <Composer session={session} open={open} attachments={!!config.features?.attachments} error={session.error && t(session.error.key, session.error.params)} t={t} />
        </>
      )}
    </div>
  );
}
