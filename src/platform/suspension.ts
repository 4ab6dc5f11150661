// Suspension: an operator stops an enterprise (unpaid, abuse) without deleting anything. Its people
// cannot sign in (plan.ts signInRefusal), their sessions and sockets end now, so the widget finds
// nobody online and takes messages; resuming lets them sign in again.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { audit } from "../accounts/audit";
import { enterprises, platformAccounts, sessions, users } from "../db/schema";
import { scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { operatorAudit } from "./operator-audit";
import { REASON_MAX } from "./verification";
import { ensureAccount } from "./standing";

function cleanReason(raw: unknown): string {
  const reason = typeof raw === "string" ? raw.trim() : "";
  if (!reason) throw new UserError("reason_required");
  if (reason.length > REASON_MAX) throw new UserError("reason_too_long", 400, { max: REASON_MAX });
  return reason;
}

function enterpriseNamed(app: AppContext, enterpriseId: string) {
  const e = app.db.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).get();
  if (!e) throw new UserError("not_found", 404);
  return e;
}

export function suspendEnterprise(app: AppContext, operator: { id: string; name: string }, enterpriseId: string, rawReason: unknown): void {
  const reason = cleanReason(rawReason);
  const e = enterpriseNamed(app, enterpriseId);
  const db = app.db;
  const userIds = transaction(db, () => {
    ensureAccount(db, enterpriseId);
    const now = Date.now();
    const s = scoped(db, enterpriseId);
    const done = s.update(platformAccounts, { suspendedAt: now, suspendReason: reason, updatedAt: now }, isNull(platformAccounts.suspendedAt)).returning({ id: platformAccounts.enterpriseId }).all();
    if (done.length !== 1) throw new UserError("already_suspended", 409);
    s.delete(sessions).run();
    const target = { type: "enterprise", id: enterpriseId, name: e.name };
    audit(db, { id: null, name: `operator ${operator.name}`, enterpriseId }, "enterprise.suspended", target, { reason });
    operatorAudit(db, operator, "enterprise.suspended", { ...target, enterpriseId }, { reason });
    return s.select(users).all().map((u) => u.id);
  });
  // Sockets end after the write: agents are offline at once and routing forgets them.
  for (const id of userIds) app.chat.closeAgentSockets(id);
  app.chat.capacityChanged(enterpriseId);
}

export function resumeEnterprise(app: AppContext, operator: { id: string; name: string }, enterpriseId: string, rawReason: unknown): void {
  const reason = cleanReason(rawReason);
  const e = enterpriseNamed(app, enterpriseId);
  const db = app.db;
  transaction(db, () => {
    const now = Date.now();
    const done = scoped(db, enterpriseId).update(platformAccounts, { suspendedAt: null, suspendReason: "", updatedAt: now }, and(isNotNull(platformAccounts.suspendedAt))).returning({ id: platformAccounts.enterpriseId }).all();
    if (done.length !== 1) throw new UserError("not_suspended", 409);
    const target = { type: "enterprise", id: enterpriseId, name: e.name };
    audit(db, { id: null, name: `operator ${operator.name}`, enterpriseId }, "enterprise.resumed", target, { reason });
    operatorAudit(db, operator, "enterprise.resumed", { ...target, enterpriseId }, { reason });
  });
}
