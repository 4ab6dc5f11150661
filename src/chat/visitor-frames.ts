// What a visitor's frames do after the socket layer decoded them and the core let them through its
// rates: hello (who they are, their open conversation, the robot's welcome), their messages (stored,
// acknowledged after commit, sent to the agents, answered by the robot), typing, reads, pages.
// The real-time core: what each frame from a visitor or an agent does, and who hears about it.
// The socket layer (sockets.ts) only decodes frames and hands them here with the connection.
import { transaction } from "../db/transaction";
import { siteByKey } from "../sites/sites";
import { agentName } from "./summaries";
import { CLOSE_CODES, type ChatMessage, type ClientFrame, type HelloVisitor, type SendMessage } from "../../common/protocol";
import { type Appended } from "./store";
import { connectedVisitor, getVisitor, isValidVisitorId, touchVisitor, updateVisitorPage, visitorKey, visitorSummary } from "./visitors";
import { claimAttachment } from "../files/attachments";
import type { AnswerView } from "../robot/service";
import { pendingRating } from "./rating";
import { isBlocked, rememberAddress } from "../blocking/blocks";
import { ackOf, errorFrame as error, WELCOME } from "./frames";
import type { ChatService } from "./service";
import type { Connection } from "./connection";

const withPendingRating = (rating: { conversationId: string } | null) => (rating ? { rating } : {});

export class VisitorFrames {
  constructor(private chat: ChatService) {}

  hello(conn: Connection, hello: HelloVisitor): void {
    const site = siteByKey(this.chat.db, hello.site);
    if (!site) return conn.send(error("not_found", "unknown site key"));
    if (!isValidVisitorId(hello.visitorId)) return conn.send(error("bad_frame", "visitorId must be 16–128 characters of A–Z a–z 0–9 _ -"));
    // A blocked visitor (黑名单) is refused before anything of them is written.
    if (this.refuseBlocked(conn, site.enterpriseId, visitorKey(site.enterpriseId, hello.visitorId))) return;
    const visitor = touchVisitor(this.chat.db, site.enterpriseId, hello.visitorId, { siteId: site.id, page: hello.page, userAgent: conn.userAgent, lang: hello.lang });
    conn.site = site;
    conn.visitor = connectedVisitor(visitor);
    conn.peer = { kind: "visitor", enterpriseId: site.enterpriseId, id: visitor.id, send: conn.send, close: conn.close };
    rememberAddress(this.chat.db, site.enterpriseId, visitor.id, conn.address);
    this.chat.presence.add(conn.peer);
    const current = this.chat.conversations.openForVisitor(site.enterpriseId, visitor.id);
    conn.send({
      ...WELCOME,
      conversation: current
        ? { id: current.id, lastSeq: this.chat.store.lastSeq(site.enterpriseId, current.id), agentName: agentName(this.chat.db, current), readSeq: current.agentReadSeq, ...(current.servedByRobot ? { robot: true } : {}) }
        : null,
      // Where the robot is on, it greets before the visitor writes; the greeting is stored when they start.
      ...(current ? {} : this.chat.robot.welcome(site, visitor)),
      // A rating asked for when the last conversation ended is asked again until it is given.
      ...(current ? {} : withPendingRating(pendingRating(this.chat.db, site, visitor.id))),
    });
    // lastSeq counts in the conversation the client names; if that one has since closed, the
    // client holds nothing of the current one.
    const from = hello.conversationId && current && hello.conversationId !== current.id ? 0 : (hello.lastSeq ?? 0);
    if (current) {
      this.chat.replay(conn, site.enterpriseId, current.id, from, true);
      this.chat.flow.tellPlace(current, conn.send);
    }
    this.announce(site.enterpriseId, visitor.id);
  }

  frame(conn: Connection, frame: ClientFrame): void {
    const visitor = conn.visitor!;
    const eid = visitor.enterpriseId;
    switch (frame.type) {
      case "message":
        return this.message(conn, frame);
      case "typing": {
        const c = this.chat.conversations.openForVisitor(eid, visitor.id);
        if (c) this.chat.fanout.toAgents(c, { type: "typing", conversationId: c.id, from: "visitor", typing: frame.typing });
        return;
      }
      case "page": {
        const updated = updateVisitorPage(this.chat.db, eid, visitor.id, frame.page);
        if (updated) conn.visitor = connectedVisitor(updated);
        this.announce(eid, visitor.id);
        return;
      }
      case "read":
        return; // visitors' read receipts come with the widget's read states (later issue)
      case "handoff":
        return this.chat.robot.handoffFrame(conn);
      default:
        return conn.send(error("forbidden", `visitors do not send ${frame.type}`));
    }
  }

  message(conn: Connection, frame: SendMessage): void {
    const visitor = conn.visitor!;
    const eid = visitor.enterpriseId;
    if (frame.internal) return conn.send(error("forbidden", "visitors do not write notes", frame.clientId));
    // Blocked since their hello (by their address, with another visitor): two map lookups.
    if (this.refuseBlocked(conn, eid, visitor.id, frame.clientId)) return;
    let conversation = this.chat.conversations.openForVisitor(eid, visitor.id);
    if (frame.conversationId && conversation && frame.conversationId !== conversation.id)
      return conn.send(error("not_found", "no such open conversation", frame.clientId));
    // The common case, more text in a conversation a person serves or waits for: one read, one
    // insert. Everything else (a first message, the robot's conversation, a pick, a file) takes the way below.
    if (conversation && !conversation.servedByRobot && frame.pick === undefined && !frame.attachment) {
      const m = { sender: "visitor" as const, authorId: null, authorName: null, clientId: frame.clientId, text: frame.text };
      return this.messageStored(conn, frame, this.chat.store.append(conversation, m));
    }
    // No open conversation: a resend of a message stored in the one that closed meanwhile (its ack
    // was lost, then the agent or the sweep closed it) gets that message's ack, not a new conversation.
    // A read only on this way (a first message), never on the common one above.
    if (!conversation) {
      const closed = this.chat.conversations.lastClosedForVisitor(eid, visitor.id);
      const resent = closed && this.chat.store.resent(closed, frame.clientId);
      if (resent) return conn.send(ackOf(frame, resent));
    }
    // Who answers: where the robot is on it serves a new conversation until the visitor asks for a person.
    // An agent's invitation is a person's: its reply goes to routing even where the robot is on.
    const withRobot = !frame.invited && (!conversation || conversation.servedByRobot || frame.pick !== undefined) && this.chat.robot.serves(conn, conversation);
    if (conversation?.servedByRobot && !withRobot) conversation = this.chat.robot.handOverQuietly(conversation);
    // A picked question must be an enabled entry; it is stored in its own wording, whatever the client showed.
    let picked: AnswerView | null = null;
    if (frame.pick !== undefined) {
      if (!withRobot) return conn.send(error("conflict", "the robot does not serve this conversation", frame.clientId));
      picked = this.chat.robot.question(eid, frame.pick);
      if (!picked) return conn.send(error("not_found", "no such question", frame.clientId));
    }
    const site = conn.site!;
    // Outside business hours a new chat is not queued for a person (the message form or the robot
    // answers instead); an agent's own invitation is answered whatever the hour.
    if (!conversation && !withRobot && !frame.invited && !this.chat.router.siteOpen(eid, site.id))
      return conn.send(error("outside_hours", "the site is outside its business hours; leave a message instead", frame.clientId));
    let created = false;
    const { appended, greeting } = transaction(this.chat.db, () => {
      // A file the visitor may not send refuses the message before a conversation is started for it.
      if (frame.attachment) claimAttachment(this.chat.db, eid, frame.attachment.id, { id: conversation?.id ?? "", visitorId: visitor.id }, true, true);
      let greeting: ChatMessage | null = null;
      if (!conversation && withRobot) ({ conversation, greeting } = this.chat.robot.start(site, visitor));
      else if (!conversation) {
        // The routing decision is applied in the transaction that creates the conversation.
        // The reply to an invitation goes to the inviting agent first.
        const inviter = frame.invited ? this.chat.flow.takeInviter(visitor.id) : null;
        conversation = this.chat.router.place(this.chat.conversations.create(eid, site.id, visitor.id), inviter ? { preferredAgentId: inviter } : {});
        created = true;
      }
      const attachment = frame.attachment ? claimAttachment(this.chat.db, eid, frame.attachment.id, conversation, true) : undefined;
      const text = picked?.question ?? frame.text;
      return { greeting, appended: this.chat.store.append(conversation, { sender: "visitor", authorId: null, authorName: null, clientId: frame.clientId, text, attachment }) };
    });
    this.messageStored(conn, frame, appended, { greeting, created, withRobot });
  }

  /** A visitor's message is stored: the ack, then who hears of it, then the robot's answer. */
  messageStored(conn: Connection, frame: SendMessage, appended: Appended, how: { greeting?: ChatMessage | null; created?: boolean; withRobot?: boolean } = {}): void {
    const c = appended.conversation;
    const m = appended.message;
    // The greeting (seq 1) reaches every tab before the ack of the message after it.
    if (how.greeting) this.chat.fanout.toVisitor(c, how.greeting);
    conn.send(ackOf(frame, appended));
    if (appended.duplicate) return;
    // A new conversation is announced: to its agent (or those who see it wait), or, the robot's, to the supervisors who watch it.
    if (how.created || how.greeting) this.chat.flow.announcePlaced(c);
    if (how.greeting) this.chat.fanout.toAgents(c, how.greeting);
    this.chat.fanout.toAgents(c, m);
    this.chat.fanout.toVisitor(c, m, conn.peer);
    if (how.withRobot) this.chat.robot.answer(conn, c, m, frame.pick);
  }

  /**
   * A blocked visitor's socket gets `blocked` and is closed with CLOSE_CODES.blocked once that frame
   * is out (after the current batch commits); true when it was refused.
   */
  refuseBlocked(conn: Connection, enterpriseId: string, visitorId: string, clientId?: string): boolean {
    if (!isBlocked(this.chat.db, enterpriseId, visitorId, conn.address, this.chat.clock.now())) return false;
    conn.send(error("blocked", "this visitor is blocked", clientId));
    conn.ended = true;
    setImmediate(() => conn.close?.(CLOSE_CODES.blocked, "blocked"));
    return true;
  }

  announce(enterpriseId: string, visitorId: string): void {
    const c = this.chat.conversations.openForVisitor(enterpriseId, visitorId);
    // Nobody hears of a visitor without a conversation: their row is not read then (most hellos).
    const v = c && getVisitor(this.chat.db, enterpriseId, visitorId);
    if (c && v) this.chat.fanout.toAgents(c, { type: "visitor", visitor: visitorSummary(v, this.chat.presence.isVisitorOnline(visitorId)) });
  }
}
