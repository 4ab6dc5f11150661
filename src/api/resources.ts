// /api/v1/visitors, /api/v1/leads and /api/v1/kb: read the firm's visitors and leads, and keep the
// robot's knowledge base (through the robot's service, which keeps its search index in step).
import { desc } from "drizzle-orm";
import { visitors } from "../db/schema";
import { scoped } from "../db/scope";
import { getVisitor, visitorSummary, type Visitor } from "../chat/visitors";
import { visitorsInScope } from "../chat/visibility";
import { UserError } from "../errors";
import { json } from "../http/respond";
import type { Req, Route } from "../http/route";
import { leadFields, leadScope, listLeads, visibleLead, LEAD_STATUSES, type Lead } from "../leads/leads";
import type { Member } from "../accounts/data-scope";
import { isProblem, type EntryInput, type RobotEntry } from "../robot/entries";
import { robotService } from "../robot/service";
import { arr, enumParam, idPath, int, ms, nextOffset, notFound, nullable, obj, PAGING, paging, str, textParam, timeParam, V1, VISITOR } from "./common";
import type { Schema } from "./doc";

// ---- visitors ---------------------------------------------------------------------------

/**
 * Visitors as the API shows them: every visitor of the enterprise, but what one typed in the pre-chat
 * form (name, email) only to a caller whose data scope reaches a conversation of theirs (a token's is
 * the whole enterprise; a person's session may be narrower), as in the workspace.
 */
function visitorViews(req: Req, list: Visitor[]) {
  const reached = visitorsInScope(req.app.db, req.user as Member, list.map((v) => v.id));
  return list.map((v) => {
    const view = visitorSummary(v, req.app.chat.isVisitorOnline(v.id));
    if (reached.has(v.id)) return view;
    const { name: _name, email: _email, ...rest } = view;
    return rest;
  });
}

// ---- leads ------------------------------------------------------------------------------

const LEAD: Schema = obj(
  {
    id: str,
    siteId: str,
    visitorId: nullable(str),
    status: { enum: LEAD_STATUSES },
    name: str,
    phone: str,
    email: str,
    wechat: str,
    message: str,
    pageUrl: str,
    fields: arr(obj({ key: str, label: str, value: str }, ["label", "value"])),
    claimedBy: nullable(str),
    createdAt: ms,
  },
  ["id", "siteId", "status", "createdAt"],
);

function leadView(l: Lead) {
  return {
    id: l.id,
    siteId: l.siteId,
    visitorId: l.visitorId,
    status: l.status,
    name: l.name,
    phone: l.phone,
    email: l.email,
    wechat: l.wechat,
    message: l.message,
    pageUrl: l.pageUrl,
    fields: leadFields(l),
    claimedBy: l.claimedBy,
    claimedAt: l.claimedAt,
    doneAt: l.doneAt,
    createdAt: l.createdAt,
  };
}

// ---- the knowledge base -------------------------------------------------------------------

const ENTRY: Schema = obj(
  {
    key: str,
    question: str,
    answer: str,
    keywords: arr(str),
    related: arr(str),
    similar: arr(str),
    category: str,
    enabled: { type: "boolean" },
    language: { enum: ["zh", "en", null] },
    hits: int,
    createdAt: ms,
    updatedAt: ms,
  },
  ["key", "question", "answer", "keywords", "related", "enabled"],
);
const ENTRY_INPUT: Schema = obj(
  { key: str, question: str, answer: str, keywords: arr(str), related: arr(str), similar: arr(str), category: str, enabled: { type: "boolean" }, language: { enum: ["zh", "en", null] } },
  ["question", "answer", "keywords"],
);

const entryView = (e: RobotEntry) => ({
  key: e.key,
  question: e.question,
  answer: e.answer,
  keywords: e.keywords,
  related: e.related,
  similar: e.similar,
  category: e.category,
  enabled: e.enabled,
  language: e.language,
  hits: e.hits,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

function strings(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) badField(`${name}: a list of strings`);
  return v;
}
function badField(why: string): never {
  throw new UserError("bad_request", 400, { reason: why });
}

/** The JSON body as the robot's entry input; its own checks (lengths, keywords) follow in save(). */
function entryInput(req: Req): EntryInput {
  const b = req.body;
  const text = (name: string, required: boolean): string => {
    const v = b[name];
    if (v === undefined && !required) return "";
    if (typeof v !== "string") badField(`${name}: a string`);
    return v;
  };
  const language = b.language;
  if (language !== undefined && language !== null && language !== "zh" && language !== "en") badField("language: zh, en or null");
  if (b.enabled !== undefined && typeof b.enabled !== "boolean") badField("enabled: true or false");
  return {
    key: typeof b.key === "string" ? b.key : undefined,
    question: text("question", true),
    answer: text("answer", true),
    keywords: strings(b.keywords, "keywords") ?? [],
    related: strings(b.related, "related"),
    similar: strings(b.similar, "similar"),
    category: text("category", false),
    enabled: b.enabled as boolean | undefined,
    language: (language as string | null | undefined) ?? null,
  };
}

/** A refused entry: 400 with the robot's own explanation (its catalogue key as the reason). */
function saved(req: Req, result: ReturnType<ReturnType<typeof robotService>["save"]>, status: number): Response {
  if (!isProblem(result)) return json({ entry: entryView(result) }, status);
  if (result.key === "robot.problem.not_found") throw notFound();
  throw new UserError("bad_request", 400, { reason: req.t(result.key, result.params) });
}

const keyPath = { key: { description: "the entry's key", schema: str, required: true } };

export const resourceRoutes: Route[] = [
  {
    method: "GET",
    path: `${V1}/visitors`,
    access: { module: "workspace" },
    api: true,
    doc: { operationId: "listVisitors", tag: "visitors", summary: "List visitors, most recently seen first", query: { ...PAGING }, response: obj({ visitors: arr(VISITOR), next: nullable(int) }) },
    handle: (req) => {
      const { limit, offset } = paging(req);
      const rows = scoped(req.app.db, req.user!.enterpriseId).select(visitors).orderBy(desc(visitors.lastSeenAt), desc(visitors.id)).limit(limit + 1).offset(offset).all();
      const { items, next } = nextOffset(rows, limit, offset);
      return json({ visitors: visitorViews(req, items), next });
    },
  },
  {
    method: "GET",
    path: `${V1}/visitors/:id`,
    access: { module: "workspace" },
    api: true,
    doc: { operationId: "getVisitor", tag: "visitors", summary: "Read a visitor", path: idPath("visitor"), response: obj({ visitor: VISITOR }) },
    handle: (req) => {
      const v = getVisitor(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      if (!v) throw notFound();
      return json({ visitor: visitorViews(req, [v])[0] });
    },
  },
  {
    method: "GET",
    path: `${V1}/leads`,
    access: { module: "leads" },
    api: true,
    doc: {
      operationId: "listLeads",
      tag: "leads",
      summary: "List leads (messages left with the form), newest first",
      query: {
        status: { description: "new, claimed or done", schema: { enum: LEAD_STATUSES } },
        siteId: { description: "only this site's", schema: str },
        from: { description: "created at or after (ms or ISO 8601)", schema: str },
        to: { description: "created before (ms or ISO 8601)", schema: str },
        q: { description: "words to find in any field", schema: str },
        ...PAGING,
      },
      response: obj({ leads: arr(LEAD), next: nullable(int) }),
    },
    handle: (req) => {
      const { limit, offset } = paging(req);
      // The caller's data scope, as on the Leads pages (a token's is the whole enterprise; a person's session may be narrower).
      const scope = leadScope(req.user as Member);
      const filter = { status: enumParam(req, "status", LEAD_STATUSES), siteId: textParam(req, "siteId", 64), from: timeParam(req, "from"), to: timeParam(req, "to"), q: textParam(req, "q", 200), scope };
      const { items, next } = nextOffset(listLeads(req.app.db, req.user!.enterpriseId, filter, limit + 1, offset), limit, offset);
      return json({ leads: items.map(leadView), next });
    },
  },
  {
    method: "GET",
    path: `${V1}/leads/:id`,
    access: { module: "leads" },
    api: true,
    doc: { operationId: "getLead", tag: "leads", summary: "Read a lead", path: idPath("lead"), response: obj({ lead: LEAD }) },
    handle: (req) => {
      return json({ lead: leadView(visibleLead(req.app.db, req.user as Member, req.params.id ?? "")) });
    },
  },
  {
    method: "GET",
    path: `${V1}/kb`,
    access: { module: "robot" },
    api: true,
    doc: {
      operationId: "listKbEntries",
      tag: "knowledge base",
      summary: "List the robot's knowledge-base entries",
      query: { q: { description: "text to find in key, question, answer or keywords", schema: str }, category: { description: "only this category", schema: str }, ...PAGING },
      response: obj({ entries: arr(ENTRY), next: nullable(int) }),
    },
    handle: (req) => {
      const { limit, offset } = paging(req);
      const all = robotService(req.app.db).list(req.user!.enterpriseId, { q: textParam(req, "q", 200), category: textParam(req, "category", 40) });
      const { items, next } = nextOffset(all.slice(offset, offset + limit + 1), limit, offset);
      return json({ entries: items.map(entryView), next });
    },
  },
  {
    method: "GET",
    path: `${V1}/kb/:key`,
    access: { module: "robot" },
    api: true,
    doc: { operationId: "getKbEntry", tag: "knowledge base", summary: "Read an entry", path: keyPath, response: obj({ entry: ENTRY }) },
    handle: (req) => {
      const e = robotService(req.app.db).stored(req.user!.enterpriseId, req.params.key ?? "");
      if (!e) throw notFound();
      return json({ entry: entryView(e) });
    },
  },
  {
    method: "POST",
    path: `${V1}/kb`,
    access: { module: "robot" },
    api: true,
    doc: { operationId: "createKbEntry", tag: "knowledge base", summary: "Create an entry (key: given, or generated)", body: ENTRY_INPUT, status: 201, response: obj({ entry: ENTRY }) },
    handle: (req) => saved(req, robotService(req.app.db).save(req.user!.enterpriseId, null, entryInput(req)), 201),
  },
  {
    method: "PUT",
    path: `${V1}/kb/:key`,
    access: { module: "robot" },
    api: true,
    doc: { operationId: "updateKbEntry", tag: "knowledge base", summary: "Replace an entry's fields (its key stays)", path: keyPath, body: ENTRY_INPUT, response: obj({ entry: ENTRY }) },
    handle: (req) => {
      const robot = robotService(req.app.db);
      // Not found before a word about the body: another enterprise's key reads as absent, whatever is sent.
      if (!robot.stored(req.user!.enterpriseId, req.params.key ?? "")) throw notFound();
      return saved(req, robot.save(req.user!.enterpriseId, req.params.key ?? "", entryInput(req)), 200);
    },
  },
  {
    method: "DELETE",
    path: `${V1}/kb/:key`,
    access: { module: "robot" },
    api: true,
    doc: { operationId: "deleteKbEntry", tag: "knowledge base", summary: "Delete an entry (and drop it from others' related lists)", path: keyPath, response: obj({ deleted: { type: "boolean" } }) },
    handle: (req) => {
      if (!robotService(req.app.db).remove(req.user!.enterpriseId, req.params.key ?? "")) throw notFound();
      return json({ deleted: true });
    },
  },
];
