// The pro-rata rule of seat service (F15), written once. Prices are fen per month; every amount is
// an integer number of fen, computed with integer (BigInt) arithmetic, never floats.
//
// Charge for service from `now` to the common expiry (a seat or the add-on opened mid-period):
//   count whole months back from the expiry (each costs the month's price); the part left, from
//   now to the start of the last whole month, costs the price × its length ÷ the length of the
//   calendar month it falls in, in milliseconds, ROUNDED UP to the fen.
//   Months are the operator's time zone's, ending on the account's anchor day clamped to short
//   months (calendar.ts), so a month is 28–31 days long and a day in February costs more than a
//   day in March — as a monthly price means.
//
// Refund when a seat's (or the add-on's) service is closed early: the same rule over the WHOLE
// days left (the started day is not refunded), ROUNDED DOWN to the fen, to the balance.
//
// So a charge never undercharges by a fraction of a fen and a refund never returns more than was
// paid for the days left; the two differ by at most the started day plus one fen.
import { addMonths } from "./calendar";
import { DAY_MS } from "../../../common/time";


type Round = "up" | "down";

function divide(a: bigint, b: bigint, round: Round): bigint {
  const q = a / b;
  return round === "up" && q * b < a ? q + 1n : q;
}

/** The price's share for the time from `from` to `expiry` (both instants, ms), by the rule above. */
function share(price: number, from: number, expiry: number, tz: string, anchorDay: number, round: Round): number {
  if (!Number.isSafeInteger(price) || price < 0) throw new TypeError(`a price is a whole number of fen: ${price}`);
  if (from >= expiry || price === 0) return 0;
  // Whole months back from the expiry while their start is not before `from`.
  let months = 0;
  let end = expiry;
  let start = addMonths(expiry, -1, tz, anchorDay);
  while (start >= from) {
    months++;
    end = start;
    start = addMonths(expiry, -(months + 1), tz, anchorDay);
  }
  const part = divide(BigInt(price) * BigInt(end - from), BigInt(end - start), round);
  return months * price + Number(part);
}

/** What service from now to the common expiry costs at `price` fen per month (rounded up). */
export function proRataCharge(price: number, now: number, expiry: number, tz: string, anchorDay: number): number {
  return share(price, now, expiry, tz, anchorDay, "up");
}

/** What closing service now returns: the whole days left to the expiry, pro rata, rounded down. */
export function proRataRefund(price: number, now: number, expiry: number, tz: string, anchorDay: number): number {
  if (now >= expiry) return 0;
  const wholeDays = Math.floor((expiry - now) / DAY_MS);
  return share(price, expiry - wholeDays * DAY_MS, expiry, tz, anchorDay, "down");
}

/**
 * The price a purchase pays. While a period runs, what is opened in it pays the price locked for it
 * (a price change applies from the next renewal); a new period (first opening, renewal, renewal after
 * a lapse) pays the operator's price of now.
 */
export function periodPrice(locked: number, current: number, periodRunning: boolean): number {
  return periodRunning ? locked : current;
}
