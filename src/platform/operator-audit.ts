// The operators' own audit log: every approval, rejection, suspension and settings change, and the
// operators added. Recorded inside the write it describes, like the enterprises' log (accounts/audit.ts).
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { operatorAudit as log } from "../db/schema";
import { pageOf } from "../db/pages";

export type OperatorAuditEntry = typeof log.$inferSelect;
/** An operator, or (id null) the command line / first-run set-up page. */
export interface OperatorActor {
  id: string | null;
  name: string;
}

export function operatorAudit(db: Db, actor: OperatorActor, action: string, target: { type: string; id: string; name?: string; enterpriseId?: string }, details: Record<string, unknown> = {}): void {
  db.insert(log)
    .values({
      at: Date.now(),
      operatorId: actor.id,
      operatorName: actor.name,
      action,
      subjectEnterpriseId: target.enterpriseId ?? null,
      targetType: target.type,
      targetId: target.id,
      targetName: target.name ?? "",
      details: JSON.stringify(details),
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the log, newest first; optionally only what concerned one enterprise. */
export function operatorAuditPage(db: Db, opts: { page?: number; enterpriseId?: string } = {}): { entries: OperatorAuditEntry[]; page: number; pages: number } {
  const where = opts.enterpriseId ? eq(log.subjectEnterpriseId, opts.enterpriseId) : undefined;
  const total = db.select({ n: count() }).from(log).where(where).get()?.n ?? 0;
  const { pages, page } = pageOf(total, AUDIT_PAGE_SIZE, opts.page);
  const entries = db
    .select()
    .from(log)
    .where(where)
    .orderBy(desc(log.at), desc(log.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  return { entries, page, pages };
}
