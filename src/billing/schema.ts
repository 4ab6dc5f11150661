// The wallet's tables (PRODUCT.md F14, F15): each enterprise's balance, the append-only ledger that
// explains it, and the recharge orders that feed it. Amounts are integer fen (src/billing/money.ts).
// The ledger's rows are never updated or deleted: triggers in the migration refuse it, and refuse a
// row whose balance_after is not the previous row's plus its amount (or is below zero).
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

export const LEDGER_KINDS = ["recharge", "seat_charge", "addon_charge", "refund", "adjustment"] as const;
export const RECHARGE_CHANNELS = ["wechat", "alipay", "bank"] as const;
/**
 * pending: waiting for the payer (a gateway order) or the operator (a bank transfer);
 * paid: credited (a gateway confirmed it, or the operator approved the transfer);
 * rejected: the operator refused the transfer (reason); closed: a gateway order that expired unpaid.
 */
export const RECHARGE_STATES = ["pending", "paid", "rejected", "closed"] as const;

/**
 * The current balance of each enterprise that ever had a ledger row: the sum of its rows, kept
 * beside them so that a spend is one conditional write (balance >= amount). `parley billing check`
 * compares it with the rows.
 */
export const wallets = sqliteTable("wallets", {
  enterpriseId: enterpriseRef().primaryKey(),
  balance: integer("balance").notNull(),
  /** the id of the last ledger row, which has this balance as its balance_after */
  lastEntryId: integer("last_entry_id").notNull(),
  updatedAt: time("updated_at").notNull(),
});

/** Every change of a balance, one row each, in order (id). Append-only. */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    /** signed fen: credits positive, charges negative */
    amount: integer("amount").notNull(),
    /** the balance after this row: the previous row's balance_after plus amount, never below zero */
    balanceAfter: integer("balance_after").notNull(),
    /** what the row is for: a recharge order's id, a billing period, "" when nothing */
    reference: text("reference").notNull().default(""),
    /** one row per key and enterprise: a retried credit or charge finds its row instead of repeating */
    idempotencyKey: text("idempotency_key").notNull(),
    /** "user" | "operator" | "system" | "gateway" */
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull().default(""),
    /** a person's words: an adjustment's reason, a refund's explanation */
    memo: text("memo").notNull().default(""),
    at: time("at").notNull(),
  },
  (t) => [uniqueIndex("ledger_entries_key").on(t.enterpriseId, t.idempotencyKey), index("ledger_entries_enterprise").on(t.enterpriseId, t.id), index("ledger_entries_at").on(t.at)],
);

/** A recharge: a WeChat Pay or Alipay order, or a bank transfer the admin recorded. */
export const rechargeOrders = sqliteTable(
  "recharge_orders",
  {
    /** also the gateway's out_trade_no: unique, so a gateway's order maps to one of ours */
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    channel: text("channel", { enum: RECHARGE_CHANNELS }).notNull(),
    amount: integer("amount").notNull(),
    state: text("state", { enum: RECHARGE_STATES }).notNull(),
    /** bank transfers: the code the payer writes in the transfer's remark (附言) */
    referenceCode: text("reference_code").notNull().default(""),
    payer: text("payer").notNull().default(""),
    /** bank transfers: the date the admin says the money left (YYYY-MM-DD) */
    transferDate: text("transfer_date").notNull().default(""),
    receiptStored: text("receipt_stored"),
    receiptName: text("receipt_name").notNull().default(""),
    receiptType: text("receipt_type").notNull().default(""),
    /** gateways: the QR code's content (code_url / qr_code), and the gateway's own trade number once paid */
    codeUrl: text("code_url").notNull().default(""),
    gatewayTradeNo: text("gateway_trade_no").notNull().default(""),
    /** the operator's reason for a rejection */
    reason: text("reason").notNull().default(""),
    createdById: text("created_by_id"),
    createdByName: text("created_by_name").notNull().default(""),
    reviewerId: text("reviewer_id"),
    reviewerName: text("reviewer_name").notNull().default(""),
    /** the ledger row that credited it */
    ledgerEntryId: integer("ledger_entry_id"),
    createdAt: time("created_at").notNull(),
    decidedAt: time("decided_at"),
    /** gateways: when the recovery job last asked the gateway about it */
    checkedAt: time("checked_at"),
  },
  (t) => [index("recharge_orders_enterprise").on(t.enterpriseId, t.createdAt), index("recharge_orders_state").on(t.state, t.channel, t.createdAt), uniqueIndex("recharge_orders_reference").on(t.referenceCode).where(sql`reference_code <> ''`)],
);

export const INVOICE_KINDS = ["normal", "special"] as const;
/** requested: waiting for the operator; issued: the operator attached the invoice file; rejected: with a reason. */
export const INVOICE_STATES = ["requested", "issued", "rejected"] as const;

/**
 * An enterprise's request for an invoice (发票: 普通发票 normal / 增值税专用发票 special) over money it
 * has spent; the operator fulfils it by attaching the invoice file, or rejects it with a reason.
 */
export const invoiceRequests = sqliteTable(
  "invoice_requests",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    kind: text("kind", { enum: INVOICE_KINDS }).notNull(),
    /** 发票抬头: the buyer's name as it must appear */
    title: text("title").notNull(),
    /** 纳税人识别号: the buyer's unified social credit code */
    taxId: text("tax_id").notNull(),
    /** a special invoice's address, phone, bank and account (开户行及账号) */
    details: text("details").notNull().default(""),
    amount: integer("amount").notNull(),
    state: text("state", { enum: INVOICE_STATES }).notNull(),
    reason: text("reason").notNull().default(""),
    fileStored: text("file_stored"),
    fileName: text("file_name").notNull().default(""),
    fileType: text("file_type").notNull().default(""),
    requestedById: text("requested_by_id"),
    requestedByName: text("requested_by_name").notNull().default(""),
    operatorId: text("operator_id"),
    operatorName: text("operator_name").notNull().default(""),
    createdAt: time("created_at").notNull(),
    decidedAt: time("decided_at"),
  },
  (t) => [index("invoice_requests_enterprise").on(t.enterpriseId, t.createdAt), index("invoice_requests_state").on(t.state, t.createdAt)],
);
