// The window's header: site name, connection state, language switch, minimise.
import type { ConnectionState } from "../../src/chat/client";
import { MinimiseIcon } from "./icons";
import type { Translate } from "./translate";

interface Props {
  siteName: string;
  state: ConnectionState;
  t: Translate;
  onSwitchLang: () => void;
  onClose: () => void;
}

export function Header({ siteName, state, t, onSwitchLang, onClose }: Props) {
  return (
    <header class="h">
      <div class="ht">
        <div class="hn">{siteName}</div>
        <div class="hs" data-state={state} data-testid="connection-state" role="status">
          <i class="dot" />
          {t(`state_${state}`)}
        </div>
      </div>
      <button type="button" class="hb" data-testid="lang-switch" aria-label={t("lang_switch_label")} onClick={onSwitchLang}>
        {t("lang_switch")}
      </button>
      <button type="button" class="hb" data-testid="close-window" aria-label={t("close")} onClick={onClose}>
        <MinimiseIcon />
      </button>
    </header>
  );
}
