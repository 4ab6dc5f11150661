// The routing decisions: state in, decision out. No database, sockets or clock here (times are
// passed in), so every rule is tested with plain data, and the service that applies them stays thin.

export interface AgentState {
  id: string;
  /** chose "online" and has a socket open; "away" and disconnected agents take no new chats */
  available: boolean;
  /** open conversations assigned now */
  open: number;
  /** concurrent chat cap (接待上限) */
  cap: number;
  /** when the agent last received a conversation (ms); the one idle longest wins ties */
  lastAssignedAt: number;
  groupIds: readonly string[];
}

/** The groups that serve a site, in the order they are tried; empty: every agent serves it. */
export type SiteGroups = readonly string[];

export interface Waiting {
  conversationId: string;
  siteId: string;
  queuedAt: number;
  /** a transfer to a group: only its members may take it */
  groupId: string | null;
  /** the agent who served this visitor last, tried first */
  preferredAgentId: string | null;
}

export type Decision = { kind: "assign"; agentId: string } | { kind: "queue" };

const hasRoom = (a: AgentState) => a.available && a.open < a.cap;

/** Fewest open conversations; ties: idle longest; then the id, so the decision is stable. */
function better(a: AgentState, b: AgentState): boolean {
  if (a.open !== b.open) return a.open < b.open;
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt < b.lastAssignedAt;
  return a.id < b.id;
}

function leastBusy(agents: Iterable<AgentState>, accept: (a: AgentState) => boolean): AgentState | null {
  let best: AgentState | null = null;
  for (const a of agents) if (hasRoom(a) && accept(a) && (!best || better(a, best))) best = a;
  return best;
}

/** May this agent serve a conversation of this site (and group, after a transfer)? */
export function serves(agent: AgentState, siteGroups: SiteGroups, groupId: string | null = null): boolean {
  if (groupId) return agent.groupIds.includes(groupId);
  return siteGroups.length === 0 || siteGroups.some((g) => agent.groupIds.includes(g));
}

/**
 * Where a new (or requeued) conversation goes: the visitor's previous agent when they have room;
 * else the least busy agent of the first of the site's groups that has anyone with room; with no
 * groups, the least busy agent of all; nobody with room: the queue.
 */
export function decideAssignment(
  agents: readonly AgentState[],
  siteGroups: SiteGroups,
  opts: { preferredAgentId?: string | null; groupId?: string | null; exclude?: string | null } = {},
): Decision {
  const eligible = (a: AgentState) => a.id !== opts.exclude;
  if (opts.preferredAgentId) {
    const p = agents.find((a) => a.id === opts.preferredAgentId);
    if (p && hasRoom(p) && eligible(p) && serves(p, siteGroups, opts.groupId ?? null)) return { kind: "assign", agentId: p.id };
  }
  const order = opts.groupId ? [opts.groupId] : siteGroups;
  if (order.length === 0) {
    const best = leastBusy(agents, eligible);
    return best ? { kind: "assign", agentId: best.id } : { kind: "queue" };
  }
  for (const g of order) {
    const best = leastBusy(agents, (a) => eligible(a) && a.groupIds.includes(g));
    if (best) return { kind: "assign", agentId: best.id };
  }
  return { kind: "queue" };
}

/**
 * An agent has room again (a chat closed, they came online, their cap rose): which waiting
 * conversation do they take? The oldest one they may serve — but one whose previous agent is
 * also free waits for that agent instead. `waiting` must be in FIFO order.
 */
export function nextForAgent(agent: AgentState, waiting: readonly Waiting[], siteGroups: (siteId: string) => SiteGroups, agents: ReadonlyMap<string, AgentState>): string | null {
  if (!hasRoom(agent)) return null;
  for (const w of waiting) {
    if (!serves(agent, siteGroups(w.siteId), w.groupId)) continue;
    if (w.preferredAgentId && w.preferredAgentId !== agent.id) {
      const p = agents.get(w.preferredAgentId);
      if (p && hasRoom(p) && serves(p, siteGroups(w.siteId), w.groupId)) continue;
    }
    return w.conversationId;
  }
  return null;
}

/** Each waiting conversation's place in its site's queue, 1 = next. `waiting` in FIFO order. */
export function queuePositions(waiting: readonly Waiting[]): Map<string, number> {
  const perSite = new Map<string, number>();
  const out = new Map<string, number>();
  for (const w of waiting) {
    const n = (perSite.get(w.siteId) ?? 0) + 1;
    perSite.set(w.siteId, n);
    out.set(w.conversationId, n);
  }
  return out;
}

/** A rough wait: the place in line times the usual chat length, shared by the agents who serve the site. */
export function estimatedWaitSeconds(position: number, averageChatSeconds: number, servingAgents: number): number {
  return Math.ceil((position * averageChatSeconds) / Math.max(1, servingAgents));
}

/** An agent whose last socket dropped keeps their chats until the grace period has passed. */
export function graceExpired(disconnectedAt: number | null, now: number, graceMs: number): boolean {
  return disconnectedAt !== null && now - disconnectedAt >= graceMs;
}
