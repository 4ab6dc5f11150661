// Who has seat service now (F15), read from the service tables. The plan module
// (src/platform/plan.ts) asks this and decides; routing, presence and the robot ask the plan.
//
// A seat is served when
//   - it is the enterprise's founding seat (its first user: the admin sign-up or `parley init`
//     made), which is always served and costs nothing: it is how a firm on trial receives chats,
//     and it stays so after verification (one seat is included); or
//   - it has an open seat_services row and its enterprise's service has not lapsed.
// The robot add-on is paid while the account has it and has not lapsed. A lapse is written by the
// renewal job when the expiry passes unpaid (renewal.ts); paying clears it.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { seatServices, serviceAccounts, users } from "../../db/schema";
import { scoped } from "../../db/scope";

export type ServiceAccount = typeof serviceAccounts.$inferSelect;
export type SeatService = typeof seatServices.$inferSelect;

export function serviceAccountOf(db: Db, enterpriseId: string): ServiceAccount | undefined {
  return scoped(db, enterpriseId).select(serviceAccounts).get();
}

/** A period is running: opened, paid up to an expiry still ahead, not lapsed. */
export function periodRunning(a: ServiceAccount | undefined, now: number): a is ServiceAccount & { expiresAt: number } {
  return !!a && a.expiresAt !== null && a.lapsedAt === null && a.expiresAt > now;
}

/** The enterprise's first seat (its founding admin): always served, free. */
export function foundingSeatId(db: Db, enterpriseId: string): string | undefined {
  return db.select({ id: users.id }).from(users).where(eq(users.enterpriseId, enterpriseId)).orderBy(asc(users.createdAt), asc(users.id)).limit(1).get()?.id;
}

/** Seats whose service is open (bought and not closed), whether or not the account has lapsed. */
export function openSeatServices(db: Db, enterpriseId: string): SeatService[] {
  return scoped(db, enterpriseId).select(seatServices, isNull(seatServices.closedAt)).all();
}

export function openSeatService(db: Db, enterpriseId: string, userId: string): SeatService | undefined {
  return scoped(db, enterpriseId).select(seatServices, and(eq(seatServices.userId, userId), isNull(seatServices.closedAt))).get();
}

/** The seats that may go online and receive visitors now. */
export function servedSeatIds(db: Db, enterpriseId: string): Set<string> {
  const served = new Set<string>();
  const founder = foundingSeatId(db, enterpriseId);
  if (founder) served.add(founder);
  const account = serviceAccountOf(db, enterpriseId);
  if (account && account.lapsedAt === null) for (const s of openSeatServices(db, enterpriseId)) served.add(s.userId);
  return served;
}

export function seatServed(db: Db, enterpriseId: string, userId: string): boolean {
  if (foundingSeatId(db, enterpriseId) === userId) return true;
  const account = serviceAccountOf(db, enterpriseId);
  return !!account && account.lapsedAt === null && !!openSeatService(db, enterpriseId, userId);
}

/** The AI robot add-on is paid for now. */
export function robotAddonPaid(db: Db, enterpriseId: string): boolean {
  const a = serviceAccountOf(db, enterpriseId);
  return !!a && a.robotAddon && a.lapsedAt === null && a.expiresAt !== null;
}
