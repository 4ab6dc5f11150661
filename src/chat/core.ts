// What the rest of Parley may ask of the live chat core. Areas outside src/chat/ get this interface
// (AppContext.chat), never the core's parts (its store, router, flow, presence, fanout): they ask for
// an outcome ("hand this seat's conversations on", "post this API message") and the core keeps its
// own invariants — one seq per message, frames after commit, presence and routing in step.
import type { Clock } from "../clock";
import type { Member } from "../accounts/data-scope";
import type { User } from "../accounts/users";
import type { Site } from "../sites/sites";
import type { ConversationSummary, ServerFrame } from "../../common/protocol";
import type { TransferTargets } from "../../common/transfer-targets";
import type { Connection } from "./connection";
import type { FanoutListener } from "./fanout";
import type { Appended } from "./store";
import type { Conversation } from "./conversations";

/** How loaded a site is now: the message form is offered on it (src/leads/offer.ts). */
export interface SiteLoad {
  /** is any agent who serves the site available */
  siteOnline(site: Site): boolean;
  /** visitors waiting in the site's queue */
  queueLength(enterpriseId: string, siteId: string): number;
}

export interface ChatCore extends SiteLoad {
  /** what grace periods, rate limits and renewals measure time by (a test moves it forward) */
  readonly clock: Clock;

  // ---- conversations ----
  conversation(enterpriseId: string, id: string): Conversation | undefined;
  /** the visitor's open conversation, if any */
  openConversationOf(enterpriseId: string, visitorId: string): Conversation | undefined;
  summary(c: Conversation): ConversationSummary;
  /** may this person read this conversation (the one rule for sockets and HTTP) */
  canSee(user: Member, c: Conversation): boolean;
  /** the conversation `id` of the person's enterprise if they may read it; otherwise a 404 UserError (another scope's does not exist for them) */
  visibleTo(user: Member, id: string): Conversation;
  /** for reads only: what visibleTo gives, or what History lets the person read (module and data scope); otherwise a 404 UserError */
  readableTo(user: Member, id: string): Conversation;
  closeConversation(c: Conversation, reason: NonNullable<Conversation["closeReason"]>): void;
  transfer(from: User, c: Conversation, to: { agentId?: string; groupId?: string }, note?: string): void;
  /** posts a message written elsewhere (the REST API) as an agent, who takes a waiting conversation, or as the bot; sent to both sides unless it was a resend */
  post(c: Conversation, author: { agent: User } | { botName: string }, clientId: string, text: string): Appended;
  /** who the conversation could go to (the transfer dialog) */
  transferTargets(me: Member): TransferTargets;
  /** an agent takes a waiting conversation, or (a supervisor) another agent's */
  take(agent: User, c: Conversation): Conversation;

  // ---- people ----
  isVisitorOnline(visitorId: string): boolean;
  /** the agent has a workspace tab on screen (no push needed) */
  hasVisibleTab(agentId: string): boolean;
  presenceCounts(): { agents: number; visitors: number };
  /** the enterprise's agents online now (reports sample them) */
  availableAgents(enterpriseId: string): string[];
  /** an agent sent the visitor an invitation: the visitor's next conversation goes to them */
  noteInvitation(visitorId: string, agentId: string): void;
  robotActive(site: Site): boolean;

  // ---- seats and settings ----
  /** an admin raised a cap or changed groups: waiting visitors may be served now */
  capacityChanged(enterpriseId: string): void;
  /** the seat is no longer active (its sockets already closed): its open conversations go to someone else now */
  handOverConversationsOf(enterpriseId: string, agentId: string): void;
  /** seats lost their service (platform mode): offline now, their sockets told why, their conversations handed on */
  seatsLostService(enterpriseId: string, userIds: readonly string[]): void;
  closeAgentSockets(userId: string, code?: number, reason?: string): void;
  closeSessionSockets(userId: string, sessionId?: string, reason?: string): void;
  visitorBlocked(enterpriseId: string, visitorId: string): void;
  /** a frame to every connected agent of the enterprise (a new lead) */
  notifyAgents(enterpriseId: string, frame: ServerFrame): void;
  /** who hears about placed conversations, visitors' messages and leads besides the sockets (Web Push) */
  setListener(listener: FanoutListener): void;

  // ---- the socket layer's entry points (sockets.ts) and the server's start and stop ----
  /** the rate check as a frame arrives; false: refused */
  admit(conn: Connection, raw: unknown): boolean;
  /** a frame admit let through, inside the batch's transaction; never throws */
  handle(conn: Connection, raw: unknown): void;
  disconnect(conn: Connection): void;
  start(everyMs?: number): void;
  stop(): void;
}

