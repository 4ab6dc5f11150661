// Applies the routing decisions (decide.ts) to the live state: who is available (presence), how
// busy (open conversations), which groups serve which site (database). Called inside the
// transaction that creates, closes or moves a conversation, so a decision and its effect are one.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { ownedBy } from "../db/scope";
import type { Presence } from "../chat/presence";
import type { Conversation, MessageStore } from "../chat/store";
import { decideAssignment, estimatedWaitSeconds, queuePositions, serves, type AgentState, type Waiting } from "./decide";
import { membershipsByUser, siteGroupOrder } from "./groups";

/** how long seats and groups are trusted without a change notice (a safety net for missed notices) */
const SETUP_TTL_MS = 2000;

export interface Assignment {
  conversation: Conversation;
  agentId: string;
}

export interface QueuePlace {
  conversation: Conversation;
  position: number;
  estimatedWaitSeconds: number;
}

export class Router {
  constructor(
    private db: Db,
    private store: MessageStore,
    private presence: Presence,
  ) {}

  /** seats, memberships and site groups change only by an admin's hand: cached briefly, dropped on change */
  private setup = new Map<string, { seats: { id: string; cap: number; groupIds: string[] }[]; siteGroups: Map<string, string[]>; at: number }>();

  private setupOf(enterpriseId: string) {
    const cached = this.setup.get(enterpriseId);
    if (cached && Date.now() - cached.at < SETUP_TTL_MS) return cached;
    const groups = membershipsByUser(this.db, enterpriseId);
    const seats = this.db
      .select({ id: users.id, cap: users.cap })
      .from(users)
      .where(ownedBy(users, enterpriseId, eq(users.seatState, "active")))
      .all()
      .map((u) => ({ ...u, groupIds: groups.get(u.id) ?? [] }));
    const fresh = { seats, siteGroups: siteGroupOrder(this.db, enterpriseId), at: Date.now() };
    this.setup.set(enterpriseId, fresh);
    return fresh;
  }

  /** Seats, caps or groups changed: the next decision reads them again. */
  invalidate(enterpriseId: string): void {
    this.setup.delete(enterpriseId);
  }

  private siteGroups(enterpriseId: string): Map<string, string[]> {
    return this.setupOf(enterpriseId).siteGroups;
  }

  /** Every active seat of the enterprise as the decision sees it (availability and load are always current). */
  agentStates(enterpriseId: string): Map<string, AgentState> {
    const open = this.store.openCounts(enterpriseId);
    const out = new Map<string, AgentState>();
    for (const u of this.setupOf(enterpriseId).seats) {
      out.set(u.id, {
        id: u.id,
        available: this.presence.isAvailable(u.id),
        open: open.get(u.id) ?? 0,
        cap: u.cap,
        lastAssignedAt: this.presence.lastAssignedAt(u.id),
        groupIds: u.groupIds,
      });
    }
    return out;
  }

  /**
   * Decides where a conversation goes and applies it: assigned to an agent, or left waiting in the
   * queue. `exclude` keeps it away from an agent who just lost it.
   */
  place(c: Conversation, opts: { exclude?: string | null; groupId?: string | null; preferredAgentId?: string | null } = {}): string | null {
    const agents = [...this.agentStates(c.enterpriseId).values()];
    const siteGroups = this.siteGroups(c.enterpriseId).get(c.siteId) ?? [];
    const preferred = opts.preferredAgentId === undefined ? this.store.previousAgent(c.enterpriseId, c.visitorId) : opts.preferredAgentId;
    const decision = decideAssignment(agents, siteGroups, { preferredAgentId: preferred, groupId: opts.groupId ?? null, exclude: opts.exclude ?? null });
    if (decision.kind === "assign") {
      this.store.assign(c.enterpriseId, c.id, decision.agentId);
      this.presence.noteAssigned(decision.agentId, Date.now());
      return decision.agentId;
    }
    this.store.enqueue(c.enterpriseId, c.id, c.queuedAt ?? Date.now(), opts.groupId ?? null);
    return null;
  }

  /** Open conversations without an agent that wait for one, oldest first: not those the robot serves (they are offered to nobody). */
  private waiting(enterpriseId: string): Conversation[] {
    return this.store.waiting(enterpriseId).filter((c) => !c.servedByRobot);
  }

  /** Gives waiting conversations, oldest first, to agents who have room. */
  drain(enterpriseId: string): Assignment[] {
    const waiting = this.waiting(enterpriseId);
    if (waiting.length === 0) return [];
    const agents = this.agentStates(enterpriseId);
    const siteGroups = this.siteGroups(enterpriseId);
    const list = [...agents.values()];
    const out: Assignment[] = [];
    for (const c of waiting) {
      if (!list.some((a) => a.available && a.open < a.cap)) break;
      const decision = decideAssignment(list, siteGroups.get(c.siteId) ?? [], { preferredAgentId: this.store.previousAgent(enterpriseId, c.visitorId), groupId: c.groupId });
      if (decision.kind !== "assign") continue;
      const agent = agents.get(decision.agentId)!;
      agent.open += 1;
      agent.lastAssignedAt = Date.now();
      this.store.assign(enterpriseId, c.id, agent.id);
      this.presence.noteAssigned(agent.id, agent.lastAssignedAt);
      out.push({ conversation: c, agentId: agent.id });
    }
    return out;
  }

  /** Every waiting conversation's place in its site's queue and an estimated wait. */
  queue(enterpriseId: string): QueuePlace[] {
    const waiting = this.waiting(enterpriseId);
    if (waiting.length === 0) return [];
    const positions = queuePositions(waiting.map(toWaiting));
    const agents = [...this.agentStates(enterpriseId).values()].filter((a) => a.available);
    const siteGroups = this.siteGroups(enterpriseId);
    const perSite = new Map<string, { average: number; serving: number }>();
    return waiting.map((c) => {
      let site = perSite.get(c.siteId);
      if (!site) {
        const groups = siteGroups.get(c.siteId) ?? [];
        site = { average: this.store.averageChatSeconds(enterpriseId, c.siteId), serving: agents.filter((a) => serves(a, groups)).length };
        perSite.set(c.siteId, site);
      }
      const position = positions.get(c.id)!;
      return { conversation: c, position, estimatedWaitSeconds: estimatedWaitSeconds(position, site.average, site.serving) };
    });
  }

  /** Queue length of one site (for offering the message form instead of a long wait). */
  queueLength(enterpriseId: string, siteId: string): number {
    return this.waiting(enterpriseId).filter((c) => c.siteId === siteId).length;
  }

  /** Agents who may take a site's waiting conversation: they see it in their list while it waits. */
  servesSite(enterpriseId: string, agentId: string, c: Conversation): boolean {
    const me = this.agentStates(enterpriseId).get(agentId);
    return !!me && serves(me, this.siteGroups(enterpriseId).get(c.siteId) ?? [], c.groupId);
  }

  /** Is anyone who serves this site available (online, connected), whether or not they have room? */
  siteHasAgents(enterpriseId: string, siteId: string): boolean {
    const groups = this.siteGroups(enterpriseId).get(siteId) ?? [];
    for (const a of this.agentStates(enterpriseId).values()) if (a.available && serves(a, groups)) return true;
    return false;
  }
}

export function toWaiting(c: Conversation): Waiting {
  return { conversationId: c.id, siteId: c.siteId, queuedAt: c.queuedAt ?? c.createdAt, groupId: c.groupId, preferredAgentId: null };
}
