// Who hears about a conversation: its agent (or, while it waits, every connected agent who may
// take it) and the visitor's open tabs. One place, so every frame follows the same visibility rule.
import type { Router } from "../routing/router";
import type { Presence, Peer } from "./presence";
import type { ChatMessage, LeadSummary, ServerFrame } from "../../common/protocol";
import type { Conversation } from "./conversations";
import { Supervision } from "./visibility";

/** Who hears of events beyond the sockets: Web Push (src/push/notifier.ts) alerts agents with no tab on screen. */
export interface FanoutListener {
  /** the conversation was given to an agent (new, requeued, transferred) */
  placed(c: Conversation): void;
  /** a visitor's message went out to the conversation's agents */
  visitorMessage(c: Conversation, m: ChatMessage): void;
  lead(enterpriseId: string, lead: LeadSummary): void;
}

export class Fanout {
  listener: FanoutListener | null = null;

  constructor(
    private presence: Presence,
    private router: Router,
    /** connected supervisors (roles with the group or enterprise scope): they see more (visibility.ts) */
    readonly supervision = new Supervision((viewerId, c) => router.servesSite(c.enterpriseId, viewerId, c)),
  ) {}

  /**
   * Agents who see a conversation now: its agent, or the connected agents who serve its site while
   * it waits; and supervisors. While the robot serves it, only supervisors (who may take it over).
   */
  agentsWhoSee(c: Conversation): string[] {
    if (c.servedByRobot) return this.supervision.watchers(c);
    const base = c.agentId ? [c.agentId] : [...this.presence.connectedAgents(c.enterpriseId)].filter((id) => this.router.servesSite(c.enterpriseId, id, c));
    const watchers = this.supervision.watchers(c).filter((id) => !base.includes(id));
    return watchers.length ? [...base, ...watchers] : base;
  }

  /** May this agent see (read, take, transfer, close) the conversation? */
  canSee(agentId: string, c: Conversation): boolean {
    if (c.servedByRobot) return this.supervision.sees(c.enterpriseId, agentId, c);
    return (c.agentId ? c.agentId === agentId : this.router.servesSite(c.enterpriseId, agentId, c)) || this.supervision.sees(c.enterpriseId, agentId, c);
  }

  /** May this agent write into it (message, typing, read)? Their own, or a waiting one (answering takes it). */
  mayAnswer(agentId: string, c: Conversation): boolean {
    return c.agentId ? c.agentId === agentId : this.canSee(agentId, c);
  }

  toAgents(c: Conversation, frame: ServerFrame, except?: Peer, agentIds: Iterable<string> = this.agentsWhoSee(c)): void {
    for (const id of agentIds) this.toAgent(id, frame, except);
    if (frame.type === "message" && frame.from === "visitor") this.listener?.visitorMessage(c, frame);
  }

  toAgent(agentId: string, frame: ServerFrame, except?: Peer): void {
    for (const p of this.presence.agentPeers(agentId)) if (p !== except) p.send(frame);
  }

  toVisitor(c: Pick<Conversation, "visitorId">, frame: ServerFrame, except?: Peer): void {
    for (const p of this.presence.visitorPeers(c.visitorId)) if (p !== except) p.send(frame);
  }

  /** Every connected agent of the enterprise (a new lead, a setting that concerns all). */
  toAllAgents(enterpriseId: string, frame: ServerFrame): void {
    for (const id of this.presence.connectedAgents(enterpriseId)) this.toAgent(id, frame);
    if (frame.type === "lead") this.listener?.lead(enterpriseId, frame.lead);
  }
}
