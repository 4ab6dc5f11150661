// The real-time core: what each frame from a visitor or an agent does, and who hears about it.
// The socket layer (sockets.ts) only decodes frames and hands them here with the connection.
import { systemClock, type Clock } from "../clock";
import type { Db } from "../db/client";
import { getUser, type User } from "../accounts/users";
import { memberOf, type Member } from "../accounts/data-scope";
import { type Site } from "../sites/sites";
import { Router } from "../routing/router";
import { servedSeats } from "../platform/plan";
import { UserError } from "../errors";
import { ConversationFlow } from "./conversation-flow";
import { Fanout, type FanoutListener } from "./fanout";
import type { ChatCore } from "./core";
import { transferTargets } from "./transfer-targets";
import type { TransferTargets } from "../../common/transfer-targets";
import { checkFrame, errorFrame as error, SEAT_WITHOUT_SERVICE } from "./frames";
import { Presence } from "./presence";
import { CLOSE_CODES, LIMITS, type ClientFrame, type ServerFrame } from "../../common/protocol";
import { KeyedBuckets } from "./rate-limit";
import { ConversationStore } from "./conversations";
import { MessageStore, toChatMessage, type Appended } from "./store";
import type { Conversation } from "./conversations";
import { messagesAfter } from "../history/message-pages";
import { supervises } from "./visibility";
import type { Config } from "../config";
import { shouldOfferLeaveMessage } from "../leads/offer";
import { RobotPhase } from "./robot-phase";
import { withCards } from "./robot-cards";
import { BannedWordError } from "../moderation/words";
import { log } from "../log";
import { VisitorFrames } from "./visitor-frames";
import { AgentFrames } from "./agent-frames";
import type { Connection } from "./connection";
import { historyReads } from "../history/history";


/** Messages per page of a replay (a reconnect after a long absence may replay 100,000). */
const REPLAY_PAGE = 100;




export class ChatService implements ChatCore {
  /** messages (store.ts) and conversations (conversations.ts), stored apart */
  readonly store: MessageStore;
  readonly conversations: ConversationStore;
  readonly router: Router;
  readonly fanout: Fanout;
  readonly flow: ConversationFlow;
  /** the robot's part of conversations on sites where it is on (F8) */
  readonly robot: RobotPhase;
  readonly presence: Presence;
  /** what visitors' and agents' frames do, one file per side */
  readonly visitorSide: VisitorFrames;
  readonly agentSide: AgentFrames;
  /** the install's mode, read at each decision: in platform mode seats need service to go online (F15) */
  readonly plan: Pick<Config, "mode">;
  /** what grace periods and rate limits measure time by (a test moves it forward) */
  readonly clock: Clock;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  /** agents' connections after hello, by user id: ending a session finds its sockets here */
  readonly agentConns = new Map<string, Set<Connection>>();
  /** the socket's rate, held across all sockets of a visitor or an agent */
  private personRates: KeyedBuckets;
  /** a client address's rate across its visitor sockets (an office or a carrier's NAT is many visitors) */
  private addressRates: KeyedBuckets;

  /** `config`: the install's, read for its mode when it matters (robotActive: in platform mode the robot is a paid add-on); company mode without it */
  constructor(
    /** the frame handlers (visitor-frames.ts, agent-frames.ts) share the core's parts */
    readonly db: Db,
    opts: { config?: Pick<Config, "mode"> & Partial<Pick<Config, "framesPerAddress">>; presence?: Presence; clock?: Clock } = {},
  ) {
    const clock = (this.clock = opts.clock ?? systemClock);
    const perAddress = opts.config?.framesPerAddress ?? 200;
    this.personRates = new KeyedBuckets(LIMITS.ratePerSecond, LIMITS.rateBurst, undefined, clock);
    this.addressRates = new KeyedBuckets(perAddress, perAddress * 2, undefined, clock);
    const presence = (this.presence = opts.presence ?? new Presence());
    this.store = new MessageStore(db);
    this.plan = opts.config ?? { mode: "company" };
    // Platform mode: routing gives visitors only to seats with service; the plan decides (src/platform/plan.ts).
    this.conversations = new ConversationStore(db, (id) => this.store.forget(id));
    this.router = new Router(db, this.conversations, presence, (enterpriseId) => servedSeats(this.plan.mode, db, enterpriseId), clock);
    this.fanout = new Fanout(presence, this.router);
    this.flow = new ConversationFlow(db, this.store, this.conversations, presence, this.router, this.fanout, clock);
    this.robot = new RobotPhase(db, this.store, this.conversations, this.router, this.fanout, this.flow, opts.config ?? { mode: "company" }, (site) => shouldOfferLeaveMessage(db, this, site));
    this.visitorSide = new VisitorFrames(this);
    this.agentSide = new AgentFrames(this);
  }

  /** Starts the idle sweeper (every `everyMs`); the server calls it, tests call `flow.sweep` directly. */
  start(everyMs = 15_000): void {
    this.sweeper ??= setInterval(() => this.flow.sweep(), everyMs);
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.flow.stop();
  }

  /** Entry point for every decoded frame: its rate, then what it does. Never throws: failures become error frames. */
  receive(conn: Connection, raw: unknown): void {
    if (this.admit(conn, raw)) this.handle(conn, raw);
  }

  /**
   * The rate check alone, which the socket layer makes as a frame arrives, so that a refused frame
   * costs no more than this (a flood does not fill the next batch). False: refused.
   */
  admit(conn: Connection, raw: unknown): boolean {
    if (conn.ended || conn.flooded) return false;
    if (this.withinRate(conn)) {
      conn.refusedInRow = 0;
      return true;
    }
    // A client that goes on sending after its refusals is flooding: the socket ends, unanswered.
    // (Frames let through before it are still handled: the close waits for them.)
    if ((conn.refusedInRow = (conn.refusedInRow ?? 0) + 1) > LIMITS.refusedBeforeClose) {
      conn.flooded = true;
      conn.close?.(CLOSE_CODES.flood, "too many frames over the rate");
      return false;
    }
    // A refused message always hears so (its sender would wait for an ack); other frames get at
    // most one error a second, so a flood is not answered by a flood.
    const clientId = typeof (raw as any)?.clientId === "string" ? (raw as any).clientId.slice(0, LIMITS.maxClientIdLength) : undefined;
    const now = this.clock.now();
    if (clientId || now - conn.lastRateError >= 1000) {
      conn.lastRateError = now;
      conn.send(error("rate_limited", `more than ${LIMITS.ratePerSecond} frames per second from this socket or this ${conn.kind}, or too many from this address`, clientId));
    }
    return false;
  }

  /** A frame `admit` let through. Never throws: failures become error frames. */
  handle(conn: Connection, raw: unknown): void {
    if (conn.ended) return;
    // A session expires without anyone deleting it: the socket goes no further than its session.
    if (conn.session && conn.session.expiresAt <= Date.now()) return this.endConnection(conn, "session expired");
    const checked = checkFrame(raw);
    if (!checked.ok) return conn.send(checked.error);
    const frame = checked.frame;
    try {
      if (frame.type === "ping") return conn.send({ type: "pong", at: Date.now() });
      if (frame.type === "hello") return conn.peer ? conn.send(error("conflict", "hello was already received")) : this.hello(conn, frame);
      if (!conn.peer) return conn.send(error("hello_required", "send hello first"));
      if (conn.kind === "visitor") this.visitorSide.frame(conn, frame);
      else this.agentSide.frame(conn, frame);
    } catch (e) {
      const clientId = (frame as { clientId?: string }).clientId;
      if (e instanceof BannedWordError) return conn.send(error("banned_word", "the message contains a banned word; nothing was stored", clientId));
      if (e instanceof UserError) return conn.send(error(e.status === 404 ? "not_found" : e.status === 403 ? "forbidden" : "conflict", e.code, clientId));
      log.error("chat frame failed", { error: e });
      conn.send(error("internal", "the server could not handle this frame; nothing was stored", clientId));
    }
  }

  /** The socket's bucket, then its visitor's or agent's across their sockets, then (visitors) its address's. */
  private withinRate(conn: Connection): boolean {
    const now = this.clock.now();
    if (!conn.bucket.take(now)) return false;
    if (conn.peer && !this.personRates.take((conn.rateKey ??= `${conn.peer.kind}:${conn.peer.enterpriseId}:${conn.peer.id}`), now)) return false;
    return conn.kind === "agent" || !conn.address || this.addressRates.take(conn.address, now);
  }

  disconnect(conn: Connection): void {
    if (!conn.peer) return;
    if (conn.kind === "agent") this.forgetAgentConn(conn);
    const last = this.presence.remove(conn.peer);
    if (!last) return;
    if (conn.kind === "visitor" && conn.visitor) this.visitorSide.announce(conn.visitor.enterpriseId, conn.visitor.id);
    if (conn.kind === "agent" && conn.user) {
      this.fanout.supervision.leave(conn.user.enterpriseId, conn.user.id);
      this.flow.agentGone(conn.user.id, conn.user.enterpriseId);
    }
  }

  /**
   * Closes every socket of an agent at once (their seat was disabled or reset, or their role
   * changed): they leave presence now, so routing stops counting on them before the sockets finish closing.
   */
  closeAgentSockets(userId: string, code = 4401, reason = "signed out"): void {
    for (const peer of [...this.presence.agentPeers(userId)]) {
      if (this.presence.remove(peer)) this.fanout.supervision.leave(peer.enterpriseId, userId);
      peer.close?.(code, reason);
    }
  }
  /**
   * Ends the agent sockets opened with a session that has ended (signed out, expired, deleted), or
   * with any session of the user when `sessionId` is omitted (a password change ends them all).
   * They leave presence at once and close with 4401; frames already on their way are dropped.
   */
  closeSessionSockets(userId: string, sessionId?: string, reason = "signed out"): void {
    for (const conn of [...(this.agentConns.get(userId) ?? [])]) if (sessionId === undefined || conn.session?.id === sessionId) this.endConnection(conn, reason);
  }

  endConnection(conn: Connection, reason: string): void {
    conn.ended = true;
    this.disconnect(conn);
    conn.close?.(4401, reason);
  }

  private forgetAgentConn(conn: Connection): void {
    const conns = conn.user && this.agentConns.get(conn.user.id);
    if (!conns) return;
    conns.delete(conn);
    if (conns.size === 0) this.agentConns.delete(conn.user!.id);
  }


  /** Is any agent who serves the site available: the widget offers the message form otherwise. */
  siteOnline(site: Site): boolean {
    return this.router.siteHasAgents(site.enterpriseId, site.id);
  }

  /** An admin raised a cap or changed groups: waiting visitors may be served now. */
  capacityChanged(enterpriseId: string): void {
    this.router.invalidate(enterpriseId);
    // Group supervisors' reach follows membership changes.
    this.fanout.supervision.refresh(enterpriseId, (id) => {
      const row = getUser(this.db, enterpriseId, id);
      return row?.seatState === "active" ? memberOf(this.db, row) : null;
    });
    this.flow.drain(enterpriseId);
  }

  // ---- what other areas ask of the core (core.ts) ---------------------------

  queueLength(enterpriseId: string, siteId: string): number {
    return this.router.queueLength(enterpriseId, siteId);
  }

  conversation(enterpriseId: string, id: string): Conversation | undefined {
    return this.conversations.get(enterpriseId, id);
  }

  visibleTo(user: Member, id: string): Conversation {
    const c = this.conversations.get(user.enterpriseId, id);
    if (!c || !this.canSee(user, c)) throw new UserError("not_found", 404);
    return c;
  }

  /**
   * A conversation to read (never to act on): what visibleTo gives, or what History lets the person
   * read (its module and their data scope), as /history/:id does — an API token or a role with
   * History but not the workspace reads what it lists.
   */
  readableTo(user: Member, id: string): Conversation {
    const c = this.conversations.get(user.enterpriseId, id);
    if (!c || !(this.canSee(user, c) || historyReads(user, c))) throw new UserError("not_found", 404);
    return c;
  }

  openConversationOf(enterpriseId: string, visitorId: string): Conversation | undefined {
    return this.conversations.openForVisitor(enterpriseId, visitorId);
  }

  closeConversation(c: Conversation, reason: NonNullable<Conversation["closeReason"]>): void {
    this.flow.close(c, reason);
  }

  transfer(from: User, c: Conversation, to: { agentId?: string; groupId?: string }, note?: string): void {
    this.flow.transfer(from, c, to, note);
  }

  post(c: Conversation, author: { agent: User } | { botName: string }, clientId: string, text: string): Appended {
    // As in the workspace: answering a waiting conversation takes it; another agent's is not theirs to answer.
    if ("agent" in author && !c.agentId) c = this.flow.take(author.agent, c);
    else if ("agent" in author && c.agentId !== author.agent.id) throw new UserError("not_assigned", 409);
    const by = "agent" in author ? { sender: "agent" as const, authorId: author.agent.id, authorName: author.agent.name } : { sender: "robot" as const, authorId: null, authorName: author.botName };
    const appended = this.store.append(c, { ...by, clientId, text });
    if (!appended.duplicate) {
      this.fanout.toAgents(appended.conversation, appended.message);
      this.fanout.toVisitor(appended.conversation, appended.message);
    }
    return appended;
  }

  transferTargets(me: Member): TransferTargets {
    return transferTargets(this.db, this.presence, this.conversations, this.flow, me);
  }

  isVisitorOnline(visitorId: string): boolean {
    return this.presence.isVisitorOnline(visitorId);
  }

  hasVisibleTab(agentId: string): boolean {
    return this.presence.hasVisibleTab(agentId);
  }

  presenceCounts(): { agents: number; visitors: number } {
    return this.presence.counts();
  }

  availableAgents(enterpriseId: string): string[] {
    return this.presence.availableAgents(enterpriseId);
  }

  take(agent: User, c: Conversation): Conversation {
    return this.flow.take(agent, c);
  }

  noteInvitation(visitorId: string, agentId: string): void {
    this.flow.noteInvitation(visitorId, agentId);
  }

  robotActive(site: Site): boolean {
    return this.robot.active(site);
  }

  /** Routing already knows how (an agent gone past the grace period): each conversation goes to another available agent of its site's groups, or back to the queue, and the visitor is told. */
  handOverConversationsOf(enterpriseId: string, agentId: string): void {
    this.flow.cancelGrace(agentId);
    this.flow.graceOver(agentId, enterpriseId);
  }

  seatsLostService(enterpriseId: string, userIds: readonly string[]): void {
    for (const id of userIds) {
      this.presence.setStatus(id, "offline");
      for (const peer of this.presence.agentPeers(id)) {
        peer.send({ type: "status", status: "offline" });
        peer.send(error("forbidden", SEAT_WITHOUT_SERVICE));
      }
    }
    // Routing reads the served seats again before their conversations are handed on.
    this.capacityChanged(enterpriseId);
    for (const id of userIds) this.handOverConversationsOf(enterpriseId, id);
  }

  setListener(listener: FanoutListener): void {
    this.fanout.listener = listener;
  }

  /** Sends a frame to every connected agent of the enterprise (e.g. a new lead). */
  notifyAgents(enterpriseId: string, frame: ServerFrame): void {
    this.fanout.toAllAgents(enterpriseId, frame);
  }

  summary(c: Conversation) {
    return this.flow.summary(c);
  }

  /** May this person read this conversation (the same rule for sockets and HTTP; supervisors need no socket)? */
  canSee(user: Member, c: Conversation): boolean {
    return this.fanout.canSee(user.id, c) || supervises(user, c);
  }

  // ---- hello ---------------------------------------------------------------

  private hello(conn: Connection, frame: ClientFrame & { type: "hello" }): void {
    if (frame.role !== conn.kind) return conn.send(error("bad_frame", `this socket is for ${conn.kind}s`));
    if (frame.role === "visitor") this.visitorSide.hello(conn, frame);
    else this.agentSide.hello(conn, frame);
  }

  /**
   * What a resuming client missed: the messages after `after` up to the newest now (later ones reach
   * it live, after these), read and sent a page at a time as its socket takes them. Visitors never
   * get agents' notes (their pages may be short, even empty).
   */
  replay(conn: Connection, enterpriseId: string, conversationId: string, after: number, forVisitor: boolean): void {
    const upTo = this.store.lastSeq(enterpriseId, conversationId);
    let cursor: number | null = after < upTo ? after : null;
    const pages = () => {
      if (cursor === null) return null;
      const page = messagesAfter(this.db, enterpriseId, conversationId, cursor, REPLAY_PAGE);
      cursor = page.next !== null && page.next < upTo ? page.next : null;
      const rows = page.messages.filter((m) => m.seq <= upTo && !(forVisitor && m.internal));
      return withCards(this.db, enterpriseId, rows.map(toChatMessage));
    };
    if (conn.replay) return conn.replay(pages);
    for (let page = pages(); page; page = pages()) for (const m of page) conn.send(m);
  }

  // ---- frames after hello --------------------------------------------------

  /**
   * An agent blocked a visitor: their open conversation ends (the agents' lists learn it) and every
   * socket of theirs is refused and closed; their widget then shows nothing (docs/protocol.md).
   */
  visitorBlocked(enterpriseId: string, visitorId: string): void {
    const c = this.conversations.openForVisitor(enterpriseId, visitorId);
    if (c) this.flow.close(c, "agent");
    for (const p of [...this.presence.visitorPeers(visitorId)]) {
      if (p.enterpriseId !== enterpriseId) continue;
      p.send(error("blocked", "this visitor is blocked"));
      setImmediate(() => p.close?.(CLOSE_CODES.blocked, "blocked"));
    }
  }

}
