// Admin → Settings → Banned words (敏感词): the list and the mask-or-refuse setting, all audited.
import { h } from "preact";
import { ModerationPage, type ModerationData } from "../../views/admin/moderation/moderation-page";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { page } from "../http/respond";
import type { Req, Route } from "../http/route";
import { addWords, listWords, moderationAction, parseWords, removeWords, setModerationAction } from "./words";
import { str } from "../http/request";

const SETTINGS = { module: "settings" } as const;

function moderationPage(req: Req, extra: Partial<ModerationData> = {}, status = 200): Response {
  const eid = req.user!.enterpriseId;
  const q = str(req.query.q).trim();
  const list = listWords(req.app.db, eid, q, Number(req.query.page ?? 1));
  const data: ModerationData = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, action: moderationAction(req.app.db, eid), ...list, q, ...extra };
  return page(h(ModerationPage, { ...data, user: req.user! }), status);
}

/** Runs a change; a refused one shows why (and keeps what was typed). */
function change(req: Req, act: () => string, typed?: string): Response {
  try {
    return moderationPage(req, { notice: act() });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return moderationPage(req, { error: req.t(`common.error.${e.code}`, e.params), typed }, e.status);
  }
}

const target = (req: Req) => ({ type: "banned_words", id: req.user!.enterpriseId, name: req.t("moderation.title") });

export const moderationRoutes: Route[] = [
  { method: "GET", path: "/admin/moderation", access: SETTINGS, handle: (req) => moderationPage(req) },
  {
    method: "POST",
    path: "/admin/moderation/action",
    access: SETTINGS,
    handle: (req) =>
      change(req, () => {
        const before = moderationAction(req.app.db, req.user!.enterpriseId);
        const after = setModerationAction(req.app.db, req.user!.enterpriseId, req.body.action);
        if (before !== after) audit(req.app.db, req.user!, "moderation.action_changed", target(req), { from: before, to: after });
        return req.t("moderation.saved");
      }),
  },
  {
    method: "POST",
    path: "/admin/moderation/words",
    access: SETTINGS,
    // 10,000 words of 50 characters
    maxBody: 1024 * 1024,
    handle: (req) =>
      change(
        req,
        () => {
          const words = parseWords(str(req.body.words));
          const added = addWords(req.app.db, req.user!.enterpriseId, words);
          if (added) audit(req.app.db, req.user!, "moderation.words_added", target(req), { count: added, words: words.slice(0, 20) });
          return req.t("moderation.added", { count: added });
        },
        str(req.body.words),
      ),
  },
  {
    method: "POST",
    path: "/admin/moderation/words/remove",
    access: SETTINGS,
    handle: (req) =>
      change(req, () => {
        const ids = ([] as unknown[]).concat(req.body.id ?? []).filter((v): v is string => typeof v === "string").slice(0, 1000);
        const removed = removeWords(req.app.db, req.user!.enterpriseId, ids);
        if (removed.length) audit(req.app.db, req.user!, "moderation.words_removed", target(req), { count: removed.length, words: removed.slice(0, 20) });
        return req.t("moderation.removed", { count: removed.length });
      }),
  },
];
