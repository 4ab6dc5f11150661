// The wallet's ledger: every change of an enterprise's balance is one appended row, and the balance
// is the sum of the rows. This module is the only writer of `wallets` and `ledger_entries`.
//
// API (for recharge, seat billing and operator adjustments):
//
//   balanceOf(db, enterpriseId): number
//       the balance in fen (0 for an enterprise that never had a row).
//
//   credit(db, { enterpriseId, kind, amount, idempotencyKey, reference?, actor, memo?, now? })
//       adds `amount` fen (a positive integer) as a row of kind recharge | refund | adjustment.
//   spend(db, { enterpriseId, kind, amount, idempotencyKey, reference?, actor, memo?, now? })
//       takes `amount` fen (a positive integer) as a row of kind seat_charge | addon_charge |
//       adjustment; throws UserError("insufficient_balance", 402, { balance, amount (both "¥…"),
//       balanceFen, amountFen }) and writes
//       nothing when the balance does not cover it. The balance never goes below zero.
//     Both return { entry, replayed }. The idempotency key is unique per enterprise: when a row with
//     that key exists already, nothing is written and that row is returned with replayed = true
//     (seat billing uses "renew:<enterpriseId>:<period>", a recharge "recharge:<orderId>"). A
//     replayed key whose row differs in kind or amount is a bug in the caller:
//     UserError("ledger_key_conflict", 409).
//     Both run in one BEGIN IMMEDIATE transaction (or a savepoint of the caller's transaction, so
//     that a charge and what it pays for — an order marked paid, a seat's new expiry — commit or
//     roll back together). The spend is a conditional write (balance >= amount) on the wallet row,
//     so two spends racing on one balance never both pass, even from two processes.
//
//   entryByKey(db, enterpriseId, key), ledgerPage(db, enterpriseId, filter), ledgerRows(...) (CSV)
//   checkLedger(db): the first mismatch between the rows and the balances, or null (`parley billing check`).
//
// Amounts are integer fen (src/billing/money.ts). The database itself refuses an UPDATE or DELETE
// of a ledger row, and an inserted row whose balance_after is not the previous one's plus its
// amount or is negative (triggers in the migration), so a bug elsewhere cannot rewrite history.
import { and, asc, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { ledgerEntries, wallets } from "../db/schema";
import { scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { formatFen, isFen, MAX_AMOUNT_FEN } from "./money";
import { LEDGER_KINDS } from "./schema";
import { pageOf } from "../db/pages";

export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type LedgerEntry = typeof ledgerEntries.$inferSelect;

/** Who moved the money: an enterprise's user, an operator, the server itself (renewals), or a payment gateway's notification. */
export interface LedgerActor {
  type: "user" | "operator" | "system" | "gateway";
  id: string | null;
  name: string;
}

export interface Movement {
  enterpriseId: string;
  kind: LedgerKind;
  /** fen, a positive integer: credit adds it, spend takes it */
  amount: number;
  idempotencyKey: string;
  reference?: string;
  actor: LedgerActor;
  memo?: string;
  now?: number;
}

export interface Posted {
  entry: LedgerEntry;
  /** true when the key had been used: nothing was written this time */
  replayed: boolean;
}

const CREDIT_KINDS: ReadonlySet<LedgerKind> = new Set(["recharge", "refund", "adjustment"]);
const SPEND_KINDS: ReadonlySet<LedgerKind> = new Set(["seat_charge", "addon_charge", "adjustment"]);

export function balanceOf(db: Db, enterpriseId: string): number {
  return scoped(db, enterpriseId).select(wallets).get()?.balance ?? 0;
}

export function entryByKey(db: Db, enterpriseId: string, idempotencyKey: string): LedgerEntry | undefined {
  return scoped(db, enterpriseId).select(ledgerEntries, eq(ledgerEntries.idempotencyKey, idempotencyKey)).get();
}

export function credit(db: Db, m: Movement): Posted {
  if (!CREDIT_KINDS.has(m.kind)) throw new TypeError(`a credit cannot be of kind ${m.kind}`);
  return post(db, m, +1);
}

export function spend(db: Db, m: Movement): Posted {
  if (!SPEND_KINDS.has(m.kind)) throw new TypeError(`a spend cannot be of kind ${m.kind}`);
  return post(db, m, -1);
}

function post(db: Db, m: Movement, sign: 1 | -1): Posted {
  // Programming errors, not a person's input (that is parsed by money.ts before it gets here).
  if (!isFen(m.amount) || m.amount <= 0 || m.amount > MAX_AMOUNT_FEN) throw new TypeError(`ledger amount must be a positive whole number of fen up to ${MAX_AMOUNT_FEN}: ${m.amount}`);
  if (!m.idempotencyKey || m.idempotencyKey.length > 200) throw new TypeError("ledger movements need an idempotency key (at most 200 characters)");
  const amount = sign * m.amount;
  return transaction(
    db,
    () => {
      const existing = entryByKey(db, m.enterpriseId, m.idempotencyKey);
      if (existing) {
        if (existing.kind !== m.kind || existing.amount !== amount) throw new UserError("ledger_key_conflict", 409, { key: m.idempotencyKey });
        return { entry: existing, replayed: true };
      }
      const now = m.now ?? Date.now();
      const wallet = scoped(db, m.enterpriseId).select(wallets).get();
      const before = wallet?.balance ?? 0;
      const after = before + amount;
      if (after < 0) throw new UserError("insufficient_balance", 402, { balance: formatFen(before), amount: formatFen(m.amount), balanceFen: before, amountFen: m.amount });
      const entry = db
        .insert(ledgerEntries)
        .values({
          enterpriseId: m.enterpriseId,
          kind: m.kind,
          amount,
          balanceAfter: after,
          reference: m.reference ?? "",
          idempotencyKey: m.idempotencyKey,
          actorType: m.actor.type,
          actorId: m.actor.id,
          actorName: m.actor.name,
          memo: m.memo ?? "",
          at: now,
        })
        .returning()
        .get();
      // The wallet moves only from the balance read above (a conditional write): were anything to
      // have changed it in between, nothing would match and the whole movement rolls back.
      if (wallet) {
        const moved = scoped(db, m.enterpriseId)
          .update(wallets, { balance: after, lastEntryId: entry.id, updatedAt: now }, and(eq(wallets.balance, before), eq(wallets.lastEntryId, wallet.lastEntryId)))
          .returning({ id: wallets.enterpriseId })
          .all();
        if (moved.length !== 1) throw new Error("wallet changed during a ledger movement");
      } else {
        scoped(db, m.enterpriseId).insert(wallets, { balance: after, lastEntryId: entry.id, updatedAt: now }).run();
      }
      return { entry, replayed: false };
    },
    { immediate: true },
  );
}

export interface LedgerFilter {
  kind?: LedgerKind;
  /** ms since the epoch, inclusive */
  from?: number;
  /** ms since the epoch, exclusive */
  to?: number;
}

function filterWhere(f: LedgerFilter): SQL | undefined {
  return and(f.kind ? eq(ledgerEntries.kind, f.kind) : undefined, f.from !== undefined ? gte(ledgerEntries.at, f.from) : undefined, f.to !== undefined ? lt(ledgerEntries.at, f.to) : undefined);
}

export const LEDGER_PAGE_SIZE = 50;

/** One page of an enterprise's rows, newest first. */
export function ledgerPage(db: Db, enterpriseId: string, f: LedgerFilter & { page?: number } = {}): { entries: LedgerEntry[]; page: number; pages: number; total: number } {
  const where = filterWhere(f);
  const s = scoped(db, enterpriseId);
  const total = db.select({ n: count() }).from(ledgerEntries).where(and(eq(ledgerEntries.enterpriseId, enterpriseId), where)).get()?.n ?? 0;
  const { pages, page } = pageOf(total, LEDGER_PAGE_SIZE, f.page);
  const entries = s
    .select(ledgerEntries, where)
    .orderBy(desc(ledgerEntries.id))
    .limit(LEDGER_PAGE_SIZE)
    .offset((page - 1) * LEDGER_PAGE_SIZE)
    .all();
  return { entries, page, pages, total };
}

/** Every row matching the filter, oldest first, a batch at a time (the CSV export streams these). */
export function* ledgerRows(db: Db, enterpriseId: string, f: LedgerFilter = {}, batch = 500): Generator<LedgerEntry> {
  let after = 0;
  for (;;) {
    const rows = scoped(db, enterpriseId)
      .select(ledgerEntries, and(filterWhere(f), gteId(after)))
      .orderBy(asc(ledgerEntries.id))
      .limit(batch)
      .all();
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id + 1;
  }
}

const gteId = (id: number) => gte(ledgerEntries.id, id);

export interface LedgerMismatch {
  enterpriseId: string;
  /** the row where it went wrong, or null when the wallet disagrees with the last row */
  entryId: number | null;
  problem: "balance_after" | "negative" | "wallet" | "wallet_without_rows";
  expected: number;
  found: number;
}

/**
 * Walks every enterprise's rows in order: each balance_after must be the running sum, never below
 * zero, and the wallet's balance the sum of all. Returns the first mismatch, or null when all agree.
 * One enterprise at a time, so memory stays flat however long the ledger is.
 */
export function checkLedger(db: Db): LedgerMismatch | null {
  const sqlite = db.$client;
  const owners = sqlite.query("select enterprise_id as id from ledger_entries group by enterprise_id union select enterprise_id from wallets order by 1").all() as { id: string }[];
  const rowsOf = sqlite.query("select id, amount, balance_after from ledger_entries where enterprise_id = ? and id > ? order by id limit 1000");
  const walletOf = sqlite.query("select balance, last_entry_id from wallets where enterprise_id = ?");
  for (const { id: enterpriseId } of owners) {
    let sum = 0;
    let lastId = 0;
    let seen = 0;
    for (;;) {
      const rows = rowsOf.all(enterpriseId, lastId) as { id: number; amount: number; balance_after: number }[];
      for (const r of rows) {
        sum += r.amount;
        if (r.balance_after !== sum) return { enterpriseId, entryId: r.id, problem: "balance_after", expected: sum, found: r.balance_after };
        if (sum < 0) return { enterpriseId, entryId: r.id, problem: "negative", expected: 0, found: sum };
        lastId = r.id;
        seen++;
      }
      if (rows.length < 1000) break;
    }
    const wallet = walletOf.get(enterpriseId) as { balance: number; last_entry_id: number } | null;
    if (!wallet) return { enterpriseId, entryId: null, problem: "wallet", expected: sum, found: 0 };
    if (seen === 0) return { enterpriseId, entryId: null, problem: "wallet_without_rows", expected: 0, found: wallet.balance };
    if (wallet.balance !== sum || wallet.last_entry_id !== lastId) return { enterpriseId, entryId: lastId, problem: "wallet", expected: sum, found: wallet.balance };
  }
  return null;
}

/** The mismatch as one line for the terminal. */
export function describeMismatch(m: LedgerMismatch): string {
  const where = m.entryId === null ? "" : ` at ledger row ${m.entryId}`;
  const what = { balance_after: "balance_after is not the running sum of amounts", negative: "the balance went below zero", wallet: "the wallet's balance is not the sum of its ledger rows", wallet_without_rows: "a wallet has a balance but no ledger rows" }[m.problem];
  return `enterprise ${m.enterpriseId}${where}: ${what} (expected ${m.expected} fen, found ${m.found} fen)`;
}
