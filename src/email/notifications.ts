// What Parley mails (docs/email.md), queued in the transaction of the event that causes it
// (src/events record()) so the mail exists exactly when its cause does, then sent by the outbox:
// - a chat nobody answered (closed without an agent's message, not resolved by the robot): to its
//   agent, or when it never had one, to every agent who serves chats; each only if they want it;
// - a new lead: to everyone who may read leads and wants it;
// - the transcript of an ended conversation to its visitor, when they gave an email and the
//   enterprise sends transcripts (never internal notes).
// Nothing is queued while no mail server is set up for the enterprise.
import { and, eq } from "drizzle-orm";
import { grants, type Module } from "../../common/permissions";
import { grantOf } from "../accounts/roles";
import { listUsers, type User } from "../accounts/users";
import type { Db } from "../db/client";
import { emailPreferences, visitors } from "../db/schema";
import { scoped } from "../db/scope";
import { events } from "../events/hub";
import type { DomainEvent } from "../events/types";
import { DEFAULT_LOCALE, resolveLocale, t, type Locale } from "../i18n";
import { getSite } from "../sites/sites";
import { enterpriseEmail, smtpFor } from "./settings";
import { queueMail } from "./outbox";
import { isMailAddress } from "./smtp";

/** the most messages a transcript holds (the newest are dropped past it, and it says so) */
export const TRANSCRIPT_MAX = 500;

export interface Preferences {
  missedChats: boolean;
  newLeads: boolean;
  lang: Locale;
}

export function preferencesOf(db: Db, user: Pick<User, "id" | "enterpriseId">): Preferences {
  const row = scoped(db, user.enterpriseId).select(emailPreferences, eq(emailPreferences.userId, user.id)).get();
  return { missedChats: row?.missedChats ?? true, newLeads: row?.newLeads ?? true, lang: resolveLocale(row?.lang || DEFAULT_LOCALE, null) };
}

export function savePreferences(db: Db, user: Pick<User, "id" | "enterpriseId">, p: Preferences): void {
  const set = { missedChats: p.missedChats, newLeads: p.newLeads, lang: p.lang };
  db.insert(emailPreferences).values({ userId: user.id, enterpriseId: user.enterpriseId, ...set }).onConflictDoUpdate({ target: emailPreferences.userId, set }).run();
}

/** Active seats with an address whose role grants `module` and who want this kind of mail. */
function recipients(db: Db, enterpriseId: string, module: Module, wants: (p: Preferences) => boolean, only?: string | null): { user: User; prefs: Preferences }[] {
  return listUsers(db, enterpriseId)
    .filter((u) => (only ? u.id === only : true) && u.seatState === "active" && isMailAddress(u.email) && grants(grantOf(db, u), module))
    .map((user) => ({ user, prefs: preferencesOf(db, user) }))
    .filter((r) => wants(r.prefs));
}

/**
 * Queues the transcript of a conversation to its visitor's email (what they saw, never internal
 * notes; the first TRANSCRIPT_MAX messages), in their language. False when there is nothing to
 * send: no usable address, or no answer in it.
 */
export function queueTranscript(db: Db, enterpriseId: string, conversationId: string): boolean {
  const c = db.$client.query("select site_id as siteId, visitor_id as visitorId from conversations where enterprise_id = ?1 and id = ?2").get(enterpriseId, conversationId) as { siteId: string; visitorId: string } | null;
  if (!c) return false;
  const visitor = scoped(db, enterpriseId).select(visitors, and(eq(visitors.id, c.visitorId))).get();
  if (!visitor || !isMailAddress(visitor.email)) return false;
  const lines = db.$client
    .query("select sender, author_name as author, body, created_at as at from messages where enterprise_id = ?1 and conversation_id = ?2 and internal = 0 order by seq limit ?3")
    .all(enterpriseId, conversationId, TRANSCRIPT_MAX + 1) as { sender: string; author: string | null; body: string; at: number }[];
  if (!lines.some((l) => l.sender === "agent" || l.sender === "robot")) return false;
  const L = resolveLocale(visitor.lang, null);
  const site = getSite(db, enterpriseId, c.siteId);
  const who = (l: { sender: string; author: string | null }) => (l.sender === "visitor" ? t(L, "email.transcript.you") : l.sender === "agent" ? l.author || t(L, "email.transcript.agent") : l.sender === "robot" ? t(L, "email.transcript.robot") : "—");
  const body = lines
    .slice(0, TRANSCRIPT_MAX)
    .map((l) => `[${clock(l.at)}] ${who(l)}: ${l.body}`)
    .join("\n");
  queueMail(db, enterpriseId, "transcript", {
    to: visitor.email,
    subject: t(L, "email.transcript.subject", { site: site?.name ?? "" }),
    text: `${t(L, "email.transcript.intro", { site: site?.name ?? "" })}\n\n${body}${lines.length > TRANSCRIPT_MAX ? `\n\n${t(L, "email.transcript.truncated", { n: TRANSCRIPT_MAX })}` : ""}\n`,
  });
  return true;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function startEmailNotifications(db: Db, mode: "company" | "platform", publicUrl: () => string): () => void {
  const hub = events(db);
  const configured = (enterpriseId: string) => smtpFor(db, enterpriseId, mode) !== null;

  const missed = (e: DomainEvent<"conversation.closed">) => {
    const d = e.data;
    if (d.servedByRobot || !configured(e.enterpriseId)) return;
    const answered = db.$client.query("select 1 from messages where enterprise_id = ?1 and conversation_id = ?2 and sender = 'agent' and internal = 0 limit 1").get(e.enterpriseId, d.conversationId);
    if (answered) return;
    const site = getSite(db, e.enterpriseId, d.siteId);
    const visitor = scoped(db, e.enterpriseId).select(visitors, eq(visitors.id, d.visitorId)).get();
    const first = db.$client.query("select body from messages where enterprise_id = ?1 and conversation_id = ?2 and sender = 'visitor' order by seq limit 1").get(e.enterpriseId, d.conversationId) as { body: string } | null;
    for (const { user, prefs } of recipients(db, e.enterpriseId, "workspace", (p) => p.missedChats, d.agentId)) {
      const L = prefs.lang;
      queueMail(db, e.enterpriseId, "missed_chat", {
        to: user.email,
        subject: t(L, "email.missed.subject", { site: site?.name ?? "" }),
        text: t(L, "email.missed.body", {
          name: user.name,
          site: site?.name ?? "",
          visitor: visitor?.name || visitor?.email || t(L, "email.visitor"),
          started: clock(d.createdAt),
          ended: clock(d.at),
          first: (first?.body ?? "").slice(0, 500),
          link: `${publicUrl()}/history/${d.conversationId}`,
        }),
      });
    }
  };

  const transcript = (e: DomainEvent<"conversation.closed">) => {
    const d = e.data;
    if (!enterpriseEmail(db, e.enterpriseId).transcriptOnClose || !configured(e.enterpriseId)) return;
    queueTranscript(db, e.enterpriseId, d.conversationId);
  };

  const lead = (e: DomainEvent<"lead.created">) => {
    if (!configured(e.enterpriseId)) return;
    const d = e.data;
    const site = getSite(db, e.enterpriseId, d.siteId);
    for (const { user, prefs } of recipients(db, e.enterpriseId, "leads", (p) => p.newLeads)) {
      const L = prefs.lang;
      queueMail(db, e.enterpriseId, "new_lead", {
        to: user.email,
        subject: t(L, "email.lead.subject", { site: site?.name ?? "" }),
        text: t(L, "email.lead.body", {
          name: user.name,
          site: site?.name ?? "",
          fields: d.fields.map((f) => `${f.label}: ${f.value}`).join("\n"),
          page: d.pageUrl || "—",
          link: `${publicUrl()}/leads/${d.leadId}`,
        }),
      });
    }
  };

  // Mail is secondary: a failure to queue it must not undo the chat's write.
  const secondary = { secondary: "email notifications" };
  const stops = [hub.record("conversation.closed", missed, secondary), hub.record("conversation.closed", transcript, secondary), hub.record("lead.created", lead, secondary)];
  return () => stops.forEach((s) => s());
}
