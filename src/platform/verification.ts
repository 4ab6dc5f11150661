// Enterprise verification (企业认证, F13): an admin submits the legal name, the unified social credit
// code, a contact and the business licence (an image or a PDF, checked by content, stored like an
// attachment); an operator approves it or rejects it with a reason; the admin may resubmit after a
// rejection. The enterprise's state moves trial|rejected → pending → verified|rejected, each move a
// conditional write, and both audit logs record it.
import { unlinkSync } from "node:fs";
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { enterprises, platformAccounts, verifications } from "../db/schema";
import { scoped } from "../db/scope";
import { newId } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { audit } from "../accounts/audit";
import type { Member } from "../accounts/data-scope";
import { checkUpload } from "../files/sniff";
import { filePath, readStored, storeFile } from "../files/store";
import { creditCodeProblem, normaliseCreditCode } from "./credit-code";
import { operatorAudit, type OperatorActor } from "./operator-audit";
import { ensureAccount } from "./standing";
import { pageOf } from "../db/pages";
import { trimmed } from "../http/request";

export type Verification = typeof verifications.$inferSelect;

/** A licence scan or photo: at most 5 MiB. */
export const LICENCE_MAX_BYTES = 5 * 1024 * 1024;
export const REASON_MAX = 500;

export interface SubmissionInput {
  legalName: unknown;
  creditCode: unknown;
  contact: unknown;
  licence: unknown;
}


/** The licence's bytes, checked: an image or a PDF by its content, never by its name or declared type. */
async function checkedLicence(file: unknown): Promise<{ bytes: Uint8Array; name: string; type: string }> {
  if (!(file instanceof Blob) || file.size === 0) throw new UserError("licence_missing");
  const max = { max: LICENCE_MAX_BYTES / 1024 / 1024 };
  if (file.size > LICENCE_MAX_BYTES) throw new UserError("upload_too_large", 413, max);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkUpload(bytes, file instanceof File ? file.name : "", LICENCE_MAX_BYTES, (k) => k.image || k.type === "application/pdf");
  if (!checked.ok) {
    if (checked.why === "bad_type") throw new UserError("licence_bad_type", 415);
    throw new UserError(`upload_${checked.why}`, checked.why === "too_large" ? 413 : 415, max);
  }
  return { bytes, name: checked.name, type: checked.kind.type };
}

/** The admin's submission; refused unless the enterprise is on trial or was rejected. */
export async function submitVerification(app: AppContext, admin: Pick<Member, "id" | "name" | "enterpriseId">, input: SubmissionInput): Promise<Verification> {
  const db = app.db;
  const eid = admin.enterpriseId;
  const account = ensureAccount(db, eid);
  if (account.state === "pending" || account.state === "verified") throw new UserError("verification_not_open", 409);
  const legalName = trimmed(input.legalName);
  if (!legalName || legalName.length > 120) throw new UserError("invalid_legal_name");
  const creditCode = normaliseCreditCode(input.creditCode);
  const problem = creditCodeProblem(creditCode);
  if (problem) throw new UserError(problem);
  const contact = trimmed(input.contact);
  if (!contact || contact.length > 120) throw new UserError("invalid_contact");
  const licence = await checkedLicence(input.licence);
  const stored = await storeFile(app.config.dataDir, "attachments", licence.bytes);
  try {
    return transaction(db, () => {
      const now = Date.now();
      // The state moves only from where it was open: two submissions at once make one.
      const moved = scoped(db, eid)
        .update(platformAccounts, { state: "pending", updatedAt: now }, inArray(platformAccounts.state, ["trial", "rejected"]))
        .returning({ id: platformAccounts.enterpriseId })
        .all();
      if (moved.length !== 1) throw new UserError("verification_not_open", 409);
      const row: Verification = {
        id: newId("ver"),
        enterpriseId: eid,
        legalName,
        creditCode,
        contact,
        licenceStored: stored,
        licenceName: licence.name,
        licenceType: licence.type,
        licenceSize: licence.bytes.length,
        state: "pending",
        reason: "",
        reviewerId: null,
        reviewerName: "",
        submittedAt: now,
        reviewedAt: null,
        seenAt: null,
      };
      scoped(db, eid).insert(verifications, row).run();
      audit(db, { id: admin.id, name: admin.name, enterpriseId: eid }, "verification.submitted", { type: "verification", id: row.id, name: legalName }, { creditCode });
      return row;
    });
  } catch (e) {
    const path = filePath(app.config.dataDir, "attachments", stored);
    if (path) unlinkSync(path);
    throw e;
  }
}

/** An enterprise's submissions, newest first (the account page and the operator's enterprise page). */
export function verificationHistory(db: Db, enterpriseId: string): Verification[] {
  return scoped(db, enterpriseId).select(verifications).orderBy(desc(verifications.submittedAt)).limit(100).all();
}

export function latestVerification(db: Db, enterpriseId: string): Verification | undefined {
  return verificationHistory(db, enterpriseId)[0];
}

/** One of an enterprise's own submissions (the admin's licence download): another's is not found. */
export function ownVerification(db: Db, enterpriseId: string, id: string): Verification | undefined {
  return scoped(db, enterpriseId).select(verifications, eq(verifications.id, id)).get();
}

/** Any submission, for operators, who work across enterprises (the one unscoped read of this table). */
export function verificationForOperator(db: Db, id: string): Verification | undefined {
  return db.select().from(verifications).where(eq(verifications.id, id)).get();
}

export interface PendingRow {
  verification: Verification;
  enterpriseName: string;
  displayId: string;
}

export const QUEUE_PAGE_SIZE = 50;

/** Pending submissions, oldest first (the operator's queue), a page at a time. */
export function pendingVerifications(db: Db, page = 1): { rows: PendingRow[]; page: number; pages: number } {
  const where = eq(verifications.state, "pending");
  const total = db.select({ n: count() }).from(verifications).where(where).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, QUEUE_PAGE_SIZE, page);
  const rows = db
    .select({ verification: verifications, enterpriseName: enterprises.name, displayId: platformAccounts.displayId })
    .from(verifications)
    .innerJoin(enterprises, eq(enterprises.id, verifications.enterpriseId))
    .innerJoin(platformAccounts, eq(platformAccounts.enterpriseId, verifications.enterpriseId))
    .where(where)
    .orderBy(asc(verifications.submittedAt), asc(verifications.id))
    .limit(QUEUE_PAGE_SIZE)
    .offset((p - 1) * QUEUE_PAGE_SIZE)
    .all();
  return { rows, page: p, pages };
}

/** The operator's decision on a pending submission; a submission is decided once (conditional write). */
export function reviewVerification(db: Db, operator: { id: string; name: string }, id: string, decision: "approve" | "reject", rawReason: unknown): Verification {
  const reason = trimmed(rawReason);
  if (decision === "reject" && !reason) throw new UserError("reason_required");
  if (reason.length > REASON_MAX) throw new UserError("reason_too_long", 400, { max: REASON_MAX });
  const v = verificationForOperator(db, id);
  if (!v) throw new UserError("not_found", 404);
  return transaction(db, () => {
    const now = Date.now();
    const state = decision === "approve" ? "approved" : "rejected";
    const done = db
      .update(verifications)
      .set({ state, reason, reviewerId: operator.id, reviewerName: operator.name, reviewedAt: now })
      .where(and(eq(verifications.id, id), eq(verifications.state, "pending")))
      .returning({ id: verifications.id })
      .all();
    if (done.length !== 1) throw new UserError("verification_reviewed", 409);
    scoped(db, v.enterpriseId).update(platformAccounts, { state: decision === "approve" ? "verified" : "rejected", updatedAt: now }).run();
    const action = decision === "approve" ? "verification.approved" : "verification.rejected";
    const target = { type: "verification", id, name: v.legalName };
    audit(db, { id: null, name: `operator ${operator.name}`, enterpriseId: v.enterpriseId }, action, target, { reason });
    operatorAudit(db, operator as OperatorActor, action, { ...target, enterpriseId: v.enterpriseId }, { reason, creditCode: v.creditCode });
    return verificationForOperator(db, id)!;
  });
}

/** The outcome notice was seen by an admin: it is not shown again. */
export function markOutcomeSeen(db: Db, enterpriseId: string, id: string): void {
  scoped(db, enterpriseId).update(verifications, { seenAt: Date.now() }, eq(verifications.id, id)).run();
}

export function licenceBytes(dataDir: string, v: Verification): Promise<Uint8Array | null> {
  return readStored(dataDir, "attachments", v.licenceStored);
}
