// The server's log: one JSON object per line, with a level, so that journald, Docker or a log
// shipper can parse and filter it. info and debug go to stdout, warn and error to stderr.
// {"time":"2026-12-06T12:00:00.000Z","level":"info","msg":"…", …fields}

export type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Below this level nothing is written: "info" by default, "warn" for --quiet, PARLEY_LOG_LEVEL wins. */
let threshold: Level = (["debug", "info", "warn", "error"] as const).find((l) => l === process.env.PARLEY_LOG_LEVEL) ?? "info";

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** An error as plain fields (Error's own are not enumerable, so JSON.stringify would drop them). */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { message: String(e) };
}

/** One line; a field that cannot be serialised (a cycle) is replaced by its description. */
export function formatLine(level: Level, msg: string, fields: Record<string, unknown> = {}, now = new Date()): string {
  const entry: Record<string, unknown> = { time: now.toISOString(), level, msg };
  for (const [k, v] of Object.entries(fields)) entry[k] = v instanceof Error ? errorFields(v) : v;
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({ time: entry.time, level, msg, fields: String(fields) });
  }
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (RANK[level] < RANK[threshold]) return;
  const line = formatLine(level, msg, fields) + "\n";
  if (RANK[level] >= RANK.warn) process.stderr.write(line);
  else process.stdout.write(line);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

/** A crash is logged as one JSON line before the process ends (with 1, as it would have). */
export function logUncaught(): void {
  process.on("uncaughtException", (e) => {
    log.error("uncaught exception", { error: e });
    process.exit(1);
  });
  process.on("unhandledRejection", (e) => {
    log.error("unhandled rejection", { error: e });
    process.exit(1);
  });
}
