// Email confirmation at sign-up (issue 13, docs/platform.md): where the platform's mail server is
// set up and the operator turned confirmation on, a new admin confirms their address by a one-time
// link before reaching the console (until then every page is "check your mail", src/http/guard.ts).
// Only the link token's hash is stored; the link expires after a day; confirming deletes the row
// in one conditional write, so a link works once; a resend makes a new link (the old one dies) at
// most once a minute, the allowance taken by a conditional write before the mail is queued.
import type { Db } from "../db/client";
import { randomToken, sha256 } from "../db/ids";
import { queueMail } from "../email/outbox";
import { t, type Locale } from "../i18n";
import type { Mode } from "../config";
import { platformSettings } from "./settings";

export const CONFIRM_TTL_MS = 24 * 60 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const CONFIRM_PATH = "/signup/confirm";

export interface Confirmee {
  id: string;
  enterpriseId: string;
  email: string;
}

const linkOf = (origin: string, token: string) => `${origin}${CONFIRM_PATH}/${token}`;

function queueConfirmationMail(db: Db, who: Confirmee, lang: Locale, link: string, now: number): void {
  queueMail(db, who.enterpriseId, "confirm_email", { to: who.email, subject: t(lang, "platform.confirm.mail_subject"), text: t(lang, "platform.confirm.mail_body", { link, hours: CONFIRM_TTL_MS / 3_600_000 }) }, now);
}

/** Starts a confirmation (inside the sign-up's transaction): stores the link's hash and queues its mail through the outbox. */
export function requireConfirmation(db: Db, who: Confirmee, lang: Locale, origin: string, now = Date.now()): void {
  const token = randomToken(32);
  db.$client
    .query("insert into email_confirmations (user_id, enterprise_id, token_hash, lang, expires_at, sent_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?6)")
    .run(who.id, who.enterpriseId, sha256(token), lang, now + CONFIRM_TTL_MS, now);
  queueConfirmationMail(db, who, lang, linkOf(origin, token), now);
}

/** Must this user still confirm their email before reaching the console? Not once the operator turned confirmation off (or mail went away). */
export function mustConfirmEmail(db: Db, mode: Mode, userId: string): boolean {
  if (mode !== "platform") return false;
  return db.$client.query("select 1 from email_confirmations where user_id = ?1").get(userId) !== null && platformSettings(db).emailConfirmation;
}

/** Is this a live link (shown before the button that uses it, so that a mail scanner opening it uses nothing)? */
export function confirmationLinkLive(db: Db, token: string, now = Date.now()): boolean {
  return db.$client.query("select 1 from email_confirmations where token_hash = ?1 and expires_at > ?2").get(sha256(token), now) !== null;
}

/** Uses a link: deletes its confirmation when it is live, once. Returns whose address it confirmed, or null. */
export function confirmEmail(db: Db, token: string, now = Date.now()): { userId: string; enterpriseId: string } | null {
  return db.$client.query("delete from email_confirmations where token_hash = ?1 and expires_at > ?2 returning user_id as userId, enterprise_id as enterpriseId").get(sha256(token), now) as {
    userId: string;
    enterpriseId: string;
  } | null;
}

/**
 * Mails a new link (the previous one stops working). "wait" with the seconds left when the last
 * was sent less than RESEND_AFTER_MS ago; "none" when there is nothing to confirm.
 */
export function resendConfirmation(db: Db, who: Confirmee, origin: string, now = Date.now()): { result: "sent" } | { result: "wait"; seconds: number } | { result: "none" } {
  const token = randomToken(32);
  const taken = db.$client
    .query("update email_confirmations set token_hash = ?2, expires_at = ?3, sent_at = ?4 where user_id = ?1 and sent_at <= ?5 returning lang")
    .get(who.id, sha256(token), now + CONFIRM_TTL_MS, now, now - RESEND_AFTER_MS) as { lang: Locale } | null;
  if (taken) {
    queueConfirmationMail(db, who, taken.lang, linkOf(origin, token), now);
    return { result: "sent" };
  }
  const row = db.$client.query("select sent_at as sentAt from email_confirmations where user_id = ?1").get(who.id) as { sentAt: number } | null;
  if (!row) return { result: "none" };
  return { result: "wait", seconds: Math.max(1, Math.ceil((row.sentAt + RESEND_AFTER_MS - now) / 1000)) };
}
