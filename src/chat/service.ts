// The real-time core: what each frame from a visitor or an agent does, and who hears about it.
// The socket layer (sockets.ts) only decodes frames and hands them here with the connection.
import { transaction } from "../db/transaction";
import type { Db } from "../db/client";
import { getUser, setAgentStatus, type User } from "../accounts/users";
import { getSite, siteByKey, type Site } from "../sites/sites";
import { chooseAgentFor } from "../routing/assign";
import { checkFrame } from "./frames";
import { Presence, type Peer } from "./presence";
import {
  LIMITS,
  PROTOCOL_VERSION,
  type AgentStatus,
  type ClientFrame,
  type ConversationSummary,
  type ErrorFrame,
  type HelloAgent,
  type HelloVisitor,
  type SendMessage,
  type ServerFrame,
} from "./protocol";
import { TokenBucket } from "./rate-limit";
import { MessageStore, type Conversation } from "./store";
import { getVisitor, isValidVisitorId, touchVisitor, updateVisitorPage, visitorSummary, type Visitor } from "./visitors";

/** One socket's state. The socket layer creates it on open and passes it back with every frame. */
export interface Connection {
  kind: "agent" | "visitor";
  send(frame: ServerFrame): void;
  bucket: TokenBucket;
  /** when the last rate_limited error was sent: one per second is enough */
  lastRateError: number;
  userAgent: string;
  /** agents: the signed-in user, known from the cookie at upgrade */
  user?: User;
  /** set by a successful hello */
  peer?: Peer;
  visitor?: Visitor;
  site?: Site;
}

export function newConnection(kind: Connection["kind"], send: (frame: ServerFrame) => void, userAgent = "", user?: User): Connection {
  return { kind, send, bucket: new TokenBucket(LIMITS.ratePerSecond, LIMITS.rateBurst), lastRateError: 0, userAgent, user };
}

const WELCOME = {
  type: "welcome",
  protocol: PROTOCOL_VERSION,
  heartbeatMs: LIMITS.heartbeatMs,
  limits: { maxTextLength: LIMITS.maxTextLength, ratePerSecond: LIMITS.ratePerSecond, rateBurst: LIMITS.rateBurst },
} as const;

const error = (code: ErrorFrame["code"], reason: string, clientId?: string): ErrorFrame => ({ type: "error", code, reason, ...(clientId ? { clientId } : {}) });

export class ChatService {
  readonly store: MessageStore;

  constructor(
    private db: Db,
    readonly presence: Presence = new Presence(),
  ) {
    this.store = new MessageStore(db);
  }

  /** Entry point for every decoded frame. Never throws: failures become error frames. */
  receive(conn: Connection, raw: unknown): void {
    if (!conn.bucket.take()) {
      // A refused message always hears so (its sender would wait for an ack); other frames get at
      // most one error a second, so a flood is not answered by a flood.
      const clientId = typeof (raw as any)?.clientId === "string" ? (raw as any).clientId.slice(0, LIMITS.maxClientIdLength) : undefined;
      const now = Date.now();
      if (clientId || now - conn.lastRateError >= 1000) {
        conn.lastRateError = now;
        conn.send(error("rate_limited", `more than ${LIMITS.ratePerSecond} frames per second`, clientId));
      }
      return;
    }
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
      console.error("chat frame failed:", e);
      conn.send(error("internal", "the server could not handle this frame; nothing was stored", (frame as any).clientId));
    }
  }

  disconnect(conn: Connection): void {
    if (!conn.peer) return;
    const last = this.presence.remove(conn.peer);
    if (last && conn.kind === "visitor" && conn.visitor) this.announceVisitor(conn.visitor.enterpriseId, conn.visitor.id);
  }

  /** Is any agent of the site's enterprise available: the widget shows a message form otherwise. */
  siteOnline(site: Site): boolean {
    return this.presence.availableAgents(site.enterpriseId).length > 0;
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
    const visitor = touchVisitor(this.db, site.enterpriseId, hello.visitorId, { siteId: site.id, page: hello.page, userAgent: conn.userAgent, lang: hello.lang });
    conn.site = site;
    conn.visitor = visitor;
    conn.peer = { kind: "visitor", enterpriseId: site.enterpriseId, id: visitor.id, send: conn.send };
    this.presence.add(conn.peer);
    const current = this.store.openForVisitor(site.enterpriseId, visitor.id);
    conn.send({
      ...WELCOME,
      conversation: current ? { id: current.id, lastSeq: current.lastSeq, agentName: this.agentName(current) } : null,
    });
    // lastSeq counts in the conversation the client names; if that one has since closed, the
    // client holds nothing of the current one.
    const from = hello.conversationId && current && hello.conversationId !== current.id ? 0 : (hello.lastSeq ?? 0);
    if (current) for (const m of this.store.messagesAfter(site.enterpriseId, current.id, from)) conn.send(m);
    this.announceVisitor(site.enterpriseId, visitor.id);
  }

  private helloAgent(conn: Connection, hello: HelloAgent): void {
    const user = conn.user;
    if (!user) return conn.send(error("unauthorized", "sign in first"));
    conn.peer = { kind: "agent", enterpriseId: user.enterpriseId, id: user.id, send: conn.send };
    if (!this.connectedAgentSet(user.enterpriseId).has(user.id)) this.presence.setStatus(user.id, user.status);
    this.presence.add(conn.peer);
    const visible = this.store.openVisibleTo(user.enterpriseId, user.id);
    conn.send({
      ...WELCOME,
      agent: { id: user.id, name: user.name, status: this.presence.status(user.id) },
      conversations: visible.map((c) => this.summary(c)),
    });
    const resume = hello.resume ?? {};
    for (const c of visible) {
      const seq = resume[c.id];
      if (Number.isInteger(seq) && seq >= 0) for (const m of this.store.messagesAfter(user.enterpriseId, c.id, seq)) conn.send(m);
    }
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
        if (c) this.toAgents(c, { type: "typing", conversationId: c.id, from: "visitor", typing: frame.typing });
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
      case "status":
        return conn.send(error("forbidden", "only agents have a status"));
    }
  }

  private visitorMessage(conn: Connection, frame: SendMessage): void {
    const visitor = conn.visitor!;
    const site = conn.site!;
    const eid = visitor.enterpriseId;
    let conversation = this.store.openForVisitor(eid, visitor.id);
    if (frame.conversationId && conversation && frame.conversationId !== conversation.id)
      return conn.send(error("not_found", "no such open conversation", frame.clientId));
    let created = false;
    const text = frame.text;
    const appended = transaction(this.db, () => {
      if (!conversation) {
        // Assignment is decided and applied in the transaction that creates the conversation.
        const agentId = chooseAgentFor(this.store, this.presence, eid);
        conversation = this.store.createConversation(eid, site.id, visitor.id, agentId);
        created = true;
      }
      return this.store.append(conversation, { sender: "visitor", authorId: null, authorName: null, clientId: frame.clientId, text });
    });
    const c = conversation!;
    const m = appended.message;
    conn.send({ type: "ack", clientId: frame.clientId, conversationId: c.id, id: m.id, seq: m.seq, at: m.at, duplicate: appended.duplicate });
    if (appended.duplicate) return;
    if (created) {
      if (c.agentId) this.presence.noteAssigned(c.agentId, Date.now());
      this.toAgents(c, { type: "conversation", conversation: this.summary(this.store.get(eid, c.id)!) });
      if (c.agentId) this.toVisitor(c, { type: "agent", conversationId: c.id, name: this.agentName(c) });
    }
    this.toAgents(c, m);
    this.toVisitor(c, m, conn.peer);
  }

  private fromAgent(conn: Connection, frame: ClientFrame): void {
    const user = conn.user!;
    switch (frame.type) {
      case "message":
        return this.agentMessage(conn, frame);
      case "typing": {
        const c = this.visibleConversation(conn, frame.conversationId);
        if (c) this.toVisitor(c, { type: "typing", conversationId: c.id, from: "agent", typing: frame.typing });
        return;
      }
      case "read": {
        const c = this.visibleConversation(conn, frame.conversationId);
        if (!c) return;
        this.store.markRead(user.enterpriseId, c.id, frame.seq);
        // The agent's other tabs update their unread badges.
        const summary = this.summary(this.store.get(user.enterpriseId, c.id)!);
        for (const p of this.presence.agentPeers(user.id)) if (p !== conn.peer) p.send({ type: "conversation", conversation: summary });
        return;
      }
      case "status":
        return this.setStatus(user, frame.status);
      case "page":
        return conn.send(error("forbidden", "only visitors send pages"));
    }
  }

  private agentMessage(conn: Connection, frame: SendMessage): void {
    const user = conn.user!;
    const eid = user.enterpriseId;
    const c = this.visibleConversation(conn, frame.conversationId, frame.clientId);
    if (!c) return;
    if (c.status !== "open") return conn.send(error("conflict", "the conversation is closed", frame.clientId));
    let took = false;
    const appended = transaction(this.db, () => {
      if (!c.agentId) {
        // Answering a waiting conversation takes it.
        this.store.assign(eid, c.id, user.id);
        took = true;
      }
      return this.store.append(c, { sender: "agent", authorId: user.id, authorName: user.name, clientId: frame.clientId, text: frame.text });
    });
    const m = appended.message;
    conn.send({ type: "ack", clientId: frame.clientId, conversationId: c.id, id: m.id, seq: m.seq, at: m.at, duplicate: appended.duplicate });
    if (appended.duplicate) return;
    if (took) {
      // Every agent who saw it waiting learns who took it; then it is only the taker's.
      const updated = this.store.get(eid, c.id)!;
      this.presence.noteAssigned(user.id, Date.now());
      const summary = this.summary(updated);
      for (const id of this.presence.connectedAgents(eid)) for (const p of this.presence.agentPeers(id)) p.send({ type: "conversation", conversation: summary });
      this.toVisitor(updated, { type: "agent", conversationId: c.id, name: user.name });
      this.toAgents(updated, m, conn.peer);
      this.toVisitor(updated, m);
      return;
    }
    this.toAgents(c, m, conn.peer);
    this.toVisitor(c, m);
  }

  private setStatus(user: User, status: AgentStatus): void {
    this.presence.setStatus(user.id, status);
    setAgentStatus(this.db, user.enterpriseId, user.id, status);
    for (const p of this.presence.agentPeers(user.id)) p.send({ type: "status", status });
  }

  /** The conversation named by an agent's frame, if they may see it; otherwise an error is sent. */
  private visibleConversation(conn: Connection, id: string | undefined, clientId?: string): Conversation | null {
    if (!id) {
      conn.send(error("bad_frame", "missing field: conversationId", clientId));
      return null;
    }
    const c = this.store.get(conn.user!.enterpriseId, id);
    if (!c || (c.agentId !== null && c.agentId !== conn.user!.id)) {
      conn.send(error("not_found", "no such conversation", clientId));
      return null;
    }
    return c;
  }

  // ---- fan-out ---------------------------------------------------------------

  /** Agents who see a conversation: its agent, or every connected agent of the enterprise while it waits. */
  private toAgents(c: Conversation, frame: ServerFrame, except?: Peer): void {
    const ids = c.agentId ? [c.agentId] : this.presence.connectedAgents(c.enterpriseId);
    for (const id of ids) for (const p of this.presence.agentPeers(id)) if (p !== except) p.send(frame);
  }

  private toVisitor(c: Conversation, frame: ServerFrame, except?: Peer): void {
    for (const p of this.presence.visitorPeers(c.visitorId)) if (p !== except) p.send(frame);
  }

  private announceVisitor(enterpriseId: string, visitorId: string): void {
    const c = this.store.openForVisitor(enterpriseId, visitorId);
    const v = getVisitor(this.db, enterpriseId, visitorId);
    if (c && v) this.toAgents(c, { type: "visitor", visitor: visitorSummary(v, this.presence.isVisitorOnline(visitorId)) });
  }

  private connectedAgentSet(enterpriseId: string): Set<string> {
    return new Set(this.presence.connectedAgents(enterpriseId));
  }

  // ---- summaries -------------------------------------------------------------

  private agentName(c: Conversation): string | null {
    return c.agentId ? (getUser(this.db, c.enterpriseId, c.agentId)?.name ?? null) : null;
  }

  summary(c: Conversation): ConversationSummary {
    const v = getVisitor(this.db, c.enterpriseId, c.visitorId);
    const last = this.store.lastMessage(c.enterpriseId, c.id);
    const site = getSite(this.db, c.enterpriseId, c.siteId);
    return {
      id: c.id,
      siteId: c.siteId,
      siteName: site?.name ?? "",
      status: c.status,
      agentId: c.agentId,
      agentName: this.agentName(c),
      lastSeq: c.lastSeq,
      unread: c.agentUnread,
      lastMessage: last ? { from: last.sender, text: last.body.slice(0, 200), at: last.createdAt } : null,
      createdAt: c.createdAt,
      visitor: v
        ? visitorSummary(v, this.presence.isVisitorOnline(v.id))
        : { id: c.visitorId, displayId: "", firstSeenAt: 0, lastSeenAt: 0, page: {}, device: "", userAgent: "", online: false },
    };
  }
}
