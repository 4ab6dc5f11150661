// Operators' sessions, kept apart from enterprise users': their own cookie and table, so that an
// operator is never an enterprise user (enterprise routes refuse them) and an enterprise user is
// never an operator (operator routes refuse them). The guard (src/http/guard.ts) reads both.
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { operatorSessions, operators } from "../db/schema";
import { randomToken, sha256 } from "../db/ids";
import { signValue, unsignValue } from "../accounts/sessions";
import type { Operator } from "./operators";

export const OPERATOR_COOKIE = "parley_operator";
/** Between the password and the code: a signed cookie naming the operator, for a few minutes. */
export const OPERATOR_PENDING_COOKIE = "parley_operator_2fa";
export const OPERATOR_PENDING_MINUTES = 5;
/** Operators' sessions are short: a day, whatever the enterprises' session length. */
export const OPERATOR_SESSION_HOURS = 12;

export interface OperatorSession {
  id: string;
  csrfToken: string;
  operator: Pick<Operator, "id" | "email" | "name">;
}

export function createOperatorSession(db: Db, operator: Pick<Operator, "id">, now = Date.now()): { cookie: string; csrfToken: string } {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  db.insert(operatorSessions)
    .values({ id: sha256(token), operatorId: operator.id, csrfToken, createdAt: now, expiresAt: now + OPERATOR_SESSION_HOURS * 3_600_000 })
    .run();
  return { cookie: signValue(db, token), csrfToken };
}

export function findOperatorSession(db: Db, cookieValue: string | null | undefined): OperatorSession | null {
  if (!cookieValue) return null;
  const token = unsignValue(db, cookieValue);
  if (!token) return null;
  const row = db
    .select({ session: operatorSessions, operator: { id: operators.id, email: operators.email, name: operators.name } })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(and(eq(operatorSessions.id, sha256(token)), gt(operatorSessions.expiresAt, Date.now())))
    .get();
  return row ? { id: row.session.id, csrfToken: row.session.csrfToken, operator: row.operator } : null;
}

export function deleteOperatorSession(db: Db, id: string): void {
  db.delete(operatorSessions).where(eq(operatorSessions.id, id)).run();
}

export function deleteExpiredOperatorSessions(db: Db): void {
  db.delete(operatorSessions).where(lt(operatorSessions.expiresAt, Date.now())).run();
}

export function pendingOperator(db: Db, operator: Pick<Operator, "id" | "passwordChangedAt">, now = Date.now()): string {
  return signValue(db, `op~${operator.id}~${now + OPERATOR_PENDING_MINUTES * 60_000}~${operator.passwordChangedAt}`);
}

/** The operator id behind a pending cookie while it is unexpired and the password unchanged since. */
export function readPendingOperator(db: Db, cookieValue: string | null | undefined, passwordChangedAt: (id: string) => number | undefined, now = Date.now()): string | null {
  const value = cookieValue ? unsignValue(db, cookieValue) : null;
  if (!value) return null;
  const [tag, id, expires, changed] = value.split("~");
  if (tag !== "op" || !id || Number(expires) <= now || passwordChangedAt(id) !== Number(changed)) return null;
  return id;
}
