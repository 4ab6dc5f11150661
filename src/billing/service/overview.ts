// What the service pages show, read in one place: the admin's (each seat's service, the common
// expiry, the next charge, a warning, the charge history) and the operator's (enterprises by expiry,
// failed renewals, revenue per month).
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { users, enterprises, ledgerEntries, serviceAccounts, seatServices } from "../../db/schema";
import { ownedBy, scoped } from "../../db/scope";
import { isNull } from "drizzle-orm";
import { balanceOf } from "../ledger";
import { localDate, localTime } from "./calendar";
import type { ServiceContext } from "./context";
import { servicePrices, WARN_DAYS_BEFORE } from "./prices";
import { DAY_MS } from "../../../common/time";
import { renewalCharge } from "./renewal";
import { foundingSeatId, openSeatServices, periodRunning, serviceAccountOf } from "./state";
import { pageOf } from "../../db/pages";

export type SeatServiceState = "included" | "served" | "none" | "lapsed";

/** Each seat's service state (platform mode), for Admin → Agents and Admin → Seat service. */
export function seatServiceStates(ctx: ServiceContext, enterpriseId: string): Map<string, SeatServiceState> {
  const founder = foundingSeatId(ctx.db, enterpriseId);
  const account = serviceAccountOf(ctx.db, enterpriseId);
  const open = new Set(openSeatServices(ctx.db, enterpriseId).map((s) => s.userId));
  const states = new Map<string, SeatServiceState>();
  for (const u of scoped(ctx.db, enterpriseId).select(users).all()) {
    states.set(u.id, u.id === founder ? "included" : !open.has(u.id) ? "none" : account?.lapsedAt === null ? "served" : "lapsed");
  }
  return states;
}

/** The common expiry's date in the operator's zone, or null before the first opening. */
export function expiryDate(ctx: ServiceContext, enterpriseId: string): string | null {
  const a = serviceAccountOf(ctx.db, enterpriseId);
  return a?.expiresAt ? localDate(a.expiresAt, servicePrices(ctx.db).timeZone) : null;
}

const HISTORY_PAGE = 50;
const CHARGE_KINDS = ["seat_charge", "addon_charge", "refund"] as const;

export function adminOverview(ctx: ServiceContext, enterpriseId: string, now: number, page = 1) {
  const db = ctx.db;
  const prices = servicePrices(db);
  const tz = prices.timeZone;
  const a = serviceAccountOf(db, enterpriseId);
  const states = seatServiceStates(ctx, enterpriseId);
  const seats = scoped(db, enterpriseId)
    .select(users)
    .orderBy(asc(users.createdAt))
    .all()
    .map((u) => ({ id: u.id, name: u.name, email: u.email, state: states.get(u.id) ?? "none", active: u.seatState === "active" }));
  const balanceFen = balanceOf(db, enterpriseId);
  const charge = a && a.expiresAt ? renewalCharge(ctx, a, prices) : null;
  const running = periodRunning(a, now);
  const upcoming = running && charge && charge.perMonthFen > 0 && a.autoRenew ? { date: localDate(a.expiresAt - prices.renewDaysBefore * DAY_MS, tz), totalFen: charge.perMonthFen, seats: charge.seats, seatPriceFen: charge.seatPrice, addon: charge.addon } : null;
  let warning: { kind: "short" | "off" | "failed"; date: string; amountFen: number } | null = null;
  if (running && charge && charge.perMonthFen > 0 && a.expiresAt - now <= WARN_DAYS_BEFORE * DAY_MS) {
    const date = localDate(a.expiresAt, tz);
    if (!a.autoRenew) warning = { kind: "off", date, amountFen: charge.perMonthFen };
    else if (a.renewFailedAt !== null) warning = { kind: "failed", date, amountFen: a.renewNeededFen };
    else if (balanceFen < charge.perMonthFen) warning = { kind: "short", date, amountFen: charge.perMonthFen };
  }
  const where = ownedBy(ledgerEntries, enterpriseId, inArray(ledgerEntries.kind, [...CHARGE_KINDS]));
  const total = db.select({ n: count() }).from(ledgerEntries).where(where).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, HISTORY_PAGE, page);
  const history = db
    .select()
    .from(ledgerEntries)
    .where(where)
    .orderBy(desc(ledgerEntries.id))
    .limit(HISTORY_PAGE)
    .offset((p - 1) * HISTORY_PAGE)
    .all()
    .map((e) => ({ at: e.at, kind: e.kind, amount: e.amount, balanceAfter: e.balanceAfter, memo: e.memo }));
  return {
    expiresOn: a?.expiresAt ? localDate(a.expiresAt, tz) : null,
    lapsedOn: a?.lapsedAt && a.expiresAt ? localDate(a.expiresAt, tz) : null,
    autoRenew: a?.autoRenew ?? true,
    renewDaysBefore: prices.renewDaysBefore,
    balanceFen,
    seats,
    upcoming,
    warning,
    addon: { on: !!a?.robotAddon && a.lapsedAt === null && a.expiresAt !== null, priceFen: running ? a.addonPrice : prices.addonPriceFen },
    history,
    page: p,
    pages,
  };
}

const OPERATOR_PAGE = 50;

export function operatorOverview(ctx: ServiceContext, now: number, page = 1) {
  const db = ctx.db;
  const tz = servicePrices(db).timeZone;
  const withExpiry = isNotNull(serviceAccounts.expiresAt);
  const total = db.select({ n: count() }).from(serviceAccounts).where(withExpiry).get()?.n ?? 0;
  const { pages, page: p } = pageOf(total, OPERATOR_PAGE, page);
  const openSeats = db
    .select({ n: count() })
    .from(seatServices)
    .where(and(eq(seatServices.enterpriseId, serviceAccounts.enterpriseId), isNull(seatServices.closedAt)));
  const rows = db
    .select({ a: serviceAccounts, name: enterprises.name, seats: sql<number>`(${openSeats})` })
    .from(serviceAccounts)
    .innerJoin(enterprises, eq(enterprises.id, serviceAccounts.enterpriseId))
    .where(withExpiry)
    .orderBy(asc(serviceAccounts.expiresAt))
    .limit(OPERATOR_PAGE)
    .offset((p - 1) * OPERATOR_PAGE)
    .all();
  const expiring = rows.map((r) => ({ enterpriseId: r.a.enterpriseId, name: r.name, expiresOn: localDate(r.a.expiresAt!, tz), seats: Number(r.seats), autoRenew: r.a.autoRenew, lapsed: r.a.lapsedAt !== null }));
  const failed = db
    .select({ a: serviceAccounts, name: enterprises.name })
    .from(serviceAccounts)
    .innerJoin(enterprises, eq(enterprises.id, serviceAccounts.enterpriseId))
    .where(and(isNotNull(serviceAccounts.renewFailedAt), isNull(serviceAccounts.lapsedAt)))
    .orderBy(asc(serviceAccounts.expiresAt))
    .limit(OPERATOR_PAGE)
    .all()
    .map((r) => ({ enterpriseId: r.a.enterpriseId, name: r.name, expiresOn: localDate(r.a.expiresAt!, tz), neededFen: r.a.renewNeededFen }));
  return { expiring, page: p, pages, failed, revenue: revenueByMonth(ctx, now, tz) };
}

/**
 * Seat and add-on charges and refunds per month of the operator's zone, the last 12 months. The
 * zone's offset now is applied to every row (exact for zones without summer time, such as Asia/Shanghai).
 */
function revenueByMonth(ctx: ServiceContext, now: number, tz: string): { month: string; chargedFen: number; refundedFen: number }[] {
  const t = localTime(now, tz);
  const offsetMs = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms) - now;
  const since = now - 366 * DAY_MS;
  const rows = ctx.db.$client
    .query(
      `select strftime('%Y-%m', (at + ?1) / 1000, 'unixepoch') as month,
              sum(case when kind in ('seat_charge', 'addon_charge') then -amount else 0 end) as charged,
              sum(case when kind = 'refund' then amount else 0 end) as refunded
         from ledger_entries where at >= ?2 and kind in ('seat_charge', 'addon_charge', 'refund')
        group by month order by month desc`,
    )
    .all(offsetMs, since) as { month: string; charged: number; refunded: number }[];
  return rows.map((r) => ({ month: r.month, chargedFen: r.charged, refundedFen: r.refunded }));
}
