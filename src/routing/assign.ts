// Applies the routing decision: gathers who is available and how busy, asks decide.ts, and
// returns the chosen agent. Called inside the transaction that creates the conversation.
import type { Presence } from "../chat/presence";
import type { MessageStore } from "../chat/store";
import { decideAssignment } from "./decide";

export function chooseAgentFor(store: MessageStore, presence: Presence, enterpriseId: string): string | null {
  const available = presence.availableAgents(enterpriseId);
  if (available.length === 0) return null;
  const open = store.openCounts(enterpriseId);
  const decision = decideAssignment(available.map((id) => ({ id, open: open.get(id) ?? 0, lastAssignedAt: presence.lastAssignedAt(id) })));
  return decision.kind === "assign" ? decision.agentId : null;
}
