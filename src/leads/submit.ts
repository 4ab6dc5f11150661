// A visitor sends the leave-a-message form (POST /api/widget/leads): checked against the form the
// site shows now, stored as a lead, announced to the enterprise's connected agents.
import { isValidVisitorId, visitorKey } from "../chat/visitors";
import type { AppContext } from "../http/app-context";
import { t, type Locale } from "../i18n";
import { siteByKey } from "../sites/sites";
import { formProblems } from "../../common/lead-form";
import { createLead, leadSummary, type Lead, type LeadField } from "./leads";
import { formFields, getSettings } from "./settings";
import { WindowLimit } from "./window-limit";
import { BannedWordError, moderate } from "../moderation/words";
import { isBlocked } from "../blocking/blocks";
import { customerFromLead } from "../customers/intake";

export interface LeadLimits {
  /** every submission, valid or not, per address */
  attempts: WindowLimit;
  /** stored leads per visitor (or per address without a visitor id) */
  accepted: WindowLimit;
}

const limitsByApp = new WeakMap<AppContext, LeadLimits>();

/** The running server's limits (tests may lower or reset them). */
export function leadLimits(app: AppContext): LeadLimits {
  let l = limitsByApp.get(app);
  if (!l) limitsByApp.set(app, (l = { attempts: new WindowLimit(30, 10 * 60_000), accepted: new WindowLimit(5, 10 * 60_000) }));
  return l;
}

export type SubmitResult =
  | { ok: true; lead: Lead }
  | { ok: false; status: number; code: string; message: string; retryAfter?: number; fields?: { key: string; problem: string; message: string }[] };

const fail = (status: number, code: string, message: string, extra: Partial<Extract<SubmitResult, { ok: false }>> = {}): SubmitResult => ({ ok: false, status, code, message, ...extra });

export function submitLead(app: AppContext, body: Record<string, unknown>, ip: string, locale: Locale): SubmitResult {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `leads.error.${key}`, params);
  const limits = leadLimits(app);
  const wait = limits.attempts.hit(`ip:${ip}`);
  if (wait) return fail(429, "rate_limited", tr("rate_limited", { seconds: wait }), { retryAfter: wait });

  if (typeof body.site !== "string" || !body.site) return fail(400, "bad_request", tr("bad_request"));
  const site = siteByKey(app.db, body.site);
  if (!site) return fail(404, "not_found", tr("not_found"));
  const eid = site.enterpriseId;
  const vid = body.vid ?? body.visitorId;
  if (vid !== undefined && vid !== "" && !isValidVisitorId(vid)) return fail(400, "bad_visitor", tr("bad_visitor"));
  const visitorId = typeof vid === "string" && vid ? visitorKey(eid, vid) : null;
  if (isBlocked(app.db, eid, visitorId, ip, app.chat.clock.now())) return fail(403, "blocked", t(locale, "common.error.blocked"));

  const fields = formFields(getSettings(app.db, eid), locale);
  const values: Record<string, string> = {};
  for (const f of fields) {
    const v = body[f.key];
    if (v !== undefined && typeof v !== "string") return fail(400, "bad_request", `${tr("bad_request")} (${f.key})`);
    values[f.key] = (v ?? "").trim();
  }
  const problems = formProblems(fields, values).map(({ key, problem }) => {
    const f = fields.find((x) => x.key === key)!;
    return { key, problem, message: tr(problem, { field: f.label, max: f.max }) };
  });
  if (problems.length) return fail(422, "invalid_field", problems[0]!.message, { fields: problems });

  const waitVisitor = limits.accepted.hit(visitorId ? `v:${visitorId}` : `ip:${ip}`);
  if (waitVisitor) return fail(429, "rate_limited", tr("rate_limited", { seconds: waitVisitor }), { retryAfter: waitVisitor });

  // Banned words: masked in what is stored, or the form refused (src/moderation), as in the chat.
  const moderated: Record<string, string> = {};
  try {
    for (const f of fields) moderated[f.key] = moderate(app.db, eid, values[f.key]!);
  } catch (e) {
    if (e instanceof BannedWordError) return fail(422, "banned_word", t(locale, "common.error.banned_word"));
    throw e;
  }
  const filled: LeadField[] = fields.filter((f) => values[f.key]).map((f) => ({ key: f.key, label: f.label, value: moderated[f.key]! }));
  const lead = createLead(app.db, eid, {
    siteId: site.id,
    visitorId,
    fields: filled,
    pageUrl: typeof body.page === "string" ? body.page : "",
    lang: locale,
  });
  customerFromLead(app.db, eid, lead);
  app.chat.notifyAgents(eid, { type: "lead", lead: leadSummary(lead, site.name) });
  return { ok: true, lead };
}
