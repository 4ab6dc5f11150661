// A visitor sends the leave-a-message form (POST /api/widget/leads): checked against the form the
// site shows now, stored as a lead, announced to the enterprise's connected agents.
import { UserError } from "../errors";
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
import { onePer } from "../one-per";

export interface LeadLimits {
  /** every submission, valid or not, per address */
  attempts: WindowLimit;
  /** stored leads per visitor (or per address without a visitor id) */
  accepted: WindowLimit;
}

/** The running server's limits (tests may lower or reset them). */
export const leadLimits = onePer((_app: AppContext): LeadLimits => ({ attempts: new WindowLimit(30, 10 * 60_000), accepted: new WindowLimit(5, 10 * 60_000) }));

export function submitLead(app: AppContext, body: Record<string, unknown>, ip: string, locale: Locale): Lead {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `leads.error.${key}`, params);
  // Refusals are UserErrors: the guard answers them in the visitor's language, with the form's own wording.
  const leadsWording = (key: string) => ({ messageKey: `leads.error.${key}` });
  const limits = leadLimits(app);
  const wait = limits.attempts.hit(`ip:${ip}`);
  if (wait) throw new UserError("rate_limited", 429, { seconds: wait }, leadsWording("rate_limited"));

  if (typeof body.site !== "string" || !body.site) throw new UserError("bad_request", 400, {}, leadsWording("bad_request"));
  const site = siteByKey(app.db, body.site);
  if (!site) throw new UserError("not_found", 404, {}, leadsWording("not_found"));
  const eid = site.enterpriseId;
  const vid = body.vid ?? body.visitorId;
  if (vid !== undefined && vid !== "" && !isValidVisitorId(vid)) throw new UserError("bad_visitor", 400, {}, leadsWording("bad_visitor"));
  const visitorId = typeof vid === "string" && vid ? visitorKey(eid, vid) : null;
  if (isBlocked(app.db, eid, visitorId, ip, app.chat.clock.now())) throw new UserError("blocked", 403);

  const fields = formFields(getSettings(app.db, eid), locale);
  const values: Record<string, string> = {};
  for (const f of fields) {
    const v = body[f.key];
    if (v !== undefined && typeof v !== "string") throw new UserError("bad_request", 400, { reason: f.key });
    values[f.key] = (v ?? "").trim();
  }
  const problems = formProblems(fields, values).map(({ key, problem }) => {
    const f = fields.find((x) => x.key === key)!;
    return { key, problem, message: tr(problem, { field: f.label, max: f.max }) };
  });
  const first = problems[0];
  if (first) {
    const f = fields.find((x) => x.key === first.key)!;
    throw new UserError("invalid_field", 422, { field: f.label, max: f.max ?? 0 }, { ...leadsWording(first.problem), fields: problems });
  }

  const waitVisitor = limits.accepted.hit(visitorId ? `v:${visitorId}` : `ip:${ip}`);
  if (waitVisitor) throw new UserError("rate_limited", 429, { seconds: waitVisitor }, leadsWording("rate_limited"));

  // Banned words: masked in what is stored, or the form refused (src/moderation), as in the chat.
  const moderated: Record<string, string> = {};
  try {
    for (const f of fields) moderated[f.key] = moderate(app.db, eid, values[f.key]!);
  } catch (e) {
    if (e instanceof BannedWordError) throw new UserError("banned_word", 422);
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
  return lead;
}
