// Operators: the people who run a platform install (PRODUCT.md "People"). They belong to no
// enterprise, and every one of them signs in with a password and then a TOTP code. They are made
// by `parley operator add` or, on a fresh platform data directory, by the first-run set-up page.
import { and, count, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { operators } from "../db/schema";
import { newId } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { hashPassword, passwordProblem } from "../accounts/passwords";
import { normaliseEmail } from "../accounts/users";
import { newTotpSecret, verifyTotp } from "../accounts/totp";
import { operatorAudit } from "./operator-audit";

export type Operator = typeof operators.$inferSelect;

export interface NewOperator {
  email: unknown;
  password: unknown;
  name?: unknown;
}

export function operatorCount(db: Db): number {
  return db.select({ n: count() }).from(operators).get()?.n ?? 0;
}

export function findOperatorByEmail(db: Db, email: string): Operator | undefined {
  return db.select().from(operators).where(eq(operators.email, email)).get();
}

export function getOperator(db: Db, id: string): Operator | undefined {
  return db.select().from(operators).where(eq(operators.id, id)).get();
}

/**
 * Adds an operator with a fresh TOTP secret (returned, to enrol an authenticator app). With
 * `onlyIfNone` (the set-up page) it is refused once any operator exists, checked inside the write.
 */
export async function addOperator(db: Db, input: NewOperator, opts: { onlyIfNone?: boolean; by?: "command line" | "set-up page" } = {}): Promise<{ id: string; email: string; name: string; totpSecret: string }> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === "string" ? input.password : "";
  const problem = passwordProblem(password, { email });
  if (problem) throw new UserError(problem);
  const name = (typeof input.name === "string" ? input.name.trim() : "") || email.split("@")[0]!;
  if (name.length > 80) throw new UserError("invalid_name");
  const passwordHash = await hashPassword(password);
  const totpSecret = newTotpSecret();
  const id = newId("opr");
  transaction(db, () => {
    if (opts.onlyIfNone && operatorCount(db) > 0) throw new UserError("already_initialised", 409);
    if (findOperatorByEmail(db, email)) throw new UserError("email_taken", 409);
    const now = Date.now();
    db.insert(operators).values({ id, email, name, passwordHash, totpSecret, totpLastStep: 0, createdAt: now, passwordChangedAt: now }).run();
    operatorAudit(db, { id: null, name: opts.by ?? "command line" }, "operator.added", { type: "operator", id, name: `${name} <${email}>` });
  });
  return { id, email, name, totpSecret };
}

/**
 * Checks an operator's TOTP code and consumes its time step with a conditional write: the step is
 * stored only if it is later than the last one accepted, so a code works once even when two
 * requests carry it at the same moment.
 */
export async function consumeOperatorCode(db: Db, operator: Pick<Operator, "id" | "totpSecret" | "totpLastStep">, code: string, now = Date.now()): Promise<boolean> {
  const step = await verifyTotp(operator.totpSecret, code, now, { notAfter: operator.totpLastStep });
  if (step === null) return false;
  const done = db.update(operators).set({ totpLastStep: step }).where(and(eq(operators.id, operator.id), lt(operators.totpLastStep, step))).returning({ id: operators.id }).all();
  return done.length === 1;
}
