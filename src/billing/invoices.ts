// Invoices (发票): an admin asks for an invoice over money the enterprise has spent — never over
// recharges not yet spent, and never twice over the same money — and an operator fulfils it by
// attaching the invoice file (a PDF or an image, checked by content) or rejects it with a reason.
//
//   invoiceable = what was charged (seat and add-on charges) − refunds − what is already invoiced
//                 or waiting to be (requests not rejected)
//
// A request is counted against that inside the write that records it, so two at once cannot both
// take the same money.
import { unlinkSync } from "node:fs";
import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { enterprises, invoiceRequests, platformAccounts } from "../db/schema";
import { scoped } from "../db/scope";
import { newId } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { audit } from "../accounts/audit";
import type { Member } from "../accounts/data-scope";
import { checkUpload } from "../files/sniff";
import { filePath, readStored, storeFile } from "../files/store";
import { creditCodeProblem, normaliseCreditCode } from "../platform/credit-code";
import { operatorAudit, type OperatorActor } from "../platform/operator-audit";
import { formatFen, parseYuan } from "./money";
import { INVOICE_KINDS } from "./schema";
import { pageOf } from "../db/pages";
import { trimmed } from "../http/request";

export type InvoiceRequest = typeof invoiceRequests.$inferSelect;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export const INVOICE_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Requests waiting at once per enterprise. */
export const MAX_OPEN_INVOICES = 5;

/** What the enterprise may still ask an invoice for, in fen. */
export function invoiceable(db: Db, enterpriseId: string): number {
  const charged = (db.$client.query("select coalesce(-sum(amount), 0) as n from ledger_entries where enterprise_id = ? and kind in ('seat_charge', 'addon_charge')").get(enterpriseId) as { n: number }).n;
  const refunded = (db.$client.query("select coalesce(sum(amount), 0) as n from ledger_entries where enterprise_id = ? and kind = 'refund'").get(enterpriseId) as { n: number }).n;
  const invoiced = (db.$client.query("select coalesce(sum(amount), 0) as n from invoice_requests where enterprise_id = ? and state <> 'rejected'").get(enterpriseId) as { n: number }).n;
  return Math.max(0, charged - refunded - invoiced);
}

export interface InvoiceInput {
  kind: unknown;
  title: unknown;
  taxId: unknown;
  details: unknown;
  amount: unknown;
}

export function requestInvoice(db: Db, admin: Pick<Member, "id" | "name" | "enterpriseId">, input: InvoiceInput, now = Date.now()): InvoiceRequest {
  const eid = admin.enterpriseId;
  const kind = INVOICE_KINDS.includes(input.kind as InvoiceKind) ? (input.kind as InvoiceKind) : null;
  if (!kind) throw new UserError("invoice_kind");
  const title = trimmed(input.title);
  if (!title || title.length > 120) throw new UserError("invoice_title");
  const taxId = normaliseCreditCode(input.taxId);
  const problem = creditCodeProblem(taxId);
  if (problem) throw new UserError(problem);
  const details = trimmed(input.details);
  if (details.length > 500 || (kind === "special" && !details)) throw new UserError("invoice_details");
  const amount = parseYuan(input.amount);
  if (amount <= 0) throw new UserError("invalid_amount");
  return transaction(
    db,
    () => {
      const open = db.select({ n: count() }).from(invoiceRequests).where(and(eq(invoiceRequests.enterpriseId, eid), eq(invoiceRequests.state, "requested"))).get()?.n ?? 0;
      if (open >= MAX_OPEN_INVOICES) throw new UserError("invoice_too_many", 429, { max: MAX_OPEN_INVOICES });
      const available = invoiceable(db, eid);
      if (amount > available) throw new UserError("invoice_over_spent", 400, { max: formatFen(available) });
      const row: InvoiceRequest = {
        id: newId("inv"),
        enterpriseId: eid,
        kind,
        title,
        taxId,
        details,
        amount,
        state: "requested",
        reason: "",
        fileStored: null,
        fileName: "",
        fileType: "",
        requestedById: admin.id,
        requestedByName: admin.name,
        operatorId: null,
        operatorName: "",
        createdAt: now,
        decidedAt: null,
      };
      scoped(db, eid).insert(invoiceRequests, row).run();
      audit(db, { id: admin.id, name: admin.name, enterpriseId: eid }, "invoice.requested", { type: "invoice", id: row.id, name: title }, { kind, amount, taxId });
      return row;
    },
    { immediate: true },
  );
}

export function invoicesOf(db: Db, enterpriseId: string, limit = 100): InvoiceRequest[] {
  return scoped(db, enterpriseId).select(invoiceRequests).orderBy(desc(invoiceRequests.createdAt)).limit(limit).all();
}

export function ownInvoice(db: Db, enterpriseId: string, id: string): InvoiceRequest | undefined {
  return scoped(db, enterpriseId).select(invoiceRequests, eq(invoiceRequests.id, id)).get();
}

export function invoiceById(db: Db, id: string): InvoiceRequest | undefined {
  return db.select().from(invoiceRequests).where(eq(invoiceRequests.id, id)).get();
}

export interface InvoiceRow {
  invoice: InvoiceRequest;
  enterpriseName: string;
  displayId: string;
}

/** Requests waiting for an operator, oldest first, a page at a time. */
export function pendingInvoices(db: Db, page = 1, size = 50): { rows: InvoiceRow[]; page: number; pages: number } {
  const where = eq(invoiceRequests.state, "requested");
  const total = db.select({ n: count() }).from(invoiceRequests).where(where).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, size, page);
  const rows = db
    .select({ invoice: invoiceRequests, enterpriseName: enterprises.name, displayId: platformAccounts.displayId })
    .from(invoiceRequests)
    .innerJoin(enterprises, eq(enterprises.id, invoiceRequests.enterpriseId))
    .leftJoin(platformAccounts, eq(platformAccounts.enterpriseId, invoiceRequests.enterpriseId))
    .where(where)
    .orderBy(asc(invoiceRequests.createdAt), asc(invoiceRequests.id))
    .limit(size)
    .offset((p - 1) * size)
    .all();
  return { rows: rows.map((r) => ({ ...r, displayId: r.displayId ?? "" })), page: p, pages };
}

async function checkedFile(file: unknown): Promise<{ bytes: Uint8Array; name: string; type: string }> {
  if (!(file instanceof Blob) || file.size === 0) throw new UserError("invoice_file_missing");
  const max = { max: INVOICE_FILE_MAX_BYTES / 1024 / 1024 };
  if (file.size > INVOICE_FILE_MAX_BYTES) throw new UserError("upload_too_large", 413, max);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkUpload(bytes, file instanceof File ? file.name : "", INVOICE_FILE_MAX_BYTES, (k) => k.image || k.type === "application/pdf");
  if (!checked.ok) {
    if (checked.why === "bad_type") throw new UserError("receipt_bad_type", 415);
    throw new UserError(`upload_${checked.why}`, checked.why === "too_large" ? 413 : 415, max);
  }
  return { bytes, name: checked.name, type: checked.kind.type };
}

/** The operator attaches the invoice (issued) — decided once, by a conditional write. */
export async function issueInvoice(app: AppContext, operator: OperatorActor & { id: string }, id: string, file: unknown, now = Date.now()): Promise<InvoiceRequest> {
  const inv = invoiceById(app.db, id);
  if (!inv) throw new UserError("not_found", 404);
  if (inv.state !== "requested") throw new UserError("invoice_decided", 409);
  const f = await checkedFile(file);
  const stored = await storeFile(app.config.dataDir, "attachments", f.bytes);
  try {
    return transaction(app.db, () => {
      const done = scoped(app.db, inv.enterpriseId)
        .update(invoiceRequests, { state: "issued", fileStored: stored, fileName: f.name, fileType: f.type, operatorId: operator.id, operatorName: operator.name, decidedAt: now }, and(eq(invoiceRequests.id, id), eq(invoiceRequests.state, "requested")))
        .returning({ id: invoiceRequests.id })
        .all();
      if (done.length !== 1) throw new UserError("invoice_decided", 409);
      audit(app.db, { id: null, name: `operator ${operator.name}`, enterpriseId: inv.enterpriseId }, "invoice.issued", { type: "invoice", id, name: inv.title }, { amount: inv.amount });
      operatorAudit(app.db, operator, "invoice.issued", { type: "invoice", id, name: inv.title, enterpriseId: inv.enterpriseId }, { amount: inv.amount, kind: inv.kind });
      return invoiceById(app.db, id)!;
    });
  } catch (e) {
    const path = filePath(app.config.dataDir, "attachments", stored);
    if (path) unlinkSync(path);
    throw e;
  }
}

export function rejectInvoice(db: Db, operator: OperatorActor & { id: string }, id: string, rawReason: unknown, now = Date.now()): InvoiceRequest {
  const reason = trimmed(rawReason);
  if (!reason) throw new UserError("reason_required");
  if (reason.length > 500) throw new UserError("reason_too_long", 400, { max: 500 });
  const inv = invoiceById(db, id);
  if (!inv) throw new UserError("not_found", 404);
  return transaction(db, () => {
    const done = scoped(db, inv.enterpriseId)
      .update(invoiceRequests, { state: "rejected", reason, operatorId: operator.id, operatorName: operator.name, decidedAt: now }, and(eq(invoiceRequests.id, id), eq(invoiceRequests.state, "requested")))
      .returning({ id: invoiceRequests.id })
      .all();
    if (done.length !== 1) throw new UserError("invoice_decided", 409);
    audit(db, { id: null, name: `operator ${operator.name}`, enterpriseId: inv.enterpriseId }, "invoice.rejected", { type: "invoice", id, name: inv.title }, { reason });
    operatorAudit(db, operator, "invoice.rejected", { type: "invoice", id, name: inv.title, enterpriseId: inv.enterpriseId }, { reason, amount: inv.amount });
    return invoiceById(db, id)!;
  });
}

export function invoiceFile(dataDir: string, inv: InvoiceRequest): Promise<Uint8Array | null> {
  return inv.fileStored ? readStored(dataDir, "attachments", inv.fileStored) : Promise.resolve(null);
}
