// Opening seat service (开通服务), the robot add-on, closing them early, and the auto-renew switch.
// Every charge goes through the ledger's spend (src/billing/ledger.ts) in the same transaction as
// the rows it pays for, so a charge and the service it buys commit or roll back together.
//
// - No period running (the first opening, or none left): a new period of `months` (1–12) from now,
//   at the operator's prices of now; the common expiry is `months` calendar months ahead.
// - A period running: each seat (and the add-on) opened pays pro rata from now to the common
//   expiry at the period's locked price (proration.ts), and ends with the others.
// - Lapsed (the expiry passed unpaid) with seats or the add-on still open: renew first (renewal.ts),
//   which restores them all; opening more is refused until then.
// - Closing a seat's service (or the add-on) early refunds the whole days left, pro rata, rounded
//   down, to the balance (proration.ts proRataRefund); its agent goes offline.
import { and, eq, isNull } from "drizzle-orm";
import { audit, type AuditActor } from "../../accounts/audit";
import { getUser } from "../../accounts/users";
import { seatServices, serviceAccounts } from "../../db/schema";
import { newId } from "../../db/ids";
import { scoped } from "../../db/scope";
import { transaction } from "../../db/transaction";
import { UserError } from "../../errors";
import { credit, entryByKey, spend, type LedgerActor } from "../ledger";
import { addMonths, localDate, localTime } from "./calendar";
import type { ServiceContext } from "./context";
import { servicePrices, type ServicePrices } from "./prices";
import { periodPrice, proRataCharge, proRataRefund } from "./proration";
import { seatsGainedService, seatsLostService } from "./service-loss";
import { foundingSeatId, openSeatService, openSeatServices, periodRunning, serviceAccountOf, type SeatService, type ServiceAccount } from "./state";

export const MAX_MONTHS = 12;
/** the most seats one purchase may name (an enterprise adds seats without limit, a form is bounded) */
const MAX_SEATS_PER_PURCHASE = 1000;

export interface PurchaseInput {
  seatIds: readonly string[];
  addon: boolean;
  /** months of a new period (ignored while one runs): a number, or the form's text (cleanMonths) */
  months: number | string;
}

export interface Quote {
  seats: { id: string; name: string; email: string }[];
  addon: boolean;
  /** a new period starts (no period running): `months` months at today's prices */
  newPeriod: boolean;
  months: number;
  /** fen per seat per month and per month for the add-on that this purchase is priced at */
  seatPrice: number;
  addonPrice: number;
  /** each seat's charge, the add-on's charge, and all of it */
  seatFen: number;
  addonFen: number;
  totalFen: number;
  /** the common expiry after the purchase */
  expiresAt: number;
  expiresOn: string;
  timeZone: string;
}

/**
 * 1–12 months: a number given by code, or text of one or two ASCII digits (spaces around allowed).
 * Number() is not used on text: it would take "1e1" as 10, "0x3" as 3 and "3.0" as 3. Missing or
 * empty text is one month, as before.
 */
export function cleanMonths(v: unknown): number {
  const text = typeof v === "string" ? v.trim() : null;
  const n = text !== null && text !== "" ? (/^\d{1,2}$/.test(text) ? Number(text) : Number.NaN) : typeof v === "number" ? v : 1;
  if (!Number.isInteger(n) || n < 1 || n > MAX_MONTHS) throw new UserError("service_months", 400, { max: MAX_MONTHS });
  return n;
}

/** Service has lapsed (or expired, not yet marked) while seats or the add-on are still open: renew first. */
function waitingForRenewal(db: ServiceContext["db"], a: ServiceAccount | undefined, enterpriseId: string, now: number): boolean {
  return !!a && !periodRunning(a, now) && a.expiresAt !== null && (a.robotAddon || openSeatServices(db, enterpriseId).length > 0);
}

/** What the purchase costs now, or a UserError saying why it cannot be made. Writes nothing. */
export function quotePurchase(ctx: ServiceContext, enterpriseId: string, input: PurchaseInput, now: number, prices: ServicePrices = servicePrices(ctx.db)): Quote {
  const db = ctx.db;
  const ids = [...new Set(input.seatIds)];
  if (ids.length === 0 && !input.addon) throw new UserError("service_nothing_selected");
  if (ids.length > MAX_SEATS_PER_PURCHASE) throw new UserError("service_too_many", 400, { max: MAX_SEATS_PER_PURCHASE });
  const account = serviceAccountOf(db, enterpriseId);
  if (waitingForRenewal(db, account, enterpriseId, now)) throw new UserError("service_lapsed", 409);
  const founder = foundingSeatId(db, enterpriseId);
  const seats = ids.map((id) => {
    const seat = typeof id === "string" ? getUser(db, enterpriseId, id) : undefined;
    if (!seat) throw new UserError("not_found", 404);
    if (seat.seatState !== "active" || seat.id === founder || openSeatService(db, enterpriseId, seat.id)) throw new UserError("service_seat_not_openable", 409, { name: seat.name });
    return { id: seat.id, name: seat.name, email: seat.email };
  });
  const running = periodRunning(account, now);
  if (input.addon && running && account.robotAddon) throw new UserError("service_addon_open", 409);
  const tz = prices.timeZone;
  const seatPrice = periodPrice(account?.seatPrice ?? 0, prices.seatPriceFen, running);
  const addonPrice = periodPrice(account?.addonPrice ?? 0, prices.addonPriceFen, running);
  let seatFen: number, addonFen: number, expiresAt: number, months: number;
  if (running) {
    months = 0;
    expiresAt = account.expiresAt;
    seatFen = proRataCharge(seatPrice, now, expiresAt, tz, account.anchorDay);
    addonFen = proRataCharge(addonPrice, now, expiresAt, tz, account.anchorDay);
  } else {
    months = cleanMonths(input.months);
    expiresAt = addMonths(now, months, tz);
    seatFen = seatPrice * months;
    addonFen = addonPrice * months;
  }
  if (!input.addon) addonFen = 0;
  return { seats, addon: input.addon, newPeriod: !running, months, seatPrice, addonPrice, seatFen, addonFen, totalFen: seats.length * seatFen + addonFen, expiresAt, expiresOn: localDate(expiresAt, tz), timeZone: tz };
}

export interface Purchased {
  /** null when replayed */
  quote: Quote | null;
  /** the same form was submitted before: nothing more was charged */
  replayed: boolean;
}

const ledgerActor = (a: AuditActor): LedgerActor => ({ type: "user", id: a.id, name: a.name });

/**
 * Pays for the purchase from the balance and opens it. `nonce` is the confirmation form's own key
 * (a double submit charges once); `confirmFen` is the total the admin saw and `confirmPrices` the
 * monthly prices it showed (which a new period locks): a different total or price now (a price
 * changed, a day passed) is refused with service_price_changed and the new quote, even when the
 * total happens to come out the same.
 */
export function purchase(ctx: ServiceContext, actor: AuditActor, input: PurchaseInput & { nonce: string; confirmFen: number; confirmPrices?: { seat: number; addon: number } }, now: number): Purchased {
  const db = ctx.db;
  const eid = actor.enterpriseId;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(input.nonce)) throw new UserError("bad_request");
  const key = `open:${input.nonce}`;
  const done = entryByKey(db, eid, `${key}:seats`) ?? entryByKey(db, eid, `${key}:addon`);
  if (done) return { quote: null, replayed: true };
  const prices = servicePrices(db);
  const result = transaction(
    db,
    () => {
      // The same form submitted meanwhile (another process): it is done already.
      if (entryByKey(db, eid, `${key}:seats`) ?? entryByKey(db, eid, `${key}:addon`)) return null;
      // Quoted again inside the write lock: what is charged is what is written.
      const q = quotePurchase(ctx, eid, input, now, prices);
      if (q.totalFen !== input.confirmFen) throw new UserError("service_price_changed", 409);
      const shown = input.confirmPrices;
      if (shown && ((q.seats.length > 0 && q.seatPrice !== shown.seat) || (q.addon && q.addonPrice !== shown.addon))) throw new UserError("service_price_changed", 409);
      const memo = q.newPeriod ? `${q.months}m → ${q.expiresOn}` : `→ ${q.expiresOn}`;
      if (q.seats.length && q.seatFen > 0) spend(db, { enterpriseId: eid, kind: "seat_charge", amount: q.seats.length * q.seatFen, idempotencyKey: `${key}:seats`, reference: `seats:${q.seats.length}`, actor: ledgerActor(actor), memo, now });
      if (q.addon && q.addonFen > 0) spend(db, { enterpriseId: eid, kind: "addon_charge", amount: q.addonFen, idempotencyKey: `${key}:addon`, reference: "addon:robot", actor: ledgerActor(actor), memo, now });
      const s = scoped(db, eid);
      const account = serviceAccountOf(db, eid);
      if (q.newPeriod) {
        const fresh = { expiresAt: q.expiresAt, anchorDay: localTime(now, q.timeZone).day, seatPrice: q.seatPrice, addonPrice: q.addonPrice, robotAddon: q.addon, lapsedAt: null, renewFailedAt: null, renewNeededFen: 0, warnedAt: null, updatedAt: now };
        if (account) s.update(serviceAccounts, fresh).run();
        else s.insert(serviceAccounts, { ...fresh, autoRenew: true }).run();
      } else if (q.addon) s.update(serviceAccounts, { robotAddon: true, updatedAt: now }).run();
      for (const seat of q.seats) s.insert(seatServices, { id: newId("svc"), userId: seat.id, openedAt: now, closedAt: null }).run();
      audit(db, actor, "service.opened", { type: "service", id: eid }, { seats: q.seats.map((x) => `${x.name} <${x.email}>`), addon: q.addon, totalFen: q.totalFen, expiresOn: q.expiresOn, months: q.months });
      return q;
    },
    { immediate: true },
  );
  if (!result) return { quote: null, replayed: true };
  seatsGainedService(ctx, eid);
  return { quote: result, replayed: false };
}

/**
 * Where a seat's paid service begins, for its refund: a seat the upgrade gave its free month
 * (upgrade.ts: opened at the grant's instant, no ledger row) is paid only from that month's end,
 * whenever a renewal (automatic, or by hand before the month is over) pays what follows; any other
 * seat was charged from its opening. The free month itself is never refunded.
 */
function paidFrom(a: ServiceAccount, row: SeatService, tz: string): number {
  return a.upgradeGrantAt !== null && row.openedAt === a.upgradeGrantAt ? addMonths(a.upgradeGrantAt, 1, tz) : row.openedAt;
}

/** Closes a seat's service now: the whole days left are refunded to the balance; its agent goes offline. */
export function closeSeatService(ctx: ServiceContext, actor: AuditActor, userId: string, now: number): { refundFen: number } {
  const db = ctx.db;
  const eid = actor.enterpriseId;
  // Another enterprise's seat (or none) does not exist here.
  const seat = getUser(db, eid, userId);
  if (!seat) throw new UserError("not_found", 404);
  const row = openSeatService(db, eid, userId);
  if (!row) throw new UserError("service_not_open", 409);
  const prices = servicePrices(db);
  const refundFen = transaction(
    db,
    () => {
      const closed = scoped(db, eid)
        .update(seatServices, { closedAt: now }, and(eq(seatServices.id, row.id), isNull(seatServices.closedAt)))
        .returning({ id: seatServices.id })
        .all();
      if (closed.length === 0) throw new UserError("service_not_open", 409);
      const a = serviceAccountOf(db, eid);
      const refund = periodRunning(a, now) ? proRataRefund(a.seatPrice, Math.max(now, paidFrom(a, row, prices.timeZone)), a.expiresAt, prices.timeZone, a.anchorDay) : 0;
      if (refund > 0) credit(db, { enterpriseId: eid, kind: "refund", amount: refund, idempotencyKey: `refund:seat:${row.id}`, reference: `seat:${userId}`, actor: ledgerActor(actor), memo: `${seat.name} <${seat.email}>`, now });
      audit(db, actor, "service.seat_closed", { type: "seat", id: userId, name: `${seat.name} <${seat.email}>` }, { refundFen: refund });
      return refund;
    },
    { immediate: true },
  );
  seatsLostService(ctx, eid, [userId]);
  return { refundFen };
}

/** Closes the robot add-on now, refunding its whole days left; the robot stops answering. */
export function closeAddon(ctx: ServiceContext, actor: AuditActor, now: number): { refundFen: number } {
  const db = ctx.db;
  const eid = actor.enterpriseId;
  const prices = servicePrices(db);
  return transaction(
    db,
    () => {
      const a = serviceAccountOf(db, eid);
      const closed = scoped(db, eid)
        .update(serviceAccounts, { robotAddon: false, updatedAt: now }, eq(serviceAccounts.robotAddon, true))
        .returning({ id: serviceAccounts.enterpriseId })
        .all();
      if (!a || closed.length === 0) throw new UserError("service_not_open", 409);
      const refund = periodRunning(a, now) ? proRataRefund(a.addonPrice, now, a.expiresAt, prices.timeZone, a.anchorDay) : 0;
      if (refund > 0) credit(db, { enterpriseId: eid, kind: "refund", amount: refund, idempotencyKey: `refund:addon:${now}`, reference: "addon:robot", actor: ledgerActor(actor), now });
      audit(db, actor, "service.addon_closed", { type: "service", id: eid }, { refundFen: refund });
      return { refundFen: refund };
    },
    { immediate: true },
  );
}

/** Auto-renew on or off (on by default). */
export function setAutoRenew(ctx: ServiceContext, actor: AuditActor, on: boolean, now: number): void {
  const db = ctx.db;
  const eid = actor.enterpriseId;
  transaction(db, () => {
    const a = serviceAccountOf(db, eid);
    if (a && a.autoRenew === on) return;
    if (a) scoped(db, eid).update(serviceAccounts, { autoRenew: on, updatedAt: now }).run();
    else scoped(db, eid).insert(serviceAccounts, { expiresAt: null, autoRenew: on, updatedAt: now }).run();
    audit(db, actor, on ? "service.auto_renew_on" : "service.auto_renew_off", { type: "service", id: eid });
  });
}
