// Times and durations in the reader's locale, through Intl so that both languages read naturally: one
// set for the workspace in the browser and the pages rendered on the server.
type Locale = "zh-CN" | "en";

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  // English as en-GB: day before month and a 24-hour clock, which no reader takes for another date.
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, options)));
  return f;
}
function unitFormat(locale: Locale, unit: string): Intl.NumberFormat {
  const key = `u|${locale}|${unit}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" })));
  return f;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Clock time today, month and day earlier this year, the full date before that. */
export function formatListTime(at: number, now: number, locale: Locale): string {
  const d = new Date(at);
  const today = new Date(now || at);
  if (sameDay(d, today)) return dateFormat(locale, { hour: "numeric", minute: "2-digit" }).format(d);
  if (d.getFullYear() === today.getFullYear()) return dateFormat(locale, { month: "short", day: "numeric" }).format(d);
  return dateFormat(locale, { year: "numeric", month: "short", day: "numeric" }).format(d);
}

export function formatClock(at: number, locale: Locale): string {
  return dateFormat(locale, { hour: "numeric", minute: "2-digit" }).format(new Date(at));
}

export function formatDateTime(at: number, locale: Locale): string {
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at));
}

/** "42 sec", "12 min", "3 hr 5 min", "2 days 4 hr" (and their Chinese forms). */
export function formatDuration(ms: number, locale: Locale): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const u = (n: number, unit: string) => unitFormat(locale, unit).format(n);
  const join = (a: string, b: string) => (locale === "zh-CN" ? a + b : `${a} ${b}`);
  if (s < 60) return u(s, "second");
  const m = Math.floor(s / 60);
  if (m < 60) return u(m, "minute");
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? join(u(h, "hour"), u(m % 60, "minute")) : u(h, "hour");
  const d = Math.floor(h / 24);
  return h % 24 ? join(u(d, "day"), u(h % 24, "hour")) : u(d, "day");
}
