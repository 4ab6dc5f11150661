// The pro-rata rule (src/billing/service/proration.ts) and month arithmetic in the operator's time
// zone (calendar.ts), table-driven: openings on the 1st, the 15th, the last day, Feb 29, one minute
// before expiry, across a price change; refunds of whole days; renewal periods over month ends.
import { describe, expect, test } from "bun:test";
import { addMonths, fromLocal, localDate, localTime } from "../../src/billing/service/calendar";
import { periodPrice, proRataCharge, proRataRefund } from "../../src/billing/service/proration";

const SH = "Asia/Shanghai";
/** "2027-01-15 10:30" in Shanghai, as an instant. */
function at(s: string, tz = SH): number {
  const [d, t = "00:00"] = s.split(" ");
  const [year, month, day] = d!.split("-").map(Number) as [number, number, number];
  const [hour, minute] = t.split(":").map(Number) as [number, number];
  return fromLocal({ year, month, day, hour, minute, second: 0, ms: 0 }, tz);
}
const show = (ms: number, tz = SH) => {
  const t = localTime(ms, tz);
  return `${localDate(ms, tz)} ${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
};

describe("pro-rata charge for a seat opened mid-period (¥40 = 4000 fen a month)", () => {
  const cases: { name: string; now: string; expiry: string; anchor: number; price?: number; fen: number }[] = [
    { name: "opened on the 1st, at the period's start: a whole month", now: "2027-01-01 00:00", expiry: "2027-02-01 00:00", anchor: 1, fen: 4000 },
    { name: "opened on the 15th: 17 of January's 31 days, rounded up", now: "2027-01-15 00:00", expiry: "2027-02-01 00:00", anchor: 1, fen: 2194 }, // 4000×17/31 = 2193.55
    { name: "opened on the last day: one day of 31", now: "2027-01-31 00:00", expiry: "2027-02-01 00:00", anchor: 1, fen: 130 }, // 129.03
    { name: "opened on Feb 29 (leap year): one day of 29", now: "2028-02-29 00:00", expiry: "2028-03-01 00:00", anchor: 1, fen: 138 }, // 137.93
    { name: "a day of February 2027 (28 days) costs more than one of January", now: "2027-02-28 00:00", expiry: "2027-03-01 00:00", anchor: 1, fen: 143 }, // 142.86
    { name: "one minute before expiry: one fen", now: "2027-01-31 23:59", expiry: "2027-02-01 00:00", anchor: 1, fen: 1 }, // 0.0896
    { name: "at the expiry: nothing", now: "2027-02-01 00:00", expiry: "2027-02-01 00:00", anchor: 1, fen: 0 },
    { name: "three-month period, opened on the 15th of the first: 2 whole months + 17/31", now: "2027-01-15 00:00", expiry: "2027-04-01 00:00", anchor: 1, fen: 8000 + 2194 },
    { name: "anchor 31, period Jan 31 → Feb 28, opened Feb 14: 14 of 28 days", now: "2027-02-14 00:00", expiry: "2027-02-28 00:00", anchor: 31, fen: 2000 },
    { name: "anchor 31, period Feb 29 → Mar 31 2028, opened Mar 16: 15 of 31 days", now: "2028-03-16 00:00", expiry: "2028-03-31 00:00", anchor: 31, fen: 1936 }, // 1935.48
    { name: "time of day counts: opened Jan 15 12:00, 16.5 of 31 days", now: "2027-01-15 12:00", expiry: "2027-02-01 00:00", anchor: 1, fen: 2130 }, // 2129.03 → up
    { name: "a price of 0 costs nothing", now: "2027-01-15 00:00", expiry: "2027-02-01 00:00", anchor: 1, price: 0, fen: 0 },
    { name: "the robot add-on (¥100) opened on the 15th", now: "2027-01-15 00:00", expiry: "2027-02-01 00:00", anchor: 1, price: 10_000, fen: 5484 }, // 5483.87
  ];
  for (const c of cases)
    test(c.name, () => {
      expect(proRataCharge(c.price ?? 4000, at(c.now), at(c.expiry), SH, c.anchor)).toBe(c.fen);
    });

  test("across a price change: a seat opened mid-period pays the period's locked price; the next period pays the new one", () => {
    const locked = 4000;
    const operatorNow = 5000;
    expect(proRataCharge(periodPrice(locked, operatorNow, true), at("2027-01-15 00:00"), at("2027-02-01 00:00"), SH, 1)).toBe(2194);
    expect(periodPrice(locked, operatorNow, false)).toBe(5000);
  });

  test("amounts stay exact for large prices (no float rounding): ¥10,000,000 a month for 17 of 31 days", () => {
    expect(proRataCharge(1_000_000_000, at("2027-01-15 00:00"), at("2027-02-01 00:00"), SH, 1)).toBe(548_387_097); // 548387096.77 → up
  });
});

describe("refund of whole days when service is closed early", () => {
  const cases: { name: string; now: string; expiry: string; fen: number }[] = [
    { name: "closed at the start of Jan 15: 17 whole days of 31, rounded down", now: "2027-01-15 00:00", expiry: "2027-02-01 00:00", fen: 2193 },
    { name: "closed at noon on Jan 15: the started day is not refunded (16 days)", now: "2027-01-15 12:00", expiry: "2027-02-01 00:00", fen: 2064 }, // 2064.5
    { name: "closed one minute before expiry: nothing", now: "2027-01-31 23:59", expiry: "2027-02-01 00:00", fen: 0 },
    { name: "closed after the expiry: nothing", now: "2027-02-02 00:00", expiry: "2027-02-01 00:00", fen: 0 },
  ];
  for (const c of cases)
    test(c.name, () => {
      expect(proRataRefund(4000, at(c.now), at(c.expiry), SH, 1)).toBe(c.fen);
    });

  test("a refund never exceeds what opening at the same moment costs", () => {
    for (const day of [1, 2, 10, 15, 28, 31]) {
      const now = at(`2027-01-${String(day).padStart(2, "0")} 07:45`);
      expect(proRataRefund(4000, now, at("2027-02-01 00:00"), SH, 1)).toBeLessThanOrEqual(proRataCharge(4000, now, at("2027-02-01 00:00"), SH, 1));
    }
  });
});

describe("renewal periods over month ends, in the operator's time zone", () => {
  test("anchor 31: Jan 31 → Feb 28 → Mar 31 → Apr 30 → May 31 (no drift to the 28th)", () => {
    let t = at("2027-01-31 10:00");
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(show((t = addMonths(t, 1, SH, 31))));
    expect(seen).toEqual(["2027-02-28 10:00", "2027-03-31 10:00", "2027-04-30 10:00", "2027-05-31 10:00"]);
  });

  test("leap years: Jan 31 2028 + 1 month = Feb 29; Feb 29 2028 + 12 months = Feb 28 2029; anchor 29 comes back in March", () => {
    expect(show(addMonths(at("2028-01-31 09:00"), 1, SH, 31))).toBe("2028-02-29 09:00");
    expect(show(addMonths(at("2028-02-29 09:00"), 12, SH, 29))).toBe("2029-02-28 09:00");
    expect(show(addMonths(addMonths(at("2028-02-29 09:00"), 12, SH, 29), 1, SH, 29))).toBe("2029-03-29 09:00");
  });

  test("December → January crosses the year; 12 months back and forth", () => {
    expect(show(addMonths(at("2026-12-15 00:00"), 1, SH))).toBe("2027-01-15 00:00");
    expect(show(addMonths(at("2027-01-15 00:00"), -1, SH))).toBe("2026-12-15 00:00");
    expect(show(addMonths(at("2027-03-31 00:00"), -1, SH, 31))).toBe("2027-02-28 00:00");
  });

  test("the month is Shanghai's, not UTC's: Mar 31 03:00 (Mar 30 in UTC) + 1 month = Apr 30 03:00 Shanghai", () => {
    const start = at("2027-03-31 03:00");
    expect(new Date(start).toISOString()).toBe("2027-03-30T19:00:00.000Z");
    expect(show(addMonths(start, 1, SH, 31))).toBe("2027-04-30 03:00");
    // Done in UTC it would have landed on Apr 30 19:00 UTC = May 1 in Shanghai.
    expect(localDate(addMonths(start, 1, "UTC"), SH)).toBe("2027-05-01");
  });

  test("a zone with summer time keeps the local time of day across the change", () => {
    const NY = "America/New_York";
    expect(show(addMonths(at("2027-02-15 09:00", NY), 1, NY), NY)).toBe("2027-03-15 09:00");
    expect(addMonths(at("2027-02-15 09:00", NY), 1, NY) - at("2027-02-15 09:00", NY)).toBe(28 * 86_400_000 - 3_600_000);
  });
});
