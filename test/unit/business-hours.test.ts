// Business hours as pure functions (src/hours/schedule.ts), table-driven: split shifts, periods
// past midnight, time zones (Shanghai, New York and London across their daylight-saving changes),
// holidays and 调休 make-up days, and what people type into the admin page.
import { describe, expect, test } from "bun:test";
import { checkSchedule, nextOpening, openAt, parseExceptions, parsePeriods, ScheduleError, zonedInstant, type Schedule } from "../../src/hours/schedule";

const p = (text: string) => parsePeriods(text);
/** Mon–Fri 09:00–12:00 and 13:30–18:00, Sat 10:00–16:00, Sun closed; 2026-10-01 to 03 closed (国庆), Sunday 2026-09-27 a 调休 working day. */
const shanghai: Schedule = {
  timeZone: "Asia/Shanghai",
  weekly: [[], p("09:00-12:00, 13:30-18:00"), p("09:00-12:00, 13:30-18:00"), p("09:00-12:00, 13:30-18:00"), p("09:00-12:00, 13:30-18:00"), p("09:00-12:00, 13:30-18:00"), p("10:00-16:00")],
  exceptions: parseExceptions("2026-10-01 closed # 国庆\n2026-10-02 休息\n2026-10-03 -\n2026-09-27 09:00-17:00 # 调休"),
};
/** A night desk: every day 22:00–06:00 (past midnight), and Friday also 08:00–10:00. */
const night: Schedule = { timeZone: "Asia/Shanghai", weekly: [p("22:00-06:00"), p("22:00-06:00"), p("22:00-06:00"), p("22:00-06:00"), p("22:00-06:00"), p("08:00-10:00, 22:00-06:00"), p("22:00-06:00")], exceptions: [] };
/** New York, every day 01:00–03:30 (hours the DST changes cut into) and 09:00–17:00. */
const newYork: Schedule = { timeZone: "America/New_York", weekly: Array.from({ length: 7 }, () => p("01:00-03:30, 09:00-17:00")), exceptions: [] };

/** An instant given as UTC ISO time. */
const at = (iso: string) => Date.parse(iso);

describe("openAt", () => {
  const cases: [string, Schedule, string, boolean][] = [
    ["Monday 09:00 Shanghai (01:00Z) opens", shanghai, "2026-09-14T01:00:00Z", true],
    ["Monday 08:59 is before opening", shanghai, "2026-09-14T00:59:00Z", false],
    ["Monday lunch 12:30 is between shifts", shanghai, "2026-09-14T04:30:00Z", false],
    ["Monday 13:30 the second shift", shanghai, "2026-09-14T05:30:00Z", true],
    ["Monday 18:00 closes (end exclusive)", shanghai, "2026-09-14T10:00:00Z", false],
    ["Sunday closed", shanghai, "2026-09-20T03:00:00Z", false],
    ["Sunday 2026-09-27 is a make-up working day (调休)", shanghai, "2026-09-27T03:00:00Z", true],
    ["调休 day uses its own periods: 17:30 closed", shanghai, "2026-09-27T09:30:00Z", false],
    ["Thursday 2026-10-01 is a holiday", shanghai, "2026-10-01T03:00:00Z", false],
    ["Friday 2026-10-02 too (休息)", shanghai, "2026-10-02T03:00:00Z", false],
    ["Monday 2026-10-05 back to the week", shanghai, "2026-10-05T03:00:00Z", true],
    ["night desk: 23:00 local", night, "2026-09-14T15:00:00Z", true],
    ["night desk: 05:59 next morning, from the day before", night, "2026-09-14T21:59:00Z", true],
    ["night desk: 06:00 closed", night, "2026-09-14T22:00:00Z", false],
    ["night desk: Friday 09:00 also open", night, "2026-09-18T01:00:00Z", true],
    ["night desk: Thursday 09:00 closed", night, "2026-09-17T01:00:00Z", false],
    ["New York summer 09:00 EDT = 13:00Z", newYork, "2026-07-01T13:00:00Z", true],
    ["New York winter 09:00 EST = 14:00Z", newYork, "2026-01-15T14:00:00Z", true],
    ["New York winter 13:30Z is 08:30 EST: closed", newYork, "2026-01-15T13:30:00Z", false],
    ["spring forward 2026-03-08: 03:15 EDT (07:15Z) is inside 01:00–03:30", newYork, "2026-03-08T07:15:00Z", true],
    ["spring forward: 03:30 EDT (07:30Z) closes", newYork, "2026-03-08T07:30:00Z", false],
    ["fall back 2026-11-01: first 01:30 EDT (05:30Z)", newYork, "2026-11-01T05:30:00Z", true],
    ["fall back: second 01:30 EST (06:30Z) still open", newYork, "2026-11-01T06:30:00Z", true],
    ["fall back: 03:30 EST (08:30Z) closes", newYork, "2026-11-01T08:30:00Z", false],
  ];
  for (const [name, s, iso, open] of cases) test(name, () => expect(openAt(s, at(iso))).toBe(open));
});

describe("nextOpening", () => {
  const cases: [string, Schedule, string, string | null][] = [
    ["open now: now", shanghai, "2026-09-14T02:00:00Z", "2026-09-14T02:00:00Z"],
    ["Monday lunch: 13:30 the same day", shanghai, "2026-09-14T04:30:00Z", "2026-09-14T05:30:00Z"],
    ["Friday evening: Saturday 10:00", shanghai, "2026-09-18T11:00:00Z", "2026-09-19T02:00:00Z"],
    ["Saturday evening before the 调休 Sunday: Sunday 09:00", shanghai, "2026-09-26T10:00:00Z", "2026-09-27T01:00:00Z"],
    ["Wednesday 2026-09-30 evening: the holidays pass, Saturday 10-03 closed too, Monday 10-05 09:00", shanghai, "2026-09-30T11:00:00Z", "2026-10-05T01:00:00Z"],
    ["night desk in the afternoon: 22:00", night, "2026-09-14T06:00:00Z", "2026-09-14T14:00:00Z"],
    ["New York, spring-forward night after 03:30: 09:00 EDT", newYork, "2026-03-08T07:45:00Z", "2026-03-08T13:00:00Z"],
    ["New York, the night before the fall back: 01:00 EDT", newYork, "2026-11-01T02:00:00Z", "2026-11-01T05:00:00Z"],
  ];
  for (const [name, s, iso, expected] of cases) test(name, () => expect(nextOpening(s, at(iso))).toBe(expected === null ? null : at(expected)));
  test("never open: null", () => expect(nextOpening({ timeZone: "Asia/Shanghai", weekly: Array.from({ length: 7 }, () => []), exceptions: [] }, at("2026-09-14T00:00:00Z"))).toBeNull());
});

describe("zone offsets", () => {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  test.each([
    ["Asia/Shanghai", "2026-09-14", 9 * 60, "2026-09-14T01:00:00Z"],
    ["Europe/London", "2026-07-01", 9 * 60, "2026-07-01T08:00:00Z"],
    ["Europe/London", "2026-10-25", 90, "2026-10-25T00:30:00Z"], // the repeated 01:30: its first
    ["Europe/London", "2026-03-29", 90, "2026-03-29T01:30:00Z"], // skipped 01:30 BST gap: lands after it (02:30 BST)
    ["America/New_York", "2026-01-15", 1440, "2026-01-16T05:00:00Z"], // 24:00 is the next midnight
  ])("%s %s +%i min", (zone, d, minutes, iso) => expect(zonedInstant(day(d), minutes, zone)).toBe(Date.parse(iso)));
});

describe("what people type", () => {
  test("periods: separators, 24:00, past midnight; refusals", () => {
    expect(parsePeriods("13:30-18:00，09:00~12:00")).toEqual([{ from: 540, to: 720 }, { from: 810, to: 1080 }]);
    expect(parsePeriods("22:00 至 06:00、 18:00-24:00")).toEqual([{ from: 1080, to: 1440 }, { from: 1320, to: 360 }]);
    expect(parsePeriods("  ")).toEqual([]);
    for (const bad of ["9-12", "09:00-09:00", "25:00-26:00", "24:00-01:00", "09:00", "09:60-10:00"]) expect(() => parsePeriods(bad)).toThrow(ScheduleError);
    expect(() => parsePeriods(Array.from({ length: 7 }, (_, i) => `0${i}:00-0${i}:30`).join(","))).toThrow(ScheduleError);
  });
  test("exceptions: closed words, notes, a later line for the same date wins; bad dates refused", () => {
    expect(parseExceptions("2026-10-01 closed # 国庆\n\n2026-09-27 09:00-17:00 # 调休\n2026-10-01 关闭")).toEqual([
      { date: "2026-09-27", periods: [{ from: 540, to: 1020 }], note: "调休" },
      { date: "2026-10-01", periods: [] },
    ]);
    for (const bad of ["2026-02-30 closed", "10/01 closed", "2026-10-01 9am"]) expect(() => parseExceptions(bad)).toThrow(ScheduleError);
  });
  test("stored schedules are checked: a bad zone or period is refused", () => {
    expect(checkSchedule(JSON.parse(JSON.stringify(shanghai)))).toEqual(shanghai);
    expect(() => checkSchedule({ ...shanghai, timeZone: "Mars/Olympus" })).toThrow(ScheduleError);
    expect(() => checkSchedule({ ...shanghai, weekly: [[{ from: 0, to: 0 }], [], [], [], [], [], []] })).toThrow(ScheduleError);
  });
});
