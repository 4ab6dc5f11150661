// Leads (线索): messages visitors left. New ones wait in the public pool (公共线索池) until an agent
// claims one; Records (记录) lists them all. Claims are decided by one conditional UPDATE.
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { LeadSummary } from "../../common/protocol";
import { scopeFilter, visibleOr404, type Member } from "../accounts/data-scope";
import type { Db } from "../db/client";
import { leadNotes, leads, sites, users } from "../db/schema";
import { newId } from "../db/ids";
import { ownedBy, scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { events } from "../events/hub";
import { isStandardKey, type StandardKey } from "./settings";

export type Lead = typeof leads.$inferSelect;
export type LeadNote = typeof leadNotes.$inferSelect;
export type LeadStatus = Lead["status"];
export const LEAD_STATUSES: LeadStatus[] = ["new", "claimed", "done"];

/** One field of a lead as the visitor saw it: its key, its label in the visitor's language, the value. */
export interface LeadField {
  key: string;
  label: string;
  value: string;
}

export interface NewLead {
  siteId: string;
  visitorId: string | null;
  fields: LeadField[];
  pageUrl: string;
  lang: string;
}

export function createLead(db: Db, enterpriseId: string, input: NewLead, now = Date.now()): Lead {
  const id = newId("lead");
  const columns: Partial<Record<StandardKey, string>> = {};
  for (const f of input.fields) if (isStandardKey(f.key)) columns[f.key] = f.value;
  const insert = scoped(db, enterpriseId)
    .insert(leads, {
      id,
      siteId: input.siteId,
      visitorId: input.visitorId,
      fields: JSON.stringify(input.fields),
      ...columns,
      pageUrl: input.pageUrl.slice(0, 2048),
      lang: input.lang.slice(0, 16),
      createdAt: now,
    });
  return transaction(db, () => {
    insert.run();
    events(db).emit("lead.created", enterpriseId, { leadId: id, siteId: input.siteId, visitorId: input.visitorId, fields: input.fields, pageUrl: input.pageUrl.slice(0, 2048), at: now });
    return getLead(db, enterpriseId, id)!;
  });
}

export function getLead(db: Db, enterpriseId: string, id: string): Lead | undefined {
  return scoped(db, enterpriseId).select(leads, eq(leads.id, id)).get();
}

type Viewer = Pick<Member, "id" | "grant" | "reach">;

/** The leads a person's data scope reaches (the public pool, and the claims of those they see) as a list condition; undefined: all. */
export function leadScope(m: Viewer): SQL | undefined {
  return scopeFilter(m, leads.claimedBy, { unownedVisible: true });
}

/** A lead of the person's enterprise within their data scope, else not found (404): for every single read, page or API. */
export function visibleLead(db: Db, m: Viewer & Pick<Member, "enterpriseId">, id: string): Lead {
  return visibleOr404(m, getLead(db, m.enterpriseId, id), (l) => ({ ownerId: l.claimedBy }), { unownedVisible: true });
}

export function leadFields(lead: Lead): LeadField[] {
  try {
    const parsed = JSON.parse(lead.fields);
    return Array.isArray(parsed) ? parsed.filter((f) => f && typeof f.key === "string").map((f) => ({ key: f.key, label: String(f.label ?? f.key), value: String(f.value ?? "") })) : [];
  } catch {
    return [];
  }
}

export interface LeadFilter {
  /** the public pool: unclaimed leads only (status is then ignored) */
  pool?: boolean;
  siteId?: string;
  status?: LeadStatus;
  /** created at or after (ms) */
  from?: number;
  /** created before (ms) */
  to?: number;
  /** words to find in any field */
  q?: string;
  visitorId?: string;
  /** the viewer's data scope (src/accounts/data-scope.ts scopeFilter) */
  scope?: SQL;
  /** only leads listed after this one (newest first): an export's next page */
  after?: { createdAt: number; id: string };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(f: LeadFilter): SQL[] {
  const out: SQL[] = f.scope ? [f.scope] : [];
  if (f.pool) out.push(isNull(leads.claimedBy), eq(leads.status, "new"));
  else if (f.status) out.push(eq(leads.status, f.status));
  if (f.siteId) out.push(eq(leads.siteId, f.siteId));
  if (f.visitorId) out.push(eq(leads.visitorId, f.visitorId));
  if (f.from !== undefined) out.push(gte(leads.createdAt, f.from));
  if (f.to !== undefined) out.push(lte(leads.createdAt, f.to - 1));
  if (f.after) out.push(sql`(${leads.createdAt} < ${f.after.createdAt} or (${leads.createdAt} = ${f.after.createdAt} and ${leads.id} < ${f.after.id}))`);
  // Every word must appear somewhere: in a standard column or among the custom fields' values.
  for (const word of (f.q ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const like = `%${likeEscape(word.slice(0, 100))}%`;
    out.push(or(...[leads.name, leads.phone, leads.email, leads.wechat, leads.message, leads.fields].map((c) => sql`${c} like ${like} escape '\\'`))!);
  }
  return out;
}

export function listLeads(db: Db, enterpriseId: string, filter: LeadFilter, limit = 100, offset = 0): Lead[] {
  return scoped(db, enterpriseId)
    .select(leads, and(...conditions(filter)))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countLeads(db: Db, enterpriseId: string, filter: LeadFilter): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(leads)
    .where(ownedBy(leads, enterpriseId, and(...conditions(filter))))
    .get();
  return row?.n ?? 0;
}

/**
 * Takes an unclaimed lead for `userId`. Two agents may click at the same instant: the UPDATE only
 * matches while nobody holds the lead, so exactly one of them changes a row and wins.
 */
export function claimLead(db: Db, enterpriseId: string, id: string, userId: string, now = Date.now()): boolean {
  const won = db
    .update(leads)
    .set({ status: "claimed", claimedBy: userId, claimedAt: now })
    .where(ownedBy(leads, enterpriseId, eq(leads.id, id), isNull(leads.claimedBy), eq(leads.status, "new")))
    .returning({ id: leads.id })
    .all();
  return won.length === 1;
}

/**
 * Marks a lead done. Its holder may, and with `anyHolder` (a supervisor whose data scope reaches the
 * holder) so may the caller; an unclaimed lead becomes the caller's as it is done, by the same
 * single conditional UPDATE as a claim.
 */
export function markLeadDone(db: Db, enterpriseId: string, id: string, userId: string, anyHolder: boolean, now = Date.now()): boolean {
  const mayTouch = anyHolder ? undefined : or(isNull(leads.claimedBy), eq(leads.claimedBy, userId));
  const done = db
    .update(leads)
    .set({ status: "done", doneAt: now, claimedBy: sql`coalesce(${leads.claimedBy}, ${userId})`, claimedAt: sql`coalesce(${leads.claimedAt}, ${now})` })
    .where(ownedBy(leads, enterpriseId, eq(leads.id, id), sql`${leads.status} != 'done'`, mayTouch))
    .returning({ id: leads.id })
    .all();
  return done.length === 1;
}

export const MAX_NOTE = 2000;

export function addLeadNote(db: Db, enterpriseId: string, leadId: string, author: { id: string; name: string }, body: string, now = Date.now()): void {
  scoped(db, enterpriseId).insert(leadNotes, { leadId, authorId: author.id, authorName: author.name, body, createdAt: now }).run();
}

export function noteCounts(db: Db, enterpriseId: string, leadIds: string[]): Map<string, number> {
  if (leadIds.length === 0) return new Map();
  const rows = db
    .select({ leadId: leadNotes.leadId, n: sql<number>`count(*)` })
    .from(leadNotes)
    .where(ownedBy(leadNotes, enterpriseId, inArray(leadNotes.leadId, leadIds)))
    .groupBy(leadNotes.leadId)
    .all();
  return new Map(rows.map((r) => [r.leadId, r.n]));
}

export function notesOf(db: Db, enterpriseId: string, leadIds: string[]): LeadNote[] {
  if (leadIds.length === 0) return [];
  return scoped(db, enterpriseId).select(leadNotes, inArray(leadNotes.leadId, leadIds)).orderBy(asc(leadNotes.createdAt), asc(leadNotes.id)).all();
}

/** Names of the users who hold the given leads, for display. */
export function holderNames(db: Db, enterpriseId: string, list: Lead[]): Map<string, string> {
  const ids = [...new Set(list.map((l) => l.claimedBy).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows = scoped(db, enterpriseId).select(users, inArray(users.id, ids)).all();
  return new Map(rows.map((u) => [u.id, u.name]));
}

export function siteNames(db: Db, enterpriseId: string): Map<string, string> {
  return new Map(scoped(db, enterpriseId).select(sites).all().map((s) => [s.id, s.name]));
}

export function leadSummary(lead: Lead, siteName: string): LeadSummary {
  return {
    id: lead.id,
    siteId: lead.siteId,
    siteName,
    visitorId: lead.visitorId,
    name: lead.name,
    message: lead.message.slice(0, 200),
    createdAt: lead.createdAt,
  };
}
