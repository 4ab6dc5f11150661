// The routing decision: state in, decision out. No database, sockets or clock here, so every rule
// can be tested with plain data (and later issues can grow it: groups, caps, queue, transfer).
export interface AgentCandidate {
  id: string;
  /** open conversations assigned to the agent now */
  open: number;
  /** when the agent last received a conversation (ms); longest idle wins ties */
  lastAssignedAt: number;
}

export type Decision = { kind: "assign"; agentId: string } | { kind: "wait" };

/** Picks the available agent with the fewest open conversations; ties go to the one idle longest. */
export function decideAssignment(candidates: readonly AgentCandidate[]): Decision {
  let best: AgentCandidate | null = null;
  for (const c of candidates) {
    if (!best || c.open < best.open || (c.open === best.open && (c.lastAssignedAt < best.lastAssignedAt || (c.lastAssignedAt === best.lastAssignedAt && c.id < best.id)))) best = c;
  }
  return best ? { kind: "assign", agentId: best.id } : { kind: "wait" };
}
