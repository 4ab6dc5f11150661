// Who hears about a conversation: its agent (or, while it waits, every connected agent who may
// take it) and the visitor's open tabs. One place, so every frame follows the same visibility rule.
import type { Router } from "../routing/router";
import type { Presence, Peer } from "./presence";
import type { ServerFrame } from "./protocol";
import type { Conversation } from "./store";

export class Fanout {
  constructor(
    private presence: Presence,
    private router: Router,
  ) {}

  /** Agents who see a conversation now: its agent, or the connected agents who serve its site while it waits. */
  agentsWhoSee(c: Conversation): string[] {
    if (c.agentId) return [c.agentId];
    return [...this.presence.connectedAgents(c.enterpriseId)].filter((id) => this.router.servesSite(c.enterpriseId, id, c));
  }

  /** May this agent see (read, answer, take) the conversation? */
  canSee(agentId: string, c: Conversation): boolean {
    return c.agentId ? c.agentId === agentId : this.router.servesSite(c.enterpriseId, agentId, c);
  }

  toAgents(c: Conversation, frame: ServerFrame, except?: Peer, agentIds: Iterable<string> = this.agentsWhoSee(c)): void {
    for (const id of agentIds) this.toAgent(id, frame, except);
  }

  toAgent(agentId: string, frame: ServerFrame, except?: Peer): void {
    for (const p of this.presence.agentPeers(agentId)) if (p !== except) p.send(frame);
  }

  toVisitor(c: Conversation, frame: ServerFrame, except?: Peer): void {
    for (const p of this.presence.visitorPeers(c.visitorId)) if (p !== except) p.send(frame);
  }

  /** Every connected agent of the enterprise (a new lead, a setting that concerns all). */
  toAllAgents(enterpriseId: string, frame: ServerFrame): void {
    for (const id of this.presence.connectedAgents(enterpriseId)) this.toAgent(id, frame);
  }
}
