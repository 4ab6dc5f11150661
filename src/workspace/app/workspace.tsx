// The whole workspace: top bar, then list | conversation | visitor. Rendered by the server from the
// initial state and by the browser from live state: the same function of data in both places.
import type { ConversationSummary } from "../../../common/protocol";
import type { WorkspaceActions, WorkspaceState } from "./model";
import { errorText } from "./errors";
import { openConversation, queuePlaces, totalUnread } from "./selectors";
import type { WorkspaceTranslate } from "./translate";
import { TopBar } from "./top-bar";
import { ConversationList } from "./conversation-list";
import { Transcript } from "./transcript";
import { Composer } from "./composer";
import { VisitorPanel } from "./visitor-panel";
import { customerName } from "./customer-names";
import { TransferDialog } from "./transfer-dialog";
import { ShortcutHelp } from "./shortcut-help";

const NO_PENDING: never[] = [];

/** Closed conversations and those another agent took cannot be answered (the server refuses). */
function canReply(c: ConversationSummary, state: WorkspaceState): boolean {
  return c.status === "open" && (c.agentId === null || c.agentId === state.agent.id) && state.connection !== "signedOut";
}

export function Workspace(props: { state: WorkspaceState; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { state, t, actions } = props;
  const open = openConversation(state);
  return (
    <div
      class="ws"
      data-connection={state.connection}
      data-status={state.agent.status}
      data-alert={String(state.alerts)}
      data-unread={String(totalUnread(state))}
      data-pane={open ? state.pane : "list"}
    >
      <TopBar state={state} t={t} actions={actions} />
      {state.notice && (
        <div class="ws-notice" role="alert" data-testid="workspace-notice">
          <span>{"key" in state.notice ? t(state.notice.key) : errorText(state.notice.errorCode, t)}</span>
          {state.connection === "signedOut" ? (
            <a class="ws-link" href="/login">
              {t("notice.signIn")}
            </a>
          ) : (
            <button type="button" class="ws-notice__close" aria-label="×" onClick={() => actions.dismissNotice()}>
              ×
            </button>
          )}
        </div>
      )}
      <div class="ws-main">
        <ConversationList state={state} t={t} actions={actions} />
        <section class="ws-chat" aria-label={t("composer.label")}>
          <Transcript
            c={open}
            transcript={open ? state.transcripts[open.id] : undefined}
            pending={(open && state.pending[open.id]) || NO_PENDING}
            typing={!!(open && state.visitorTyping[open.id])}
            agentId={state.agent.id}
            supervises={state.agent.supervises}
            agentName={state.agent.name}
            queuePlace={(open && queuePlaces(state).get(open.id)) || null}
            confirmingClose={!!open && state.confirmClose === open.id}
            locale={state.locale}
            t={t}
            actions={actions}
          />
          {open && (
            <Composer
              key={open.id}
              conversationId={open.id}
              draft={state.drafts[open.id] ?? ""}
              disabled={!canReply(open, state)}
              reconnecting={state.connection === "reconnecting"}
              maxLength={state.maxTextLength}
              t={t}
              actions={actions}
              replyVars={{ visitor_name: open.visitor.name || customerName(open.visitor.id), agent_name: state.agent.name, site_name: open.siteName }}
            />
          )}
        </section>
        {/* Phones show the visitor as a screen of its own, with the way back to the chat above it. */}
        <div class="ws-side">
          <div class="ws-pane-bar">
            <button type="button" class="ws-link ws-back" data-testid="back-to-chat" onClick={() => actions.showPane("chat")}>
              {t("pane.backToChat")}
            </button>
          </div>
          <VisitorPanel c={open} now={state.now} locale={state.locale} t={t} />
        </div>
      </div>
      {state.transfer && <TransferDialog d={state.transfer} t={t} actions={actions} />}
      {state.help && <ShortcutHelp t={t} actions={actions} />}
    </div>
  );
}
