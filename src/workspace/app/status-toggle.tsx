// The agent's status: one click toggles online ↔ offline (away → online); the caret opens a menu
// with all three. Tests click [data-testid=status-toggle] and read its data-status.
import type { AgentStatus } from "../../../common/protocol";
import type { WorkspaceActions } from "./model";
import type { WorkspaceTranslate } from "./translate";

const STATUSES: AgentStatus[] = ["online", "away", "offline"];

export function StatusToggle(props: { status: AgentStatus; menuOpen: boolean; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { status, menuOpen, t, actions } = props;
  return (
    <div class="ws-status">
      <button
        type="button"
        class="ws-status__toggle"
        data-testid="status-toggle"
        data-status={status}
        title={status === "online" ? t("status.goOffline") : t("status.goOnline")}
        aria-label={`${t("status.label")}: ${t(`status.${status}`)}`}
        onClick={() => actions.toggleStatus()}
      >
        <span class={`ws-dot ws-dot--${status}`} aria-hidden="true" />
        <span class="ws-status__text">{t(`status.${status}`)}</span>
      </button>
      <button
        type="button"
        class="ws-status__more"
        data-testid="status-menu"
        aria-haspopup="menu"
        aria-expanded={menuOpen ? "true" : "false"}
        title={t("status.more")}
        aria-label={t("status.more")}
        onClick={() => actions.toggleStatusMenu()}
      >
        <span class="ws-caret" aria-hidden="true" />
      </button>
      {menuOpen && (
        <ul class="ws-status__menu" role="menu">
          {STATUSES.map((s) => (
            <li role="none" key={s}>
              <button
                type="button"
                role="menuitemradio"
                aria-checked={s === status ? "true" : "false"}
                data-testid={`status-option-${s}`}
                onClick={() => actions.setStatus(s)}
              >
                <span class={`ws-dot ws-dot--${s}`} aria-hidden="true" />
                {t(`status.${s}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
