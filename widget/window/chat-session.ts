// The visitor's side of the conversation, independent of how it is drawn: the connection, the
// message list, who is typing, what went wrong. The view subscribes and re-renders on change.
import { ChatConnection, newClientId, type ClientOptions, type ConnectionState } from "../../common/chat-client";
import { LIMITS, type ErrorFrame, type RobotQuestion } from "../../common/protocol";
import type { WidgetContext } from "../shared/context";
import { withAck, withGreeting, withInvite, withoutGreeting, withMessage, withNote, withoutClientId, withPending, withRatingRequest, withTranscriptOffer, withUploaded, isNote, type Bubble, type Item } from "./bubbles";
import { chime, titleBadge } from "./alert";
import { uploadFile } from "./files";
import { TypingSignal } from "./typing-signal";
import type { Params } from "./translate";

const AGENT_TYPING_TIMEOUT_MS = 5000;

export interface SessionError {
  key: string;
  params?: Params;
}

/** The visitor's place in the queue while no agent has taken the conversation yet. */
export interface QueuePlace {
  position: number;
  estimatedWaitSeconds: number | null;
}

export class ChatSession {
  state: ConnectionState = "connecting";
  items: Item[] = [];
  agentTyping = false;
  error: SessionError | null = null;
  /** waiting for an agent: the place in line (null once an agent joined, or not waiting) */
  queue: QueuePlace | null = null;
  online: boolean;
  /** the agent in the conversation (null: nobody yet); the visitor's messages count as delivered once there is one */
  agentName: string | null = null;
  /** the agent has read the conversation up to this seq */
  readSeq = 0;
  /** chimes played for replies the visitor had not seen (tests read it from data-chimes) */
  chimes = 0;
  /** the robot serves the visitor (their conversation, or the next one): its questions can be picked, a person asked for */
  robot: boolean;
  /** the visitor asked for a person and the robot has not answered yet */
  askedForPerson = false;
  /** an agent invited the visitor to chat (their name): the reply goes to a person, and the robot does not greet */
  invitation: string | null = null;
  /** called with the text of a message the server refused, so the visitor does not lose it */
  onRefused: ((text: string) => void) | null = null;

  private conn: ChatConnection;
  private conversationId: string | null = null;
  private maxText: number = LIMITS.maxTextLength;
  private visible = false;
  private unread = 0;
  /** seqs up to this one were on screen before this page (replayed history): they are not news */
  private historyUpTo = -1;
  private readUpTo = 0;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private typing: TypingSignal;
  private listeners = new Set<() => void>();

  /** `connect`: how to reach the server (the admin's preview draws a session that never connects) */
  constructor(
    private ctx: WidgetContext,
    connect: (opts: ClientOptions) => ChatConnection = (opts) => new ChatConnection(opts),
  ) {
    this.online = ctx.config.online;
    this.robot = !!ctx.config.robot;
    this.conn = connect({
      url: ctx.config.socketUrl,
      hello: (seqs) => ({
        type: "hello",
        role: "visitor",
        site: ctx.site,
        visitorId: ctx.visitorId,
        lastSeq: (this.conversationId && seqs[this.conversationId]) || 0,
        // lastSeq counts in this conversation: if it closed meanwhile, the server sends the new one whole
        ...(this.conversationId ? { conversationId: this.conversationId } : {}),
        page: { url: location.href, title: document.title, referrer: document.referrer },
        lang: ctx.config.lang,
      }),
      onState: (state) => {
        this.state = state;
        this.changed();
      },
    });
    this.typing = new TypingSignal((typing) => this.conn.send({ type: "typing", typing }));

    this.conn.on("welcome", (w) => {
      // The conversation on screen closed while the socket was down: say so, as a live close would.
      if (this.conversationId && this.conversationId !== w.conversation?.id) this.ended(this.conversationId);
      // The server tells the place again if the conversation still waits.
      this.queue = null;
      if (w.conversation) this.conversationId = w.conversation.id;
      this.robot = w.conversation ? !!w.conversation.robot : !!w.robotGreeting && !this.invitation;
      if (!w.conversation && w.robotGreeting && !this.invitation) this.items = withGreeting(this.items, w.robotGreeting);
      // An ended conversation not yet rated (the page was reloaded before rating): the rating card again, once.
      if (w.rating && this.ctx.config.features?.rating) this.items = withRatingRequest(this.items, w.rating.conversationId);
      this.agentName = w.conversation?.agentName ?? null;
      this.readSeq = w.conversation?.readSeq ?? 0;
      if (this.historyUpTo < 0) this.historyUpTo = w.conversation?.lastSeq ?? 0;
      this.maxText = w.limits?.maxTextLength ?? this.maxText;
      this.changed();
    });
    this.conn.on("message", (m) => {
      this.conversationId = m.conversationId;
      this.items = withMessage(this.items, m);
      if (m.from === "agent") this.setAgentTyping(false);
      if (m.from === "robot") {
        this.askedForPerson = false;
        if (m.robot?.kind === "handoff") this.robot = false;
      }
      if (m.from !== "visitor" && m.seq > this.historyUpTo && !this.seen()) {
        this.ctx.unread(++this.unread);
        titleBadge(this.unread);
        if (m.from === "agent" && chime()) this.chimes++;
      }
      this.markRead();
      this.changed();
    });
    this.conn.on("ack", (a) => {
      this.conversationId = a.conversationId;
      // The invitation was answered: the conversation it started is a person's from now on.
      this.invitation = null;
      this.items = withAck(this.items, a);
      this.changed();
    });
    this.conn.on("typing", (t) => {
      if (t.from === "agent") this.setAgentTyping(t.typing);
    });
    this.conn.on("agent", (a) => {
      this.agentName = a.name;
      if (a.name) this.robot = false;
      this.items = a.name ? withNote(this.items, "agent_joined", { name: a.name }) : withNote(this.items, "agent_left");
      this.changed();
    });
    this.conn.on("queue", (q) => {
      if (q.conversationId !== this.conversationId && this.conversationId) return;
      this.queue = q.position === null ? null : { position: q.position, estimatedWaitSeconds: q.estimatedWaitSeconds };
      if (this.queue) this.robot = false;
      this.changed();
    });
    this.conn.on("closed", (c) => {
      if (c.conversationId === this.conversationId) this.ended(c.conversationId);
    });
    this.conn.on("status", (s) => {
      this.online = s.status === "online";
      this.changed();
    });
    this.conn.on("read", (r) => {
      if (r.conversationId !== this.conversationId || r.seq <= this.readSeq) return;
      this.readSeq = r.seq;
      this.changed();
    });
    this.conn.on("error", (e) => this.refused(e));
    document.addEventListener("visibilitychange", () => this.noticed());
  }

  /** What the visitor knows of their message: sending, sent (stored), delivered (an agent has the conversation), read. */
  status(b: Bubble): "sending" | "sent" | "delivered" | "read" {
    if (b.pending || b.seq === undefined) return "sending";
    if (b.seq <= this.readSeq) return "read";
    return this.agentName ? "delivered" : "sent";
  }

  /** Sends an image or a file: uploaded first (a bubble shows it meanwhile), then as a message. */
  async sendFile(file: File, t: (key: string, params?: Params) => string): Promise<void> {
    const clientId = newClientId();
    this.error = null;
    this.items = withPending(this.items, clientId, "", { uploading: file.name });
    this.changed();
    try {
      const attachment = await uploadFile(this.ctx, file, t("file_too_large", { max: LIMITS.maxAttachmentBytes / 1024 / 1024 }));
      this.items = withUploaded(this.items, clientId, attachment);
      void this.conn.sendMessage("", undefined, clientId, attachment);
    } catch (e) {
      this.items = withoutClientId(this.items, clientId);
      this.error = { key: "upload_failed", params: { name: file.name, reason: (e as Error).message } };
    }
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the visitor's text; false (and an error to show) when it cannot go, so the input keeps it. */
  send(text: string): boolean {
    if (text.length > this.maxText) {
      this.error = { key: "error_too_long", params: { max: this.maxText } };
      this.changed();
      return false;
    }
    const clientId = newClientId();
    this.error = null;
    this.typing.stop();
    this.items = withPending(this.items, clientId, text);
    // The reply to an invitation (with no conversation yet, or the robot's): a person takes it.
    if (this.invitation) void this.conn.sendInvitedReply(text, clientId);
    else void this.conn.sendMessage(text, undefined, clientId);
    this.changed();
    return true;
  }

  /**
   * An agent invited the visitor to chat: their greeting shows as the agent's bubble (in place of
   * the robot's), and the visitor's reply goes to a person.
   */
  invited(invite: { agentName: string; greeting: string }): void {
    if (this.conversationId && !this.robot) return;
    this.invitation = invite.agentName;
    this.robot = false;
    this.items = withInvite(withoutGreeting(this.items), invite);
    this.changed();
  }

  /** Picks one of the robot's questions: it shows as the visitor's message, and the robot answers it. */
  pick(q: RobotQuestion): void {
    const clientId = newClientId();
    this.error = null;
    this.items = withPending(this.items, clientId, q.question);
    void this.conn.sendPick(q.key, q.question, clientId);
    this.changed();
  }

  /** Asks for a person: the robot hands the conversation over (or, with nobody online, offers the message form). */
  askForPerson(): void {
    this.askedForPerson = this.conn.send({ type: "handoff" });
    if (!this.askedForPerson) this.error = { key: "error_generic" };
    this.changed();
  }

  /** The visitor typed in the input. */
  typed(): void {
    this.typing.touch();
    if (this.error) {
      this.error = null;
      this.changed();
    }
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.noticed();
  }

  /** The window is open on a page the visitor is looking at. */
  private seen(): boolean {
    return this.visible && document.visibilityState !== "hidden";
  }

  /** The visitor may have looked: clear the badges and tell the agent what was read. */
  private noticed(): void {
    if (!this.seen()) return;
    if (this.unread) this.ctx.unread((this.unread = 0));
    titleBadge(0);
    this.markRead();
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.changed();
  }

  private refused(e: ErrorFrame): void {
    // Blocked (黑名单): the server closes the socket and the client does not reconnect; the widget goes.
    if (e.code === "blocked") return this.ctx.blocked?.();
    const bubble = e.clientId ? this.items.find((b) => !isNote(b) && b.clientId === e.clientId) : undefined;
    // Errors about frames other than messages (a typing notice over the rate) are not the visitor's concern.
    if (!bubble && e.code === "rate_limited") return;
    if (bubble && !isNote(bubble)) {
      this.items = withoutClientId(this.items, e.clientId!);
      this.onRefused?.(bubble.text);
    }
    this.askedForPerson = false;
    const key = e.code === "too_large" ? "error_too_long" : e.code === "rate_limited" ? "error_rate_limited" : e.code === "banned_word" ? "error_banned_word" : e.code === "outside_hours" ? "hours_closed" : "error_generic";
    this.error = { key, params: { max: this.maxText } };
    this.changed();
  }

  /**
   * The conversation ended (an agent closed it, or it went idle): the visitor is told, and their
   * next message starts a new conversation, whose seqs count from 1 again.
   */
  private ended(conversationId: string): void {
    this.conn.forget(conversationId);
    this.conversationId = null;
    this.queue = null;
    this.historyUpTo = 0;
    this.readUpTo = 0;
    this.readSeq = 0;
    this.agentName = null;
    // The robot serves the next conversation again, where it is on.
    this.robot = !!this.ctx.config.robot;
    this.askedForPerson = false;
    this.items = withNote(this.items, "conversation_ended");
    // The ended conversation can be rated (the rating card is a note of the list).
    if (this.ctx.config.features?.rating) this.items = withRatingRequest(this.items, conversationId);
    // Its transcript can be mailed where the site asks visitors for an email (the only address it goes to).
    if (this.ctx.config.features && this.ctx.config.features.preChat.email !== "off") this.items = withTranscriptOffer(this.items, conversationId);
    this.setAgentTyping(false);
    this.changed();
  }

  private setAgentTyping(typing: boolean): void {
    clearTimeout(this.agentTypingTimer);
    // A lost `typing:false` must not leave "typing…" on screen forever.
    if (typing) this.agentTypingTimer = setTimeout(() => this.setAgentTyping(false), AGENT_TYPING_TIMEOUT_MS);
    if (this.agentTyping === typing) return;
    this.agentTyping = typing;
    this.changed();
  }

  /** Tells the server what the visitor has seen, so the agent gets read receipts. */
  private markRead(): void {
    const seq = this.conversationId ? this.conn.lastSeqs[this.conversationId] ?? 0 : 0;
    if (!this.seen() || seq <= this.readUpTo) return;
    if (this.conn.send({ type: "read", seq })) this.readUpTo = seq;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
