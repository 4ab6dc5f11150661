// What an agent's frames do after the socket layer decoded them and the core let them through its
// rates: hello (their seat, status and conversations), replies and internal notes, taking, closing and
// transferring conversations, status, typing and reads.
// The real-time core: what each frame from a visitor or an agent does, and who hears about it.
// The socket layer (sockets.ts) only decodes frames and hands them here with the connection.
import { getUser, setAgentStatus, type User } from "../accounts/users";
import { memberOf } from "../accounts/data-scope";
import { sessionLive } from "../accounts/sessions";
import { seatServiceRefusal } from "../platform/plan";
import { type AgentStatus, type ClientFrame, type HelloAgent, type SendMessage, type TransferConversation } from "../../common/protocol";
import type { Conversation } from "./conversations";
import { openInScope, supervises } from "./visibility";
import { claimAttachment } from "../files/attachments";
import { ackOf, errorFrame as error, SEAT_WITHOUT_SERVICE, WELCOME } from "./frames";
import type { ChatService } from "./service";
import type { Connection } from "./connection";

export class AgentFrames {
  constructor(private chat: ChatService) {}

  hello(conn: Connection, hello: HelloAgent): void {
    // The seat and role as they are now (the socket may have opened before a change).
    const row = conn.user && getUser(this.chat.db, conn.user.enterpriseId, conn.user.id);
    if (!row || row.seatState !== "active") return conn.send(error("unauthorized", "sign in first"));
    // The session may have ended since the socket opened (signed out, password changed).
    if (conn.session && !sessionLive(this.chat.db, conn.session.id)) {
      conn.send(error("unauthorized", "sign in first"));
      return this.chat.endConnection(conn, "signed out");
    }
    const user = (conn.user = memberOf(this.chat.db, row));
    // A seat without service (F15) comes back offline, whatever it chose before, and is told why below.
    const unserved = this.withoutService(user);
    if (unserved && user.status === "online") {
      setAgentStatus(this.chat.db, user.enterpriseId, user.id, "offline");
      user.status = "offline";
    }
    conn.peer = { kind: "agent", enterpriseId: user.enterpriseId, id: user.id, send: conn.send, close: conn.close };
    this.chat.fanout.supervision.join(user);
    const wasConnected = this.chat.presence.isAgentConnected(user.id);
    if (!wasConnected) {
      this.chat.presence.setStatus(user.id, user.status);
      // A seat that just arrived (new, re-activated, cap changed) is read again before routing counts on it.
      this.chat.router.invalidate(user.enterpriseId);
    }
    let conns = this.chat.agentConns.get(user.id);
    if (!conns) this.chat.agentConns.set(user.id, (conns = new Set()));
    conns.add(conn);
    this.chat.presence.add(conn.peer);
    this.chat.flow.cancelGrace(user.id);
    const visible = openInScope(this.chat.db, user).filter((c) => this.chat.fanout.canSee(user.id, c));
    conn.send({
      ...WELCOME,
      agent: { id: user.id, name: user.name, status: this.chat.presence.status(user.id), ...(user.grant.scope !== "own" ? { supervises: true } : {}) },
      conversations: visible.map((c) => this.chat.summary(c)),
    });
    if (unserved) conn.send(error("forbidden", SEAT_WITHOUT_SERVICE));
    const resume = hello.resume ?? {};
    for (const c of visible) {
      const seq = resume[c.id];
      if (Number.isInteger(seq) && seq >= 0) this.chat.replay(conn, user.enterpriseId, c.id, seq, false);
    }
    // Back within the grace period and online: room may have opened for waiting visitors.
    if (!wasConnected && this.chat.presence.isAvailable(user.id)) this.chat.flow.drain(user.enterpriseId);
  }

  frame(conn: Connection, frame: ClientFrame): void {
    const user = conn.user!;
    switch (frame.type) {
      case "message":
        return this.message(conn, frame);
      case "typing": {
        const c = this.visibleConversation(conn, frame.conversationId, undefined, true);
        if (c) this.chat.fanout.toVisitor(c, { type: "typing", conversationId: c.id, from: "agent", typing: frame.typing });
        return;
      }
      case "read": {
        // A supervisor reading someone else's chat leaves that agent's unread count alone.
        const c = this.visibleConversation(conn, frame.conversationId);
        if (!c || !this.chat.fanout.mayAnswer(user.id, c)) return;
        this.chat.conversations.markRead(user.enterpriseId, c.id, frame.seq);
        // The agent's other tabs update their unread badges; the visitor sees their messages read.
        const read = this.chat.conversations.get(user.enterpriseId, c.id)!;
        const summary = this.chat.summary(read);
        for (const p of this.chat.presence.agentPeers(user.id)) if (p !== conn.peer) p.send({ type: "conversation", conversation: summary });
        if (read.agentReadSeq > c.agentReadSeq) this.chat.fanout.toVisitor(c, { type: "read", conversationId: c.id, seq: read.agentReadSeq });
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
        if (c) this.chat.flow.close(c, "agent");
        return;
      }
      case "transfer":
        return this.transfer(conn, frame);
      default:
        return conn.send(error("forbidden", `agents do not send ${frame.type}`));
    }
  }

  message(conn: Connection, frame: SendMessage): void {
    const user = conn.user!;
    if (frame.pick !== undefined) return conn.send(error("forbidden", "agents do not pick the robot's questions", frame.clientId));
    if (frame.internal) return this.note(conn, frame);
    let c = this.visibleConversation(conn, frame.conversationId, frame.clientId, true);
    if (!c) return;
    if (c.status !== "open") return this.closedRefusal(conn, c, frame);
    // Answering a waiting conversation takes it.
    if (!c.agentId) c = this.chat.flow.take(user, c);
    const attachment = frame.attachment ? claimAttachment(this.chat.db, user.enterpriseId, frame.attachment.id, c, false) : undefined;
    const appended = this.chat.store.append(c, { sender: "agent", authorId: user.id, authorName: user.name, clientId: frame.clientId, text: frame.text, attachment });
    const m = appended.message;
    conn.send(ackOf(frame, appended));
    if (appended.duplicate) return;
    this.chat.fanout.toAgents(c, m, conn.peer);
    this.chat.fanout.toVisitor(c, m);
  }

  /**
   * An agent's note in a conversation (内部备注): stored as internal and sent only to the agents and
   * supervisors who see the conversation, never to the visitor (nor replayed to them). Anyone who
   * sees it may write one, without taking it: a supervisor coaching the agent who holds it.
   */
  note(conn: Connection, frame: SendMessage): void {
    const user = conn.user!;
    const c = this.visibleConversation(conn, frame.conversationId, frame.clientId);
    if (!c) return;
    if (c.status !== "open") return this.closedRefusal(conn, c, frame);
    const appended = this.chat.store.append(c, { sender: "agent", authorId: user.id, authorName: user.name, clientId: frame.clientId, text: frame.text, internal: true });
    conn.send(ackOf(frame, appended));
    if (!appended.duplicate) this.chat.fanout.toAgents(c, appended.message, conn.peer);
  }

  /**
   * A message to a closed conversation: a resend of one stored before it closed (its ack was lost) gets
   * that ack (duplicate); anything else is refused.
   */
  closedRefusal(conn: Connection, c: Conversation, frame: SendMessage): void {
    const resent = this.chat.store.resent(c, frame.clientId);
    conn.send(resent ? ackOf(frame, resent) : error("conflict", "the conversation is closed", frame.clientId));
  }

  transfer(conn: Connection, frame: TransferConversation): void {
    const c = this.visibleConversation(conn, frame.conversationId);
    if (c) this.chat.flow.transfer(conn.user!, c, { agentId: frame.toAgentId, groupId: frame.toGroupId }, frame.note);
  }

  /** The seat may not go online or receive visitors now (platform mode, no seat service: src/platform/plan.ts). */
  withoutService(user: User): boolean {
    return seatServiceRefusal(this.chat.plan.mode, this.chat.db, user.enterpriseId, user.id) !== null;
  }

  setStatus(user: User, status: AgentStatus): void {
    const before = this.chat.presence.status(user.id);
    this.chat.presence.setStatus(user.id, status);
    setAgentStatus(this.chat.db, user.enterpriseId, user.id, status);
    for (const p of this.chat.presence.agentPeers(user.id)) p.send({ type: "status", status });
    if (status === "online") {
      this.chat.flow.cancelGrace(user.id);
      if (before !== "online") this.chat.flow.drain(user.enterpriseId);
    } else if (status === "offline") this.chat.flow.agentGone(user.id, user.enterpriseId);
  }

  /**
   * The conversation named by an agent's frame, if they may see it; otherwise an error is sent.
   * `answering` (message, typing, read): a supervisor watching someone else's chat takes it over first.
   */
  visibleConversation(conn: Connection, id: string | undefined, clientId?: string, answering = false): Conversation | null {
    if (!id) {
      conn.send(error("bad_frame", "missing field: conversationId", clientId));
      return null;
    }
    const c = this.chat.conversations.get(conn.user!.enterpriseId, id);
    if (!c || !this.chat.fanout.canSee(conn.user!.id, c)) {
      conn.send(error("not_found", "no such conversation", clientId));
      return null;
    }
    if (answering && !this.chat.fanout.mayAnswer(conn.user!.id, c)) {
      conn.send(error("forbidden", "the conversation is another agent's: take it over first", clientId));
      return null;
    }
    return c;
  }
}
