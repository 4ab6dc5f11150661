// Users (admins and agents, one seat each) of an enterprise.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { scoped } from "../db/scope";
import { newId } from "../db/ids";
import { UserError } from "../errors";
import { hashPassword, passwordProblem } from "./passwords";
import { roleById } from "./roles";

export type User = typeof users.$inferSelect;

import { MAX_EMAIL_LENGTH } from "../../common/limits";
export { MAX_EMAIL_LENGTH };

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function normaliseEmail(email: unknown): string {
  const e = typeof email === "string" ? email.trim().toLowerCase() : "";
  // Length first: the pattern backtracks (quadratic time) on a long string without a dot after the @.
  if (e.length > MAX_EMAIL_LENGTH || !EMAIL.test(e)) throw new UserError("invalid_email");
  return e;
}

export interface NewUser {
  email: string;
  password: string;
  name: string;
  /** a built-in role id (admin, supervisor, agent) or a custom role's id; default agent */
  role?: string;
  cap?: number;
}

/** Validates and hashes; async, so it runs before any transaction (one connection serves everyone). */
export async function prepareUser(db: Db, enterpriseId: string, input: NewUser): Promise<typeof users.$inferInsert> {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password, { email });
  if (problem) throw new UserError(problem);
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 80) throw new UserError("invalid_name");
  const role = input.role ?? "agent";
  if (!roleById(db, enterpriseId, role)) throw new UserError("invalid_role");
  const cap = input.cap ?? 5;
  if (!Number.isInteger(cap) || cap < 1 || cap > 100) throw new UserError("invalid_cap");
  if (findUserByEmail(db, email)) throw new UserError("email_taken", 409);
  const now = Date.now();
  const user: typeof users.$inferInsert = {
    id: newId("usr"),
    enterpriseId,
    email,
    name,
    passwordHash: await hashPassword(input.password),
    role,
    cap,
    seatState: "active",
    status: "offline",
    createdAt: now,
    passwordChangedAt: now,
  };
  return user;
}

/** Inserts a prepared user; the email's uniqueness is checked again inside the write. */
export function insertUser(db: Db, user: typeof users.$inferInsert): User {
  if (findUserByEmail(db, user.email)) throw new UserError("email_taken", 409);
  scoped(db, user.enterpriseId).insert(users, user).run();
  return getUser(db, user.enterpriseId, user.id)!;
}

export async function addUser(db: Db, enterpriseId: string, input: NewUser): Promise<User> {
  return insertUser(db, await prepareUser(db, enterpriseId, input));
}

/** Sign-in looks users up by email across enterprises: emails are unique in an install. */
export function findUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** By id alone, for a credential that names its user (a pending second-factor sign-in). */
export function getUserById(db: Db, id: string): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function getUser(db: Db, enterpriseId: string, id: string): User | undefined {
  return scoped(db, enterpriseId).select(users, eq(users.id, id)).get();
}

export function listUsers(db: Db, enterpriseId: string): User[] {
  return scoped(db, enterpriseId).select(users).all();
}

/** The colour scheme a person chose for Parley's pages (light, dark, or the system's). */
export function setTheme(db: Db, enterpriseId: string, id: string, theme: unknown): void {
  if (theme !== "system" && theme !== "light" && theme !== "dark") throw new UserError("bad_request", 400);
  scoped(db, enterpriseId).update(users, { theme }, eq(users.id, id)).run();
}

export function setAgentStatus(db: Db, enterpriseId: string, id: string, status: User["status"]): void {
  scoped(db, enterpriseId).update(users, { status }, eq(users.id, id)).run();
}
