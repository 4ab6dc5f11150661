// The optional second factor of any user: enrolment on /account (a TOTP secret, confirmed with a
// first code), recovery codes, and the half-signed-in state between the password and the code.
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { userTotp } from "../db/schema";
import { scoped } from "../db/scope";
import { randomToken, sha256 } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { audit } from "./audit";
import { verifyPassword } from "./passwords";
import { signValue, unsignValue } from "./sessions";
import { newTotpSecret, verifyTotp } from "./totp";
import type { User } from "./users";

export const RECOVERY_CODES = 10;

type Row = typeof userTotp.$inferSelect;

function row(db: Db, user: Pick<User, "id" | "enterpriseId">): Row | undefined {
  return scoped(db, user.enterpriseId).select(userTotp, eq(userTotp.userId, user.id)).get();
}

export function secondFactorEnabled(db: Db, user: Pick<User, "id" | "enterpriseId">): boolean {
  return !!row(db, user)?.enabledAt;
}

/** Enrolment state for the account page: on, waiting for the first code (with its secret), or off. */
export function secondFactorState(db: Db, user: Pick<User, "id" | "enterpriseId">): { state: "on"; recoveryLeft: number } | { state: "pending"; secret: string } | { state: "off" } {
  const r = row(db, user);
  if (!r) return { state: "off" };
  if (r.enabledAt) return { state: "on", recoveryLeft: (JSON.parse(r.recoveryHashes) as string[]).length };
  return { state: "pending", secret: r.secret };
}

/** Starts (or restarts) enrolment with a fresh secret; a factor already on must be turned off first. */
export function startEnrolment(db: Db, user: Pick<User, "id" | "enterpriseId">): string {
  if (secondFactorEnabled(db, user)) throw new UserError("totp_already_on", 409);
  const secret = newTotpSecret();
  transaction(db, () => {
    const s = scoped(db, user.enterpriseId);
    s.delete(userTotp, eq(userTotp.userId, user.id)).run();
    s.insert(userTotp, { userId: user.id, secret }).run();
  });
  return secret;
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const t = randomToken(10);
    return `${t.slice(0, 5)}-${t.slice(5)}`;
  });
}

const recoveryHash = (code: string) => sha256(code.trim().toLowerCase().replace(/\s/g, ""));

/** The first code proves the app holds the secret: the factor is on. Returns recovery codes, shown once. */
export async function confirmEnrolment(db: Db, user: Pick<User, "id" | "enterpriseId" | "name">, code: string, now = Date.now()): Promise<string[]> {
  const r = row(db, user);
  if (!r || r.enabledAt) throw new UserError("not_found", 404);
  const step = await verifyTotp(r.secret, code, now);
  if (step === null) throw new UserError("wrong_code");
  const codes = newRecoveryCodes();
  transaction(db, () => {
    // Only over the enrolment the code was checked against: a second submission (or a restarted enrolment) changes nothing.
    const set = { enabledAt: now, lastStep: step, recoveryHashes: JSON.stringify(codes.map(recoveryHash)) };
    const done = scoped(db, user.enterpriseId).update(userTotp, set, and(eq(userTotp.userId, user.id), eq(userTotp.secret, r.secret), isNull(userTotp.enabledAt))).returning({ id: userTotp.userId }).all();
    if (done.length !== 1) throw new UserError("wrong_code");
    audit(db, { id: user.id, name: user.name, enterpriseId: user.enterpriseId }, "account.totp_enabled", { type: "user", id: user.id, name: user.name });
  });
  return codes;
}

/** Turning the factor off needs the password, so that an unattended signed-in browser cannot. */
export async function disableSecondFactor(db: Db, user: User, password: string): Promise<void> {
  if (!(await verifyPassword(password, user.passwordHash))) throw new UserError("wrong_password", 403);
  transaction(db, () => {
    scoped(db, user.enterpriseId).delete(userTotp, eq(userTotp.userId, user.id)).run();
    audit(db, { id: user.id, name: user.name, enterpriseId: user.enterpriseId }, "account.totp_disabled", { type: "user", id: user.id, name: user.name });
  });
}

/**
 * A code from the app (each works once) or an unused recovery code (then spent). Each is consumed
 * by a conditional write that only the first of simultaneous submissions can make: the code's step
 * is recorded only over an earlier one, a recovery code removed only from the list it was found in.
 */
export async function checkSecondFactor(db: Db, user: Pick<User, "id" | "enterpriseId">, code: string, now = Date.now()): Promise<boolean> {
  const r = row(db, user);
  if (!r?.enabledAt) return false;
  const s = scoped(db, user.enterpriseId);
  if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
    const step = await verifyTotp(r.secret, code.replace(/\s/g, ""), now, { notAfter: r.lastStep });
    if (step === null) return false;
    return s.update(userTotp, { lastStep: step }, and(eq(userTotp.userId, user.id), lt(userTotp.lastStep, step))).returning({ id: userTotp.userId }).all().length === 1;
  }
  const hashes = JSON.parse(r.recoveryHashes) as string[];
  const i = hashes.indexOf(recoveryHash(code));
  if (i < 0) return false;
  const left = hashes.filter((_, j) => j !== i);
  return s.update(userTotp, { recoveryHashes: JSON.stringify(left) }, and(eq(userTotp.userId, user.id), eq(userTotp.recoveryHashes, r.recoveryHashes))).returning({ id: userTotp.userId }).all().length === 1;
}

// ---- between the password and the code ----------------------------------------------------

export const PENDING_COOKIE = "parley_2fa";
export const PENDING_MINUTES = 5;

/** A signed, short-lived cookie value naming the user whose password was right; it is no session. */
export function pendingSignIn(db: Db, user: Pick<User, "id" | "passwordChangedAt">, now = Date.now()): string {
  return signValue(db, `${user.id}~${now + PENDING_MINUTES * 60_000}~${user.passwordChangedAt}`);
}

/** The user id behind a pending cookie, while it is unexpired and the password has not changed since. */
export function readPendingSignIn(db: Db, cookieValue: string | null | undefined, passwordChangedAt: (userId: string) => number | undefined, now = Date.now()): string | null {
  const value = cookieValue ? unsignValue(db, cookieValue) : null;
  if (!value) return null;
  const [userId, expires, changed] = value.split("~");
  if (!userId || Number(expires) <= now || passwordChangedAt(userId) !== Number(changed)) return null;
  return userId;
}
