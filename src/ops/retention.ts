// Retention (--retention-days / PARLEY_RETENTION_DAYS): closed conversations whose last message is
// older than N days are deleted with everything that hangs on them (messages, their search-index
// rows, system lines, robot cards and outcomes, attachments and their files, report facts), and so
// are uploads that never reached a conversation, and finished webhook deliveries and mail. It runs in the background: a pass at start-up and every hour,
// in small batches (one transaction each) with a turn of the event loop between them, so sockets are
// never held up for long. Open conversations are never touched, whatever their age.
import { rmSync } from "node:fs";
import type { Db } from "../db/client";
import { transaction } from "../db/transaction";
import { filePath } from "../files/store";
import { log } from "../log";
import { forgetConversations } from "../reports/record";
import { pruneDeliveries } from "../webhooks/deliveries";
import { pruneMail } from "../email/outbox";
import { DAY_MS } from "../../common/time";

export interface RetentionOptions {
  days: number;
  /** conversations per transaction */
  batch?: number;
  now?: () => number;
  /** checked before each batch: a stopping server ends the pass */
  stopped?: () => boolean;
}

export interface RetentionResult {
  conversations: number;
  messages: number;
  files: number;
  batches: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const marks = (n: number) => Array(n).fill("?").join(",");

/** Deletes one batch of one enterprise's expired conversations; returns what it deleted and the files to remove. */
function conversationBatch(db: Db, enterpriseId: string, cutoff: number, batch: number): { conversations: number; messages: number; stored: string[] } {
  const sqlite = db.$client;
  return transaction(db, () => {
    const ids = (
      sqlite.query("select id from conversations where enterprise_id = ? and last_message_at < ? and status = 'closed' limit ?").all(enterpriseId, cutoff, batch) as { id: string }[]
    ).map((r) => r.id);
    if (!ids.length) return { conversations: 0, messages: 0, stored: [] };
    const inConv = `enterprise_id = ? and conversation_id in (${marks(ids.length)})`;
    const messageIds = (sqlite.query(`select id from messages where ${inConv}`).all(enterpriseId, ...ids) as { id: number }[]).map((r) => r.id);
    for (let i = 0; i < messageIds.length; i += 500) {
      const chunk = messageIds.slice(i, i + 500);
      sqlite.query(`delete from message_search where rowid in (${marks(chunk.length)})`).run(...chunk);
      sqlite.query(`delete from system_lines where enterprise_id = ? and message_id in (${marks(chunk.length)})`).run(enterpriseId, ...chunk);
      sqlite.query(`delete from robot_cards where enterprise_id = ? and message_id in (${marks(chunk.length)})`).run(enterpriseId, ...chunk);
    }
    sqlite.query(`delete from messages where ${inConv}`).run(enterpriseId, ...ids);
    sqlite.query(`delete from robot_outcomes where ${inConv}`).run(enterpriseId, ...ids);
    const stored = (sqlite.query(`delete from attachments where ${inConv} returning stored`).all(enterpriseId, ...ids) as { stored: string }[]).map((r) => r.stored);
    sqlite.query(`delete from conversations where enterprise_id = ? and id in (${marks(ids.length)})`).run(enterpriseId, ...ids);
    forgetConversations(db, enterpriseId, ids);
    return { conversations: ids.length, messages: messageIds.length, stored };
  });
}

/** Uploads older than the cutoff that no message ever carried. */
function strayUploads(db: Db, enterpriseId: string, cutoff: number, batch: number): string[] {
  return (
    db.$client.query("delete from attachments where id in (select id from attachments where enterprise_id = ? and conversation_id is null and created_at < ? limit ?) returning stored").all(enterpriseId, cutoff, batch) as {
      stored: string;
    }[]
  ).map((r) => r.stored);
}

function removeFiles(dataDir: string, stored: string[]): number {
  let n = 0;
  for (const name of stored) {
    const path = filePath(dataDir, "attachments", name);
    if (!path) continue;
    rmSync(path, { force: true });
    n++;
  }
  return n;
}

/** One full pass: every enterprise, batch after batch, until nothing older than the cutoff is left. */
export async function retentionPass(db: Db, dataDir: string, opts: RetentionOptions): Promise<RetentionResult> {
  const result: RetentionResult = { conversations: 0, messages: 0, files: 0, batches: 0 };
  if (opts.days <= 0) return result;
  const batch = opts.batch ?? 200;
  const cutoff = (opts.now ?? Date.now)() - opts.days * DAY_MS;
  const enterpriseIds = (db.$client.query("select id from enterprises").all() as { id: string }[]).map((r) => r.id);
  for (const eid of enterpriseIds) {
    for (;;) {
      if (opts.stopped?.()) return result;
      const done = conversationBatch(db, eid, cutoff, batch);
      if (!done.conversations) break;
      result.batches++;
      result.conversations += done.conversations;
      result.messages += done.messages;
      result.files += removeFiles(dataDir, done.stored);
      await nextTurn();
    }
    // Webhook deliveries and mail carry what visitors wrote: finished ones past the cutoff go too.
    for (;;) {
      if (opts.stopped?.()) return result;
      const n = pruneDeliveries(db, eid, cutoff, batch) + pruneMail(db, eid, cutoff, batch);
      if (!n) break;
      result.batches++;
      await nextTurn();
    }
    for (;;) {
      if (opts.stopped?.()) return result;
      const stray = strayUploads(db, eid, cutoff, batch);
      if (!stray.length) break;
      result.batches++;
      result.files += removeFiles(dataDir, stray);
      await nextTurn();
    }
  }
  return result;
}

/** Starts the background passes; returns the function that stops them. Off when days is 0. */
export function startRetention(db: Db, dataDir: string, opts: RetentionOptions & { everyMs?: number; firstAfterMs?: number }): () => void {
  if (opts.days <= 0) return () => {};
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (stopped || running) return;
    running = retentionPass(db, dataDir, { ...opts, stopped: () => stopped })
      .then((r) => {
        if (r.conversations || r.files) log.info("retention: deleted expired data", { days: opts.days, ...r });
      })
      .catch((e) => {
        if (!stopped) log.error("retention pass failed", { error: e });
      })
      .finally(() => (running = null));
  };
  // The first pass a moment after start-up, not in the way of the first connections.
  const first = setTimeout(run, opts.firstAfterMs ?? 1000);
  const timer = setInterval(run, opts.everyMs ?? 3_600_000);
  (first as { unref?: () => void }).unref?.();
  (timer as { unref?: () => void }).unref?.();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
