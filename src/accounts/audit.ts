// The audit log: who changed what and when, for seats, roles, settings and styles. Any area records
// a change with one call, `audit(db, actor, action, target, details)`, inside the write it describes
// when it can, so that the log and the change are committed together.
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";

/** A person (a user row will do) or the command line, which acts for an enterprise without a person. */
export type AuditActor = { id: string; name: string; enterpriseId: string } | { id: null; name: string; enterpriseId: string };
export interface AuditTarget {
  type: string;
  id: string;
  name?: string;
}
export type AuditEntry = typeof auditLog.$inferSelect;

export function commandLine(enterpriseId: string): AuditActor {
  return { id: null, name: "command line", enterpriseId };
}

export function audit(db: Db, actor: AuditActor, action: string, target: AuditTarget, details: Record<string, unknown> = {}): void {
  scoped(db, actor.enterpriseId)
    .insert(auditLog, {
      at: Date.now(),
      actorId: actor.id,
      actorName: actor.name,
      action,
      targetType: target.type,
      targetId: target.id,
      targetName: target.name ?? "",
      details: JSON.stringify(details),
    })
    .run();
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  /** ms, inclusive */
  from?: number;
  /** ms, exclusive */
  to?: number;
  page?: number;
  pageSize?: number;
  /** the viewer's data scope over actors (data-scope.ts scopeFilter on auditLog.actorId) */
  scope?: SQL;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pages: number;
}

export function queryAudit(db: Db, enterpriseId: string, q: AuditQuery): AuditPage {
  const conds: SQL[] = [];
  if (q.actorId) conds.push(eq(auditLog.actorId, q.actorId));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.from !== undefined) conds.push(gte(auditLog.at, q.from));
  if (q.to !== undefined) conds.push(lt(auditLog.at, q.to));
  if (q.scope) conds.push(q.scope);
  const where = ownedBy(auditLog, enterpriseId, and(...conds));
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pageSize = q.pageSize ?? 50;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, q.page ?? 1), pages);
  const entries = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { entries, total, page, pages };
}

/** The actions recorded so far in an enterprise, for the filter's choices. */
export function auditActions(db: Db, enterpriseId: string): string[] {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(ownedBy(auditLog, enterpriseId))
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.action);
}
