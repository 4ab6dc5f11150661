// The email outbox (docs/email.md): mail is queued as a row (in the transaction of what caused it)
// and sent in the background, so a slow or broken mail server never holds up the chat. A failed
// send is retried after 1, 5, 15 and 60 minutes; after the fifth try, or at once when the server
// refuses the mail for good (5xx) or no server is set up, it is marked failed, with the reason,
// on the email settings page. A few mails go at once, a share of them per enterprise while
// another's wait (a firm's mail server that never answers cannot hold them all).
import type { Statement } from "bun:sqlite";
import { databaseClosed, type Db } from "../db/client";
import { afterCommit } from "../db/transaction";
import { smtpFor } from "./settings";
import { sendMail, SmtpError, type Mail, type SmtpSettings } from "./smtp";
import { log } from "../log";

export type MailKind = "missed_chat" | "new_lead" | "transcript" | "test" | "confirm_email";

/** minutes to wait after the 1st, 2nd, 3rd, 4th failed try */
export const RETRY_MINUTES = [1, 5, 15, 60];
export const MAX_TRIES = RETRY_MINUTES.length + 1;
export const MAX_IN_FLIGHT = 4;
/**
 * Of those, at most this many for one enterprise while another's mail is due: a mail server that
 * never answers holds a slot for the whole timeout (15 s, five tries a mail), and without a share one
 * firm's would hold them all, every other firm's mail (and the platform's) waiting behind its backlog.
 */
export const MAX_IN_FLIGHT_PER_ENTERPRISE = 2;
const POLL_MS = 5000;
/** sent and failed mail is kept this long (the settings page lists the latest), then deleted hourly */
export const KEEP_MAIL_MS = 90 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** sent and failed mail deleted per enterprise per prune (one poll apart while more are left) */
export const PRUNE_BATCH = 1000;

interface Row {
  id: number;
  enterprise_id: string;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
}

export interface OutboxView {
  id: number;
  kind: MailKind;
  toAddress: string;
  subject: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

const senders = new WeakMap<object, MailSender>();

/** Queues a mail (inside the caller's transaction, if any); the sender is woken once it is committed. */
export function queueMail(db: Db, enterpriseId: string, kind: MailKind, mail: Mail, now = Date.now()): void {
  db.$client
    .query("insert into email_outbox (enterprise_id, kind, to_address, subject, body, status, attempts, next_at, created_at) values (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?6)")
    .run(enterpriseId, kind, mail.to, mail.subject.slice(0, 300), mail.text, now);
  const sender = senders.get(db.$client);
  if (sender) afterCommit(db, () => sender.kick());
}

/** The enterprise's latest mail, newest first. */
export function recentMail(db: Db, enterpriseId: string, limit = 50): OutboxView[] {
  return db.$client
    .query(
      "select id, kind, to_address as toAddress, subject, status, attempts, next_at as nextAt, last_error as lastError, created_at as createdAt, sent_at as sentAt from email_outbox where enterprise_id = ?1 order by id desc limit ?2",
    )
    .all(enterpriseId, limit) as OutboxView[];
}

export class MailSender {
  /** mail being sent, by id */
  private inFlight = new Map<number, Row>();
  private scheduled = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private due: Statement;
  private settledWaiters = new Set<() => void>();
  private lastPrune = 0;
  now: () => number = Date.now;

  constructor(
    private db: Db,
    /** the install's mode, read at each send (a test switches a started server to platform mode) */
    private mode: "company" | "platform" | (() => "company" | "platform"),
    /** how a mail is sent (tests may count or fail) */
    private send: (settings: SmtpSettings, mail: Mail) => Promise<void> = (s, m) => sendMail(s, m),
  ) {
    // Oldest due first, leaving out the enterprises whose share of the slots is taken (JSON array ?3).
    this.due = db.$client.prepare(
      "select id, enterprise_id, to_address, subject, body, attempts from email_outbox where status = 'pending' and next_at <= ?1 and enterprise_id not in (select value from json_each(?3)) order by next_at, id limit ?2",
    );
  }

  start(): this {
    senders.set(this.db.$client, this);
    this.timer = setInterval(() => this.poll(), POLL_MS);
    (this.timer as { unref?: () => void }).unref?.();
    this.kick();
    return this;
  }

  /** What each POLL_MS does: look for due work, and prune when it is time (tests call it instead of waiting). */
  poll(): void {
    this.kick();
    if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (senders.get(this.db.$client) === this) senders.delete(this.db.$client);
  }

  /**
   * Deletes sent and failed mail older than KEEP_MAIL_MS, a batch per enterprise per call. When a
   * batch was full, the next poll continues (not the next hour: the table would grow without end
   * for an enterprise sending more than a batch an hour).
   */
  prune(): void {
    this.lastPrune = this.now();
    try {
      let full = false;
      for (const { id } of this.db.$client.query("select id from enterprises").all() as { id: string }[]) if (pruneMail(this.db, id, this.now() - KEEP_MAIL_MS, PRUNE_BATCH) === PRUNE_BATCH) full = true;
      if (full) this.lastPrune = this.now() - PRUNE_EVERY_MS;
    } catch (e) {
      if (databaseClosed(e)) return this.stop();
      log.error("pruning mail failed", { error: e });
    }
  }

  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Resolves once nothing is being sent and nothing is due (tests). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.inFlight.size === 0 && !this.scheduled && this.dueRows(1).length === 0) {
          this.settledWaiters.delete(check);
          resolve();
        }
      };
      this.settledWaiters.add(check);
      this.kick();
    });
  }

  private dueRows(limit: number, fullEnterprises: string[] = []): Row[] {
    try {
      return (this.due.all(this.now(), limit + this.inFlight.size, JSON.stringify(fullEnterprises)) as Row[]).filter((r) => !this.inFlight.has(r.id)).slice(0, limit);
    } catch (e) {
      if (databaseClosed(e)) this.stop();
      return [];
    }
  }

  private pump(): void {
    if (this.stopped) return;
    const perEnterprise = new Map<string, number>();
    for (const row of this.inFlight.values()) perEnterprise.set(row.enterprise_id, (perEnterprise.get(row.enterprise_id) ?? 0) + 1);
    const full = () => [...perEnterprise].filter(([, n]) => n >= MAX_IN_FLIGHT_PER_ENTERPRISE).map(([k]) => k);
    // First every enterprise within its share (looking again, leaving out what filled, while slots are
    // left); then, slots still left, past it: nobody else's mail is due.
    for (const shared of [true, false]) {
      let again = this.inFlight.size < MAX_IN_FLIGHT && (shared || full().length > 0);
      for (let looks = 0; again && looks < MAX_IN_FLIGHT && !this.stopped; looks++) {
        again = false;
        for (const row of this.dueRows(MAX_IN_FLIGHT - this.inFlight.size, shared ? full() : [])) {
          if (this.inFlight.size >= MAX_IN_FLIGHT) break;
          if (shared && (perEnterprise.get(row.enterprise_id) ?? 0) >= MAX_IN_FLIGHT_PER_ENTERPRISE) {
            again = true;
            continue;
          }
          perEnterprise.set(row.enterprise_id, (perEnterprise.get(row.enterprise_id) ?? 0) + 1);
          this.inFlight.set(row.id, row);
          void this.deliver(row)
            .catch((e) => log.error("sending mail failed", { error: e }))
            .finally(() => {
              this.inFlight.delete(row.id);
              this.kick();
            });
        }
        if (this.inFlight.size >= MAX_IN_FLIGHT) again = false;
      }
    }
    for (const check of [...this.settledWaiters]) check();
  }

  private async deliver(row: Row): Promise<void> {
    let error: string | null = null;
    let permanent = false;
    const settings = smtpFor(this.db, row.enterprise_id, typeof this.mode === "function" ? this.mode() : this.mode);
    if (!settings) {
      error = "no mail server is set up";
      permanent = true;
    } else {
      try {
        await this.send(settings, { to: row.to_address, subject: row.subject, text: row.body });
      } catch (e) {
        error = String((e as Error)?.message ?? e).slice(0, 500);
        permanent = e instanceof SmtpError && e.code !== null && e.code >= 500;
      }
    }
    if (this.stopped) return;
    const now = this.now();
    const attempts = row.attempts + 1;
    try {
      if (!error) this.db.$client.query("update email_outbox set status = 'sent', attempts = ?2, sent_at = ?3, last_error = null where id = ?1").run(row.id, attempts, now);
      else {
        const failed = permanent || attempts >= MAX_TRIES;
        const next = now + (RETRY_MINUTES[attempts - 1] ?? 60) * 60_000;
        this.db.$client.query("update email_outbox set status = ?2, attempts = ?3, next_at = ?4, last_error = ?5 where id = ?1").run(row.id, failed ? "failed" : "pending", attempts, failed ? now : next, error);
      }
    } catch (e) {
      if (databaseClosed(e)) return this.stop();
      // Not recorded (the database busy past its timeout): it stays pending and is sent again.
      log.error("recording a mail's result failed", { error: e });
    }
  }
}

export const mailSenderOf = (db: Db): MailSender | undefined => senders.get(db.$client);

/** Deletes up to `batch` of the enterprise's sent or failed mail queued before `cutoff` (transcripts hold what visitors wrote). */
export function pruneMail(db: Db, enterpriseId: string, cutoff: number, batch = 500): number {
  return db.$client
    .query("delete from email_outbox where id in (select id from email_outbox where enterprise_id = ?1 and status != 'pending' and created_at < ?2 limit ?3)")
    .run(enterpriseId, cutoff, batch).changes;
}
