// Recharges (账户充值, F14): a verified enterprise's orders to add money to its balance, by bank
// transfer (对公转账: the admin records it, an operator approves or rejects it) or by a payment
// gateway (WeChat Pay, Alipay: src/billing/gateways.ts). Whatever the channel, an order is credited
// by `settleOrder`, once: the order moves pending → paid by a conditional write and the ledger row
// is written in the same transaction, with the order's id in its idempotency key.
import { unlinkSync } from "node:fs";
import { and, asc, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { enterprises, platformAccounts, rechargeOrders } from "../db/schema";
import { scoped } from "../db/scope";
import { newId, randomToken } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { audit } from "../accounts/audit";
import type { Member } from "../accounts/data-scope";
import { checkUpload } from "../files/sniff";
import { filePath, readStored, storeFile } from "../files/store";
import { operatorAudit, type OperatorActor } from "../platform/operator-audit";
import { standingOf } from "../platform/standing";
import { credit, type LedgerActor } from "./ledger";
import { formatFen, parseYuan } from "./money";
import { billingSettings } from "./settings";
import { RECHARGE_CHANNELS } from "./schema";
import { pageOf } from "../db/pages";
import { trimmed } from "../http/request";
import { DAY_MS } from "../../common/time";

export type RechargeOrder = typeof rechargeOrders.$inferSelect;
export type Channel = (typeof RECHARGE_CHANNELS)[number];

/** A transfer receipt (a scan or a photo): at most 5 MiB. */
export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;
/** An enterprise may have this many recharges waiting at once (each waits for an operator or a payer). */
export const MAX_PENDING = 5;
export const REASON_MAX = 500;


/** Why this enterprise may not recharge now (not platform mode, not verified, suspended), or null. */
export function rechargeRefusal(app: AppContext, enterpriseId: string): UserError | null {
  if (app.config.mode !== "platform") return new UserError("not_found", 404);
  const s = standingOf(app.db, enterpriseId);
  if (s.suspended) return new UserError("enterprise_suspended", 403, { reason: s.suspendReason });
  if (s.state !== "verified") return new UserError("recharge_not_verified", 403);
  return null;
}

/** The amount a person typed, in fen, at least the operator's minimum. */
export function rechargeAmount(db: Db, input: unknown): number {
  const fen = parseYuan(input);
  const min = billingSettings(db).minRechargeFen;
  if (fen < min) throw new UserError("recharge_below_minimum", 400, { min: formatFen(min) });
  return fen;
}

/** Refuses a new order while the enterprise already has MAX_PENDING waiting (counted inside the write). */
function checkPendingRoom(db: Db, enterpriseId: string): void {
  const n = db.select({ n: count() }).from(rechargeOrders).where(and(eq(rechargeOrders.enterpriseId, enterpriseId), eq(rechargeOrders.state, "pending"))).get()?.n ?? 0;
  if (n >= MAX_PENDING) throw new UserError("recharge_too_many_pending", 429, { max: MAX_PENDING });
}

/** A short code printed on the receipt and the operator's queue: unique, easy to read out. */
const referenceCode = () => `R${randomToken(8).toUpperCase()}`;

/** YYYY-MM-DD, a real date, within the last year and not after tomorrow (China is ahead of UTC). */
function transferDate(input: unknown, now: number): string {
  const s = trimmed(input);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const at = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(at).toISOString().slice(0, 10) !== s || at > now + DAY_MS || at < now - 366 * DAY_MS) throw new UserError("invalid_transfer_date");
  return s;
}

async function checkedReceipt(file: unknown): Promise<{ bytes: Uint8Array; name: string; type: string } | null> {
  if (!(file instanceof Blob) || file.size === 0) return null;
  const max = { max: RECEIPT_MAX_BYTES / 1024 / 1024 };
  if (file.size > RECEIPT_MAX_BYTES) throw new UserError("upload_too_large", 413, max);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkUpload(bytes, file instanceof File ? file.name : "", RECEIPT_MAX_BYTES, (k) => k.image || k.type === "application/pdf");
  if (!checked.ok) {
    if (checked.why === "bad_type") throw new UserError("receipt_bad_type", 415);
    throw new UserError(`upload_${checked.why}`, checked.why === "too_large" ? 413 : 415, max);
  }
  return { bytes, name: checked.name, type: checked.kind.type };
}

export interface BankTransferInput {
  amount: unknown;
  payer: unknown;
  date: unknown;
  receipt?: unknown;
}

/** A new pending order of any channel; `extra` holds what only its channel has (a transfer's payer and receipt). */
function newOrder(admin: Pick<Member, "id" | "name" | "enterpriseId">, channel: RechargeOrder["channel"], amount: number, now: number, extra: Partial<RechargeOrder> = {}): RechargeOrder {
  return {
    // out_trade_no: 6–32 characters of letters, digits, _ - | * (WeChat), at most 64 (Alipay)
    id: newId("rch"),
    enterpriseId: admin.enterpriseId,
    channel,
    amount,
    state: "pending",
    referenceCode: referenceCode(),
    payer: "",
    transferDate: "",
    receiptStored: null,
    receiptName: "",
    receiptType: "",
    codeUrl: "",
    gatewayTradeNo: "",
    reason: "",
    createdById: admin.id,
    createdByName: admin.name,
    reviewerId: null,
    reviewerName: "",
    ledgerEntryId: null,
    createdAt: now,
    decidedAt: null,
    checkedAt: null,
    ...extra,
  };
}

/** The admin records a bank transfer they made; it waits for an operator (seed FAQ 8). */
export async function recordBankTransfer(app: AppContext, admin: Pick<Member, "id" | "name" | "enterpriseId">, input: BankTransferInput, now = Date.now()): Promise<RechargeOrder> {
  const db = app.db;
  const eid = admin.enterpriseId;
  const refused = rechargeRefusal(app, eid);
  if (refused) throw refused;
  const amount = rechargeAmount(db, input.amount);
  const payer = trimmed(input.payer);
  if (!payer || payer.length > 120) throw new UserError("invalid_payer");
  const date = transferDate(input.date, now);
  const receipt = await checkedReceipt(input.receipt);
  const stored = receipt ? await storeFile(app.config.dataDir, "attachments", receipt.bytes) : null;
  try {
    return transaction(db, () => {
      checkPendingRoom(db, eid);
      const row = newOrder(admin, "bank", amount, now, {
        payer,
        transferDate: date,
        receiptStored: stored,
        receiptName: receipt?.name ?? "",
        receiptType: receipt?.type ?? "",
      });
      scoped(db, eid).insert(rechargeOrders, row).run();
      audit(db, { id: admin.id, name: admin.name, enterpriseId: eid }, "recharge.recorded", { type: "recharge", id: row.id, name: row.referenceCode }, { channel: "bank", amount, payer, date });
      return row;
    });
  } catch (e) {
    const path = stored && filePath(app.config.dataDir, "attachments", stored);
    if (path) unlinkSync(path);
    throw e;
  }
}

/** A gateway order, written before the gateway is asked (so that a crash after its answer loses nothing). */
export function createGatewayOrder(app: AppContext, admin: Pick<Member, "id" | "name" | "enterpriseId">, channel: "wechat" | "alipay", amountInput: unknown, now = Date.now()): RechargeOrder {
  const db = app.db;
  const eid = admin.enterpriseId;
  const refused = rechargeRefusal(app, eid);
  if (refused) throw refused;
  const amount = rechargeAmount(db, amountInput);
  return transaction(db, () => {
    checkPendingRoom(db, eid);
    const row = newOrder(admin, channel, amount, now);
    scoped(db, eid).insert(rechargeOrders, row).run();
    audit(db, { id: admin.id, name: admin.name, enterpriseId: eid }, "recharge.created", { type: "recharge", id: row.id, name: row.referenceCode }, { channel, amount });
    return row;
  });
}

export function setCodeUrl(db: Db, order: RechargeOrder, codeUrl: string): void {
  scoped(db, order.enterpriseId).update(rechargeOrders, { codeUrl }, eq(rechargeOrders.id, order.id)).run();
}

/** A gateway order the gateway never took (its answer was an error): closed, so it waits for nothing. */
export function closeOrder(db: Db, order: RechargeOrder, reason: string, now = Date.now()): void {
  scoped(db, order.enterpriseId)
    .update(rechargeOrders, { state: "closed", reason: reason.slice(0, REASON_MAX), decidedAt: now }, and(eq(rechargeOrders.id, order.id), eq(rechargeOrders.state, "pending")))
    .run();
}

export function orderById(db: Db, id: string): RechargeOrder | undefined {
  return db.select().from(rechargeOrders).where(eq(rechargeOrders.id, id)).get();
}

export function ownOrder(db: Db, enterpriseId: string, id: string): RechargeOrder | undefined {
  return scoped(db, enterpriseId).select(rechargeOrders, eq(rechargeOrders.id, id)).get();
}

/**
 * Credits a pending order, exactly once: the order moves pending → paid (a conditional write) and
 * the ledger row is written in the same transaction. Returns the order and whether this call
 * credited it (false: it was paid already, a replayed notification or a second approval).
 * Refuses (UserError) an order that was rejected or closed.
 */
export function settleOrder(db: Db, orderId: string, by: { actor: LedgerActor; gatewayTradeNo?: string; reviewer?: { id: string; name: string } }, now = Date.now()): { order: RechargeOrder; credited: boolean } {
  return transaction(
    db,
    () => {
      const order = orderById(db, orderId);
      if (!order) throw new UserError("not_found", 404);
      const moved = scoped(db, order.enterpriseId)
        .update(
          rechargeOrders,
          { state: "paid", decidedAt: now, gatewayTradeNo: by.gatewayTradeNo ?? order.gatewayTradeNo, reviewerId: by.reviewer?.id ?? null, reviewerName: by.reviewer?.name ?? "" },
          and(eq(rechargeOrders.id, orderId), eq(rechargeOrders.state, "pending")),
        )
        .returning({ id: rechargeOrders.id })
        .all();
      if (moved.length !== 1) {
        if (order.state === "paid") return { order, credited: false };
        throw new UserError("recharge_decided", 409);
      }
      const { entry } = credit(db, { enterpriseId: order.enterpriseId, kind: "recharge", amount: order.amount, idempotencyKey: `recharge:${order.id}`, reference: order.id, actor: by.actor, memo: order.channel, now });
      scoped(db, order.enterpriseId).update(rechargeOrders, { ledgerEntryId: entry.id }, eq(rechargeOrders.id, orderId)).run();
      audit(db, { id: null, name: by.actor.name, enterpriseId: order.enterpriseId }, "recharge.paid", { type: "recharge", id: order.id, name: order.referenceCode }, { channel: order.channel, amount: order.amount, gatewayTradeNo: by.gatewayTradeNo ?? "" });
      return { order: orderById(db, orderId)!, credited: true };
    },
    { immediate: true },
  );
}

/** The operator's decision on a recorded bank transfer: approve (credit) or reject with a reason. Decided once. */
export function decideTransfer(db: Db, operator: OperatorActor & { id: string }, id: string, decision: "approve" | "reject", rawReason: unknown, now = Date.now()): { order: RechargeOrder; credited: boolean } {
  const reason = trimmed(rawReason);
  if (decision === "reject" && !reason) throw new UserError("reason_required");
  if (reason.length > REASON_MAX) throw new UserError("reason_too_long", 400, { max: REASON_MAX });
  const order = orderById(db, id);
  if (!order || order.channel !== "bank") throw new UserError("not_found", 404);
  return transaction(
    db,
    () => {
      const target = { type: "recharge", id, name: `${order.referenceCode} ${formatFen(order.amount)}`, enterpriseId: order.enterpriseId };
      if (decision === "approve") {
        const result = settleOrder(db, id, { actor: { type: "operator", id: operator.id, name: operator.name }, reviewer: operator }, now);
        // A second approval changes nothing and is not logged as a decision.
        if (result.credited) operatorAudit(db, operator, "recharge.approved", target, { amount: order.amount, payer: order.payer, date: order.transferDate });
        return result;
      }
      const done = scoped(db, order.enterpriseId)
        .update(rechargeOrders, { state: "rejected", reason, reviewerId: operator.id, reviewerName: operator.name, decidedAt: now }, and(eq(rechargeOrders.id, id), eq(rechargeOrders.state, "pending")))
        .returning({ id: rechargeOrders.id })
        .all();
      if (done.length !== 1) throw new UserError("recharge_decided", 409);
      audit(db, { id: null, name: `operator ${operator.name}`, enterpriseId: order.enterpriseId }, "recharge.rejected", { type: "recharge", id, name: order.referenceCode }, { reason });
      operatorAudit(db, operator, "recharge.rejected", target, { reason, amount: order.amount });
      return { order: orderById(db, id)!, credited: false };
    },
    { immediate: true },
  );
}

export const ORDERS_PAGE_SIZE = 50;

/** An enterprise's recharges, newest first, a page at a time. */
export function ordersOf(db: Db, enterpriseId: string, page = 1, size = ORDERS_PAGE_SIZE): { rows: RechargeOrder[]; page: number; pages: number } {
  const total = db.select({ n: count() }).from(rechargeOrders).where(eq(rechargeOrders.enterpriseId, enterpriseId)).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, size, page);
  const rows = scoped(db, enterpriseId)
    .select(rechargeOrders)
    .orderBy(desc(rechargeOrders.createdAt), desc(rechargeOrders.id))
    .limit(size)
    .offset((p - 1) * size)
    .all();
  return { rows, page: p, pages };
}

export interface TransferRow {
  order: RechargeOrder;
  enterpriseName: string;
  displayId: string;
}

/** Bank transfers waiting for an operator, oldest first (the operator's queue). */
export function pendingTransfers(db: Db, page = 1): { rows: TransferRow[]; page: number; pages: number } {
  const where = and(eq(rechargeOrders.state, "pending"), eq(rechargeOrders.channel, "bank"));
  const total = db.select({ n: count() }).from(rechargeOrders).where(where).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, ORDERS_PAGE_SIZE, page);
  const rows = db
    .select({ order: rechargeOrders, enterpriseName: enterprises.name, displayId: platformAccounts.displayId })
    .from(rechargeOrders)
    .innerJoin(enterprises, eq(enterprises.id, rechargeOrders.enterpriseId))
    .leftJoin(platformAccounts, eq(platformAccounts.enterpriseId, rechargeOrders.enterpriseId))
    .where(where)
    .orderBy(asc(rechargeOrders.createdAt), asc(rechargeOrders.id))
    .limit(ORDERS_PAGE_SIZE)
    .offset((p - 1) * ORDERS_PAGE_SIZE)
    .all();
  return { rows: rows.map((r) => ({ ...r, displayId: r.displayId ?? "" })), page: p, pages };
}

/**
 * Gateway orders still pending and created before `before`: what the recovery job asks about. Those
 * never asked first, then the longest unasked, oldest first: orders the job cannot settle (the gateway
 * still calls them unpaid, or their channel was turned off) go to the back, so a page of them never
 * hides a newer order whose payment came without its notification.
 */
export function pendingGatewayOrders(db: Db, before: number, limit = 100): RechargeOrder[] {
  return db
    .select()
    .from(rechargeOrders)
    .where(and(eq(rechargeOrders.state, "pending"), inArray(rechargeOrders.channel, ["wechat", "alipay"]), lt(rechargeOrders.createdAt, before)))
    .orderBy(sql`coalesce(${rechargeOrders.checkedAt}, 0)`, asc(rechargeOrders.createdAt))
    .limit(limit)
    .all();
}

export function markChecked(db: Db, order: RechargeOrder, now: number): void {
  scoped(db, order.enterpriseId).update(rechargeOrders, { checkedAt: now }, eq(rechargeOrders.id, order.id)).run();
}

export function receiptBytes(dataDir: string, order: RechargeOrder): Promise<Uint8Array | null> {
  return order.receiptStored ? readStored(dataDir, "attachments", order.receiptStored) : Promise.resolve(null);
}
