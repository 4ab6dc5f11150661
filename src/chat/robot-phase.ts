// The robot's part of a conversation (F8; docs/robot.md "In the conversation"). Where the robot is
// on for a site, a visitor's new conversation is served by the robot first: it is stored like any
// other (seqs, acks, replay after a reconnect) but is not routed, not queued and not shown to agents
// (conversations.served_by_robot, queued_at null). The robot greets with the most asked questions,
// answers typed and picked questions, and when the visitor asks for a person (the `handoff` frame,
// or 人工 / human as a whole message) routing places the conversation exactly like a new one; the
// agent who gets it reads the whole transcript, the robot's part included. With nobody to take
// over, the robot stays and offers the message form instead.
import type { ConversationStore } from "./conversations";
import { eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { conversations } from "../db/schema";
import { scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { resolveLocale, type Locale } from "../i18n";
import type { Router } from "../routing/router";
import { robotActive } from "../robot/allowed";
import { asksForPerson } from "../robot/human-request";
import { localeLanguage } from "../robot/language";
import { robotService, type AnswerView, type RobotService } from "../robot/service";
import { answerTurn, GREETING_QUESTIONS, greetingTurn, handoffTurn, noAgentTurn, replyTurn, unsureTurn, type RobotTurn } from "../robot/turns";
import { siteByKey, type Site } from "../sites/sites";
import type { ConversationFlow } from "./conversation-flow";
import type { Fanout } from "./fanout";
import { errorFrame } from "./frames";
import type { ChatMessage, RobotCard } from "../../common/protocol";
import { saveCard } from "./robot-cards";
import type { Connection } from "./connection";
import type { MessageStore } from "./store";
import type { Conversation } from "./conversations";
import type { Visitor } from "./visitors";

const localeOf = (visitor: Pick<Visitor, "lang"> | undefined): Locale => resolveLocale(visitor?.lang, null);

/** The robot stops serving the conversation (a hand-over, or a supervisor taking it over); inside the caller's transaction. */
export function endRobotPhase(db: Db, c: Pick<Conversation, "enterpriseId" | "id">): void {
  scoped(db, c.enterpriseId).update(conversations, { servedByRobot: false }, eq(conversations.id, c.id)).run();
}

export class RobotPhase {
  readonly service: RobotService;

  constructor(
    private db: Db,
    private store: MessageStore,
    private conversations: ConversationStore,
    private router: Router,
    private fanout: Fanout,
    private flow: ConversationFlow,
    /** the install's settings: its mode is read at each decision (it decides whether the robot may serve) */
    private config: Pick<Config, "mode">,
    /** the widget would offer the message form now (nobody available, or a long queue; src/leads/offer.ts) */
    private offerLeaveMessage: (site: Site) => boolean,
  ) {
    this.service = robotService(db);
  }

  /** Does the robot serve new conversations of this site (switched on, and allowed: robotActive)? */
  active(site: Site): boolean {
    return robotActive(this.config.mode, this.db, site);
  }

  /**
   * Does the robot answer this visitor now: their conversation is the robot's, or they have none
   * and the robot is on for the site. The site is the table's now, not the socket's copy from its
   * hello (the admin may have flipped the switch since); only here, so conversations with a person
   * cost no look.
   */
  serves(conn: Connection, current: Conversation | undefined): boolean {
    if (current && !current.servedByRobot) return false;
    // siteByKey's row is dropped whenever the sites table is written, so it is the table's now.
    const site = siteByKey(this.db, conn.site!.key);
    if (site?.id !== conn.site!.id) return false;
    conn.site = site;
    return this.active(site);
  }

  /** The greeting of a visitor who has no conversation yet (stored when they start one). */
  greeting(site: Site, visitor: Pick<Visitor, "lang">): RobotTurn {
    const locale = localeOf(visitor);
    return greetingTurn(locale, this.service.greeting(site.enterpriseId, GREETING_QUESTIONS, localeLanguage(locale)));
  }

  /** The welcome's part for a visitor without a conversation: the greeting, where the robot is on. */
  welcome(site: Site, visitor: Pick<Visitor, "lang">): { robotGreeting?: { text: string; robot: RobotCard } } {
    if (!this.active(site)) return {};
    const turn = this.greeting(site, visitor);
    return { robotGreeting: { text: turn.text, robot: turn.card } };
  }

  /** A picked question, if it is an enabled entry of the knowledge base. */
  question(enterpriseId: string, key: string): AnswerView | null {
    return this.service.entry(enterpriseId, key);
  }

  /**
   * Starts a visitor's conversation with the robot: not queued and not routed, with the greeting as
   * its first message. Runs inside the caller's transaction; the caller delivers the greeting after
   * the commit.
   */
  start(site: Site, visitor: Pick<Visitor, "id" | "lang">): { conversation: Conversation; greeting: ChatMessage } {
    const conversation = this.conversations.create(site.enterpriseId, site.id, visitor.id, true);
    return { conversation, greeting: this.keep(conversation, this.greeting(site, visitor)) };
  }

  /**
   * The robot's turn after the visitor's message `m` (stored): the picked question's answer (`pick`:
   * its key), the answer to a typed one, suggestions and a person, or the hand-over they asked for.
   */
  answer(conn: Connection, c: Conversation, m: ChatMessage, pick: string | undefined): void {
    const locale = localeOf(conn.visitor);
    const ref = { conversationId: c.id, siteId: c.siteId };
    if (pick !== undefined) {
      // Checked before the message was stored; switched off since, it is a question the robot cannot answer.
      const answer = this.service.pick(c.enterpriseId, { ...ref, key: pick });
      this.say(c, answer ? answerTurn(answer) : unsureTurn(locale));
    } else if (asksForPerson(m.text)) this.handOff(conn.site!, c, locale);
    // A file alone: the robot cannot read it, a person can.
    else if (!m.text.trim()) this.say(c, unsureTurn(locale));
    // With an LLM stage the reply comes later (bounded by its timeout); a person may have taken over meanwhile.
    else if (this.service.usesLlm(c.enterpriseId))
      void this.service.replyWithLlm(c.enterpriseId, { ...ref, text: m.text }).then((reply) => {
        // Still the robot's and still open: a closed conversation (a supervisor, the sweep, a block) takes no more messages.
        const now = this.conversations.get(c.enterpriseId, c.id);
        if (now?.servedByRobot && now.status === "open") this.say(c, replyTurn(locale, reply));
      });
    else this.say(c, replyTurn(locale, this.service.reply(c.enterpriseId, { ...ref, text: m.text })));
  }

  /** The visitor's `handoff` frame: the robot's conversation goes to a person (one is started if need be). */
  handoffFrame(conn: Connection): void {
    const site = conn.site!;
    const current = this.conversations.openForVisitor(site.enterpriseId, conn.visitor!.id);
    if (current && !current.servedByRobot) return conn.send(errorFrame("conflict", "a person already serves this conversation"));
    if (!this.serves(conn, current)) {
      // Switched off while it served this visitor: a person takes over all the same.
      if (current) this.handOverQuietly(current);
      else conn.send(errorFrame("conflict", "the robot does not serve this site"));
      return;
    }
    let c = current;
    if (!c) {
      const started = transaction(this.db, () => this.start(conn.site!, conn.visitor!));
      c = started.conversation;
      this.fanout.toVisitor(c, started.greeting);
    }
    this.handOff(conn.site!, c, localeOf(conn.visitor));
  }

  /** The robot was switched off while it served this conversation: a person takes over, without a word from the robot. */
  handOverQuietly(c: Conversation): Conversation {
    this.service.handOff(c.enterpriseId, { conversationId: c.id, siteId: c.siteId });
    return this.handOver(c);
  }

  /**
   * The visitor asked for a person. Nobody can take over and the message form is on: the robot
   * stays and offers the form. Otherwise routing places the conversation like a new one (with the
   * form offered too when the queue is long).
   */
  private handOff(site: Site, c: Conversation, locale: Locale): void {
    this.service.handOff(c.enterpriseId, { conversationId: c.id, siteId: c.siteId });
    const offer = this.offerLeaveMessage(site);
    // Outside business hours (src/hours) nobody takes over, whether or not the form is on: no queue.
    if ((offer || !this.router.siteOpen(site.enterpriseId, site.id)) && !this.router.siteHasAgents(site.enterpriseId, site.id)) {
      this.say(c, noAgentTurn(locale));
      return;
    }
    this.say(c, handoffTurn(locale, offer));
    this.handOver(c);
  }

  /** Routing places the conversation as a new one; the agent who gets it (or those who see it wait) and the visitor hear of it. */
  private handOver(c: Conversation): Conversation {
    const seenBefore = this.fanout.agentsWhoSee(c);
    const placed = transaction(this.db, () => {
      endRobotPhase(this.db, c);
      return this.router.place(this.conversations.get(c.enterpriseId, c.id)!);
    });
    this.flow.announcePlaced(placed, seenBefore);
    return placed;
  }

  /** Stores a robot message with its card (inside the caller's transaction, if any). */
  private keep(c: Conversation, turn: RobotTurn): ChatMessage {
    const { message } = this.store.append(c, { sender: "robot", authorId: null, authorName: null, clientId: null, text: turn.text });
    const m = { ...message, robot: turn.card };
    saveCard(this.db, m, c.enterpriseId);
    return m;
  }

  /** Stores a robot message and sends it to the visitor's tabs and to the supervisors who watch the conversation. */
  private say(c: Conversation, turn: RobotTurn): void {
    const m = transaction(this.db, () => this.keep(c, turn));
    this.fanout.toVisitor(c, m);
    this.fanout.toAgents(c, m);
  }
}
