// What happens to a seat's live work when it stops being active (disabled, or its password reset) or
// loses its seat service (src/billing/service/service-loss.ts):
// the caller has closed its sockets; its open conversations go to someone else.
import type { AppContext } from "../http/app-context";

/**
 * The one place a seat's open conversations are handed on. Routing already knows how (an agent gone
 * past the grace period): each goes to another available agent of its site's groups, or back to the
 * queue, and the visitor is told. Called after the seat's sockets are closed, so it is not "back".
 */
export function reassignConversationsOf(app: Pick<AppContext, "chat">, enterpriseId: string, agentId: string): void {
  app.chat.flow.cancelGrace(agentId);
  app.chat.flow.graceOver(agentId, enterpriseId);
}
