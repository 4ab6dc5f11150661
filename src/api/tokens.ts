// API tokens (docs/api.md): created by an admin (or `parley token add`), shown once, stored as a
// sha256 hash like sessions. A token acts for its enterprise as a member whose grant is exactly the
// token's modules and whose data scope is the whole enterprise, so the one guard treats an API call
// like a page request by a person with that role.
import { desc, eq } from "drizzle-orm";
import type { Member } from "../accounts/data-scope";
import { isModule, MODULES, SCOPED_MODULES, type Grant, type Module } from "../../common/permissions";
import { KeyedBuckets } from "../chat/rate-limit";
import type { Mode } from "../config";
import type { Db } from "../db/client";
import { randomToken, newId, sha256 } from "../db/ids";
import { apiTokens } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { onePer } from "../one-per";

/** What a token can grant: the role modules, and the Prometheus scrape (GET /metrics). */
export const TOKEN_MODULES = [...MODULES, "metrics"] as const;
export type TokenModule = (typeof TOKEN_MODULES)[number];
export const isTokenModule = (m: unknown): m is TokenModule => m === "metrics" || isModule(m);

/**
 * What a person may hand out in a token (or revoke): the modules of their own role, and metrics. A
 * token acts with the whole enterprise's data scope, so a module a scope narrows (SCOPED_MODULES)
 * only by someone whose own scope is the enterprise: an own- or group-scope person cannot mint a
 * token that reads further than they may. Metrics are the whole install's figures: in platform mode
 * they are the operator's (--metrics-allow), never an enterprise's to hand out.
 */
export function tokenGrantable(grant: Pick<Grant, "modules" | "scope">, mode: Mode): TokenModule[] {
  return TOKEN_MODULES.filter((m) => (m === "metrics" ? mode === "company" : grant.modules.includes(m) && (grant.scope === "enterprise" || !SCOPED_MODULES.includes(m))));
}

/** Tokens look like `pat_` + 40 base32 characters (200 bits); the prefix makes a leaked one easy to spot. */
const PREFIX = "pat_";
const TOKEN_SHAPE = /^pat_[a-z2-9]{40}$/;
export const MAX_TOKEN_NAME = 80;
/** a token's `last_used_at` is written at most this often */
const TOUCH_EVERY_MS = 60_000;

export type ApiToken = typeof apiTokens.$inferSelect;

export interface TokenView {
  id: string;
  name: string;
  modules: TokenModule[];
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The caller of an API request: the token, and the member it acts as. */
export interface TokenPrincipal {
  id: string;
  name: string;
  modules: readonly TokenModule[];
  member: Member;
}

function view(row: ApiToken): TokenView {
  return { id: row.id, name: row.name, modules: parseModules(row.modules), expiresAt: row.expiresAt, createdBy: row.createdBy, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt };
}

function parseModules(json: string): TokenModule[] {
  try {
    const list = JSON.parse(json);
    return Array.isArray(list) ? list.filter(isTokenModule) : [];
  } catch {
    return [];
  }
}

export interface TokenInput {
  name: string;
  modules: readonly string[];
  /** ms since the epoch, or null for never */
  expiresAt?: number | null;
  createdBy?: string | null;
}

/** Creates a token; the returned `token` is the only time it exists in clear. */
export function createToken(db: Db, enterpriseId: string, input: TokenInput, now = Date.now()): { token: string; info: TokenView } {
  const name = input.name.trim();
  if (!name || name.length > MAX_TOKEN_NAME) throw new UserError("token_name", 400, { max: MAX_TOKEN_NAME });
  const unknown = input.modules.find((m) => !isTokenModule(m));
  if (unknown !== undefined) throw new UserError("token_module", 400, { module: String(unknown).slice(0, 40) });
  const modules = TOKEN_MODULES.filter((m) => input.modules.includes(m));
  if (!modules.length) throw new UserError("token_modules_none", 400);
  if (input.expiresAt != null && (!Number.isFinite(input.expiresAt) || input.expiresAt <= now)) throw new UserError("token_expiry", 400);
  const token = PREFIX + randomToken(40);
  const row: ApiToken = {
    id: newId("tok"),
    enterpriseId,
    name,
    tokenHash: sha256(token),
    modules: JSON.stringify(modules),
    expiresAt: input.expiresAt ?? null,
    createdBy: input.createdBy ?? null,
    createdAt: now,
    lastUsedAt: null,
  };
  db.insert(apiTokens).values(row).run();
  return { token, info: view(row) };
}

export function listTokens(db: Db, enterpriseId: string): TokenView[] {
  return scoped(db, enterpriseId).select(apiTokens).orderBy(desc(apiTokens.createdAt)).all().map(view);
}

export function getTokenView(db: Db, enterpriseId: string, id: string): TokenView | undefined {
  const row = scoped(db, enterpriseId).select(apiTokens, eq(apiTokens.id, id)).get();
  return row ? view(row) : undefined;
}

/** Deletes a token of the enterprise; returns it (for the audit log), or throws not_found. */
export function revokeToken(db: Db, enterpriseId: string, id: string): TokenView {
  const row = scoped(db, enterpriseId).delete(apiTokens, eq(apiTokens.id, id)).returning().get() as ApiToken | undefined;
  if (!row) throw new UserError("not_found", 404);
  return view(row);
}

/** The token behind an `Authorization: Bearer` value, when it exists and has not expired. */
export function findToken(db: Db, bearer: string, now = Date.now()): TokenPrincipal | null {
  if (!TOKEN_SHAPE.test(bearer)) return null;
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(bearer))).get();
  if (!row || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS)
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  const modules = parseModules(row.modules);
  const roleModules = modules.filter((m): m is Module => m !== "metrics");
  // The fields of a user row that handlers read (id as author, name, enterprise); a token is never a
  // seat: it cannot sign in, receive chats or be routed to.
  const member = {
    id: row.id,
    enterpriseId: row.enterpriseId,
    email: "",
    name: row.name,
    passwordHash: "",
    role: "api_token",
    seatState: "active",
    cap: 0,
    status: "offline",
    createdAt: row.createdAt,
    passwordChangedAt: row.createdAt,
    grant: { roleId: "api_token", modules: roleModules, scope: "enterprise" },
    reach: { groupIds: [], memberIds: [] },
  } as unknown as Member;
  return { id: row.id, name: row.name, modules, member };
}

/** The bearer token of a request, or undefined when it sends none. */
export function bearerOf(request: Request): string | undefined {
  const h = request.headers.get("authorization");
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : "";
}

/** Which paths take a bearer token: the REST API and the metrics scrape (pages never do). */
export const takesBearer = (path: string) => path.startsWith("/api/v1/") || path === "/metrics";

/** Calls per token: 20 a second, bursts of 100; at most 10,000 tokens remembered. */
export const API_RATE = { perSecond: 20, burst: 100, maxKeys: 10_000 };
export const tokenLimiter = onePer((_app: object) => new KeyedBuckets(API_RATE.perSecond, API_RATE.burst, API_RATE.maxKeys));
