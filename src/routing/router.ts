// Applies the routing decisions (decide.ts) to the live state: who is available (presence), how
// busy (open conversations), which groups serve which site (database). Called inside the
// transaction that creates, closes or moves a conversation, so a decision and its effect are one.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { ownedBy } from "../db/scope";
import type { Presence } from "../chat/presence";
import type { Conversation, ConversationStore, WaitingRow } from "../chat/conversations";
import { queuePositions } from "../../common/queue-positions";
import { decideAssignment, estimatedWaitSeconds, planDrain, serves, type AgentState, type Waiting } from "./decide";
import { membershipsByUser, siteGroupOrder } from "./groups";
import { siteOpen } from "../hours/hours";
import { systemClock, type Clock } from "../clock";

/** how long seats and groups are trusted without a change notice (a safety net for missed notices) */
const SETUP_TTL_MS = 2000;

export interface Assignment {
  conversation: Conversation;
  agentId: string;
}

export interface QueuePlace {
  conversation: WaitingRow;
  position: number;
  estimatedWaitSeconds: number;
}

/** transferred conversations remembered as waiting for their group (a few bytes each) */
const MAX_TRANSFERRED = 10_000;

export class Router {
  constructor(
    private db: Db,
    private conversations: ConversationStore,
    private presence: Presence,
    /**
     * The seats routing may use among the active ones (platform mode: those with seat service,
     * src/platform/plan.ts servedSeats); null: all of them. Read with the rest of the set-up.
     */
    private servedSeats: (enterpriseId: string) => ReadonlySet<string> | null = () => null,
    /** what time it is for business hours (src/hours) */
    private clock: Clock = systemClock,
  ) {}

  /**
   * Conversations transferred to a group that wait for it → the agent who transferred them, kept
   * away from them when the queue moves on (docs/routing.md: "never the agent transferring"). In
   * memory, bounded (oldest forgotten first); after a restart such a chat may go back to that agent.
   */
  private transferredFrom = new Map<string, string>();

  /** seats, memberships and site groups change only by an admin's hand: cached briefly, dropped on change */
  private setup = new Map<string, { seats: Seat[]; seatById: Map<string, Seat>; siteGroups: Map<string, string[]>; at: number }>();

  private setupOf(enterpriseId: string) {
    const cached = this.setup.get(enterpriseId);
    if (cached && Date.now() - cached.at < SETUP_TTL_MS) return cached;
    const groups = membershipsByUser(this.db, enterpriseId);
    const served = this.servedSeats(enterpriseId);
    const seats = this.db
      .select({ id: users.id, cap: users.cap })
      .from(users)
      .where(ownedBy(users, enterpriseId, eq(users.seatState, "active")))
      .all()
      .filter((u) => !served || served.has(u.id))
      .map((u) => ({ ...u, groupIds: groups.get(u.id) ?? [] }));
    const fresh = { seats, seatById: new Map(seats.map((s) => [s.id, s])), siteGroups: siteGroupOrder(this.db, enterpriseId), at: Date.now() };
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

  /**
   * The active seats `only` accepts, as the decision sees them (availability and load are always
   * current). Each one's load is counted in the database: ask for those who matter.
   */
  private agentStates(enterpriseId: string, only: (seat: Seat) => boolean): AgentState[] {
    const seats = this.setupOf(enterpriseId).seats.filter(only);
    const open = this.conversations.openCounts(enterpriseId, seats.map((s) => s.id));
    return seats.map((u) => ({
      id: u.id,
      available: this.presence.isAvailable(u.id),
      open: open.get(u.id) ?? 0,
      cap: u.cap,
      lastAssignedAt: this.presence.lastAssignedAt(u.id),
      groupIds: u.groupIds,
    }));
  }

  /**
   * Decides where a conversation goes and applies it: assigned to an agent, or left waiting in the
   * queue. `exclude` keeps it away from an agent who just lost it. Returns the conversation as
   * placed (its agent, or its place in the queue): who hears of it next follows from that.
   */
  place(c: Conversation, opts: { exclude?: string | null; groupId?: string | null; preferredAgentId?: string | null } = {}): Conversation {
    const siteGroups = this.siteGroups(c.enterpriseId).get(c.siteId) ?? [];
    const preferred = opts.preferredAgentId === undefined ? this.conversations.previousAgent(c.enterpriseId, c.visitorId) : opts.preferredAgentId;
    // Only the loads of those who could take it: available, and serving the site (or its group).
    const groupId = opts.groupId ?? null;
    const agents = this.agentStates(c.enterpriseId, (s) => this.presence.isAvailable(s.id) && (s.id === preferred || serves(s, siteGroups, groupId)));
    const decision = decideAssignment(agents, siteGroups, { preferredAgentId: preferred, groupId, exclude: opts.exclude ?? null });
    this.transferredFrom.delete(c.id);
    // Sent to a group by an agent and left waiting: the queue must not hand it back to them.
    if (decision.kind === "queue" && groupId && opts.exclude) {
      this.transferredFrom.set(c.id, opts.exclude);
      if (this.transferredFrom.size > MAX_TRANSFERRED) this.transferredFrom.delete(this.transferredFrom.keys().next().value!);
    }
    if (decision.kind === "assign") {
      this.conversations.assign(c.enterpriseId, c.id, decision.agentId);
      this.presence.noteAssigned(decision.agentId, Date.now());
    } else this.conversations.enqueue(c.enterpriseId, c.id, c.queuedAt ?? Date.now(), opts.groupId ?? null);
    return this.conversations.get(c.enterpriseId, c.id)!;
  }

  /** Gives waiting conversations, oldest first, to agents who have room (the plan: decide.ts planDrain). */
  drain(enterpriseId: string): Assignment[] {
    const available = this.agentStates(enterpriseId, (s) => this.presence.isAvailable(s.id));
    if (!available.some((a) => a.open < a.cap)) return [];
    const waiting = this.conversations.waitingLine(enterpriseId);
    if (waiting.length === 0) return [];
    const byId = new Map(waiting.map((c) => [c.id, c]));
    const siteGroups = this.siteGroups(enterpriseId);
    const now = Date.now();
    const plan = planDrain(waiting.map((c) => ({ ...toWaiting(c), exclude: this.transferredFrom.get(c.id) ?? null })), available, (site) => siteGroups.get(site) ?? [], (w) => this.conversations.previousAgent(enterpriseId, byId.get(w.conversationId)!.visitorId), now);
    return plan.map(({ conversationId, agentId }) => {
      // The row as it waited (no agent): who saw it then is told where it went.
      const conversation = this.conversations.get(enterpriseId, conversationId)!;
      this.transferredFrom.delete(conversationId);
      this.conversations.assign(enterpriseId, conversationId, agentId);
      this.presence.noteAssigned(agentId, now);
      return { conversation, agentId };
    });
  }

  /** Every waiting conversation's place in its site's queue and an estimated wait. */
  queue(enterpriseId: string): QueuePlace[] {
    const waiting = this.conversations.waitingLine(enterpriseId);
    if (waiting.length === 0) return [];
    const positions = queuePositions(waiting);
    const estimate = this.estimator(enterpriseId);
    return waiting.map((c, i) => ({ conversation: c, position: positions[i]!, estimatedWaitSeconds: estimate(c.siteId, positions[i]!) }));
  }

  /** One waiting conversation's place (on a visitor's reconnect): counted for it alone. */
  placeOf(c: Conversation): Omit<QueuePlace, "conversation"> | null {
    const position = this.conversations.queuePosition(c);
    return position === null ? null : { position, estimatedWaitSeconds: this.estimator(c.enterpriseId)(c.siteId, position) };
  }

  /** The wait at a place of a site's queue: the usual chat length there, shared by who serves it now. */
  private estimator(enterpriseId: string): (siteId: string, position: number) => number {
    const available = this.setupOf(enterpriseId).seats.filter((s) => this.presence.isAvailable(s.id));
    const siteGroups = this.siteGroups(enterpriseId);
    const perSite = new Map<string, { serving: number; average: number }>();
    return (siteId, position) => {
      let site = perSite.get(siteId);
      if (!site) {
        site = { serving: available.filter((a) => serves(a, siteGroups.get(siteId) ?? [])).length, average: this.averageChatSeconds(enterpriseId, siteId) };
        perSite.set(siteId, site);
      }
      return estimatedWaitSeconds(position, site.average, site.serving);
    };
  }

  /** how long a site's chats last, in seconds: an estimate, read again at most once a minute */
  private averages = new Map<string, { seconds: number; at: number }>();

  private averageChatSeconds(enterpriseId: string, siteId: string): number {
    const key = `${enterpriseId}|${siteId}`;
    const cached = this.averages.get(key);
    if (cached && Date.now() - cached.at < 60_000) return cached.seconds;
    const seconds = this.conversations.averageChatSeconds(enterpriseId, siteId);
    this.averages.set(key, { seconds, at: Date.now() });
    return seconds;
  }

  /** Queue length of one site (for offering the message form instead of a long wait). */
  queueLength(enterpriseId: string, siteId: string): number {
    return this.conversations.waitingCount(enterpriseId, siteId);
  }

  /**
   * Agents who may take a site's waiting conversation: they see it in their list while it waits.
   * Asked for every connected agent on every frame of a waiting conversation: seats and groups
   * only, no loads (which would be a query each time).
   */
  servesSite(enterpriseId: string, agentId: string, c: Conversation): boolean {
    const me = this.setupOf(enterpriseId).seatById.get(agentId);
    return !!me && serves(me, this.siteGroups(enterpriseId).get(c.siteId) ?? [], c.groupId);
  }

  /** Is the site within its business hours (工作时间, src/hours)? Always, without a schedule. */
  siteOpen(enterpriseId: string, siteId: string): boolean {
    return siteOpen(this.db, { id: siteId, enterpriseId }, this.clock.now());
  }

  /**
   * Is anyone who serves this site available (online, connected), whether or not they have room?
   * Outside the site's business hours nobody is: the widget offers the message form (or the robot).
   */
  siteHasAgents(enterpriseId: string, siteId: string): boolean {
    if (!this.siteOpen(enterpriseId, siteId)) return false;
    const groups = this.siteGroups(enterpriseId).get(siteId) ?? [];
    return this.setupOf(enterpriseId).seats.some((s) => this.presence.isAvailable(s.id) && serves(s, groups));
  }
}

export function toWaiting(c: WaitingRow): Waiting {
  return { conversationId: c.id, siteId: c.siteId, queuedAt: c.queuedAt ?? c.createdAt, groupId: c.groupId };
}

interface Seat {
  id: string;
  cap: number;
  groupIds: string[];
}
