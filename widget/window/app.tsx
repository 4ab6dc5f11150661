// The chat window: header, conversation and input, drawn from the session's state.
import { useEffect, useState } from "preact/hooks";
import { preChatFields } from "../../common/prechat";
import { KEYS, readStored, writeContact, writeStored } from "../shared/storage";
import type { WidgetContext } from "../shared/context";
import type { ChatSession } from "./chat-session";
import { Composer } from "./composer";
import { Header } from "./header";
import { isNote } from "./bubbles";
import { LeaveMessageForm } from "./leave-message";
import { MessageList } from "./message-list";
import { RobotBar } from "./robot";
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
  // The message form opened from the robot's chat (the robot stays; "back" returns to it).
  const [formFromRobot, setFormFromRobot] = useState(false);
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

  const formFields = !!config.leaveMessage?.fields.length;
  // Nobody can answer (or the queue is long): a message form, unless a conversation is under way.
  // Where the robot is on it answers instead, and the form is one click from its chat.
  const leaveMessage = formFields && (formFromRobot || (config.offerLeaveMessage && !config.robot && !chatAnyway && session.items.length === 0));
  // The form from the robot's chat: while nobody can take over, or when the robot offered it last.
  const lastRobot = [...session.items].reverse().find((i) => !isNote(i) && i.from === "robot");
  const formOffered = formFields && (!session.online || (!!lastRobot && !isNote(lastRobot) && !!lastRobot.robot?.leaveMessage));
  // The pre-chat form, once per visitor, before their first message (the robot's greeting is not one).
  const prechat = config.features ? preChatFields(config.features.preChat) : [];
  const started = session.items.some((i) => isNote(i) || i.from !== "robot");
  const askProfile = !leaveMessage && !profiled && prechat.length > 0 && !started;
  const profileDone = (given: Record<string, string>) => {
    writeStored("localStorage", KEYS.profile, "1");
    writeContact({ name: given.name ?? "", email: given.email ?? "" });
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
      <Header config={config} agentName={session.agentName} state={session.state} online={session.online} robot={session.robot} t={t} onSwitchLang={switchLang} onClose={onClose} />
      {leaveMessage ? (
        formFromRobot ? (
          <LeaveMessageForm ctx={ctx} config={config} t={t} onChat={() => setFormFromRobot(false)} chatLabel={t("lm_back")} />
        ) : (
          <LeaveMessageForm ctx={ctx} config={config} t={t} onChat={config.online ? () => setChatAnyway(true) : undefined} />
        )
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
          {session.robot && (
            <RobotBar
              canAsk={session.state === "open" && !session.askedForPerson}
              onHuman={() => session.askForPerson()}
              onLeaveMessage={formOffered ? () => setFormFromRobot(true) : undefined}
              t={t}
            />
          )}
          <Composer session={session} open={open} attachments={!!config.features?.attachments} error={session.error && t(session.error.key, session.error.params)} t={t} />
        </>
      )}
    </div>
  );
}
