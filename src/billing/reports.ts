// What the operator reads about money: recharges credited per day and channel (days in China's
// time, UTC+8, where the platform's customers and its bank are), and manual adjustments.
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { credit, spend, type Posted } from "./ledger";
import { parseYuan } from "./money";
import { operatorAudit, type OperatorActor } from "../platform/operator-audit";
import { transaction } from "../db/transaction";
import { randomToken } from "../db/ids";
import { formatFen } from "./money";
import { DAY_MS } from "../../common/time";

const CHINA_OFFSET_MS = 8 * 3600_000;
export const MAX_REPORT_DAYS = 366;

export interface DayTotal {
  day: string;
  wechat: number;
  alipay: number;
  bank: number;
}

/** The day (YYYY-MM-DD, China time) a moment falls on. */
export function chinaDay(at: number): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start of a China-time day as ms since the epoch, or NaN for a bad date. */
export function chinaDayStart(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const at = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day ? Number.NaN : at - CHINA_OFFSET_MS;
}

/** Credited recharges per China day and channel between two days (inclusive), newest first; at most a year. */
export function rechargeTotals(db: Db, fromDay: string, toDay: string): DayTotal[] {
  const from = chinaDayStart(fromDay);
  const to = chinaDayStart(toDay);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from || (to - from) / DAY_MS > MAX_REPORT_DAYS) throw new UserError("bad_request", 400, { reason: "dates" });
  const rows = db.$client
    .query(
      `select strftime('%Y-%m-%d', (decided_at + ${CHINA_OFFSET_MS}) / 1000, 'unixepoch') as day, channel, sum(amount) as total
       from recharge_orders where state = 'paid' and decided_at >= ? and decided_at < ? group by day, channel order by day desc`,
    )
    .all(from, to + DAY_MS) as { day: string; channel: "wechat" | "alipay" | "bank"; total: number }[];
  const byDay = new Map<string, DayTotal>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { day: r.day, wechat: 0, alipay: 0, bank: 0 };
    d[r.channel] = r.total;
    byDay.set(r.day, d);
  }
  return [...byDay.values()];
}

/** The form's one-time key (a double-submitted form adjusts once), or a new one when the form had none. */
const formKey = (key: unknown) => (typeof key === "string" && /^[a-z0-9]{16,40}$/.test(key) ? key : randomToken(16));

/**
 * An operator's manual adjustment (a goodwill credit, a correction): a ledger row of kind
 * adjustment with the reason as its memo, audited in the same transaction. A debit cannot take the
 * balance below zero.
 */
export function adjustBalance(db: Db, operator: OperatorActor & { id: string }, enterpriseId: string, input: { direction: unknown; amount: unknown; reason: unknown; key?: unknown }): Posted {
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (!reason) throw new UserError("reason_required");
  if (reason.length > 500) throw new UserError("reason_too_long", 400, { max: 500 });
  // Exactly one of the form's two values: anything else (a typo, a tampered form) was taken as a credit.
  if (input.direction !== "credit" && input.direction !== "debit") throw new UserError("adjust_direction");
  const amount = parseYuan(input.amount);
  if (amount <= 0) throw new UserError("invalid_amount");
  const debit = input.direction === "debit";
  return transaction(db, () => {
    const movement = { enterpriseId, kind: "adjustment" as const, amount, idempotencyKey: `adjust:${formKey(input.key)}`, actor: { type: "operator" as const, id: operator.id, name: operator.name }, memo: reason };
    const posted = debit ? spend(db, movement) : credit(db, movement);
    if (posted.replayed) return posted;
    operatorAudit(db, operator, "wallet.adjusted", { type: "wallet", id: enterpriseId, name: `${debit ? "-" : "+"}${formatFen(amount)}`, enterpriseId }, { amount: debit ? -amount : amount, reason, entryId: posted.entry.id });
    return posted;
  });
}
