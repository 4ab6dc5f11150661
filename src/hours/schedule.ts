// Business hours (工作时间) as pure functions: a site's weekly periods (several a day, split shifts,
// and periods that run past midnight), in its IANA time zone, with dated exceptions (a holiday
// closed; a 调休 make-up working day open with its own periods). `openAt` and `nextOpening` turn a
// schedule and an instant into an answer; the zone's offsets come from Intl.DateTimeFormat, so
// daylight-saving zones are right on both sides of a change. No database and no clock here.
import { DAY_MS } from "../../common/time";
import { onePer } from "../one-per";

/** Minutes after local midnight: `from` 0–1439, `to` 1–1440; `to` <= `from` runs past midnight into the next day. */
export interface Period {
  from: number;
  to: number;
}

/** A date (YYYY-MM-DD, the site's zone) whose periods replace its weekday's: none = closed. */
export interface Exception {
  date: string;
  periods: Period[];
  note?: string;
}

export interface Schedule {
  /** IANA name, e.g. Asia/Shanghai */
  timeZone: string;
  /** seven days of periods, index 0 = Sunday (as Date.getUTCDay) */
  weekly: Period[][];
  exceptions: Exception[];
}

export const MAX_PERIODS_PER_DAY = 6;
export const MAX_EXCEPTIONS = 400;
/** how far nextOpening looks ahead (a long holiday, a closed season) */
const LOOKAHEAD_DAYS = 400;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formats.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: unknown): name is string {
  if (typeof name !== "string" || !name || name.length > 64) return false;
  try {
    formatOf(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in the zone at an instant: the local date as a UTC midnight (epoch ms) and the minutes after it. */
function wall(instant: number, timeZone: string): { day: number; minutes: number; utcOfWall: number } {
  const parts: Record<string, number> = {};
  for (const p of formatOf(timeZone).formatToParts(new Date(instant))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const day = Date.UTC(parts.year!, parts.month! - 1, parts.day!);
  const minutes = parts.hour! * 60 + parts.minute!;
  return { day, minutes, utcOfWall: day + minutes * 60_000 + parts.second! * 1000 };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return wall(whole, timeZone).utcOfWall - whole;
}

/**
 * The instant at which the zone's wall clock shows `minutes` after midnight of `day` (a UTC
 * midnight standing for the local date; minutes may reach 1440 = the next midnight). A time the
 * clocks skip (spring forward) falls after the gap; one they repeat (fall back) is its first.
 */
export function zonedInstant(day: number, minutes: number, timeZone: string): number {
  const naive = day + minutes * 60_000;
  // The offsets half a day either side bracket any change near this time (zones change at most
  // once a day); a candidate is right when the wall clock reads `naive` at it.
  const before = naive - offsetAt(naive - DAY_MS / 2, timeZone);
  const after = naive - offsetAt(naive + DAY_MS / 2, timeZone);
  const fits = (t: number) => offsetAt(t, timeZone) === naive - t;
  if (fits(before) && fits(after)) return Math.min(before, after);
  if (fits(before)) return before;
  if (fits(after)) return after;
  // Skipped by the clocks (spring forward): with the offset before the change, it lands after the gap.
  return before;
}

const dateKey = (day: number) => new Date(day).toISOString().slice(0, 10);

/** A schedule's exceptions by date, made once per schedule (the one kept for the site: src/hours/hours.ts). */
const exceptionMap = onePer((s: Schedule) => new Map(s.exceptions.map((e) => [e.date, e.periods])));
function periodsOn(s: Schedule, day: number): Period[] {
  return exceptionMap(s).get(dateKey(day)) ?? s.weekly[new Date(day).getUTCDay()] ?? [];
}

/** The open intervals [start, end) of the periods that begin on a local date. */
function intervalsOf(s: Schedule, day: number): [number, number][] {
  return periodsOn(s, day).map((p) => [zonedInstant(day, p.from, s.timeZone), zonedInstant(p.to <= p.from ? day + DAY_MS : day, p.to, s.timeZone)]);
}

/** Is the site open at this instant? (Periods that began the day before and run past midnight count.) */
export function openAt(s: Schedule, instant: number): boolean {
  const { day } = wall(instant, s.timeZone);
  for (const d of [day - DAY_MS, day]) for (const [start, end] of intervalsOf(s, d)) if (start <= instant && instant < end) return true;
  return false;
}

/** When the site is next open: `instant` itself when open now; null when no period begins within 400 days. */
export function nextOpening(s: Schedule, instant: number): number | null {
  if (openAt(s, instant)) return instant;
  const { day } = wall(instant, s.timeZone);
  for (let k = 0; k <= LOOKAHEAD_DAYS; k++) {
    const starts = intervalsOf(s, day + k * DAY_MS)
      .map(([start]) => start)
      .filter((start) => start > instant);
    if (starts.length) return Math.min(...starts);
  }
  return null;
}

// ---- reading and writing schedules as people type them ---------------------------------------

const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
  const m = TIME.exec(hhmm.trim());
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

export const formatMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export class ScheduleError extends Error {
  constructor(
    readonly problem: "period" | "too_many_periods" | "date" | "time_zone" | "too_many_exceptions",
    readonly input: string,
  ) {
    super(`${problem}: ${input}`);
  }
}

/** "09:00-12:00, 13:30-18:00" (also – ~ 至, and ， 、 ; between periods); "" is none. */
export function parsePeriods(text: string): Period[] {
  const periods: Period[] = [];
  for (const part of text.split(/[,，、;；\n]+/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\S+?)\s*(?:-|–|~|～|至|到)\s*(\S+)$/.exec(part);
    const from = m ? minutesOf(m[1]!) : null;
    const to = m ? minutesOf(m[2]!) : null;
    if (from === null || to === null || from >= 1440 || to === 0 || from === to) throw new ScheduleError("period", part);
    periods.push({ from, to });
  }
  if (periods.length > MAX_PERIODS_PER_DAY) throw new ScheduleError("too_many_periods", text);
  return periods.sort((a, b) => a.from - b.from);
}

export const formatPeriods = (periods: Period[]) => periods.map((p) => `${formatMinutes(p.from)}-${formatMinutes(p.to)}`).join(", ");

const CLOSED = /^(closed|off|休息|休|关闭|-)$/i;

/** One exception a line: "2026-10-01 closed # 国庆" or "2026-09-27 09:00-18:00 # 调休". */
export function parseExceptions(text: string): Exception[] {
  const out = new Map<string, Exception>();
  for (const raw of text.split(/\r?\n/)) {
    const [body, ...noteParts] = raw.split("#");
    const line = body!.trim();
    if (!line) continue;
    const m = /^(\d{4})-(\d{2})-(\d{2})\s*(.*)$/.exec(line);
    const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
    if (!m || Number.isNaN(day) || dateKey(day) !== `${m[1]}-${m[2]}-${m[3]}`) throw new ScheduleError("date", line);
    const rest = m[4]!.trim();
    const note = noteParts.join("#").trim().slice(0, 100);
    out.set(dateKey(day), { date: dateKey(day), periods: !rest || CLOSED.test(rest) ? [] : parsePeriods(rest), ...(note ? { note } : {}) });
  }
  if (out.size > MAX_EXCEPTIONS) throw new ScheduleError("too_many_exceptions", text);
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export const formatExceptions = (exceptions: Exception[]) =>
  exceptions.map((e) => `${e.date} ${e.periods.length ? formatPeriods(e.periods) : "closed"}${e.note ? ` # ${e.note}` : ""}`).join("\n");

/** A stored schedule, checked again (the JSON column is ours, but a hand-edited row must not crash the widget). */
export function checkSchedule(value: unknown): Schedule {
  const v = value as Schedule;
  if (!v || !isTimeZone(v.timeZone)) throw new ScheduleError("time_zone", String(v?.timeZone));
  if (!Array.isArray(v.weekly) || v.weekly.length !== 7) throw new ScheduleError("period", "weekly");
  const checkPeriods = (ps: unknown) => {
    if (!Array.isArray(ps) || ps.length > MAX_PERIODS_PER_DAY) throw new ScheduleError("period", JSON.stringify(ps));
    for (const p of ps as Period[])
      if (!Number.isInteger(p?.from) || !Number.isInteger(p?.to) || p.from < 0 || p.from >= 1440 || p.to < 1 || p.to > 1440 || p.from === p.to) throw new ScheduleError("period", JSON.stringify(p));
    return ps as Period[];
  };
  const weekly = v.weekly.map(checkPeriods);
  if (!Array.isArray(v.exceptions) || v.exceptions.length > MAX_EXCEPTIONS) throw new ScheduleError("too_many_exceptions", "exceptions");
  const exceptions = v.exceptions.map((e) => {
    if (typeof e?.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) throw new ScheduleError("date", String(e?.date));
    return { date: e.date, periods: checkPeriods(e.periods), ...(typeof e.note === "string" && e.note ? { note: e.note.slice(0, 100) } : {}) };
  });
  return { timeZone: v.timeZone, weekly, exceptions };
}
