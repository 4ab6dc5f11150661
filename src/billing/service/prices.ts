// Seat service's platform settings (the operator's, on /operator/service): the price of a seat per
// month, the robot add-on's price per month (per enterprise, whatever its number of seats), the time
// zone the calendar is read in, and how many days before the expiry renewal charges. Kept like the
// other platform settings in the instance table, under "service.*" keys. A change applies from the
// next renewal: a running period keeps the prices locked in its service account row.
import type { Db } from "../../db/client";
import { instance } from "../../db/schema";
import { UserError } from "../../errors";
import { parseYuan } from "../money";
import { isTimeZone } from "./calendar";

export interface ServicePrices {
  /** fen per seat and per month (¥40) */
  seatPriceFen: number;
  /** fen per enterprise and per month for the AI robot add-on (¥100) */
  addonPriceFen: number;
  /** the IANA zone months and dates are read in */
  timeZone: string;
  /** renewal charges this many days before the expiry (and retries until it) */
  renewDaysBefore: number;
}

export const DEFAULT_PRICES: ServicePrices = { seatPriceFen: 4000, addonPriceFen: 10_000, timeZone: "Asia/Shanghai", renewDaysBefore: 3 };
/** the admin is warned this many days ahead when the balance will not cover the renewal */
export const WARN_DAYS_BEFORE = 7;
export const MAX_RENEW_DAYS_BEFORE = 28;

const KEYS: Record<keyof ServicePrices, string> = {
  seatPriceFen: "service.seat_price_fen",
  addonPriceFen: "service.addon_price_fen",
  timeZone: "service.time_zone",
  renewDaysBefore: "service.renew_days_before",
};

export function servicePrices(db: Db): ServicePrices {
  const rows = new Map(db.select().from(instance).all().filter((r) => r.key.startsWith("service.")).map((r) => [r.key, r.value]));
  const int = (k: keyof ServicePrices, d: number) => {
    const v = Number(rows.get(KEYS[k]));
    return rows.has(KEYS[k]) && Number.isSafeInteger(v) && v >= 0 ? v : d;
  };
  const tz = rows.get(KEYS.timeZone);
  return {
    seatPriceFen: int("seatPriceFen", DEFAULT_PRICES.seatPriceFen),
    addonPriceFen: int("addonPriceFen", DEFAULT_PRICES.addonPriceFen),
    timeZone: tz && isTimeZone(tz) ? tz : DEFAULT_PRICES.timeZone,
    renewDaysBefore: int("renewDaysBefore", DEFAULT_PRICES.renewDaysBefore),
  };
}

/** The operator's form (prices in yuan) checked: UserError on a bad amount, zone or number of days. */
export function parsePricesForm(body: Record<string, unknown>): ServicePrices {
  const days = Number(typeof body.renewDaysBefore === "string" ? body.renewDaysBefore.trim() : NaN);
  if (!Number.isInteger(days) || days < 1 || days > MAX_RENEW_DAYS_BEFORE) throw new UserError("service_renew_days", 400, { max: MAX_RENEW_DAYS_BEFORE });
  const timeZone = typeof body.timeZone === "string" ? body.timeZone.trim() : "";
  if (!isTimeZone(timeZone)) throw new UserError("service_time_zone");
  return { seatPriceFen: parseYuan(body.seatPrice), addonPriceFen: parseYuan(body.addonPrice), timeZone, renewDaysBefore: days };
}

/** Stores the settings; returns what changed (for the operator's audit log). */
export function saveServicePrices(db: Db, next: ServicePrices): Partial<Record<keyof ServicePrices, { from: string | number; to: string | number }>> {
  const before = servicePrices(db);
  const changed: Partial<Record<keyof ServicePrices, { from: string | number; to: string | number }>> = {};
  for (const k of Object.keys(KEYS) as (keyof ServicePrices)[]) {
    if (before[k] === next[k]) continue;
    changed[k] = { from: before[k], to: next[k] };
    const value = String(next[k]);
    db.insert(instance).values({ key: KEYS[k], value }).onConflictDoUpdate({ target: instance.key, set: { value } }).run();
  }
  return changed;
}

/** For the parts of the code that only need the zone. */
export function serviceTimeZone(db: Db): string {
  return servicePrices(db).timeZone;
}

