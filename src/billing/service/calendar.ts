// Dates as the operator's time zone reads them (Asia/Shanghai by default): the local date and time
// of an instant, the instant of a local date and time, and months added the way a calendar does,
// with the day clamped to the month's last (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
// Intl does the zone's rules (offsets, summer time where a zone has it); nothing here parses strings.

export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(tz, f);
  }
  return f;
}

/** Is this an IANA time zone this runtime knows (e.g. "Asia/Shanghai")? */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function localTime(ms: number, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, ms: ((ms % 1000) + 1000) % 1000 };
}

const asUtc = (t: LocalTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);

/** The instant a local date and time names in the zone (the later one when summer time makes it twice). */
export function fromLocal(t: LocalTime, tz: string): number {
  const wanted = asUtc(t);
  let guess = wanted;
  // The zone's offset at the guess, applied; twice, for a guess that crossed an offset change.
  for (let i = 0; i < 2; i++) guess = wanted - (asUtc(localTime(guess, tz)) - guess);
  return guess;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `n` months after (or before, n < 0) the instant, at the same local time of day, on `anchorDay`
 * (the day of the month periods end on; by default the instant's own) clamped to the month's
 * length: anchor 31 gives Jan 31, Feb 28 (29), Mar 31, Apr 30, … without drifting to the 28th.
 */
export function addMonths(ms: number, n: number, tz: string, anchorDay?: number): number {
  const t = localTime(ms, tz);
  const index = t.year * 12 + (t.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(anchorDay ?? t.day, daysInMonth(year, month));
  return fromLocal({ ...t, year, month, day }, tz);
}

/** "YYYY-MM-DD", the local date of the instant (the expiry people see). */
export function localDate(ms: number, tz: string): string {
  const t = localTime(ms, tz);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/** "YYYY-MM", the local month of the instant (revenue per month). */
export function localMonth(ms: number, tz: string): string {
  return localDate(ms, tz).slice(0, 7);
}
