// Who is connected right now: agents' and visitors' sockets, and the status each agent chose.
// In memory by design: it describes live connections, which end with the process.
import type { AgentStatus, ServerFrame } from "../../common/protocol";

export interface Peer {
  kind: "agent" | "visitor";
  enterpriseId: string;
  /** the user id (agents) or the visitor id */
  id: string;
  send(frame: ServerFrame): void;
  /** agents' sockets: close it (seat disabled, role changed) */
  close?(code: number, reason: string): void;
  /** agents' tabs that said they are not on screen (a `visibility` frame); unsaid counts as on screen */
  hidden?: boolean;
}

/**
 * Leave times remembered (the idle sweep asks; without one it reads the visitor's last-seen time):
 * every visitor who ever left would otherwise stay here, and anyone can invent visitors.
 */
const MAX_LEFT_AT = 100_000;

export class Presence {
  // Each agent's and visitor's sockets, as arrays replaced on every change (never changed in place,
  // so a caller iterating one is not disturbed by a socket closing): a Set took ~500 bytes per
  // connected visitor, an array of one ~40.
  private agents = new Map<string, readonly Peer[]>();
  private visitors = new Map<string, readonly Peer[]>();
  private agentsByEnterprise = new Map<string, Set<string>>();
  private statuses = new Map<string, AgentStatus>();
  private lastAssigned = new Map<string, number>();
  /** when an agent's last socket closed, or a visitor's; cleared when they connect again */
  private leftAt = new Map<string, number>();

  add(peer: Peer): void {
    const map = peer.kind === "agent" ? this.agents : this.visitors;
    const peers = map.get(peer.id);
    if (!peers) map.set(peer.id, [peer]);
    else if (!peers.includes(peer)) map.set(peer.id, [...peers, peer]);
    this.leftAt.delete(peer.id);
    if (peer.kind === "agent") {
      let ids = this.agentsByEnterprise.get(peer.enterpriseId);
      if (!ids) this.agentsByEnterprise.set(peer.enterpriseId, (ids = new Set()));
      ids.add(peer.id);
    }
  }

  /** Removes a socket; returns true when it was the last one of its agent or visitor. */
  remove(peer: Peer): boolean {
    const map = peer.kind === "agent" ? this.agents : this.visitors;
    const peers = map.get(peer.id);
    if (!peers?.includes(peer)) return false;
    if (peers.length > 1) {
      map.set(peer.id, peers.filter((p) => p !== peer));
      return false;
    }
    map.delete(peer.id);
    this.leftAt.set(peer.id, Date.now());
    if (this.leftAt.size > MAX_LEFT_AT) this.leftAt.delete(this.leftAt.keys().next().value!);
    if (peer.kind === "agent") this.agentsByEnterprise.get(peer.enterpriseId)?.delete(peer.id);
    return true;
  }

  agentPeers(agentId: string): Iterable<Peer> {
    return this.agents.get(agentId) ?? [];
  }

  visitorPeers(visitorId: string): Iterable<Peer> {
    return this.visitors.get(visitorId) ?? [];
  }

  connectedAgents(enterpriseId: string): Iterable<string> {
    return this.agentsByEnterprise.get(enterpriseId) ?? [];
  }

  isVisitorOnline(visitorId: string): boolean {
    return this.visitors.has(visitorId);
  }

  setStatus(agentId: string, status: AgentStatus): void {
    this.statuses.set(agentId, status);
  }

  status(agentId: string): AgentStatus {
    return this.statuses.get(agentId) ?? "offline";
  }

  /** Available: chose "online" and has at least one socket open. */
  isAvailable(agentId: string): boolean {
    return this.agents.has(agentId) && this.status(agentId) === "online";
  }

  availableAgents(enterpriseId: string): string[] {
    return [...this.connectedAgents(enterpriseId)].filter((id) => this.status(id) === "online");
  }

  /** Does the agent have a tab on screen? (Otherwise Web Push alerts them.) */
  hasVisibleTab(agentId: string): boolean {
    for (const p of this.agentPeers(agentId)) if (!p.hidden) return true;
    return false;
  }

  isAgentConnected(agentId: string): boolean {
    return this.agents.has(agentId);
  }

  /** When the agent's or visitor's last socket closed (null while connected or never seen). */
  leftSince(id: string): number | null {
    return this.leftAt.get(id) ?? null;
  }

  noteAssigned(agentId: string, at: number): void {
    this.lastAssigned.set(agentId, at);
  }

  lastAssignedAt(agentId: string): number {
    return this.lastAssigned.get(agentId) ?? 0;
  }

  counts(): { agents: number; visitors: number } {
    return { agents: this.agents.size, visitors: this.visitors.size };
  }
}
