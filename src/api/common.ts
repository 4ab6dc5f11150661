// What the REST API's resource files share: parameter parsing with clear 400s, paging, and the JSON
// Schemas its documentation is built from (src/api/openapi.ts).
import { UserError } from "../errors";
import type { Req } from "../http/route";
import type { ParamDoc, Schema } from "./doc";

export const V1 = "/api/v1";

const badParam = (name: string, why: string) => new UserError("bad_request", 400, { reason: `${name}: ${why}` });

/** An optional whole number within bounds. */
export function intParam(req: Req, name: string, min: number, max: number, fallback: number): number {
  const raw = req.query[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw badParam(name, `a whole number from ${min} to ${max}`);
  return n;
}

/** An optional point in time: milliseconds since the epoch or an ISO 8601 date/time. */
export function timeParam(req: Req, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === "") return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n)) throw badParam(name, "milliseconds since the epoch or an ISO 8601 date");
  return n;
}

export function enumParam<T extends string>(req: Req, name: string, values: readonly T[]): T | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === "") return undefined;
  if (!(values as readonly string[]).includes(raw)) throw badParam(name, `one of ${values.join(", ")}`);
  return raw as T;
}

export function textParam(req: Req, name: string, max = 200): string | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === "") return undefined;
  if (raw.length > max) throw badParam(name, `at most ${max} characters`);
  return raw;
}

/** A required string field of a JSON body. */
export function bodyText(req: Req, name: string, max: number, required = true): string | undefined {
  const v = req.body[name];
  if (v === undefined || v === null || v === "") {
    if (required) throw badParam(name, "required");
    return undefined;
  }
  if (typeof v !== "string") throw badParam(name, "a string");
  if (v.length > max) throw badParam(name, `at most ${max} characters`);
  return v;
}

export const notFound = () => new UserError("not_found", 404);

// ---- documentation pieces ---------------------------------------------------------------

export const str: Schema = { type: "string" };
export const int: Schema = { type: "integer" };
export const ms: Schema = { type: "integer", description: "milliseconds since the epoch" };
export const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, "null"] });
export const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: "object", properties, required });
export const arr = (items: Schema): Schema => ({ type: "array", items });

export const idPath = (what: string): Record<string, ParamDoc> => ({ id: { description: `the ${what}'s id`, schema: str, required: true } });
export const PAGING: Record<string, ParamDoc> = {
  limit: { description: "items per page (default 50, at most 200)", schema: { type: "integer", minimum: 1, maximum: 200 } },
  offset: { description: "items to skip (the previous answer's `next`)", schema: { type: "integer", minimum: 0 } },
};

/** limit & offset from the query; `next` is the offset of the following page, or null. */
export function paging(req: Req): { limit: number; offset: number } {
  return { limit: intParam(req, "limit", 1, 200, 50), offset: intParam(req, "offset", 0, 10_000_000, 0) };
}
export function nextOffset<T>(rows: T[], limit: number, offset: number): { items: T[]; next: number | null } {
  return rows.length > limit ? { items: rows.slice(0, limit), next: offset + limit } : { items: rows, next: null };
}

const page: Schema = obj({ url: str, title: str, referrer: str });
export const VISITOR: Schema = obj(
  { id: str, displayId: str, firstSeenAt: ms, lastSeenAt: ms, page, device: str, userAgent: str, online: { type: "boolean" }, name: str, email: str },
  ["id", "displayId", "firstSeenAt", "lastSeenAt", "page", "device", "userAgent", "online"],
);
export const CONVERSATION: Schema = obj({
  id: str,
  siteId: str,
  siteName: str,
  status: { enum: ["open", "closed"] },
  closeReason: { enum: ["agent", "idle", "visitor_left", null] },
  agentId: nullable(str),
  agentName: nullable(str),
  queuePosition: nullable(int),
  lastSeq: int,
  unread: int,
  lastMessage: { type: ["object", "null"] },
  createdAt: ms,
  visitor: VISITOR,
});
export const MESSAGE: Schema = obj(
  { id: int, conversationId: str, seq: int, from: { enum: ["visitor", "agent", "system", "robot"] }, authorName: nullable(str), text: str, at: ms, internal: { type: "boolean" }, attachment: { type: "object" } },
  ["id", "conversationId", "seq", "from", "text", "at"],
);
export const ERROR: Schema = obj({ error: obj({ code: str, message: str }) });
