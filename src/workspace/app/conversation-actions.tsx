// The transcript header's actions on a conversation the agent holds (or that waits): transfer it
// to someone else, or end it. Ending asks first, inline, so that a slip of the mouse ends nothing.
import type { ConversationSummary } from "../../../common/protocol";
import type { WorkspaceActions } from "./model";
import type { WorkspaceTranslate } from "./translate";
import { BlockVisitor } from "./block-visitor";

export function ConversationActions(props: { c: ConversationSummary; agentId: string; confirming: boolean; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { c, t, actions } = props;
  if (c.status !== "open" || (c.agentId !== null && c.agentId !== props.agentId)) return null;
  if (props.confirming)
    return (
      <div class="ws-actions ws-actions--confirm" role="group" aria-label={t("actions.closeConfirm")} data-testid="close-confirm">
        <span class="ws-actions__ask">{t("actions.closeConfirm")}</span>
        <button
          type="button"
          class="ws-button ws-button--danger ws-button--small"
          data-testid="confirm-close"
          onClick={() => actions.confirmClose()}
          onKeyDown={(e) => e.key === "Escape" && actions.cancelClose()}
        >
          {t("actions.closeYes")}
        </button>
        <button type="button" class="ws-button ws-button--small" data-testid="cancel-close" onClick={() => actions.cancelClose()} onKeyDown={(e) => e.key === "Escape" && actions.cancelClose()}>
          {t("actions.closeNo")}
        </button>
      </div>
    );
  return (
    <div class="ws-actions">
      <button type="button" class="ws-button ws-button--small" data-testid="transfer" aria-haspopup="dialog" onClick={() => actions.openTransfer()}>
        {t("actions.transfer")}
      </button>
      <button type="button" class="ws-button ws-button--small" data-testid="close-conversation" onClick={() => actions.askClose()}>
        {t("actions.close")}
      </button>
      <BlockVisitor key={c.id} conversationId={c.id} t={t} />
    </div>
  );
}
