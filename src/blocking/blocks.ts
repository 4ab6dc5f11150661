// Blocked visitors (黑名单). An agent blocks a visitor from a conversation: by their hashed visitor
// id and, if they choose, the address they write from; with a reason and an expiry (or none). The
// live blocks of each enterprise are kept in memory (src/db/kept-rows.ts: read from the table on
// first use, dropped on any write of it wherever made — this module, raw SQL, the command line or
// another process, a rolled-back transaction), so the checks on the visitor's hello, beacons and
// message-form posts are two map lookups. Live blocks per enterprise are capped (MAX_LIVE_BLOCKS),
// so are the enterprises kept, and the addresses remembered for blocking by IP are a bounded,
// least-recently-seen map: nothing here grows without end.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { keptRowsPerConnection } from "../db/kept-rows";
import { visitorBlocks } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { UserError } from "../errors";
import { onePer } from "../one-per";
import { pageOf } from "../db/pages";
import { DAY_MS } from "../../common/time";

export type Block = typeof visitorBlocks.$inferSelect;

export const MAX_LIVE_BLOCKS = 10_000;
export const MAX_REASON = 500;
/** how many visitors' last addresses are remembered (for blocking by IP) */
const MAX_ADDRESSES = 100_000;

/** How long a block lasts, as offered in the workspace; null: permanent. */
export const DURATIONS: Record<string, number | null> = {
  "1h": 3_600_000,
  "1d": DAY_MS,
  "7d": 7 * DAY_MS,
  "30d": 30 * DAY_MS,
  permanent: null,
};

/** An enterprise's live blocks when read (an expiry passed since then is checked at each lookup). */
interface Live {
  /** visitor id → expiry (null: permanent) */
  visitors: ReadonlyMap<string, number | null>;
  /** address → expiry */
  ips: ReadonlyMap<string, number | null>;
}

/** One per enterprise with visitors on a node, like the sites kept by key; most are empty. */
const MAX_KEPT_ENTERPRISES = 10_000;
const keptLive = keptRowsPerConnection<string, Live>({ table: "visitor_blocks", max: MAX_KEPT_ENTERPRISES });

/** `${enterpriseId}:${visitorId}` → the address they were last seen at (insertion order = least recent first) */
const addressesOf = onePer((_db: Db) => new Map<string, string>());

const liveWhere = (now: number) => and(isNull(visitorBlocks.liftedAt), sql`(${visitorBlocks.expiresAt} is null or ${visitorBlocks.expiresAt} > ${now})`);

function liveOf(db: Db, enterpriseId: string, now: number): Live {
  const kept = keptLive(db);
  const hit = kept.get(enterpriseId);
  if (hit) return hit;
  const live = { visitors: new Map<string, number | null>(), ips: new Map<string, number | null>() };
  for (const b of scoped(db, enterpriseId).select(visitorBlocks, liveWhere(now)).all()) {
    live.visitors.set(b.visitorId, later(live.visitors.get(b.visitorId), b.expiresAt));
    if (b.ip) live.ips.set(b.ip, later(live.ips.get(b.ip), b.expiresAt));
  }
  return kept.keep(enterpriseId, live);
}

/** The later of two expiries (null, permanent, is latest). */
const later = (a: number | null | undefined, b: number | null) => (a === undefined ? b : a === null || b === null ? null : Math.max(a, b));

function liveIn(map: ReadonlyMap<string, number | null>, key: string, now: number): boolean {
  const until = map.get(key);
  return until === null || (until !== undefined && until > now);
}

/** Is this visitor (or the address they come from) blocked now? Two map lookups. */
export function isBlocked(db: Db, enterpriseId: string, visitorId: string | null, ip: string | null | undefined, now: number): boolean {
  const live = liveOf(db, enterpriseId, now);
  return (!!visitorId && liveIn(live.visitors, visitorId, now)) || (!!ip && liveIn(live.ips, ip, now));
}

/** Notes the address a visitor was last seen at, so that an agent can block it with them. */
export function rememberAddress(db: Db, enterpriseId: string, visitorId: string, ip: string | undefined): void {
  if (!ip) return;
  const addresses = addressesOf(db);
  const key = `${enterpriseId}:${visitorId}`;
  addresses.delete(key);
  addresses.set(key, ip);
  if (addresses.size > MAX_ADDRESSES) addresses.delete(addresses.keys().next().value!);
}

export function lastAddress(db: Db, enterpriseId: string, visitorId: string): string | null {
  return addressesOf(db).get(`${enterpriseId}:${visitorId}`) ?? null;
}

export interface NewBlock {
  visitorId: string;
  /** block the visitor's last known address too */
  withIp: boolean;
  reason: string;
  /** a key of DURATIONS */
  duration: string;
  conversationId: string;
  by: { id: string | null; name: string };
}

export function blockVisitor(db: Db, enterpriseId: string, input: NewBlock, now: number): Block {
  const reason = input.reason.trim();
  if (reason.length > MAX_REASON) throw new UserError("block_reason_too_long", 422, { max: MAX_REASON });
  if (!(input.duration in DURATIONS)) throw new UserError("invalid_block_duration", 422);
  const span = DURATIONS[input.duration]!;
  const liveCount = db.select({ n: count() }).from(visitorBlocks).where(ownedBy(visitorBlocks, enterpriseId, liveWhere(now))).get()?.n ?? 0;
  if (liveCount >= MAX_LIVE_BLOCKS) throw new UserError("blocks_too_many", 422, { max: MAX_LIVE_BLOCKS });
  const row = {
    id: newId("blk"),
    visitorId: input.visitorId,
    ip: input.withIp ? (lastAddress(db, enterpriseId, input.visitorId) ?? "") : "",
    reason,
    conversationId: input.conversationId,
    createdById: input.by.id,
    createdByName: input.by.name,
    createdAt: now,
    expiresAt: span === null ? null : now + span,
    liftedAt: null,
    liftedByName: null,
  };
  scoped(db, enterpriseId).insert(visitorBlocks, row).run(); // the kept live blocks are dropped by the write
  return { ...row, enterpriseId };
}

/** Lifts a live block; the kept live blocks are dropped by the write and read again (another block may still hold the visitor). */
export function liftBlock(db: Db, enterpriseId: string, id: string, by: string, now: number): Block {
  const s = scoped(db, enterpriseId);
  const b = s.select(visitorBlocks, eq(visitorBlocks.id, id)).get();
  if (!b) throw new UserError("not_found", 404);
  if (b.liftedAt !== null) throw new UserError("block_already_lifted", 409);
  s.update(visitorBlocks, { liftedAt: now, liftedByName: by }, and(eq(visitorBlocks.id, id), isNull(visitorBlocks.liftedAt))).run();
  return { ...b, liftedAt: now, liftedByName: by };
}

export interface BlockPage {
  blocks: Block[];
  total: number;
  page: number;
  pages: number;
}
export const BLOCKS_PER_PAGE = 50;

/**
 * A page of blocks, newest first: the live ones, or all (lifted and expired too); `q` finds a
 * visitor id (or its start), an address, a reason or the agent who blocked.
 */
export function listBlocks(db: Db, enterpriseId: string, opts: { q?: string; all?: boolean; page?: number }, now: number): BlockPage {
  const q = (opts.q ?? "").trim().slice(0, 100);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = ownedBy(
    visitorBlocks,
    enterpriseId,
    opts.all ? undefined : liveWhere(now),
    q
      ? sql`(${visitorBlocks.visitorId} like ${like} escape '\\' or ${visitorBlocks.ip} like ${like} escape '\\' or ${visitorBlocks.reason} like ${like} escape '\\' or ${visitorBlocks.createdByName} like ${like} escape '\\')`
      : undefined,
  );
  const total = db.select({ n: count() }).from(visitorBlocks).where(where).get()?.n ?? 0;
  const { pages, page } = pageOf(total, BLOCKS_PER_PAGE, opts.page);
  const blocks = db
    .select()
    .from(visitorBlocks)
    .where(where)
    .orderBy(desc(visitorBlocks.createdAt))
    .limit(BLOCKS_PER_PAGE)
    .offset((page - 1) * BLOCKS_PER_PAGE)
    .all();
  return { blocks, total, page, pages };
}
