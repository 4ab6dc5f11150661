// Which mail server sends an enterprise's mail (docs/email.md): its own settings (Admin → Settings
// → Email), else — in platform mode — the platform's (the operator console), kept in the instance
// table. In company mode the one enterprise's settings are the install's. The password is kept to
// log in with and never shown back: forms say only whether one is set.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailSettings, instance } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { isMailAddress, type SmtpSettings } from "./smtp";

const PLATFORM_KEY = "email.smtp";

export interface EnterpriseEmail {
  /** its own server; null: none (platform mode: the platform's is used) */
  smtp: SmtpSettings | null;
  /** send each visitor who gave an email the transcript of their conversation when it ends */
  transcriptOnClose: boolean;
}

export interface SmtpForm {
  host: string;
  port: string;
  security: string;
  username: string;
  /** empty: keep the one stored */
  password: string;
  fromAddress: string;
  fromName: string;
}

/** Checks a form; `previous` supplies the password when the form leaves it empty (and the user name is unchanged). */
/**
 * The form as settings. A password left empty keeps the stored one only for the same server and
 * account (host, port, security, user name): whoever edits the form never sees the password, so
 * pointing a kept password at another server would hand it to that server. Otherwise it must be
 * typed again (422 email_password_again).
 */
export function parseSmtpForm(f: SmtpForm, previous?: Pick<SmtpSettings, "password" | "username" | "host" | "port" | "security"> | null): SmtpSettings {
  const host = f.host.trim();
  const port = Number(f.port);
  if (!host || host.length > 253 || !/^[a-z0-9.\-:[\]]+$/i.test(host)) throw new UserError("email_host", 422);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError("email_port", 422);
  if (f.security !== "tls" && f.security !== "starttls" && f.security !== "none") throw new UserError("email_security", 422);
  const fromAddress = f.fromAddress.trim();
  if (!isMailAddress(fromAddress)) throw new UserError("email_from", 422);
  const username = f.username.trim().slice(0, 254);
  const sameServer = !!previous && previous.host === host && previous.port === port && previous.security === f.security && previous.username === username;
  if (!f.password && username && previous?.password && !sameServer) throw new UserError("email_password_again", 422);
  const password = f.password ? f.password.slice(0, 1000) : sameServer ? previous!.password : "";
  return { host, port, security: f.security, username, password, fromAddress, fromName: f.fromName.trim().slice(0, 100) };
}

export function enterpriseEmail(db: Db, enterpriseId: string): EnterpriseEmail {
  const row = scoped(db, enterpriseId).select(emailSettings).get();
  if (!row) return { smtp: null, transcriptOnClose: false };
  const { host, port, security, username, password, fromAddress, fromName } = row;
  return { smtp: host ? { host, port, security, username, password, fromAddress, fromName } : null, transcriptOnClose: row.transcriptOnClose };
}

/** Stores the enterprise's own server (null: none, use the platform's) and its transcript choice. */
export function saveEnterpriseEmail(db: Db, enterpriseId: string, e: EnterpriseEmail, now = Date.now()): void {
  const smtp = e.smtp ?? { host: "", port: 25, security: "none" as const, username: "", password: "", fromAddress: "", fromName: "" };
  const set = { ...smtp, transcriptOnClose: e.transcriptOnClose, updatedAt: now };
  db.insert(emailSettings).values({ enterpriseId, ...set }).onConflictDoUpdate({ target: emailSettings.enterpriseId, set }).run();
}

export function platformSmtp(db: Db): SmtpSettings | null {
  const row = db.select().from(instance).where(eq(instance.key, PLATFORM_KEY)).get();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as SmtpSettings;
  } catch {
    return null;
  }
}

export function savePlatformSmtp(db: Db, s: SmtpSettings | null): void {
  if (!s) return void db.delete(instance).where(eq(instance.key, PLATFORM_KEY)).run();
  const value = JSON.stringify(s);
  db.insert(instance).values({ key: PLATFORM_KEY, value }).onConflictDoUpdate({ target: instance.key, set: { value } }).run();
}

/** The server that sends this enterprise's mail, or null when none is set up. */
export function smtpFor(db: Db, enterpriseId: string, mode: "company" | "platform"): SmtpSettings | null {
  return enterpriseEmail(db, enterpriseId).smtp ?? (mode === "platform" ? platformSmtp(db) : null);
}
