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
  /** the agent who transferred it to the group: it never goes back to them from the queue */
  exclude?: string | null;
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
export function serves(agent: Pick<AgentState, "groupIds">, siteGroups: SiteGroups, groupId: string | null = null): boolean {
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
 * Capacity freed (a chat closed, an agent came online or came back, a cap rose, groups changed):
 * which waiting conversations go to whom now. Oldest first, each decided as a new conversation
 * would be (decideAssignment: the previous agent, then the site's groups in order, least busy),
 * with the loads counted as it goes. A conversation that no agent with room may serve is passed
 * over without a decision, and the visitor's previous agent (`preferred`, a database read) is asked
 * for only when someone could take it: one freed slot costs little however long the queue.
 */
export function planDrain(
  waiting: readonly Waiting[],
  agents: readonly AgentState[],
  siteGroups: (siteId: string) => SiteGroups,
  preferred: (w: Waiting) => string | null,
  now: number,
): { conversationId: string; agentId: string }[] {
  const states = agents.map((a) => ({ ...a }));
  const byId = new Map(states.map((a) => [a.id, a]));
  let withRoom = states.filter(hasRoom);
  /** site → does anyone with room serve it (conversations of no particular group); forgotten whenever someone fills up */
  let servable = new Map<string, boolean>();
  const anyoneFor = (w: Waiting) => {
    if (w.groupId) return withRoom.some((a) => serves(a, [], w.groupId));
    let yes = servable.get(w.siteId);
    if (yes === undefined) servable.set(w.siteId, (yes = withRoom.some((a) => serves(a, siteGroups(w.siteId)))));
    return yes;
  };
  const plan: { conversationId: string; agentId: string }[] = [];
  for (const w of waiting) {
    if (withRoom.length === 0) break;
    if (!anyoneFor(w)) continue;
    const decision = decideAssignment(withRoom, siteGroups(w.siteId), { preferredAgentId: preferred(w), groupId: w.groupId, exclude: w.exclude ?? null });
    if (decision.kind !== "assign") continue;
    const agent = byId.get(decision.agentId)!;
    agent.open += 1;
    agent.lastAssignedAt = now;
    plan.push({ conversationId: w.conversationId, agentId: agent.id });
    if (!hasRoom(agent)) {
      withRoom = withRoom.filter((a) => a !== agent);
      servable = new Map();
    }
  }
  return plan;
}

/** A rough wait: the place in line times the usual chat length, shared by the agents who serve the site. */
export function estimatedWaitSeconds(position: number, averageChatSeconds: number, servingAgents: number): number {
  return Math.ceil((position * averageChatSeconds) / Math.max(1, servingAgents));
}

/** An agent whose last socket dropped keeps their chats until the grace period has passed. */
export function graceExpired(disconnectedAt: number | null, now: number, graceMs: number): boolean {
  return disconnectedAt !== null && now - disconnectedAt >= graceMs;
}
