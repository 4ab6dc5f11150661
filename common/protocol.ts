// The real-time protocol shared by the server, the widget and the workspace.
// docs/protocol.md is the prose version of this file; change both together.
// This module must stay free of imports: the widget bundles it.

export const PROTOCOL_VERSION = 1;

export const LIMITS = {
  /** characters in one message's text */
  maxTextLength: 4000,
  /** bytes in one frame; larger frames get `too_large` (Bun itself drops frames over maxPayload) */
  maxFrameBytes: 16 * 1024,
  maxPayloadBytes: 64 * 1024,
  /** token bucket per socket: sustained frames per second and burst */
  ratePerSecond: 10,
  rateBurst: 30,
  /**
   * frames refused in a row (over the rate) after which the socket is closed (floodClosed): a client
   * that keeps sending after its refusals is not answered frame by frame (a flood of 100,000
   * frames a second would otherwise keep the event loop busy answering it)
   */
  refusedBeforeClose: 100,
  /** client ids are opaque strings of this many characters at most */
  maxClientIdLength: 64,
  /** how often clients send `ping`; a client that hears nothing for 2 intervals reconnects */
  heartbeatMs: 25_000,
  /** bytes in one attachment (images and files, docs/widget.md) */
  maxAttachmentBytes: 10 * 1024 * 1024,
} as const;

/**
 * Close codes the server uses (docs/protocol.md, "Closes"). Clients reconnect after each (with
 * backoff) and resume from the highest seq they hold; after slowReader that is exactly where the
 * frames stopped: the server closes rather than skip a frame.
 */
export const CLOSE_CODES = {
  /** the reader fell too far behind (frames waiting for it over the server's backlog limit) */
  slowReader: 4008,
  /** agents: no valid session (also after sign-out, a disabled seat or a role change) */
  unauthorized: 4401,
  /** agents: the role does not grant the workspace */
  forbidden: 4403,
  /** no successful hello within the server's deadline (10 s by default) */
  helloTimeout: 4408,
  /** the frames of a turn could not be stored: nothing of theirs was; resend */
  notStored: 1011,
  /** visitors: blocked by the enterprise (黑名单); the client does not reconnect */
  blocked: 4451,
  /** the socket kept sending after LIMITS.refusedBeforeClose frames in a row were refused over the rate */
  flood: 4029,
} as const;

/** robot: the knowledge-base robot (F8), which serves a new conversation first on sites where it is on */
export type Sender = "visitor" | "agent" | "system" | "robot";
export type AgentStatus = "online" | "away" | "offline";

export interface PageInfo {
  url?: string;
  title?: string;
  referrer?: string;
}

// ---- client → server -------------------------------------------------------

/** First frame of every socket. Visitors name their site and id; agents are known by their cookie. */
export interface HelloVisitor {
  type: "hello";
  role: "visitor";
  site: string;
  visitorId: string;
  /** last seq the client holds of its current conversation; the server replays everything after it */
  lastSeq?: number;
  /** the conversation lastSeq belongs to; when it is no longer the open one, everything is replayed */
  conversationId?: string;
  page?: PageInfo;
  lang?: string;
}
export interface HelloAgent {
  type: "hello";
  role: "agent";
  /** conversationId → last seq the client holds; conversations not named are sent as snapshots */
  resume?: Record<string, number>;
}
export type Hello = HelloVisitor | HelloAgent;

export interface SendMessage {
  type: "message";
  clientId: string;
  /** required for agents; visitors write to their current conversation (created on first message) */
  conversationId?: string;
  /** may be empty when the message carries an attachment */
  text: string;
  /** a file uploaded first (POST /api/widget/uploads, or /api/conversations/:id/attachments for agents) */
  attachment?: { id: string };
  /** visitors, while the robot serves them: the key of a question they picked (its question is stored as their text) */
  pick?: string;
  /** agents: a note for other agents and supervisors (内部备注), stored as internal: never sent to the visitor */
  internal?: true;
  /** visitors: the reply to an agent's invitation to chat. An invitation is a person's: the
   * conversation goes to routing (a person), never to the robot */
  invited?: true;
}
export interface SendTyping {
  type: "typing";
  conversationId?: string;
  typing: boolean;
}
export interface SendRead {
  type: "read";
  conversationId?: string;
  seq: number;
}
export interface SetStatus {
  type: "status";
  status: AgentStatus;
}
export interface SendPage {
  type: "page";
  page: PageInfo;
}
export interface Ping {
  type: "ping";
}
/** agents: close a conversation they hold */
export interface CloseConversation {
  type: "close";
  conversationId: string;
}
/** agents: hand a conversation to another agent or to a group, with a note only agents see */
export interface TransferConversation {
  type: "transfer";
  conversationId: string;
  toAgentId?: string;
  toGroupId?: string;
  note?: string;
}
/** visitors, while the robot serves them: hand the conversation to a person (routing, as a new one) */
export interface RequestHandoff {
  type: "handoff";
}
/** agents: whether this tab is on screen; an agent with no tab on screen is alerted by Web Push (src/push/) */
export interface SetVisibility {
  type: "visibility";
  visible: boolean;
}
export type ClientFrame = Hello | SendMessage | SendTyping | SendRead | SetStatus | SendPage | Ping | CloseConversation | TransferConversation | RequestHandoff | SetVisibility;

// ---- server → client -------------------------------------------------------

/** A file a message carries; its bytes are fetched separately by those who may see the conversation. */
export interface Attachment {
  id: string;
  name: string;
  /** the type found in the file's content (image/png, application/pdf, …) */
  type: string;
  size: number;
}

export interface ChatMessage {
  type: "message";
  conversationId: string;
  id: number;
  seq: number;
  clientId: string | null;
  from: Sender;
  authorName: string | null;
  text: string;
  at: number;
  /** agents only: a note between agents (e.g. a transfer's), never shown to the visitor */
  internal?: boolean;
  attachment?: Attachment;
  /** from "robot": what the widget offers with the text (questions to pick, a person, the message form) */
  robot?: RobotCard;
  /** from "system": the line's catalogue key and parameters; `text` is it in the visitor's language,
   * and a client renders the key in its reader's (src/chat/system-lines.ts) */
  system?: SystemLine;
}

/** A system line as stored: a key of the widget catalogue (e.g. system_transferred) and its parameters. */
export interface SystemLine {
  key: string;
  params: Record<string, string | number>;
}

/** A question of the knowledge base, as a visitor picks it. */
export interface RobotQuestion {
  key: string;
  question: string;
}

/**
 * What a robot message offers besides its text (the text is plain: links in it are shown as links,
 * nothing else is markup). docs/robot.md "In the conversation".
 */
export interface RobotCard {
  /**
   * greeting: the most asked questions · answer: an entry's answer (`key`) and its related questions ·
   * unsure: no confident answer, the closest questions and a person · handoff: a person takes over ·
   * no_agent: nobody can take over now, the message form instead
   */
  kind: "greeting" | "answer" | "unsure" | "handoff" | "no_agent";
  /** the entry answered (kind answer) */
  key?: string;
  /** an LLM chose this entry (rerank) or wrote this answer from it in its own words (answer): marked in the transcript */
  llm?: "rerank" | "answer";
  /** questions the visitor can pick (send as `message` with `pick`) */
  questions: RobotQuestion[];
  /** offer a person (the `handoff` frame) */
  human: boolean;
  /** offer the leave-a-message form */
  leaveMessage: boolean;
}

export interface VisitorSummary {
  id: string;
  displayId: string;
  firstSeenAt: number;
  lastSeenAt: number;
  page: PageInfo;
  device: string;
  userAgent: string;
  online: boolean;
  /** from the widget's pre-chat form, when the visitor filled it in */
  name?: string;
  email?: string;
}

export interface ConversationSummary {
  id: string;
  siteId: string;
  siteName: string;
  status: "open" | "closed";
  closeReason: "agent" | "idle" | "visitor_left" | null;
  agentId: string | null;
  /** place in the site's queue while waiting for an agent (1 = next), else null */
  queuePosition: number | null;
  agentName: string | null;
  lastSeq: number;
  unread: number;
  /** `file`: the name of the file the message carried; `system`: a system line's key (shown in the reader's language) */
  lastMessage: { from: Sender; text: string; at: number; file?: string; system?: SystemLine } | null;
  createdAt: number;
  visitor: VisitorSummary;
  /** the robot serves it (no person yet): supervisors see it and may take it over */
  robot?: true;
}

export interface Welcome {
  type: "welcome";
  protocol: number;
  heartbeatMs: number;
  limits: { maxTextLength: number; ratePerSecond: number; rateBurst: number };
  /** visitors: their current open conversation, if any; `robot`: the robot serves it (no person yet) */
  conversation?: { id: string; lastSeq: number; agentName: string | null; readSeq?: number; robot?: boolean } | null;
  /** visitors without a conversation on a site where the robot is on: its greeting, stored as the
   * first message when the visitor first writes, picks or asks for a person */
  robotGreeting?: { text: string; robot: RobotCard };
  /** visitors without an open conversation: the ended one they were asked to rate and have not yet
   * (src/chat/rating.ts); the widget shows the rating again after a reload */
  rating?: { conversationId: string };
  /** agents: who they are and their status */
  /** agents: who they are and their status; `supervises` when their role's data scope (group or
   * enterprise) shows them others' conversations too, which they may read and take over */
  agent?: { id: string; name: string; status: AgentStatus; supervises?: boolean };
  /** agents: every conversation they may see that is open, as snapshots */
  conversations?: ConversationSummary[];
}

export interface Ack {
  type: "ack";
  clientId: string;
  conversationId: string;
  id: number;
  seq: number;
  at: number;
  /** true when this clientId was already stored: the ack repeats the first one */
  duplicate: boolean;
  /** the text as stored, when it is not what was sent (banned words masked: src/moderation) */
  text?: string;
}

export interface ConversationUpdate {
  type: "conversation";
  conversation: ConversationSummary;
}
export interface TypingNotice {
  type: "typing";
  conversationId: string;
  from: "visitor" | "agent";
  typing: boolean;
}
export interface StatusNotice {
  type: "status";
  status: AgentStatus;
}
/** visitors: an agent joined (or left: name null) */
export interface AgentNotice {
  type: "agent";
  conversationId: string;
  name: string | null;
}
export interface VisitorPresence {
  type: "visitor";
  visitor: VisitorSummary;
}
/** visitors: their place in the queue, sent whenever it changes (position null: no longer waiting) */
export interface QueueNotice {
  type: "queue";
  conversationId: string;
  position: number | null;
  estimatedWaitSeconds: number | null;
}
/** visitors: the conversation ended; their next message starts a new one */
export interface ClosedNotice {
  type: "closed";
  conversationId: string;
  reason: "agent" | "idle" | "visitor_left";
}
/** visitors: the agent has read their conversation up to `seq` */
export interface ReadNotice {
  type: "read";
  conversationId: string;
  seq: number;
}
export interface Pong {
  type: "pong";
  at: number;
}

export type ErrorCode =
  | "bad_json"
  | "bad_frame"
  | "unknown_type"
  | "hello_required"
  | "unauthorized"
  | "too_large"
  | "rate_limited"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "internal"
  /** the message contains a banned word and the enterprise refuses such messages (nothing was stored) */
  | "banned_word"
  /** visitors: this visitor is blocked (黑名单); the socket is closed with CLOSE_CODES.blocked */
  | "blocked"
  /** visitors: the site is outside its business hours; a new conversation is not started (the message form is) */
  | "outside_hours";

export interface ErrorFrame {
  type: "error";
  code: ErrorCode;
  reason: string;
  /** the clientId of the frame that caused it, when it had one */
  clientId?: string;
}

export type ServerFrame =
  | Welcome
  | Ack
  | ChatMessage
  | ConversationUpdate
  | TypingNotice
  | StatusNotice
  | AgentNotice
  | VisitorPresence
  | QueueNotice
  | ClosedNotice
  | ReadNotice
  | Pong
  | ErrorFrame
  | LeadNotice;

/** agents: a visitor left a message (a new lead in the public pool); see docs/leads.md */
export interface LeadNotice {
  type: "lead";
  lead: LeadSummary;
}
export interface LeadSummary {
  id: string;
  siteId: string;
  siteName: string;
  /** the hashed visitor id (as in VisitorSummary.id), when the form was sent from the widget */
  visitorId: string | null;
  name: string;
  /** the start of the message (≤ 200 characters) */
  message: string;
  createdAt: number;
}

// ---- the widget's configuration (GET /api/widget/config?site=KEY&lang=LANG) --------

export interface WidgetConfig {
  site: string;
  siteName: string;
  lang: "zh-CN" | "en";
  /** absolute ws:// or wss:// URL of the visitor socket */
  socketUrl: string;
  /** is any agent of the site available right now */
  online: boolean;
  /** the desktop look, and the phone's under `mobile` (pages at most 640 px wide); docs/widget.md */
  style: DeviceStyleView & { mobile: DeviceStyleView };
  /** images (absolute URLs) and the name agents go by; null: none set */
  brand: { logo: string | null; avatar: string | null; agentName: string | null };
  features: {
    preChat: { name: "off" | "optional" | "required"; email: "off" | "optional" | "required" };
    rating: boolean;
    attachments: boolean;
    /** the window's colours: auto follows the visitor's prefers-color-scheme; absent: auto */
    scheme?: "auto" | "light" | "dark";
  };
  /** widget strings of the chosen language, from the server's catalogue */
  strings: Record<string, string>;
  /** the leave-a-message form (留言), its fields in this language (docs/leads.md) */
  leaveMessage: { intro: string; fields: LeaveMessageField[] };
  /** show the message form instead of the chat (nobody online; src/leads/offer.ts decides) */
  offerLeaveMessage: boolean;
  /** the robot answers first on this site (then the message form is reached from its chat) */
  robot?: boolean;
  /** a site with business hours (工作时间, src/hours): open now, or when it opens next (null: no
   * opening within 400 days); outside them `online` is false and the message form is offered */
  hours?: { open: boolean; opensAt: number | null; timeZone: string };
}

export interface DeviceStyleView {
  button: "bottom" | "round" | "side";
  position: "right" | "left";
  window: "mini" | "side" | "standard";
  color: string;
  /** readable text colour on `color` */
  colorText: string;
  /** the launcher's text; empty: strings.launcher_label */
  label: string;
}

/** One field of the leave-a-message form; values are posted to /api/widget/leads under `key`. */
export interface LeaveMessageField {
  /** name | phone | email | wechat | message, or a custom field's key (c_…) */
  key: string;
  label: string;
  type: "text" | "textarea" | "email" | "tel";
  required: boolean;
  /** the most characters accepted */
  max: number;
}
