// Sign-in sessions: a random token in a signed HttpOnly cookie; the database keeps only its hash.
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { sessions, users } from "../db/schema";
import { randomToken, sha256 } from "../db/ids";
import { memberOf, type Member } from "./data-scope";
import { cookieSecret } from "./instance";
import type { User } from "./users";
import { DAY_MS } from "../../common/time";

export const SESSION_COOKIE = "parley_session";

export interface Session {
  id: string;
  csrfToken: string;
  /** when it ends (ms): a socket opened with it goes no further than this */
  expiresAt: number;
  /** resolved at every request: a role or group change applies at once */
  user: Member;
}

function hmac(secret: string, value: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(value).digest("base64url");
}

export function signValue(db: Db, value: string): string {
  return `${value}.${hmac(cookieSecret(db), value)}`;
}

/** Returns the value when its signature is right, else null (constant-time compare). */
export function unsignValue(db: Db, signed: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(hmac(cookieSecret(db), value));
  const given = Buffer.from(signed.slice(dot + 1));
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? value : null;
}

/** Creates a session and returns the cookie value for it. */
export function createSession(db: Db, user: User, days: number): { cookie: string; csrfToken: string } {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = Date.now();
  db.insert(sessions)
    .values({ id: sha256(token), enterpriseId: user.enterpriseId, userId: user.id, csrfToken, createdAt: now, expiresAt: now + days * DAY_MS })
    .run();
  return { cookie: signValue(db, token), csrfToken };
}

/** The session behind a cookie value, when it is signed, unexpired and its user may still sign in. */
export function findSession(db: Db, cookieValue: string | undefined | null): Session | null {
  if (!cookieValue) return null;
  const token = unsignValue(db, cookieValue);
  if (!token) return null;
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(token)), gt(sessions.expiresAt, Date.now())))
    .get();
  if (!row || row.user.seatState !== "active") return null;
  return { id: row.session.id, csrfToken: row.session.csrfToken, expiresAt: row.session.expiresAt, user: memberOf(db, row.user) };
}

/** Is the session still there and unexpired (a socket opened with it asks again at hello)? */
export function sessionLive(db: Db, id: string, now = Date.now()): boolean {
  return db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, id), gt(sessions.expiresAt, now))).get() !== undefined;
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Ends every session of a user (password change, seat disabled). */
export function revokeUserSessions(db: Db, userId: string): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Deletes the sessions that have expired; returns them, so that their sockets can be closed too. */
export function deleteExpiredSessions(db: Db, now = Date.now()): { id: string; userId: string }[] {
  return db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id, userId: sessions.userId }).all();
}
