// The window's header: who the visitor is talking to (the company's logo and name, or the agent's
// avatar and name once one has joined), the connection state, sound, language switch, minimise.
import { useState } from "preact/hooks";
import type { ConnectionState } from "../../common/chat-client";
import type { WidgetConfig } from "../../common/protocol";
import { isMuted, setMuted } from "./alert";
import { MinimiseIcon, SoundIcon } from "./icons";
import type { Translate } from "./translate";

interface Props {
  config: WidgetConfig;
  /** the agent in the conversation, if any */
  agentName: string | null;
  state: ConnectionState;
  /** anyone who serves the site is online */
  online: boolean;
  /** the robot answers the visitor */
  robot: boolean;
  t: Translate;
  onSwitchLang: () => void;
  onClose: () => void;
}

/**
 * What the status line says: the connection while it is not open; once open, who answers. It never
 * says "Connected" while nobody is there to answer (that reads as a person being on the line).
 */
function statusText(state: ConnectionState, agent: string | null, online: boolean, robot: boolean, t: Translate): string {
  if (state !== "open" || agent) return t(`state_${state}`);
  if (robot) return t("state_robot");
  return online ? t("state_open") : t("state_nobody");
}

export function Header({ config, agentName, state, online, robot, t, onSwitchLang, onClose }: Props) {
  const [muted, setMute] = useState(isMuted);
  const brand = config.brand ?? { logo: null, avatar: null, agentName: null };
  const agent = agentName && (brand.agentName || agentName);
  const image = agent ? brand.avatar : brand.logo;
  const title = agent || config.siteName;
  return (
    <header class="h">
      {image ? (
        <img class="hi" src={image} alt="" data-testid={agent ? "agent-avatar" : "brand-logo"} />
      ) : (
        agent && (
          <span class="hi hl" aria-hidden="true">
            {agent.slice(0, 1)}
          </span>
        )
      )}
      <div class="ht">
        <div class="hn" data-testid="window-title">
          {title}
        </div>
        <div class="hs" data-state={state} data-online={String(online || !!agent)} data-testid="connection-state" role="status">
          <i class="dot" />
          {agent ? `${config.siteName} · ` : ""}
          {statusText(state, agent || null, online, robot, t)}
        </div>
      </div>
      <button
        type="button"
        class="hb"
        data-testid="mute-toggle"
        aria-pressed={muted}
        aria-label={t("mute")}
        title={t(muted ? "unmute" : "mute")}
        onClick={() => {
          setMuted(!muted);
          setMute(!muted);
        }}
      >
        <SoundIcon muted={muted} />
      </button>
      <button type="button" class="hb" data-testid="lang-switch" aria-label={t("lang_switch_label")} onClick={onSwitchLang}>
        {t("lang_switch")}
      </button>
      <button type="button" class="hb" data-testid="close-window" aria-label={t("close")} onClick={onClose}>
        <MinimiseIcon />
      </button>
    </header>
  );
}
