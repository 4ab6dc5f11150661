// One timeline of everything a customer did: their conversations (and the ratings they gave),
// the messages they left (leads) and the pages their browsers were last seen on, newest first.
// What is listed is narrowed to the viewer's data scope like everywhere else.
import { and, desc, inArray, or } from "drizzle-orm";
import { scopeFilter, type Member } from "../accounts/data-scope";
import { displayId } from "../chat/visitors";
import type { Db } from "../db/client";
import { conversations, leads, visitors, visitorVisits } from "../db/schema";
import { scoped } from "../db/scope";
import { leadScope } from "../leads/leads";
import { linksOf } from "./customers";
import { pageViewsOf } from "./pages";

export type TimelineEntry =
  | { kind: "conversation"; at: number; id: string; status: string; visitorDisplayId: string; closedAt: number | null }
  | { kind: "rating"; at: number; conversationId: string; score: number; comment: string }
  | { kind: "lead"; at: number; id: string; message: string; status: string }
  | { kind: "page"; at: number; visitorId: string; visitorDisplayId: string; url: string; title: string; visits: number }
  | { kind: "identified"; at: number; visitorDisplayId: string };

/** At most this many entries of each kind (a busy customer's full history is in History and Records). */
const PER_KIND = 200;

export function timelineOf(db: Db, m: Pick<Member, "id" | "enterpriseId" | "grant" | "reach">, customerId: string): TimelineEntry[] {
  const eid = m.enterpriseId;
  const s = scoped(db, eid);
  const links = linksOf(db, eid, customerId);
  const visitorIds = links.filter((l) => l.kind === "visitor").map((l) => l.refId);
  const leadIds = links.filter((l) => l.kind === "lead").map((l) => l.refId);
  const out: TimelineEntry[] = [];

  if (visitorIds.length) {
    const convs = s
      .select(conversations, and(inArray(conversations.visitorId, visitorIds), scopeFilter(m, conversations.agentId, { unownedVisible: true, group: conversations.groupId })))
      .orderBy(desc(conversations.createdAt))
      .limit(PER_KIND)
      .all();
    for (const c of convs) {
      out.push({ kind: "conversation", at: c.createdAt, id: c.id, status: c.status, visitorDisplayId: displayId(c.visitorId), closedAt: c.closedAt });
      if (c.rating !== null) out.push({ kind: "rating", at: c.ratedAt ?? c.closedAt ?? c.createdAt, conversationId: c.id, score: c.rating, comment: c.ratingComment ?? "" });
    }
    const visits = new Map(s.select(visitorVisits, inArray(visitorVisits.visitorId, visitorIds)).all().map((v) => [v.visitorId, v.visits]));
    const views = pageViewsOf(db, eid, visitorIds, PER_KIND);
    for (const p of views) out.push({ kind: "page", at: p.at, visitorId: p.visitorId, visitorDisplayId: displayId(p.visitorId), url: p.url, title: p.title, visits: visits.get(p.visitorId) ?? 1 });
    // A browser seen before it was tied to the customer: its last page at least.
    const recorded = new Set(views.map((p) => p.visitorId));
    for (const v of s.select(visitors, inArray(visitors.id, visitorIds)).all()) {
      if (v.pageUrl && !recorded.has(v.id)) out.push({ kind: "page", at: v.lastSeenAt, visitorId: v.id, visitorDisplayId: displayId(v.id), url: v.pageUrl, title: v.pageTitle, visits: visits.get(v.id) ?? 1 });
    }
    for (const l of links) if (l.kind === "visitor" && l.verified) out.push({ kind: "identified", at: l.createdAt, visitorDisplayId: displayId(l.refId) });
  }

  const leadsInScope = leadScope(m);
  const ownLeads = leadIds.length ? inArray(leads.id, leadIds) : undefined;
  const visitorLeads = visitorIds.length ? inArray(leads.visitorId, visitorIds) : undefined;
  if (ownLeads || visitorLeads) {
    for (const l of s.select(leads, and(or(ownLeads, visitorLeads), leadsInScope)).orderBy(desc(leads.createdAt)).limit(PER_KIND).all())
      out.push({ kind: "lead", at: l.createdAt, id: l.id, message: l.message, status: l.status });
  }
  return out.sort((a, b) => b.at - a.at);
}


