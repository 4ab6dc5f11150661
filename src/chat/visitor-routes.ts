// The widget's small forms besides the chat itself: the pre-chat form (the visitor's name and
// email before the first message) and the rating of a conversation that ended. Public, proven by
// the site key and the visitor's own id, form-encoded (no preflight), answered with CORS headers.
import { t } from "../i18n";
import { and, eq, isNull } from "drizzle-orm";
import { preChatFields } from "../../common/prechat";
import { conversations, visitors } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { visitorOf, widgetLocale } from "../http/widget-request";
import type { Route } from "../http/route";
import { formProblems } from "../../common/lead-form";
import { CORS, json } from "../http/respond";
import { styleOf } from "../sites/style";
import { touchVisitor } from "./visitors";
import { customerFromPreChat } from "../customers/intake";
import { recordRating } from "./rating";
import { trimmed } from "../http/request";
import { WindowLimit } from "../leads/window-limit";
import { onePer } from "../one-per";
import type { AppContext } from "../http/app-context";

export const MAX_RATING_COMMENT = 1000;

/**
 * Pre-chat forms per address (tests may lower or reset it): a visitor sends one per chat, but each
 * writes a visitor row and may make a customer, so a script making up visitor ids is limited as the
 * message form is (src/leads/submit.ts), on the chat core's clock.
 */
export const profileLimit = onePer((app: AppContext) => new WindowLimit(30, 10 * 60_000, () => app.chat.clock.now()));


export const visitorFormRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/widget/profile",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const { site, vid } = visitorOf(req);
      // Counted before anything is checked or written.
      const wait = profileLimit(req.app).hit(req.ip);
      if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
      const fields = preChatFields(styleOf(site).features.preChat);
      const values = { name: trimmed(req.body.name), email: trimmed(req.body.email) };
      const problems = formProblems(fields, values);
      if (problems.length) {
        // Worded as the message form's problems, with the pre-chat form's labels, in the visitor's language.
        const locale = widgetLocale(req);
        const wording = (key: string) => ({ field: t(locale, `widget.prechat_${key}`), max: fields.find((f) => f.key === key)?.max ?? 0 });
        throw new UserError("invalid_field", 422, wording(problems[0]!.key), { messageKey: `leads.error.${problems[0]!.problem}`, fields: problems });
      }
      const v = touchVisitor(req.app.db, site.enterpriseId, vid, { siteId: site.id, userAgent: req.request.headers.get("user-agent") ?? "" });
      const shown = new Set(fields.map((f) => f.key));
      const set = { ...(shown.has("name") ? { name: values.name } : {}), ...(shown.has("email") ? { email: values.email } : {}) };
      if (Object.keys(set).length) scoped(req.app.db, site.enterpriseId).update(visitors, set, eq(visitors.id, v.id)).run();
      customerFromPreChat(req.app.db, site.enterpriseId, v.id, set);
      return json({ ok: true }, 200);
    },
  },
  {
    method: "POST",
    path: "/api/widget/rating",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const { site, visitorId } = visitorOf(req);
      if (!styleOf(site).features.rating) throw new UserError("rating_off", 403);
      const score = Number(req.body.score);
      if (!Number.isInteger(score) || score < 1 || score > 5) throw new UserError("invalid_rating", 422);
      const comment = trimmed(req.body.comment).slice(0, MAX_RATING_COMMENT);
      const s = scoped(req.app.db, site.enterpriseId);
      const c = s.select(conversations, eq(conversations.id, trimmed(req.body.conversation))).get();
      // Only the conversation's own visitor, once it has ended, and once.
      if (!c || c.visitorId !== visitorId || c.siteId !== site.id) throw new UserError("not_found", 404);
      if (c.status !== "closed") throw new UserError("not_rateable", 409);
      if (c.rating !== null) throw new UserError("already_rated", 409);
      if (!recordRating(req.app.db, c, score, comment || null)) throw new UserError("already_rated", 409);
      return json({ ok: true }, 200);
    },
  },
];
