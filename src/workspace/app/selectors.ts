// Derived facts about the state, shared by views and the browser client.
import type { ConversationSummary } from "../../../common/protocol";
import { queuePositions } from "../../../common/queue-positions";
import type { WorkspaceState } from "./model";

export function lastActivity(c: ConversationSummary): number {
  return c.lastMessage?.at ?? c.createdAt;
}

/**
 * Conversations this agent works on: open, and theirs or nobody's. The open one stays listed even
 * when it leaves, and one that just closed stays a moment (marked closed) before it drops off.
 * The waiting ones come first in the queue's order (first come, first served: the one who waited
 * longest on top), then the rest by newest activity.
 */
export function listedConversations(state: WorkspaceState): ConversationSummary[] {
  return Object.values(state.conversations)
    .filter((c) => c.id === state.openId || isListed(c, state.agent) || state.recentlyClosed[c.id])
    .sort((a, b) => {
      const [wa, wb] = [isWaiting(a), isWaiting(b)];
      if (wa !== wb) return wa ? -1 : 1;
      if (wa) return a.createdAt - b.createdAt || (a.queuePosition ?? 0) - (b.queuePosition ?? 0);
      return lastActivity(b) - lastActivity(a) || b.createdAt - a.createdAt;
    });
}

/** The agent's own, or one waiting for anyone (not the robot's: only supervisors get those, to watch or take over). */
export function isVisibleTo(c: ConversationSummary, agentId: string): boolean {
  return c.status === "open" && !c.robot && (c.agentId === null || c.agentId === agentId);
}

/** Listed in the workspace: what the agent works on, and for supervisors every open conversation the server sends. */
export function isListed(c: ConversationSummary, agent: WorkspaceState["agent"]): boolean {
  return isVisibleTo(c, agent.id) || (!!agent.supervises && c.status === "open");
}

/** Waiting in the queue for a person (the robot's conversations wait for no one). */
export function isWaiting(c: ConversationSummary): boolean {
  return c.status === "open" && c.agentId === null && !c.robot;
}

/**
 * Each waiting conversation's place in its site's queue as this list shows it (1 = next). The queue
 * is first come, first served, and those ahead leave the list as they are served, so ranking the
 * listed ones by age keeps the numbers current without a frame for every move.
 */
export function queuePlaces(state: WorkspaceState): Map<string, number> {
  const waiting = Object.values(state.conversations)
    .filter(isWaiting)
    .sort((a, b) => a.createdAt - b.createdAt || (a.queuePosition ?? 0) - (b.queuePosition ?? 0));
  const places = queuePositions(waiting);
  return new Map(waiting.map((c, i) => [c.id, places[i]!]));
}

export function totalUnread(state: WorkspaceState): number {
  let n = 0;
  for (const c of Object.values(state.conversations)) if (isVisibleTo(c, state.agent.id)) n += c.unread;
  return n;
}

export function waitingCount(state: WorkspaceState): number {
  return Object.values(state.conversations).filter(isWaiting).length;
}

export function openConversation(state: WorkspaceState): ConversationSummary | null {
  return state.openId ? (state.conversations[state.openId] ?? null) : null;
}
