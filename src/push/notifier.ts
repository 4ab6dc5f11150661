// What is worth waking an agent's phone for, and in which words: a conversation given to them, a
// visitor's message in one of theirs, a new lead, each only while no tab of theirs is on screen
// (an open workspace alerts by itself). Listens to the chat core's fan-out (src/chat/fanout.ts);
// everything it decides is queued for the sender, so the message path never waits for a push.
import { grants } from "../../common/permissions";
import { memberOf } from "../accounts/data-scope";
import { getUser } from "../accounts/users";
import type { AppContext } from "../http/app-context";
import { resolveLocale, t, type Locale } from "../i18n";
import type { ChatMessage, LeadSummary } from "../../common/protocol";
import type { Conversation } from "../chat/conversations";
import { PushSender, type PushPayload } from "./sender";
import { devicesOfUsers, usersWithDevices, type PushSubscriptionRow } from "./subscriptions";
import { vapidKeys } from "./vapid";
import { log } from "../log";

/** One alert per conversation and agent in this time: a visitor typing ten lines wakes the phone once. */
const MESSAGE_QUIET_MS = 20_000;
/** the quiet-time table's bound (oldest forgotten first) */
const MAX_QUIET_KEYS = 10_000;
const BODY_CHARS = 160;

const clip = (text: string) => (text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS)}…` : text);

/** Runs after the frame's handler has finished (its acks and fan-out sent), and never throws into it. */
function later(what: string, work: () => void): void {
  setTimeout(() => {
    try {
      work();
    } catch (e) {
      log.error("push alert failed", { what, error: e });
    }
  }, 0);
}

export class PushNotifier {
  readonly sender: PushSender;
  private quietUntil = new Map<string, number>();

  constructor(private app: AppContext, opts: { fetch?: typeof fetch } = {}) {
    const publicUrl = app.config.publicUrl;
    this.sender = new PushSender({
      db: app.db,
      keys: vapidKeys(app.db),
      // RFC 8292 §2.1: a contact for the push service; the install's https address when it has one.
      subject: publicUrl.startsWith("https://") ? publicUrl : "mailto:parley@localhost",
      fetch: opts.fetch,
      allowPrivate: app.config.pushAllowPrivate,
    });
  }

  /** The conversation went to an agent (new, requeued or transferred). */
  placed(c: Conversation): void {
    const agentId = c.agentId;
    if (!agentId || c.servedByRobot || this.app.chat.hasVisibleTab(agentId)) return;
    // Now, not later: the visitor's message that came with it falls in this alert's quiet time.
    this.quiet(`${agentId}:${c.id}`);
    later("placed", () => this.alertPlaced(c, agentId));
  }

  private alertPlaced(c: Conversation, agentId: string): void {
    const subs = devicesOfUsers(this.app.db, c.enterpriseId, [agentId]);
    if (subs.length === 0) return;
    const s = this.app.chat.summary(c);
    const said = s.lastMessage?.text ? clip(s.lastMessage.text) : "";
    this.send(subs, (lang) => ({
      title: t(lang, "push.newConversation", { visitor: s.visitor.name || s.visitor.displayId }),
      body: said ? `${s.siteName}: ${said}` : s.siteName,
      url: workspaceUrl(c.id),
      tag: c.id,
    }));
  }

  visitorMessage(c: Conversation, m: ChatMessage): void {
    const agentId = c.agentId;
    if (!agentId || m.internal || this.app.chat.hasVisibleTab(agentId)) return;
    if (!this.quiet(`${agentId}:${c.id}`)) return;
    later("message", () => this.alertMessage(c, m, agentId));
  }

  private alertMessage(c: Conversation, m: ChatMessage, agentId: string): void {
    const subs = devicesOfUsers(this.app.db, c.enterpriseId, [agentId]);
    if (subs.length === 0) return;
    const s = this.app.chat.summary(c);
    this.send(subs, (lang) => ({
      title: t(lang, "push.newMessage", { visitor: s.visitor.name || s.visitor.displayId }),
      body: m.text ? clip(m.text) : m.attachment ? t(lang, "push.file", { name: m.attachment.name }) : "",
      url: workspaceUrl(c.id),
      tag: c.id,
    }));
  }

  /** A new lead: everyone whose role reads leads, with no tab on screen. */
  lead(enterpriseId: string, lead: LeadSummary): void {
    later("lead", () => this.alertLead(enterpriseId, lead));
  }

  private alertLead(enterpriseId: string, lead: LeadSummary): void {
    const db = this.app.db;
    const users = usersWithDevices(db, enterpriseId).filter((id) => {
      if (this.app.chat.hasVisibleTab(id)) return false;
      const u = getUser(db, enterpriseId, id);
      return !!u && u.seatState === "active" && grants(memberOf(db, u).grant, "leads");
    });
    const subs = devicesOfUsers(db, enterpriseId, users);
    if (subs.length === 0) return;
    this.send(subs, (lang) => ({
      title: t(lang, "push.newLead", { site: lead.siteName }),
      body: clip([lead.name, lead.message].filter(Boolean).join(": ")),
      url: "/leads",
      tag: `lead-${lead.id}`,
    }));
  }

  /** Each device in its own language. */
  private send(subs: PushSubscriptionRow[], payload: (lang: Locale) => PushPayload): void {
    const byLang = new Map<Locale, PushSubscriptionRow[]>();
    for (const s of subs) {
      const lang = resolveLocale(s.lang, null);
      byLang.set(lang, [...(byLang.get(lang) ?? []), s]);
    }
    for (const [lang, list] of byLang) this.sender.enqueue(list, payload(lang));
  }

  /** False while the key is in its quiet time; otherwise starts it. */
  private quiet(key: string, now = Date.now()): boolean {
    if ((this.quietUntil.get(key) ?? 0) > now) return false;
    this.quietUntil.delete(key);
    this.quietUntil.set(key, now + MESSAGE_QUIET_MS);
    if (this.quietUntil.size > MAX_QUIET_KEYS) this.quietUntil.delete(this.quietUntil.keys().next().value!);
    return true;
  }
}

/** The page a tap on the notification opens: the workspace with that conversation. */
export const workspaceUrl = (conversationId: string) => `/workspace?c=${encodeURIComponent(conversationId)}`;

const notifiers = new WeakMap<AppContext, PushNotifier>();

/** Starts Web Push for a server: keys made or read now (first start), the chat core's listener set. */
export function installPush(app: AppContext, opts: { fetch?: typeof fetch } = {}): PushNotifier {
  const existing = notifiers.get(app);
  if (existing) return existing;
  const notifier = new PushNotifier(app, opts);
  notifiers.set(app, notifier);
  app.chat.setListener(notifier);
  return notifier;
}

export const pushNotifierOf = (app: AppContext): PushNotifier | undefined => notifiers.get(app);
