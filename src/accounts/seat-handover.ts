// What happens to a seat's live work when it stops being active (disabled, or its password reset):
// its sockets close and its open conversations go to someone else.
import { and, eq } from "drizzle-orm";
import { conversations } from "../db/schema";
import { scoped } from "../db/scope";
import type { AppContext } from "../http/app-context";

/**
 * TODO(routing, issue 6 → lead): replace this body with routing's reassignment (least-busy agent of
 * the site's groups, else the queue). For now it only unassigns the agent's open conversations, so
 * that they wait for anyone, and tells every connected agent that they are waiting.
 */
export function reassignConversationsOf(app: AppContext, enterpriseId: string, agentId: string): void {
  const s = scoped(app.db, enterpriseId);
  const open = s.select(conversations, and(eq(conversations.agentId, agentId), eq(conversations.status, "open"))).all();
  if (open.length === 0) return;
  s.update(conversations, { agentId: null }, and(eq(conversations.agentId, agentId), eq(conversations.status, "open"))).run();
  const chat = app.chat;
  for (const c of open) {
    const summary = chat.summary(chat.store.get(enterpriseId, c.id)!);
    for (const id of chat.presence.connectedAgents(enterpriseId)) for (const p of chat.presence.agentPeers(id)) p.send({ type: "conversation", conversation: summary });
  }
}
