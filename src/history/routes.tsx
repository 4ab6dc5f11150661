// History pages: the searchable list and a conversation's transcript.
import { dayStart } from "../http/request";
import { HistoryPage, HistoryResults } from "../../views/history/history-page";
import { TranscriptLines, TranscriptPage, type TranscriptLine } from "../../views/history/transcript-page";
import { listUsers } from "../accounts/users";
import { toChatMessage, type MessageRow } from "../chat/store";
import { systemLinesOf, systemText } from "../chat/system-lines";
import { displayId } from "../chat/visitors";
import { UserError } from "../errors";
import { fragment, page } from "../http/respond";
import type { Req, Route } from "../http/route";
import { listSites } from "../sites/sites";
import { searchHistory, transcript, type HistoryFilter } from "./history";
import { searchIndexFor } from "./search-index";
import { seqParam } from "./message-pages";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filter form; a malformed value is ignored rather than refused (it is a search form). */
function filterOf(req: Req): HistoryFilter & { fromDay?: string; toDay?: string } {
  const q = req.query;
  const end = dayStart(q.to, 1);
  const page = Number(q.page);
  return {
    q: q.q?.trim() || undefined,
    siteId: q.site || undefined,
    agentId: q.agent || undefined,
    status: q.status === "open" || q.status === "closed" ? q.status : undefined,
    from: dayStart(q.from),
    to: end === undefined ? undefined : end - 1,
    fromDay: q.from && DAY.test(q.from) ? q.from : undefined,
    toDay: q.to && DAY.test(q.to) ? q.to : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

function results(req: Req) {
  const filter = filterOf(req);
  return { filter, ...searchHistory(req.app.db, searchIndexFor(req.app.db), req.user!, filter) };
}

const line = (m: MessageRow): TranscriptLine => ({ id: m.id, from: m.sender, authorName: m.authorName, text: m.body, at: m.createdAt, internal: m.internal, attachment: toChatMessage(m).attachment ?? null });

/** The transcript's lines as the reader reads them: system lines in the reader's language (system-lines.ts), the rest as written. */
function lines(req: Req, rows: MessageRow[]): TranscriptLine[] {
  const system = systemLinesOf(req.app.db, req.user!.enterpriseId, rows);
  return rows.map((m) => {
    const s = system.get(m.id);
    return s ? { ...line(m), text: systemText(req.locale, s) } : line(m);
  });
}

/** Where the page before a transcript page is, when there is one. */
function earlier(id: string, before: number | null) {
  if (before === null) return null;
  const path = `/history/${encodeURIComponent(id)}`;
  return { page: `${path}?beforeSeq=${before}`, fragment: `${path}/messages?beforeSeq=${before}` };
}

export const historyRoutes: Route[] = [
  {
    method: "GET",
    path: "/history",
    access: { module: "history" },
    handle: (req) => {
      const user = req.user!;
      const found = results(req);
      const agents = user.grant.scope === "own" ? null : listUsers(req.app.db, user.enterpriseId).map((u) => ({ id: u.id, name: u.name }));
      const sites = listSites(req.app.db, user.enterpriseId).map((s) => ({ id: s.id, name: s.name }));
      return page(<HistoryPage t={req.t} locale={req.locale} user={user} csrfToken={req.csrfToken} sites={sites} agents={agents} {...found} />);
    },
  },
  {
    method: "GET",
    path: "/history/results",
    access: { module: "history" },
    handle: (req) => fragment(<HistoryResults t={req.t} locale={req.locale} {...results(req)} />),
  },
  {
    method: "GET",
    path: "/history/:id",
    access: { module: "history" },
    handle: (req) => {
      const found = transcript(req.app.db, req.user!, req.params.id ?? "", seqParam(req.query.beforeSeq));
      if (!found) throw new UserError("not_found", 404);
      const { conversation: c } = found;
      const names = new Map(listUsers(req.app.db, c.enterpriseId).map((u) => [u.id, u.name]));
      const site = listSites(req.app.db, c.enterpriseId).find((s) => s.id === c.siteId);
      return page(
        <TranscriptPage
          t={req.t}
          locale={req.locale}
          user={req.user!}
          csrfToken={req.csrfToken}
          title={`${req.t("history.visitor")} ${displayId(c.visitorId)}`}
          meta={{ siteName: site?.name ?? "", agentName: c.agentId ? (names.get(c.agentId) ?? null) : null, status: c.status === "open" ? req.t("history.status_open") : req.t("history.status_closed"), createdAt: c.createdAt, closedAt: c.closedAt, rating: c.rating, ratingComment: c.ratingComment }}
          messages={lines(req, found.messages)}
          earlier={earlier(c.id, found.next)}
        />,
      );
    },
  },
  {
    // The page of messages before `beforeSeq`, for the transcript's "earlier" link (htmx).
    method: "GET",
    path: "/history/:id/messages",
    access: { module: "history" },
    handle: (req) => {
      const found = transcript(req.app.db, req.user!, req.params.id ?? "", seqParam(req.query.beforeSeq));
      if (!found) throw new UserError("not_found", 404);
      return fragment(<TranscriptLines t={req.t} locale={req.locale} messages={lines(req, found.messages)} earlier={earlier(found.conversation.id, found.next)} />);
    },
  },
];
