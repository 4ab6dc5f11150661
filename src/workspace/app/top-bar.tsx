import type { WorkspaceActions, WorkspaceState } from "./model";
import type { WorkspaceTranslate } from "./translate";
import { ConnectionIndicator } from "./connection-indicator";
import { StatusToggle } from "./status-toggle";

export function TopBar(props: { state: WorkspaceState; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { state, t, actions } = props;
  return (
    <header class="ws-top">
      <div class="ws-top__who">
        <span class="ws-avatar" aria-hidden="true">
          {initial(state.agent.name)}
        </span>
        <span class="ws-top__names">
          <span class="ws-top__name" data-testid="agent-name">
            {state.agent.name}
          </span>
          <span class="ws-top__enterprise">{state.enterpriseName}</span>
        </span>
      </div>
      <div class="ws-top__right">
        <button type="button" class="ws-link ws-help-button" data-testid="shortcuts" aria-keyshortcuts="?" onClick={() => actions.toggleHelp(true)}>
          {t("shortcuts.button")}
        </button>
        <ConnectionIndicator connection={state.connection} t={t} />
        <StatusToggle status={state.agent.status} menuOpen={state.statusMenuOpen} t={t} actions={actions} />
      </div>
    </header>
  );
}

function initial(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}
