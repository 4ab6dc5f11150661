// The real-time core: what each frame from a visitor or an agent does, and who hears about it.
// The socket layer (sockets.ts) only decodes frames and hands them here with the connection.
import { systemClock, type Clock } from "../clock";
import { transaction } from "../db/transaction";
import type { Db } from "../db/client";
import { getUser, setAgentStatus, type User } from "../accounts/users";
import { memberOf, type Member } from "../accounts/data-scope";
import { sessionLive } from "../accounts/sessions";
import { siteByKey, type Site } from "../sites/sites";
import { Router } from "../routing/router";
import { seatServiceRefusal, servedSeats } from "../platform/plan";
import { UserError } from "../errors";
import { ConversationFlow } from "./conversation-flow";
import { Fanout } from "./fanout";
import { agentName } from "./summaries";
import { checkFrame, errorFrame as error } from "./frames";
import { Presence, type Peer } from "./presence";
import {
  CLOSE_CODES,
  LIMITS,
  PROTOCOL_VERSION,
  type AgentStatus,
  type ChatMessage,
  type ClientFrame,
  type HelloAgent,
  type HelloVisitor,
  type SendMessage,
  type TransferConversation,
  type ServerFrame,
} from "./protocol";
import { KeyedBuckets, TokenBucket } from "./rate-limit";
import { MessageStore, toChatMessage, type Appended, type Conversation } from "./store";
import { messagesAfter } from "../history/message-pages";
import { getVisitor, isValidVisitorId, touchVisitor, updateVisitorPage, visitorKey, visitorSummary, type Visitor } from "./visitors";
import { openInScope, supervises } from "./visibility";
import { claimAttachment } from "../files/attachments";
import type { Config } from "../config";
import { shouldOfferLeaveMessage } from "../leads/offer";
import type { AnswerView } from "../robot/service";
import { RobotPhase } from "./robot-phase";
import { pendingRating } from "./rating";
import { withCards } from "./robot-cards";
import { BannedWordError } from "../moderation/words";
import { isBlocked, rememberAddress } from "../blocking/blocks";
import { log } from "../log";

/** One socket's state. The socket layer creates it on open and passes it back with every frame. */
export interface Connection {
  kind: "agent" | "visitor";
  send(frame: ServerFrame): void;
  bucket: TokenBucket;
  /** when the last rate_limited error was sent: one per second is enough */
  lastRateError: number;
  /** frames refused over the rate since the last one let through (LIMITS.refusedBeforeClose ends the socket) */
  refusedInRow?: number;
  /** closed for flooding: later frames are dropped unanswered */
  flooded?: boolean;
  userAgent: string;
  /** agents: the signed-in user with their role's grant, known from the cookie at upgrade (refreshed at hello) */
  user?: Member;
  /** the client's address (src/http/client-address.ts): visitor sockets of one address share a rate */
  address?: string;
  /**
   * Sends a long run of stored frames a page at a time, as fast as the socket's reader takes them
   * (the socket layer's; without it, all at once). Frames sent after it wait until it is done.
   */
  replay?: (pages: () => ServerFrame[] | null) => void;
  /** closes the socket (a disabled seat, a changed role) */
  close?: (code: number, reason: string) => void;
  /** agents: the sign-in session the socket opened with; the socket ends with it */
  session?: { id: string; expiresAt: number };
  /** the socket was ended by the server (its session ended): frames still on their way are dropped */
  ended?: boolean;
  /** set by a successful hello */
  peer?: Peer;
  visitor?: Visitor;
  site?: Site;
}

/** `user`: the agent signed in at upgrade; hello resolves their seat and role afresh (a Member from then on). */
export function newConnection(kind: Connection["kind"], send: (frame: ServerFrame) => void, userAgent = "", user?: User, close?: Connection["close"], clock: Clock = systemClock): Connection {
  return { kind, send, bucket: new TokenBucket(LIMITS.ratePerSecond, LIMITS.rateBurst, () => clock.now()), lastRateError: 0, userAgent, user: user as Member | undefined, close };
}

/** The ack of a stored message; it names the stored text when that is not what was sent (masked words). */
function ackOf(frame: SendMessage, appended: Appended): ServerFrame {
  const m = appended.message;
  return { type: "ack", clientId: frame.clientId, conversationId: m.conversationId, id: m.id, seq: m.seq, at: m.at, duplicate: appended.duplicate, ...(m.text !== frame.text ? { text: m.text } : {}) };
}

/** Messages per page of a replay (a reconnect after a long absence may replay 100,000). */
const REPLAY_PAGE = 100;

/** The reason of the error frame that refuses a seat without service (the workspace explains it; docs/protocol.md). */
export const SEAT_WITHOUT_SERVICE = "seat_without_service";

const withPendingRating = (rating: { conversationId: string } | null) => (rating ? { rating } : {});

const WELCOME = {
  type: "welcome",
  protocol: PROTOCOL_VERSION,
  heartbeatMs: LIMITS.heartbeatMs,
  limits: { maxTextLength: LIMITS.maxTextLength, ratePerSecond: LIMITS.ratePerSecond, rateBurst: LIMITS.rateBurst },
} as const;

export class ChatService {
  readonly store: MessageStore;
  readonly router: Router;
  readonly fanout: Fanout;
  readonly flow: ConversationFlow;
  /** the robot's part of conversations on sites where it is on (F8) */
  readonly robot: RobotPhase;
  readonly presence: Presence;
  /** the install's mode, read at each decision: in platform mode seats need service to go online (F15) */
  private readonly plan: Pick<Config, "mode">;
  /** what grace periods and rate limits measure time by (a test moves it forward) */
  readonly clock: Clock;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  /** agents' connections after hello, by user id: ending a session finds its sockets here */
  private agentConns = new Map<string, Set<Connection>>();
  /** the socket's rate, held across all sockets of a visitor or an agent */
  private personRates: KeyedBuckets;
  /** a client address's rate across its visitor sockets (an office or a carrier's NAT is many visitors) */
  private addressRates: KeyedBuckets;

  /** `config`: the install's, read for its mode when it matters (robotActive: in platform mode the robot is a paid add-on); company mode without it */
  constructor(
    private db: Db,
    opts: { config?: Pick<Config, "mode"> & Partial<Pick<Config, "framesPerAddress">>; presence?: Presence; clock?: Clock } = {},
  ) {
    const clock = (this.clock = opts.clock ?? systemClock);
    const perAddress = opts.config?.framesPerAddress ?? 200;
    this.personRates = new KeyedBuckets(LIMITS.ratePerSecond, LIMITS.rateBurst, undefined, () => clock.now());
    this.addressRates = new KeyedBuckets(perAddress, perAddress * 2, undefined, () => clock.now());
    const presence = (this.presence = opts.presence ?? new Presence());
    this.store = new MessageStore(db);
    this.plan = opts.config ?? { mode: "company" };
    // Platform mode: routing gives visitors only to seats with service; the plan decides (src/platform/plan.ts).
    this.router = new Router(db, this.store, presence, (enterpriseId) => servedSeats(this.plan.mode, db, enterpriseId), clock);
    this.fanout = new Fanout(presence, this.router);
    this.flow = new ConversationFlow(db, this.store, presence, this.router, this.fanout, clock);
    this.robot = new RobotPhase(db, this.store, this.router, this.fanout, this.flow, opts.config ?? { mode: "company" }, (site) => shouldOfferLeaveMessage({ db, chat: this }, site));
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
      if (conn.kind === "visitor") this.fromVisitor(conn, frame);
      else this.fromAgent(conn, frame);
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
    if (!conn.bucket.take()) return false;
    if (conn.peer && !this.personRates.take(`${conn.peer.kind}:${conn.peer.enterpriseId}:${conn.peer.id}`)) return false;
    return conn.kind === "agent" || !conn.address || this.addressRates.take(conn.address);
  }

  disconnect(conn: Connection): void {
    if (!conn.peer) return;
    if (conn.kind === "agent") this.forgetAgentConn(conn);
    const last = this.presence.remove(conn.peer);
    if (!last) return;
    if (conn.kind === "visitor" && conn.visitor) this.announceVisitor(conn.visitor.enterpriseId, conn.visitor.id);
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

  private endConnection(conn: Connection, reason: string): void {
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
    if (frame.role === "visitor") this.helloVisitor(conn, frame);
    else this.helloAgent(conn, frame);
  }

  private helloVisitor(conn: Connection, hello: HelloVisitor): void {
    const site = siteByKey(this.db, hello.site);
    if (!site) return conn.send(error("not_found", "unknown site key"));
    if (!isValidVisitorId(hello.visitorId)) return conn.send(error("bad_frame", "visitorId must be 16–128 characters of A–Z a–z 0–9 _ -"));
    // A blocked visitor (黑名单) is refused before anything of them is written.
    if (this.refuseBlocked(conn, site.enterpriseId, visitorKey(site.enterpriseId, hello.visitorId))) return;
    const visitor = touchVisitor(this.db, site.enterpriseId, hello.visitorId, { siteId: site.id, page: hello.page, userAgent: conn.userAgent, lang: hello.lang });
    conn.site = site;
    conn.visitor = visitor;
    conn.peer = { kind: "visitor", enterpriseId: site.enterpriseId, id: visitor.id, send: conn.send, close: conn.close };
    rememberAddress(this.db, site.enterpriseId, visitor.id, conn.address);
    this.presence.add(conn.peer);
    const current = this.store.openForVisitor(site.enterpriseId, visitor.id);
    conn.send({
      ...WELCOME,
      conversation: current
        ? { id: current.id, lastSeq: this.store.lastSeq(site.enterpriseId, current.id), agentName: agentName(this.db, current), readSeq: current.agentReadSeq, ...(current.servedByRobot ? { robot: true } : {}) }
        : null,
      // Where the robot is on, it greets before the visitor writes; the greeting is stored when they start.
      ...(current ? {} : this.robot.welcome(site, visitor)),
      // A rating asked for when the last conversation ended is asked again until it is given.
      ...(current ? {} : withPendingRating(pendingRating(this.db, site, visitor.id))),
    });
    // lastSeq counts in the conversation the client names; if that one has since closed, the
    // client holds nothing of the current one.
    const from = hello.conversationId && current && hello.conversationId !== current.id ? 0 : (hello.lastSeq ?? 0);
    if (current) {
      this.replay(conn, site.enterpriseId, current.id, from, true);
      this.flow.tellPlace(current, conn.send);
    }
    this.announceVisitor(site.enterpriseId, visitor.id);
  }

  private helloAgent(conn: Connection, hello: HelloAgent): void {
    // The seat and role as they are now (the socket may have opened before a change).
    const row = conn.user && getUser(this.db, conn.user.enterpriseId, conn.user.id);
    if (!row || row.seatState !== "active") return conn.send(error("unauthorized", "sign in first"));
    // The session may have ended since the socket opened (signed out, password changed).
    if (conn.session && !sessionLive(this.db, conn.session.id)) {
      conn.send(error("unauthorized", "sign in first"));
      return this.endConnection(conn, "signed out");
    }
    const user = (conn.user = memberOf(this.db, row));
    // A seat without service (F15) comes back offline, whatever it chose before, and is told why below.
    const unserved = this.withoutService(user);
    if (unserved && user.status === "online") {
      setAgentStatus(this.db, user.enterpriseId, user.id, "offline");
      user.status = "offline";
    }
    conn.peer = { kind: "agent", enterpriseId: user.enterpriseId, id: user.id, send: conn.send, close: conn.close };
    this.fanout.supervision.join(user);
    const wasConnected = this.presence.isAgentConnected(user.id);
    if (!wasConnected) {
      this.presence.setStatus(user.id, user.status);
      // A seat that just arrived (new, re-activated, cap changed) is read again before routing counts on it.
      this.router.invalidate(user.enterpriseId);
    }
    let conns = this.agentConns.get(user.id);
    if (!conns) this.agentConns.set(user.id, (conns = new Set()));
    conns.add(conn);
    this.presence.add(conn.peer);
    this.flow.cancelGrace(user.id);
    const visible = openInScope(this.db, user).filter((c) => this.fanout.canSee(user.id, c));
    conn.send({
      ...WELCOME,
      agent: { id: user.id, name: user.name, status: this.presence.status(user.id), ...(user.grant.scope !== "own" ? { supervises: true } : {}) },
      conversations: visible.map((c) => this.summary(c)),
    });
    if (unserved) conn.send(error("forbidden", SEAT_WITHOUT_SERVICE));
    const resume = hello.resume ?? {};
    for (const c of visible) {
      const seq = resume[c.id];
      if (Number.isInteger(seq) && seq >= 0) this.replay(conn, user.enterpriseId, c.id, seq, false);
    }
    // Back within the grace period and online: room may have opened for waiting visitors.
    if (!wasConnected && this.presence.isAvailable(user.id)) this.flow.drain(user.enterpriseId);
  }

  /**
   * What a resuming client missed: the messages after `after` up to the newest now (later ones reach
   * it live, after these), read and sent a page at a time as its socket takes them. Visitors never
   * get agents' notes (their pages may be short, even empty).
   */
  private replay(conn: Connection, enterpriseId: string, conversationId: string, after: number, forVisitor: boolean): void {
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

  private fromVisitor(conn: Connection, frame: ClientFrame): void {
    const visitor = conn.visitor!;
    const eid = visitor.enterpriseId;
    switch (frame.type) {
      case "message":
        return this.visitorMessage(conn, frame);
      case "typing": {
        const c = this.store.openForVisitor(eid, visitor.id);
        if (c) this.fanout.toAgents(c, { type: "typing", conversationId: c.id, from: "visitor", typing: frame.typing });
        return;
      }
      case "page": {
        const updated = updateVisitorPage(this.db, eid, visitor.id, frame.page);
        if (updated) conn.visitor = updated;
        this.announceVisitor(eid, visitor.id);
        return;
      }
      case "read":
        return; // visitors' read receipts come with the widget's read states (later issue)
      case "handoff":
        return this.robot.handoffFrame(conn);
      default:
        return conn.send(error("forbidden", `visitors do not send ${frame.type}`));
    }
  }

  private visitorMessage(conn: Connection, frame: SendMessage): void {
    const visitor = conn.visitor!;
    const eid = visitor.enterpriseId;
    if (frame.internal) return conn.send(error("forbidden", "visitors do not write notes", frame.clientId));
    // Blocked since their hello (by their address, with another visitor): two map lookups.
    if (this.refuseBlocked(conn, eid, visitor.id, frame.clientId)) return;
    let conversation = this.store.openForVisitor(eid, visitor.id);
    if (frame.conversationId && conversation && frame.conversationId !== conversation.id)
      return conn.send(error("not_found", "no such open conversation", frame.clientId));
    // The common case, more text in a conversation a person serves or waits for: one read, one
    // insert. Everything else (a first message, the robot's conversation, a pick, a file) takes the way below.
    if (conversation && !conversation.servedByRobot && frame.pick === undefined && !frame.attachment) {
      const m = { sender: "visitor" as const, authorId: null, authorName: null, clientId: frame.clientId, text: frame.text };
      return this.visitorMessageStored(conn, frame, this.store.append(conversation, m));
    }
    // Who answers: where the robot is on it serves a new conversation until the visitor asks for a person.
    // An agent's invitation is a person's: its reply goes to routing even where the robot is on.
    const withRobot = !frame.invited && (!conversation || conversation.servedByRobot || frame.pick !== undefined) && this.robot.serves(conn, conversation);
    if (conversation?.servedByRobot && !withRobot) conversation = this.robot.handOverQuietly(conversation);
    // A picked question must be an enabled entry; it is stored in its own wording, whatever the client showed.
    let picked: AnswerView | null = null;
    if (frame.pick !== undefined) {
      if (!withRobot) return conn.send(error("conflict", "the robot does not serve this conversation", frame.clientId));
      picked = this.robot.question(eid, frame.pick);
      if (!picked) return conn.send(error("not_found", "no such question", frame.clientId));
    }
    const site = conn.site!;
    // Outside business hours a new chat is not queued for a person (the message form or the robot
    // answers instead); an agent's own invitation is answered whatever the hour.
    if (!conversation && !withRobot && !frame.invited && !this.router.siteOpen(eid, site.id))
      return conn.send(error("outside_hours", "the site is outside its business hours; leave a message instead", frame.clientId));
    let created = false;
    const { appended, greeting } = transaction(this.db, () => {
      // A file the visitor may not send refuses the message before a conversation is started for it.
      if (frame.attachment) claimAttachment(this.db, eid, frame.attachment.id, { id: conversation?.id ?? "", visitorId: visitor.id }, true, true);
      let greeting: ChatMessage | null = null;
      if (!conversation && withRobot) ({ conversation, greeting } = this.robot.start(site, visitor));
      else if (!conversation) {
        // The routing decision is applied in the transaction that creates the conversation.
        // The reply to an invitation goes to the inviting agent first.
        const inviter = frame.invited ? this.flow.takeInviter(visitor.id) : null;
        conversation = this.router.place(this.store.createConversation(eid, site.id, visitor.id), inviter ? { preferredAgentId: inviter } : {});
        created = true;
      }
      const attachment = frame.attachment ? claimAttachment(this.db, eid, frame.attachment.id, conversation, true) : undefined;
      const text = picked?.question ?? frame.text;
      return { greeting, appended: this.store.append(conversation, { sender: "visitor", authorId: null, authorName: null, clientId: frame.clientId, text, attachment }) };
    });
    this.visitorMessageStored(conn, frame, appended, { greeting, created, withRobot });
  }

  /** A visitor's message is stored: the ack, then who hears of it, then the robot's answer. */
  private visitorMessageStored(conn: Connection, frame: SendMessage, appended: Appended, how: { greeting?: ChatMessage | null; created?: boolean; withRobot?: boolean } = {}): void {
    const c = appended.conversation;
    const m = appended.message;
    // The greeting (seq 1) reaches every tab before the ack of the message after it.
    if (how.greeting) this.fanout.toVisitor(c, how.greeting);
    conn.send(ackOf(frame, appended));
    if (appended.duplicate) return;
    // A new conversation is announced: to its agent (or those who see it wait), or, the robot's, to the supervisors who watch it.
    if (how.created || how.greeting) this.flow.announcePlaced(c);
    if (how.greeting) this.fanout.toAgents(c, how.greeting);
    this.fanout.toAgents(c, m);
    this.fanout.toVisitor(c, m, conn.peer);
    if (how.withRobot) this.robot.answer(conn, c, m, frame.pick);
  }

  private fromAgent(conn: Connection, frame: ClientFrame): void {
    const user = conn.user!;
    switch (frame.type) {
      case "message":
        return this.agentMessage(conn, frame);
      case "typing": {
        const c = this.visibleConversation(conn, frame.conversationId, undefined, true);
        if (c) this.fanout.toVisitor(c, { type: "typing", conversationId: c.id, from: "agent", typing: frame.typing });
        return;
      }
      case "read": {
        // A supervisor reading someone else's chat leaves that agent's unread count alone.
        const c = this.visibleConversation(conn, frame.conversationId);
        if (!c || !this.fanout.mayAnswer(user.id, c)) return;
        this.store.markRead(user.enterpriseId, c.id, frame.seq);
        // The agent's other tabs update their unread badges; the visitor sees their messages read.
        const read = this.store.get(user.enterpriseId, c.id)!;
        const summary = this.summary(read);
        for (const p of this.presence.agentPeers(user.id)) if (p !== conn.peer) p.send({ type: "conversation", conversation: summary });
        if (read.agentReadSeq > c.agentReadSeq) this.fanout.toVisitor(c, { type: "read", conversationId: c.id, seq: read.agentReadSeq });
        return;
      }
      case "status":
        // Going online needs seat service in platform mode (F15): refused with the reason the workspace explains.
        if (frame.status === "online" && this.withoutService(user)) return conn.send(error("forbidden", SEAT_WITHOUT_SERVICE));
        return this.setStatus(user, frame.status);
      case "visibility":
        conn.peer!.hidden = !frame.visible;
        return;
      case "close": {
        const c = this.visibleConversation(conn, frame.conversationId);
        if (c) this.flow.close(c, "agent");
        return;
      }
      case "transfer":
        return this.transfer(conn, frame);
      default:
        return conn.send(error("forbidden", `agents do not send ${frame.type}`));
    }
  }

  private agentMessage(conn: Connection, frame: SendMessage): void {
    const user = conn.user!;
    if (frame.pick !== undefined) return conn.send(error("forbidden", "agents do not pick the robot's questions", frame.clientId));
    if (frame.internal) return this.agentNote(conn, frame);
    let c = this.visibleConversation(conn, frame.conversationId, frame.clientId, true);
    if (!c) return;
    if (c.status !== "open") return conn.send(error("conflict", "the conversation is closed", frame.clientId));
    // Answering a waiting conversation takes it.
    if (!c.agentId) c = this.flow.take(user, c);
    const attachment = frame.attachment ? claimAttachment(this.db, user.enterpriseId, frame.attachment.id, c, false) : undefined;
    const appended = this.store.append(c, { sender: "agent", authorId: user.id, authorName: user.name, clientId: frame.clientId, text: frame.text, attachment });
    const m = appended.message;
    conn.send(ackOf(frame, appended));
    if (appended.duplicate) return;
    this.fanout.toAgents(c, m, conn.peer);
    this.fanout.toVisitor(c, m);
  }

  /**
   * An agent's note in a conversation (内部备注): stored as internal and sent only to the agents and
   * supervisors who see the conversation, never to the visitor (nor replayed to them). Anyone who
   * sees it may write one, without taking it: a supervisor coaching the agent who holds it.
   */
  private agentNote(conn: Connection, frame: SendMessage): void {
    const user = conn.user!;
    const c = this.visibleConversation(conn, frame.conversationId, frame.clientId);
    if (!c) return;
    if (c.status !== "open") return conn.send(error("conflict", "the conversation is closed", frame.clientId));
    const appended = this.store.append(c, { sender: "agent", authorId: user.id, authorName: user.name, clientId: frame.clientId, text: frame.text, internal: true });
    conn.send(ackOf(frame, appended));
    if (!appended.duplicate) this.fanout.toAgents(c, appended.message, conn.peer);
  }

  private transfer(conn: Connection, frame: TransferConversation): void {
    const c = this.visibleConversation(conn, frame.conversationId);
    if (c) this.flow.transfer(conn.user!, c, { agentId: frame.toAgentId, groupId: frame.toGroupId }, frame.note);
  }

  /** The seat may not go online or receive visitors now (platform mode, no seat service: src/platform/plan.ts). */
  private withoutService(user: User): boolean {
    return seatServiceRefusal(this.plan.mode, this.db, user.enterpriseId, user.id) !== null;
  }

  private setStatus(user: User, status: AgentStatus): void {
    const before = this.presence.status(user.id);
    this.presence.setStatus(user.id, status);
    setAgentStatus(this.db, user.enterpriseId, user.id, status);
    for (const p of this.presence.agentPeers(user.id)) p.send({ type: "status", status });
    if (status === "online") {
      this.flow.cancelGrace(user.id);
      if (before !== "online") this.flow.drain(user.enterpriseId);
    } else if (status === "offline") this.flow.agentGone(user.id, user.enterpriseId);
  }

  /**
   * The conversation named by an agent's frame, if they may see it; otherwise an error is sent.
   * `answering` (message, typing, read): a supervisor watching someone else's chat takes it over first.
   */
  private visibleConversation(conn: Connection, id: string | undefined, clientId?: string, answering = false): Conversation | null {
    if (!id) {
      conn.send(error("bad_frame", "missing field: conversationId", clientId));
      return null;
    }
    const c = this.store.get(conn.user!.enterpriseId, id);
    if (!c || !this.fanout.canSee(conn.user!.id, c)) {
      conn.send(error("not_found", "no such conversation", clientId));
      return null;
    }
    if (answering && !this.fanout.mayAnswer(conn.user!.id, c)) {
      conn.send(error("forbidden", "the conversation is another agent's: take it over first", clientId));
      return null;
    }
    return c;
  }

  /**
   * A blocked visitor's socket gets `blocked` and is closed with CLOSE_CODES.blocked once that frame
   * is out (after the current batch commits); true when it was refused.
   */
  private refuseBlocked(conn: Connection, enterpriseId: string, visitorId: string, clientId?: string): boolean {
    if (!isBlocked(this.db, enterpriseId, visitorId, conn.address, this.clock.now())) return false;
    conn.send(error("blocked", "this visitor is blocked", clientId));
    conn.ended = true;
    setImmediate(() => conn.close?.(CLOSE_CODES.blocked, "blocked"));
    return true;
  }

  /**
   * An agent blocked a visitor: their open conversation ends (the agents' lists learn it) and every
   * socket of theirs is refused and closed; their widget then shows nothing (docs/protocol.md).
   */
  visitorBlocked(enterpriseId: string, visitorId: string): void {
    const c = this.store.openForVisitor(enterpriseId, visitorId);
    if (c) this.flow.close(c, "agent");
    for (const p of [...this.presence.visitorPeers(visitorId)]) {
      if (p.enterpriseId !== enterpriseId) continue;
      p.send(error("blocked", "this visitor is blocked"));
      setImmediate(() => p.close?.(CLOSE_CODES.blocked, "blocked"));
    }
  }

  private announceVisitor(enterpriseId: string, visitorId: string): void {
    const c = this.store.openForVisitor(enterpriseId, visitorId);
    const v = getVisitor(this.db, enterpriseId, visitorId);
    if (c && v) this.fanout.toAgents(c, { type: "visitor", visitor: visitorSummary(v, this.presence.isVisitorOnline(visitorId)) });
  }
}
