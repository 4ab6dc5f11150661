// What every area reads from a request the same way: form and query values, whether htmx asked,
// and who is acting (for the audit log). One place, so no area keeps its own copy.
import type { AuditActor } from "../accounts/audit";
import type { Req } from "./route";

/** A form or query value as a string: "" when absent or not a string (a repeated field, a file); cut to `max` characters when given. */
export function str(v: unknown, max?: number): string {
  const s = typeof v === "string" ? v : "";
  return max === undefined ? s : s.slice(0, max);
}

/** The same, without the spaces around it. */
export function trimmed(v: unknown, max?: number): string {
  const s = str(v).trim();
  return max === undefined ? s : s.slice(0, max);
}

/** Midnight (server time) of a yyyy-mm-dd value, `plusDays` later; undefined when it is no real date. A filter's "to" day ends at dayStart(to, 1). */
export function dayStart(v: unknown, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(v));
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date rolls 2026-02-30 over to March: such a day is no real date.
  if (d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) return undefined;
  d.setDate(d.getDate() + plusDays);
  return d.getTime();
}

/** The request came from htmx (it answers with a fragment, not a whole page). */
export const isHtmx = (req: Req): boolean => !!req.request.headers.get("hx-request");

/** The signed-in person acting in this request, as the audit log records them. */
export function actorOf(req: Req): AuditActor & { id: string } {
  const u = req.user!;
  return { id: u.id, name: u.name, enterpriseId: u.enterpriseId };
}
