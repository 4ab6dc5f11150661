// A conversation's life after its first message: assigned or queued, moved (transfer, an agent
// gone past the grace period), and closed (by an agent, idle, the visitor gone). Each change is
// decided and stored in one transaction, then told to the agents and the visitor concerned.
import type { ConversationStore } from "./conversations";
import { systemClock, type Clock } from "../clock";
import type { Db } from "../db/client";
import { transaction } from "../db/transaction";
import { getUser, type User } from "../accounts/users";
import { getGroup, membersOf } from "../routing/groups";
import type { Router } from "../routing/router";
import { getSettings } from "../settings/settings";
import { UserError } from "../errors";
import { resolveLocale } from "../i18n";
import type { Fanout } from "./fanout";
import type { Presence } from "./presence";
import type { ChatMessage } from "../../common/protocol";
import type { MessageStore } from "./store";
import type { Conversation } from "./conversations";
import { robotService } from "../robot/service";
import { endRobotPhase } from "./robot-phase";
import { agentName, conversationSummary } from "./summaries";
import { saveSystemLine, systemText } from "./system-lines";
import { getVisitor } from "./visitors";
import { events } from "../events/hub";
import { log } from "../log";

type CloseReason = NonNullable<Conversation["closeReason"]>;

/** An invitation's inviter is remembered this long for routing the reply, and for this many visitors at most. */
const INVITATION_MS = 30 * 60_000;
const MAX_INVITATIONS = 10_000;

export class ConversationFlow {
  /** the last queue place each waiting visitor was told, so unchanged places are not resent */
  private toldPlace = new Map<string, number>();
  /** each dropped agent's grace period: cancels it */
  private graceTimers = new Map<string, () => void>();
  /** set on shutdown: sockets closing then must not start grace timers that outlive the database */
  private stopped = false;
  /** visitor → the agent who last invited them to chat (src/visitors): their reply goes to that agent first */
  private invitations = new Map<string, { agentId: string; at: number }>();

  constructor(
    private db: Db,
    private store: MessageStore,
    private conversations: ConversationStore,
    private presence: Presence,
    private router: Router,
    private fanout: Fanout,
    private clock: Clock = systemClock,
  ) {}

  summary(c: Conversation) {
    return conversationSummary(this.db, this.store, this.conversations, this.presence, c);
  }

  // ---- telling people ----------------------------------------------------------

  /**
   * After a conversation was placed (new, requeued, transferred): its new agent gets it, agents
   * who saw it before learn where it went (and drop it), and the visitor hears who serves them or
   * their place in the queue.
   */
  announcePlaced(c: Conversation, seenBefore: Iterable<string> = []): void {
    const now = this.conversations.get(c.enterpriseId, c.id)!;
    const frame = { type: "conversation" as const, conversation: this.summary(now) };
    const told = new Set<string>([...seenBefore, ...this.fanout.agentsWhoSee(now)]);
    this.fanout.toAgents(now, frame, undefined, told);
    if (now.agentId) {
      this.fanout.listener?.placed(now);
      this.toldPlace.delete(now.id);
      this.fanout.toVisitor(now, { type: "queue", conversationId: now.id, position: null, estimatedWaitSeconds: null });
      this.fanout.toVisitor(now, { type: "agent", conversationId: now.id, name: agentName(this.db, now) });
    }
    this.announceQueue(now.enterpriseId);
  }

  /** Tells every waiting visitor whose place changed their new place and estimated wait. */
  announceQueue(enterpriseId: string): void {
    for (const place of this.router.queue(enterpriseId)) {
      if (this.toldPlace.get(place.conversation.id) === place.position) continue;
      this.toldPlace.set(place.conversation.id, place.position);
      this.fanout.toVisitor(place.conversation, { type: "queue", conversationId: place.conversation.id, position: place.position, estimatedWaitSeconds: place.estimatedWaitSeconds });
    }
  }

  /** The queue's place of one visitor, sent on their (re)connect. */
  tellPlace(c: Conversation, send: (f: { type: "queue"; conversationId: string; position: number | null; estimatedWaitSeconds: number | null }) => void): void {
    const place = c.servedByRobot ? null : this.router.placeOf(c);
    if (place) send({ type: "queue", conversationId: c.id, position: place.position, estimatedWaitSeconds: place.estimatedWaitSeconds });
  }

  /**
   * Capacity freed somewhere (a chat closed, moved away or was taken over, an agent came online, a
   * cap rose): assign waiting ones. The one path by which the queue moves on.
   */
  drain(enterpriseId: string): void {
    const assigned = transaction(this.db, () => this.router.drain(enterpriseId));
    // Who saw each one while it waited: asked of the row as it was (no agent), so only of those given out.
    for (const a of assigned) this.announcePlaced(a.conversation, this.fanout.agentsWhoSee(a.conversation));
    if (assigned.length === 0) this.announceQueue(enterpriseId);
  }

  /**
   * Stores a line from the system: its text in the visitor's language, and its key and parameters
   * beside it, so that every other reader gets it in theirs (system-lines.ts). Inside the caller's transaction.
   */
  systemMessage(c: Conversation, key: string, params: Record<string, string | number> = {}): ChatMessage {
    const visitor = getVisitor(this.db, c.enterpriseId, c.visitorId);
    const line = { key, params };
    const { message } = this.store.append(c, { sender: "system", authorId: null, authorName: null, clientId: null, text: systemText(resolveLocale(visitor?.lang, null), line) });
    saveSystemLine(this.db, c.enterpriseId, message, line);
    return { ...message, system: line };
  }

  private deliver(c: Conversation, m: ChatMessage, agentIds?: Iterable<string>): void {
    this.fanout.toAgents(c, m, undefined, agentIds);
    if (!m.internal) this.fanout.toVisitor(c, m);
  }

  // ---- invitations -----------------------------------------------------------------

  /** An agent invited a visitor to chat: the reply is routed to them first (when they have room). */
  noteInvitation(visitorId: string, agentId: string, now = Date.now()): void {
    this.invitations.delete(visitorId);
    this.invitations.set(visitorId, { agentId, at: now });
    // Oldest first: drop what expired, and the oldest beyond the cap.
    for (const [id, inv] of this.invitations) {
      if (this.invitations.size <= MAX_INVITATIONS && now - inv.at < INVITATION_MS) break;
      this.invitations.delete(id);
    }
  }

  /** The agent who invited this visitor (taken: an invitation routes one reply). */
  takeInviter(visitorId: string, now = Date.now()): string | null {
    const inv = this.invitations.get(visitorId);
    this.invitations.delete(visitorId);
    return inv && now - inv.at < INVITATION_MS ? inv.agentId : null;
  }

  // ---- closing -------------------------------------------------------------------

  close(c: Conversation, reason: CloseReason): void {
    if (c.status !== "open") throw new UserError("conversation_closed", 409);
    const seenBy = this.fanout.agentsWhoSee(c);
    const note = transaction(this.db, () => {
      const m = this.systemMessage(c, `system_closed_${reason}`);
      this.conversations.close(c.enterpriseId, c.id, reason);
      return m;
    });
    const closed = this.conversations.get(c.enterpriseId, c.id)!;
    this.toldPlace.delete(c.id);
    this.deliver(closed, note, seenBy);
    this.fanout.toVisitor(closed, { type: "closed", conversationId: c.id, reason });
    this.fanout.toAgents(closed, { type: "conversation", conversation: this.summary(closed) }, undefined, seenBy);
    this.released(c, closed);
  }

  /**
   * A conversation closed or changed hands: when the agent who had it has it no longer, the room it
   * left goes to the queue (drain). Every move of a conversation ends here, so none (closing,
   * transferring, taking over) leaves a waiting visitor behind an agent who is free.
   */
  private released(before: Conversation, after: Conversation): void {
    if (before.agentId && (after.status !== "open" || after.agentId !== before.agentId)) this.drain(before.enterpriseId);
  }

  /** Closes what has been idle, or whose visitor left, for longer than the enterprise's settings allow. */
  sweep(now = Date.now()): number {
    let closed = 0;
    const settings = new Map<string, ReturnType<typeof getSettings>>();
    for (const c of this.conversations.allOpen()) {
      let s = settings.get(c.enterpriseId);
      if (!s) settings.set(c.enterpriseId, (s = getSettings(this.db, c.enterpriseId)));
      let reason: CloseReason | null = null;
      // last_message_at lags while open (store.ACTIVITY_STEP_MS): what it calls idle is checked against the newest message.
      const idleFor = s.idleCloseMinutes * 60_000;
      if (now - c.lastMessageAt >= idleFor && now - this.store.lastMessageAt(c) >= idleFor) reason = "idle";
      else if (!this.presence.isVisitorOnline(c.visitorId)) {
        const left = this.presence.leftSince(c.visitorId) ?? getVisitor(this.db, c.enterpriseId, c.visitorId)?.lastSeenAt ?? this.store.lastMessageAt(c);
        if (now - left >= s.visitorLeftCloseMinutes * 60_000) reason = "visitor_left";
      }
      if (!reason) continue;
      try {
        // As it is now, not as listed: an earlier close of this sweep may have given it to an agent
        // (drain), whose room its own close must then free in turn.
        const current = this.conversations.get(c.enterpriseId, c.id);
        if (current?.status !== "open") continue;
        this.close(current, reason);
        closed++;
      } catch (e) {
        log.error(`closing ${c.id} failed`, { error: e });
      }
    }
    return closed;
  }

  // ---- moving ----------------------------------------------------------------------

  /** An agent hands a conversation to another agent (who must be available) or to a group. */
  transfer(from: User, c: Conversation, to: { agentId?: string; groupId?: string }, note?: string): void {
    if (c.status !== "open") throw new UserError("conversation_closed", 409);
    const eid = c.enterpriseId;
    const seenBefore = this.fanout.agentsWhoSee(c);
    let target: User | undefined;
    if (to.agentId) {
      target = getUser(this.db, eid, to.agentId);
      if (!target || target.seatState !== "active") throw new UserError("not_found", 404);
      if (target.id === c.agentId) throw new UserError("transfer_same_agent", 409);
      if (!this.presence.isAvailable(target.id)) throw new UserError("agent_unavailable", 409);
    } else if (!to.groupId || !getGroup(this.db, eid, to.groupId)) throw new UserError("not_found", 404);
    const messages = transaction(this.db, () => {
      const out: ChatMessage[] = [];
      // A supervisor may transfer a conversation the robot serves: a person serves it from now on,
      // as after a take (otherwise it stayed the robot's, unseen by the agent or the group it went to).
      this.endRobot(c);
      if (note?.trim()) out.push(this.store.append(c, { sender: "agent", authorId: from.id, authorName: from.name, clientId: null, text: note.trim(), internal: true }).message);
      if (target) {
        this.conversations.assign(eid, c.id, target.id);
        this.presence.noteAssigned(target.id, Date.now());
      } else {
        this.conversations.enqueue(eid, c.id, c.queuedAt ?? Date.now(), to.groupId!);
        this.router.place({ ...this.conversations.get(eid, c.id)!, agentId: null }, { groupId: to.groupId!, exclude: from.id, preferredAgentId: null });
      }
      const moved = this.conversations.get(eid, c.id)!;
      events(this.db).emit("conversation.transferred", eid, { conversationId: c.id, siteId: c.siteId, visitorId: c.visitorId, fromAgentId: c.agentId, toAgentId: target?.id ?? null, toGroupId: target ? null : to.groupId!, at: Date.now() });
      const name = agentName(this.db, moved);
      if (name) out.push(this.systemMessage(moved, "system_transferred", { name }));
      return out;
    });
    const moved = this.conversations.get(eid, c.id)!;
    const everyone = new Set([...seenBefore, ...this.fanout.agentsWhoSee(moved)]);
    for (const m of messages) this.deliver(moved, m, everyone);
    this.announcePlaced(moved, seenBefore);
    this.released(c, moved);
  }

  /**
   * An agent takes a conversation that waits (answering it, or picking it from the list), or a
   * supervisor takes one over (another agent's, or the robot's: the robot stops there).
   */
  take(agent: User, c: Conversation): Conversation {
    const seenBefore = this.fanout.agentsWhoSee(c);
    transaction(this.db, () => {
      this.endRobot(c);
      this.conversations.assign(c.enterpriseId, c.id, agent.id);
      this.presence.noteAssigned(agent.id, Date.now());
    });
    const taken = this.conversations.get(c.enterpriseId, c.id)!;
    this.announcePlaced(taken, seenBefore);
    this.released(c, taken);
    return taken;
  }

  /** A person takes over (a take, a supervisor's transfer) from the robot, if it serves the conversation; inside the caller's transaction. */
  private endRobot(c: Conversation): void {
    if (!c.servedByRobot) return;
    // The robot's outcome: a person took over.
    robotService(this.db).handOff(c.enterpriseId, { conversationId: c.id, siteId: c.siteId });
    endRobotPhase(this.db, c);
  }

  // ---- agents coming and going ---------------------------------------------------

  /** The agent's last socket closed or they went offline: their chats wait out the grace period. */
  agentGone(agentId: string, enterpriseId: string): void {
    this.cancelGrace(agentId);
    if (this.stopped) return;
    const graceMs = getSettings(this.db, enterpriseId).graceSeconds * 1000;
    this.graceTimers.set(
      agentId,
      this.clock.after(graceMs, () => this.graceOver(agentId, enterpriseId)),
    );
  }

  cancelGrace(agentId: string): void {
    this.graceTimers.get(agentId)?.();
    this.graceTimers.delete(agentId);
  }

  /** Still gone after the grace period: each of their conversations goes to someone else or the queue. */
  graceOver(agentId: string, enterpriseId: string): void {
    this.graceTimers.delete(agentId);
    if (this.presence.isAvailable(agentId) || (this.presence.isAgentConnected(agentId) && this.presence.status(agentId) === "away")) return;
    for (const c of this.conversations.openAssignedTo(enterpriseId, agentId)) {
      const { note, moved } = transaction(this.db, () => {
        const note = this.systemMessage(c, "system_agent_left");
        this.conversations.enqueue(enterpriseId, c.id, c.createdAt);
        return { note, moved: this.router.place({ ...this.conversations.get(enterpriseId, c.id)!, agentId: null }, { exclude: agentId, preferredAgentId: null }) };
      });
      this.deliver(moved, note, new Set([agentId, ...this.fanout.agentsWhoSee(moved)]));
      this.announcePlaced(moved, [agentId]);
      this.released(c, moved);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.graceTimers.values()) cancel();
    this.graceTimers.clear();
  }

  /** Members of a group who are available now (for the transfer dialog). */
  availableMembers(enterpriseId: string, groupId: string): string[] {
    return membersOf(this.db, enterpriseId, groupId).filter((id) => this.presence.isAvailable(id));
  }
}
