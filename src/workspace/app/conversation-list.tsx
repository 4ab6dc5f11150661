// The left column: every conversation the agent works on: the queue first (oldest first), then by newest activity.
import type { WorkspaceActions, WorkspaceState } from "./model";
import { listedConversations, queuePlaces, totalUnread, waitingCount } from "./selectors";
import type { WorkspaceTranslate } from "./translate";
import { ConversationItem } from "./conversation-item";

export function ConversationList(props: { state: WorkspaceState; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { state, t, actions } = props;
  const items = listedConversations(state);
  const unread = totalUnread(state);
  const waiting = waitingCount(state);
  const places = queuePlaces(state);
  return (
    <nav class="ws-list" aria-label={t("list.title")}>
      <div class="ws-list__head">
        <h2 class="ws-list__title">{t("list.title")}</h2>
        <span
          class="ws-badge ws-badge--total"
          data-testid="unread-total"
          data-count={String(unread)}
          hidden={unread === 0}
          title={t("list.unreadTotal", { count: unread })}
        >
          {unread > 99 ? "99+" : unread}
        </span>
        {waiting > 0 && <span class="ws-tag ws-tag--waiting ws-list__waiting">{t("list.waitingCount", { count: waiting })}</span>}
      </div>
      {items.length === 0 ? (
        <p class="ws-empty ws-list__empty" data-testid="conversation-list-empty">
          {state.agent.status === "offline" ? t("list.emptyOffline") : t("list.empty")}
        </p>
      ) : (
        <ul class="ws-list__items" data-testid="conversation-list">
          {items.map((c) => (
            <ConversationItem
              key={c.id}
              c={c}
              selected={c.id === state.openId}
              typing={!!state.visitorTyping[c.id]}
              queuePlace={places.get(c.id)}
              now={state.now}
              locale={state.locale}
              t={t}
              onOpen={actions.openConversation}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
