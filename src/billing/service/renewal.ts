// Renewal (续费) of seat service, and the job that does it on time (F15, docs/billing-service.md).
//
// A renewal charges, for the months bought, every seat whose service is open plus the robot
// add-on when it is on, at the operator's prices of now (which it locks for the new period), and
// moves the common expiry that many calendar months (anchored on the period's day). The charge and
// the new expiry are one transaction; the charge's idempotency key names the enterprise's period
// ("renew:<expiry date>"), so however often the job runs, in however many processes, or wherever
// a crash stops it, a period is charged once.
//
// The job (runRenewals, on an injectable clock: callers pass `now`), per enterprise whose expiry
// is within WARN_DAYS_BEFORE days or has lapsed:
//   - from `renewDaysBefore` days before the expiry (3 by default), with auto-renew on: renews for
//     one month when the balance covers it; otherwise records the failure (once a day: the
//     admin sees it, with what is needed) and tries again on every run until the expiry;
//   - from 7 days before: warns the admin once a day when the renewal will not happen (auto-renew
//     off, or the balance short);
//   - when the expiry passes unpaid: the service lapses — its seats lose service at once
//     (service-loss.ts), the add-on stops; nothing is deleted;
//   - lapsed, with auto-renew on: renews from now as soon as the balance covers it (a recharge
//     restores service by itself; the admin can also renew by hand).
// The first time it runs in platform mode it also gives an enterprise company mode made its
// upgrade month (upgrade.ts).
import { and, eq, isNotNull, isNull, lte, or } from "drizzle-orm";
import { audit, type AuditActor } from "../../accounts/audit";
import { serviceAccounts } from "../../db/schema";
import { scoped } from "../../db/scope";
import { transaction } from "../../db/transaction";
import { UserError } from "../../errors";
import { balanceOf, entryByKey, spend, type LedgerActor } from "../ledger";
import { addMonths, localDate, localTime } from "./calendar";
import type { ServiceContext } from "./context";
import { cleanMonths } from "./opening";
import { servicePrices, WARN_DAYS_BEFORE, type ServicePrices } from "./prices";
import { DAY_MS } from "../../../common/time";
import { seatsGainedService, seatsLostService } from "./service-loss";
import { foundingSeatId, openSeatServices, serviceAccountOf, type ServiceAccount } from "./state";
import { grantUpgrades } from "./upgrade";
import { standingOf } from "../../platform/standing";
import { log } from "../../log";

const SYSTEM: LedgerActor = { type: "system", id: null, name: "auto-renew" };
const systemAudit = (enterpriseId: string): AuditActor => ({ id: null, name: "auto-renew", enterpriseId });

export interface RenewalCharge {
  seats: number;
  addon: boolean;
  /** fen for one month: seats × seat price + the add-on's price when on */
  perMonthFen: number;
  seatPrice: number;
  addonPrice: number;
}

/** What one month of renewal costs the enterprise at today's prices. */
export function renewalCharge(ctx: ServiceContext, a: ServiceAccount, prices: ServicePrices): RenewalCharge {
  const seats = openSeatServices(ctx.db, a.enterpriseId).length;
  return { seats, addon: a.robotAddon, perMonthFen: seats * prices.seatPriceFen + (a.robotAddon ? prices.addonPriceFen : 0), seatPrice: prices.seatPriceFen, addonPrice: prices.addonPriceFen };
}

/**
 * Renews for `months` and moves the expiry, in one transaction. A lapsed (or passed) account
 * renews from now; otherwise from its expiry. Throws insufficient_balance (nothing written) when
 * the balance does not cover it; returns false when another run renewed that period first.
 */
function renew(ctx: ServiceContext, a: ServiceAccount, opts: { months: number; key: string; actor: LedgerActor; auditActor: AuditActor; now: number; prices: ServicePrices }, after?: (() => void)[]): boolean {
  const { db } = ctx;
  const { months, now, prices } = opts;
  const charge = renewalCharge(ctx, a, prices);
  if (charge.perMonthFen === 0) throw new UserError("service_nothing_to_renew", 409);
  // At the expiry's very instant the period has not passed: it renews from it, on its own day of the
  // month (renewing "from now" would take now's day, the 28th for a period of the 31st in February).
  const restoring = a.lapsedAt !== null || a.expiresAt === null || a.expiresAt < now;
  const from = restoring ? now : a.expiresAt!;
  const anchorDay = restoring ? localTime(now, prices.timeZone).day : a.anchorDay;
  const expiresAt = addMonths(from, months, prices.timeZone, anchorDay);
  const memo = `${months}m ${localDate(from, prices.timeZone)} → ${localDate(expiresAt, prices.timeZone)}`;
  const moved = transaction(
    db,
    () => {
      const seatFen = charge.seats * charge.seatPrice * months;
      const addonFen = charge.addon ? charge.addonPrice * months : 0;
      const paid = [
        seatFen > 0 && spend(db, { enterpriseId: a.enterpriseId, kind: "seat_charge", amount: seatFen, idempotencyKey: `${opts.key}:seats`, reference: `renew:${charge.seats}`, actor: opts.actor, memo, now }),
        addonFen > 0 && spend(db, { enterpriseId: a.enterpriseId, kind: "addon_charge", amount: addonFen, idempotencyKey: `${opts.key}:addon`, reference: "addon:robot", actor: opts.actor, memo, now }),
      ];
      // A key already spent paid a renewal that moved the expiry when it committed (a form submitted
      // again, a run that read the account before another's renewal): moving it again would give
      // the months for nothing. Nothing is written.
      if (paid.some((p) => p && p.replayed)) throw new RenewedElsewhere();
      // Moves the expiry only from what was read: a renewal another run made meanwhile matches nothing,
      // and this one rolls back (its charge, replayed from the same key, was that run's).
      const same = and(a.expiresAt === null ? isNull(serviceAccounts.expiresAt) : eq(serviceAccounts.expiresAt, a.expiresAt), a.lapsedAt === null ? isNull(serviceAccounts.lapsedAt) : eq(serviceAccounts.lapsedAt, a.lapsedAt));
      const updated = scoped(db, a.enterpriseId)
        .update(serviceAccounts, { expiresAt, anchorDay, seatPrice: charge.seatPrice, addonPrice: charge.addonPrice, lapsedAt: null, renewFailedAt: null, renewNeededFen: 0, warnedAt: null, updatedAt: now }, same)
        .returning({ id: serviceAccounts.enterpriseId })
        .all();
      if (updated.length === 0) throw new RenewedElsewhere();
      audit(db, opts.auditActor, "service.renewed", { type: "service", id: a.enterpriseId }, { months, seats: charge.seats, addon: charge.addon, totalFen: seatFen + addonFen, expiresOn: localDate(expiresAt, prices.timeZone), restored: a.lapsedAt !== null });
      return true;
    },
    { immediate: true },
  );
  if (a.lapsedAt !== null) {
    const gained = () => seatsGainedService(ctx, a.enterpriseId);
    if (after) after.push(gained);
    else gained();
  }
  return moved;
}

class RenewedElsewhere extends Error {}

/**
 * The admin renews by hand for 1–12 months (a lapsed service is restored from now). `nonce`: the
 * form's key: the same form submitted again renews nothing more and returns replayed = true.
 */
export function renewByHand(ctx: ServiceContext, actor: AuditActor & { id: string }, input: { months: unknown; nonce: string }, now: number): { replayed: boolean } {
  const months = cleanMonths(input.months);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(input.nonce)) throw new UserError("bad_request");
  const key = `renew-hand:${input.nonce}`;
  const done = () => !!(entryByKey(ctx.db, actor.enterpriseId, `${key}:seats`) ?? entryByKey(ctx.db, actor.enterpriseId, `${key}:addon`));
  if (done()) return { replayed: true };
  const a = serviceAccountOf(ctx.db, actor.enterpriseId);
  if (!a || a.expiresAt === null) throw new UserError("service_nothing_to_renew", 409);
  try {
    renew(ctx, a, { months, key, actor: { type: "user", id: actor.id, name: actor.name }, auditActor: actor, now, prices: servicePrices(ctx.db) });
    return { replayed: false };
  } catch (e) {
    if (e instanceof RenewedElsewhere) {
      if (done()) return { replayed: true };
      throw new UserError("service_renewed_meanwhile", 409);
    }
    throw e;
  }
}

export interface RenewalRun {
  renewed: number;
  failed: number;
  warned: number;
  lapsed: number;
  granted: number;
  chargedFen: number;
}

/** One pass of the renewal job at `now`. Safe to run any number of times, in any number of processes. */
export function runRenewals(ctx: ServiceContext, now: number): RenewalRun {
  const pass = renewalPass(ctx, now);
  for (let step = pass.next(); ; step = pass.next()) if (step.done) return step.value;
}

/**
 * The pass a batch at a time: it yields after each committed batch, so that the server's timer can
 * let other work run in between (startRenewals); runRenewals runs it through at once.
 */
export function* renewalPass(ctx: ServiceContext, now: number): Generator<void, RenewalRun> {
  const run: RenewalRun = { renewed: 0, failed: 0, warned: 0, lapsed: 0, granted: 0, chargedFen: 0 };
  if (ctx.config.mode !== "platform") return run;
  const prices = servicePrices(ctx.db);
  run.granted = grantUpgrades(ctx, now, prices);
  const horizon = now + Math.max(WARN_DAYS_BEFORE, prices.renewDaysBefore) * DAY_MS;
  const due = ctx.db
    .select()
    .from(serviceAccounts)
    .where(or(and(isNull(serviceAccounts.lapsedAt), isNotNull(serviceAccounts.expiresAt), lte(serviceAccounts.expiresAt, horizon)), and(isNotNull(serviceAccounts.lapsedAt), eq(serviceAccounts.autoRenew, true))))
    .all();
  // A batch of enterprises per transaction (each one a savepoint of it): one commit for many
  // renewals instead of one each. A crash loses at most the batch, which the next run repeats.
  const after: (() => void)[] = [];
  for (let i = 0; i < due.length; i += BATCH) {
    transaction(
      ctx.db,
      () => {
        for (const a of due.slice(i, i + BATCH)) {
          try {
            transaction(ctx.db, () => renewalStep(ctx, a, now, prices, run, after));
          } catch (e) {
            // One enterprise's trouble does not stop the others' renewals.
            log.error(`renewal of ${a.enterpriseId} failed`, { error: e });
          }
        }
      },
      { immediate: true },
    );
    // What the chat core must do (seats losing or regaining service) happens once the batch is committed.
    for (const effect of after.splice(0)) effect();
    if (i + BATCH < due.length) yield;
  }
  return run;
}

const BATCH = 200;

function renewalStep(ctx: ServiceContext, a: ServiceAccount, now: number, prices: ServicePrices, run: RenewalRun, after: (() => void)[]): void {
  const { db } = ctx;
  const eid = a.enterpriseId;
  const charge = renewalCharge(ctx, a, prices);
  const balance = balanceOf(db, eid);
  const covered = charge.perMonthFen > 0 && balance >= charge.perMonthFen;
  const attempt = (key: string) => {
    try {
      renew(ctx, a, { months: 1, key, actor: SYSTEM, auditActor: systemAudit(eid), now, prices }, after);
      run.renewed++;
      run.chargedFen += charge.perMonthFen;
    } catch (e) {
      // Renewed by another run meanwhile, or the balance shrank since it was read: the next run sees.
      if (!(e instanceof RenewedElsewhere) && !(e instanceof UserError && e.code === "insufficient_balance")) throw e;
    }
  };
  if (a.lapsedAt !== null) {
    // Lapsed with auto-renew on: restored as soon as the balance covers a month (not while suspended).
    if (covered && !standingOf(db, eid).suspended) attempt(`restore:${a.lapsedAt}`);
    return;
  }
  const expiresAt = a.expiresAt!;
  // A suspended enterprise (its people cannot sign in) is not charged: its service runs out.
  if (charge.perMonthFen === 0 || standingOf(db, eid).suspended) {
    // Nothing open to renew (or suspended): the period just ends.
    if (expiresAt <= now) lapse(ctx, a, now, run, after);
    return;
  }
  const inWindow = now >= expiresAt - prices.renewDaysBefore * DAY_MS;
  if (a.autoRenew && inWindow && covered) return attempt(`renew:${localDate(expiresAt, prices.timeZone)}`);
  const daily = (at: number | null) => at === null || now - at >= DAY_MS;
  if (a.autoRenew && inWindow && daily(a.renewFailedAt)) {
    scoped(db, eid).update(serviceAccounts, { renewFailedAt: now, renewNeededFen: charge.perMonthFen, warnedAt: now, updatedAt: now }, eq(serviceAccounts.expiresAt, expiresAt)).run();
    audit(db, systemAudit(eid), "service.renewal_failed", { type: "service", id: eid }, { neededFen: charge.perMonthFen, balanceFen: balance, expiresOn: localDate(expiresAt, prices.timeZone) });
    run.failed++;
  } else if (expiresAt > now && daily(a.warnedAt) && (!a.autoRenew || !covered)) {
    scoped(db, eid).update(serviceAccounts, { warnedAt: now, updatedAt: now }, eq(serviceAccounts.expiresAt, expiresAt)).run();
    audit(db, systemAudit(eid), "service.renewal_warning", { type: "service", id: eid }, { neededFen: charge.perMonthFen, balanceFen: balance, autoRenew: a.autoRenew, expiresOn: localDate(expiresAt, prices.timeZone) });
    run.warned++;
  }
  if (expiresAt <= now) lapse(ctx, a, now, run, after);
}

/** The expiry passed unpaid: seats lose service, the add-on stops; nothing is deleted. */
function lapse(ctx: ServiceContext, a: ServiceAccount, now: number, run: RenewalRun, after: (() => void)[]): void {
  const { db } = ctx;
  const eid = a.enterpriseId;
  const lapsed = scoped(db, eid)
    .update(serviceAccounts, { lapsedAt: now, updatedAt: now }, and(isNull(serviceAccounts.lapsedAt), eq(serviceAccounts.expiresAt, a.expiresAt!)))
    .returning({ id: serviceAccounts.enterpriseId })
    .all();
  if (lapsed.length === 0) return;
  const founder = foundingSeatId(db, eid);
  const seats = openSeatServices(db, eid).map((s) => s.userId).filter((id) => id !== founder);
  audit(db, systemAudit(eid), "service.lapsed", { type: "service", id: eid }, { seats: seats.length, addon: a.robotAddon });
  run.lapsed++;
  after.push(() => seatsLostService(ctx, eid, seats));
}

/** Runs the job now and then every `everyMs` (unref'd: it never keeps the process alive). Returns a stop function. */
export function startRenewals(ctx: ServiceContext, clock: () => number = Date.now, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return; // a long pass is not started twice
    running = true;
    try {
      const pass = renewalPass(ctx, clock());
      let step = pass.next();
      while (!step.done) {
        await new Promise((resolve) => setImmediate(resolve));
        step = pass.next();
      }
      const r = step.value;
      if (r.renewed || r.failed || r.lapsed || r.granted) log.info("seat service renewals", { renewed: r.renewed, notCovered: r.failed, lapsed: r.lapsed, upgradeGrants: r.granted });
    } catch (e) {
      log.error("the renewal job failed", { error: e });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
