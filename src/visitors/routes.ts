// Visitors (F11): the loader's public beacon, the live list of visitors, invitations to chat, and a
// visitor's page with their earlier conversations and messages left.
import { desc, eq } from "drizzle-orm";
import { h } from "preact";
import { VisitorDetailPage, VisitorTranscript } from "../../views/visitors/visitor-detail";
import { VisitorList, VisitorsPage, type VisitorRow } from "../../views/visitors/visitors-page";
import { canSee, type Member } from "../accounts/data-scope";
import { grants } from "../../common/permissions";
import { displayId, getVisitor } from "../chat/visitors";
import { toChatMessage } from "../chat/store";
import { forReader } from "../chat/system-lines";
import { messagesBefore, seqParam } from "../history/message-pages";
import { conversations, users, visitorVisits } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { fragment, json, page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import { t, type Locale } from "../i18n";
import { leadScope, listLeads, siteNames } from "../leads/leads";
import { beacon } from "./beacon";
import { visitorsOnline } from "./online";
import { isHtmx } from "../http/request";

const VISITORS = { module: "workspace" } as const;
/** Messages shown of each of a visitor's conversations; "earlier" loads EARLIER_PAGE more at a time. */
const VISITOR_TRANSCRIPT = 20;
const EARLIER_PAGE = 100;

function earlierPath(visitorId: string, conversationId: string, before: number | null): string | null {
  return before === null ? null : `/visitors/${encodeURIComponent(visitorId)}/conversations/${encodeURIComponent(conversationId)}/messages?beforeSeq=${before}`;
}
const MAX_GREETING = 500;

function rows(req: Req): VisitorRow[] {
  const eid = req.user!.enterpriseId;
  const sites = siteNames(req.app.db, eid);
  const now = Date.now();
  return visitorsOnline(req.app)
    .list(eid)
    .map((v) => ({
      id: v.visitorId,
      displayId: displayId(v.visitorId),
      siteName: sites.get(v.siteId) ?? "",
      page: { url: v.page.url ?? "", title: v.page.title ?? "", referrer: v.page.referrer ?? "" },
      device: v.device,
      timeOnSite: now - v.visitStartedAt,
      visits: v.visits,
      returning: v.returning,
      inChat: !!req.app.chat.openConversationOf(eid, v.visitorId),
      invite: v.invite ? { agentName: v.invite.agentName, shown: v.invite.shownAt !== null } : null,
      defaultGreeting: t(v.lang as Locale, "visitors.inviteDefault"),
    }));
}

function list(req: Req, notice?: string, status = 200): Response {
  const props = { rows: rows(req), t: req.t, locale: req.locale, csrfToken: req.csrfToken, notice };
  if (isHtmx(req)) return fragment(h(VisitorList, props), status);
  return page(h(VisitorsPage, { ...props, user: req.user! }), status);
}

export const visitorRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/widget/beacon",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const r = beacon(req.app, req.body, req.ip, req.request.headers.get("user-agent") ?? "");
      return json(r.body, r.status);
    },
  },
  { method: "GET", path: "/visitors", access: VISITORS, handle: (req) => list(req) },
  {
    method: "POST",
    path: "/visitors/:id/invite",
    access: VISITORS,
    handle: (req) => {
      const user = req.user!;
      const id = req.params.id ?? "";
      const visit = visitorsOnline(req.app).get(user.enterpriseId, id);
      const typed = typeof req.body.greeting === "string" ? req.body.greeting.trim().slice(0, MAX_GREETING) : "";
      const greeting = typed || t((visit?.lang ?? req.locale) as Locale, "visitors.inviteDefault");
      const ok = !!visit && visitorsOnline(req.app).invite(user.enterpriseId, id, { agentId: user.id, agentName: user.name, greeting });
      // The visitor's reply is routed to the inviting agent first (src/chat/conversation-flow.ts).
      if (ok) req.app.chat.noteInvitation(id, user.id);
      if (!isHtmx(req)) return ok ? redirect("/visitors") : list(req, req.t("visitors.inviteGone"), 404);
      return list(req, req.t(ok ? "visitors.inviteSent" : "visitors.inviteGone"), ok ? 200 : 404);
    },
  },
  {
    method: "GET",
    path: "/visitors/:id",
    access: VISITORS,
    handle: (req) => {
      const m = req.user as Member;
      const eid = m.enterpriseId;
      const v = getVisitor(req.app.db, eid, req.params.id ?? "");
      if (!v) throw new UserError("not_found", 404);
      const s = scoped(req.app.db, eid);
      const visits = s.select(visitorVisits, eq(visitorVisits.visitorId, v.id)).get()?.visits ?? 1;
      const live = visitorsOnline(req.app).get(eid, v.id);
      const sites = siteNames(req.app.db, eid);
      const agents = new Map(s.select(users).all().map((u) => [u.id, u.name]));
      const convs = s
        .select(conversations, eq(conversations.visitorId, v.id))
        .orderBy(desc(conversations.createdAt))
        .limit(50)
        .all()
        .filter((c) => canSee(m, { ownerId: c.agentId, groupId: c.groupId }, { unownedVisible: true }))
        .map((c) => {
          const newest = messagesBefore(req.app.db, eid, c.id, null, VISITOR_TRANSCRIPT);
          return {
            id: c.id,
            siteName: sites.get(c.siteId) ?? "",
            status: c.status,
            agentName: c.agentId ? (agents.get(c.agentId) ?? null) : null,
            createdAt: c.createdAt,
            // seqs count a conversation's messages: the newest one's is how many there are
            messageCount: newest.messages.at(-1)?.seq ?? 0,
            messages: forReader(req.app.db, eid, req.locale, newest.messages.map(toChatMessage)),
            earlier: earlierPath(v.id, c.id, newest.next),
          };
        });
      const leadList = grants(m.grant, "leads") ? listLeads(req.app.db, eid, { visitorId: v.id, scope: leadScope(m) }, 50) : [];
      const left = leadList.map((l) => ({ id: l.id, status: l.status, name: l.name, message: l.message, createdAt: l.createdAt }));
      return page(
        h(VisitorDetailPage, {
          t: req.t,
          locale: req.locale,
          user: m,
          csrfToken: req.csrfToken,
          visitor: {
            id: v.id,
            displayId: displayId(v.id),
            firstSeenAt: v.firstSeenAt,
            lastSeenAt: v.lastSeenAt,
            visits,
            device: v.device,
            userAgent: v.userAgent,
            page: { url: v.pageUrl, title: v.pageTitle, referrer: v.referrer },
          },
          onSiteFor: live ? Date.now() - live.visitStartedAt : null,
          conversations: convs,
          leads: left,
        }),
      );
    },
  },
  {
    // The page of a conversation's messages before `beforeSeq`, for its "earlier" button (htmx).
    method: "GET",
    path: "/visitors/:id/conversations/:conversationId/messages",
    access: VISITORS,
    handle: (req) => {
      const m = req.user as Member;
      const c = req.app.chat.conversation(m.enterpriseId, req.params.conversationId ?? "");
      if (!c || c.visitorId !== req.params.id || !canSee(m, { ownerId: c.agentId, groupId: c.groupId }, { unownedVisible: true })) throw new UserError("not_found", 404);
      const page = messagesBefore(req.app.db, m.enterpriseId, c.id, seqParam(req.query.beforeSeq), EARLIER_PAGE);
      return fragment(h(VisitorTranscript, { t: req.t, locale: req.locale, messages: forReader(req.app.db, m.enterpriseId, req.locale, page.messages.map(toChatMessage)), earlier: earlierPath(c.visitorId, c.id, page.next) }));
    },
  },
];
