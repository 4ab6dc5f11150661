// Leave a message (F7): the widget's public form endpoint, the public leads pool and Records with
// claims, notes and CSV export, and the admin's form settings.
import { widgetLocale } from "../http/widget-request";
import { h } from "preact";
import { LeaveMessageSettingsPage } from "../../views/admin/leave-message";
import { LeadDetailPage, LeadNotes } from "../../views/leads/lead-detail";
import { ErrorPage } from "../../views/error-page";
import { LeadGone, LeadItem, type LeadView } from "../../views/leads/lead-item";
import { LeadResults, LeadsPage, type LeadFilterValues, type LeadsView } from "../../views/leads/leads-page";
import { audit } from "../accounts/audit";
import { canSee, type Member } from "../accounts/data-scope";
import { displayId } from "../chat/visitors";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { fragment, json, page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import { LOCALES, resolveLocale, t } from "../i18n";
import { listSites } from "../sites/sites";
import { leadsCsv } from "./export";
import {
  addLeadNote,
  claimLead,
  countLeads,
  getLead,
  leadScope,
  holderNames,
  leadFields,
  listLeads,
  markLeadDone,
  MAX_NOTE,
  noteCounts,
  notesOf,
  siteNames,
  LEAD_STATUSES,
  type Lead,
  type LeadFilter,
  visibleLead,
} from "./leads";
import { getSettings, MAX_CUSTOM_FIELDS, readerLabel, saveSettings, settingsFromForm } from "./settings";
import { submitLead } from "./submit";
import { dayStart, isHtmx } from "../http/request";

const LEADS = { module: "leads" } as const;
const PAGE_SIZE = 100;

const member = (req: Req) => req.user as Member;

function readFilters(req: Req, view: LeadsView): { values: LeadFilterValues; filter: LeadFilter; query: string } {
  const q = req.query;
  const status = LEAD_STATUSES.find((s) => s === q.status);
  const values: LeadFilterValues = {
    site: (q.site ?? "").slice(0, 64),
    status: view === "records" ? (status ?? "") : "",
    from: dayStart(q.from) !== undefined ? q.from! : "",
    to: dayStart(q.to) !== undefined ? q.to! : "",
    q: (q.q ?? "").slice(0, 100),
  };
  const filter: LeadFilter = {
    pool: view === "pool",
    siteId: values.site || undefined,
    status: status && view === "records" ? status : undefined,
    from: dayStart(values.from),
    to: dayStart(values.to, 1),
    q: values.q,
    scope: leadScope(member(req)),
  };
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
  return { values, filter, query };
}

/** Leads as the views show them: site and holder names, visitor display ids, note counts. */
function views(req: Req, list: Lead[]): LeadView[] {
  const eid = req.user!.enterpriseId;
  const sites = siteNames(req.app.db, eid);
  const holders = holderNames(req.app.db, eid, list);
  const counts = noteCounts(req.app.db, eid, list.map((l) => l.id));
  // Labelled in the reader's language, not the visitor's.
  const label = readerLabel(getSettings(req.app.db, eid), req.locale);
  return list.map((l) => ({
    id: l.id,
    status: l.status,
    siteName: sites.get(l.siteId) ?? "",
    fields: leadFields(l).map((f) => ({ ...f, label: label(f) })),
    name: l.name,
    message: l.message,
    pageUrl: l.pageUrl,
    visitorId: l.visitorId,
    visitorDisplayId: l.visitorId ? displayId(l.visitorId) : null,
    createdAt: l.createdAt,
    claimedBy: l.claimedBy,
    claimedByName: l.claimedBy ? (holders.get(l.claimedBy) ?? "?") : null,
    claimedAt: l.claimedAt,
    doneAt: l.doneAt,
    noteCount: counts.get(l.id) ?? 0,
  }));
}

/** Its holder may finish a lead; so may someone whose data scope reaches further than their own. */
function mayFinish(m: Member, l: Pick<LeadView, "claimedBy">): boolean {
  return l.claimedBy === m.id || (m.grant.scope !== "own" && canSee(m, { ownerId: l.claimedBy }, { unownedVisible: true }));
}

const visibleLeadOf = (req: Req): Lead => visibleLead(req.app.db, member(req), req.params.id ?? "");

function listPage(view: LeadsView) {
  return (req: Req): Response => {
    const m = member(req);
    const { values, filter, query } = readFilters(req, view);
    const list = views(req, listLeads(req.app.db, m.enterpriseId, filter, PAGE_SIZE));
    const results = {
      view,
      leads: list,
      total: countLeads(req.app.db, m.enterpriseId, filter),
      t: req.t,
      locale: req.locale,
      csrfToken: req.csrfToken,
      me: m.id,
      mayFinish: (l: LeadView) => mayFinish(m, l),
      query,
    };
    if (isHtmx(req)) return fragment(h(LeadResults, results));
    const sites = listSites(req.app.db, m.enterpriseId).map((s) => ({ id: s.id, name: s.name }));
    return page(h(LeadsPage, { ...results, user: m, filters: values, sites }));
  };
}

type Notice = { kind: "ok" | "error"; text: string };

const noteViews = (req: Req, leadId: string) =>
  notesOf(req.app.db, req.user!.enterpriseId, [leadId]).map((n) => ({ authorName: n.authorName, body: n.body, createdAt: n.createdAt }));

function detailPage(req: Req, lead: Lead, extra: { notice?: Notice; noteError?: string } = {}, status = 200): Response {
  const m = member(req);
  const view = views(req, [lead])[0]!;
  const notes = noteViews(req, lead.id);
  return page(
    h(LeadDetailPage, {
      lead: view,
      t: req.t,
      locale: req.locale,
      csrfToken: req.csrfToken,
      me: m.id,
      mayFinish: mayFinish(m, view),
      notice: extra.notice,
      user: m,
      notes: { notes, error: extra.noteError, maxLength: MAX_NOTE },
    }),
    status,
  );
}

/** After an action on one lead: htmx gets the item to swap in place, a plain form the details page. */
function afterAction(req: Req, lead: Lead, notice: Notice, status: number): Response {
  if (!isHtmx(req)) return status < 400 ? redirect(`/leads/${lead.id}`) : detailPage(req, lead, { notice }, status);
  const m = member(req);
  const view = views(req, [lead])[0]!;
  const compact = req.body.compact === "1";
  return fragment(h(LeadItem, { lead: view, t: req.t, locale: req.locale, csrfToken: req.csrfToken, me: m.id, mayFinish: mayFinish(m, view), notice, compact }), status);
}

export const leadRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/widget/leads",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const lead = submitLead(req.app, req.body, req.ip, widgetLocale(req));
      return json({ id: lead.id, createdAt: lead.createdAt }, 201);
    },
  },
  { method: "GET", path: "/leads", access: LEADS, handle: () => redirect("/leads/pool", 302) },
  { method: "GET", path: "/leads/pool", access: LEADS, handle: listPage("pool") },
  { method: "GET", path: "/leads/records", access: LEADS, handle: listPage("records") },
  {
    method: "GET",
    path: "/leads/export.csv",
    access: LEADS,
    handle: (req) => {
      const view: LeadsView = req.query.view === "pool" ? "pool" : "records";
      const { filter } = readFilters(req, view);
      const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
      return new Response(leadsCsv(req.app.db, req.user!.enterpriseId, filter, req.t, req.locale), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="leads-${view}-${stamp}.csv"`,
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
        },
      });
    },
  },
  { method: "GET", path: "/leads/:id", access: LEADS, handle: (req) => detailPage(req, visibleLeadOf(req)) },
  {
    method: "POST",
    path: "/leads/:id/claim",
    access: LEADS,
    handle: (req) => {
      const m = member(req);
      const lead = getLead(req.app.db, m.enterpriseId, req.params.id ?? "");
      if (!lead) throw new UserError("not_found", 404);
      if (claimLead(req.app.db, lead.enterpriseId, lead.id, m.id)) return afterAction(req, getLead(req.app.db, lead.enterpriseId, lead.id)!, { kind: "ok", text: req.t("leads.claim.won") }, 200);
      // Someone was quicker (or it was taken before the page was reloaded): say who.
      const now = getLead(req.app.db, lead.enterpriseId, lead.id)!;
      const holder = now.claimedBy && now.claimedBy !== m.id ? holderNames(req.app.db, now.enterpriseId, [now]).get(now.claimedBy) : undefined;
      const text = holder ? req.t("leads.claim.lost", { name: holder }) : req.t("leads.claim.gone");
      if (canSee(m, { ownerId: now.claimedBy }, { unownedVisible: true })) return afterAction(req, now, { kind: "error", text }, 409);
      // Outside the agent's data scope now: only the news, not the lead.
      if (isHtmx(req)) return fragment(h(LeadGone, { id: now.id, status: now.status, text }), 409);
      return page(h(ErrorPage, { t: req.t, locale: req.locale, status: 409, message: text, user: m }), 409);
    },
  },
  {
    method: "POST",
    path: "/leads/:id/done",
    access: LEADS,
    handle: (req) => {
      const lead = visibleLeadOf(req);
      const m = member(req);
      const anyHolder = mayFinish(m, lead) && lead.claimedBy !== m.id;
      const ok = (lead.claimedBy === m.id || anyHolder) && markLeadDone(req.app.db, lead.enterpriseId, lead.id, m.id, anyHolder);
      const now = getLead(req.app.db, lead.enterpriseId, lead.id)!;
      if (ok) return afterAction(req, now, { kind: "ok", text: req.t("leads.done.ok") }, 200);
      return afterAction(req, now, { kind: "error", text: req.t("leads.done.refused") }, now.status === "done" ? 409 : 403);
    },
  },
  {
    method: "POST",
    path: "/leads/:id/notes",
    access: LEADS,
    handle: (req) => {
      const lead = visibleLeadOf(req);
      const m = member(req);
      const body = typeof req.body.note === "string" ? req.body.note.trim() : "";
      const error = !body || body.length > MAX_NOTE ? req.t("leads.notes.empty_error", { max: MAX_NOTE }) : undefined;
      if (!error) addLeadNote(req.app.db, m.enterpriseId, lead.id, m, body);
      if (!isHtmx(req)) return error ? detailPage(req, lead, { noteError: error }, 422) : redirect(`/leads/${lead.id}#lead-notes`);
      return fragment(h(LeadNotes, { leadId: lead.id, notes: noteViews(req, lead.id), t: req.t, locale: req.locale, csrfToken: req.csrfToken, error, maxLength: MAX_NOTE }), error ? 422 : 200);
    },
  },
  {
    method: "GET",
    path: "/admin/leave-message",
    access: { module: "styles" },
    handle: (req) => settingsPage(req, req.query.saved ? req.t("leads.settings.saved") : undefined),
  },
  {
    method: "POST",
    path: "/admin/leave-message",
    access: { module: "styles" },
    handle: (req) => {
      try {
        const db = req.app.db;
        transaction(db, () => {
          const saved = saveSettings(db, req.user!.enterpriseId, settingsFromForm(req.body));
          const shown = [...saved.standard, ...saved.custom].filter((f) => f.enabled).map((f) => f.key);
          audit(db, req.user!, "leave_message.updated", { type: "settings", id: "leave_message", name: req.t("leads.settings.title") }, { shown });
        });
      } catch (e) {
        if (!(e instanceof UserError) || e.code !== "no_fields") throw e;
        return settingsPage(req, undefined, req.t("leads.settings.noFields"), 422);
      }
      return redirect("/admin/leave-message?saved=1");
    },
  },
];

function settingsPage(req: Req, notice?: string, error?: string, status = 200): Response {
  const defaultIntro = Object.fromEntries(LOCALES.map((l) => [l, t(l, "widget.offline_note")])) as Record<(typeof LOCALES)[number], string>;
  return page(
    h(LeaveMessageSettingsPage, {
      t: req.t,
      locale: req.locale,
      user: member(req),
      csrfToken: req.csrfToken,
      settings: getSettings(req.app.db, req.user!.enterpriseId),
      maxCustom: MAX_CUSTOM_FIELDS,
      defaultIntro,
      notice,
      error,
    }),
    status,
  );
}
