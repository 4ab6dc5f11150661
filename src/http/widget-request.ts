// A public widget endpoint's request (a customer's page posts it, proven by the site key and the
// visitor's own id): who the visitor is, and refusals answered in their language with CORS headers
// so that the widget on another origin can read why. Every widget endpoint (files, rating, profile,
// transcript) goes through these two.
import { isBlocked } from "../blocking/blocks";
import { isValidVisitorId, visitorKey } from "../chat/visitors";
import { UserError } from "../errors";
import { resolveLocale, t } from "../i18n";
import { siteByKey, type Site } from "../sites/sites";
import { CORS, json } from "./respond";
import type { Req } from "./route";

/** A visitor's request (form fields site and vid): the site and who they are. Unknown site or malformed id: not found. */
export function visitorOf(req: Req): { site: Site; vid: string; visitorId: string } {
  const site = siteByKey(req.app.db, typeof req.body.site === "string" ? req.body.site : "");
  const vid = req.body.vid;
  if (!site || !isValidVisitorId(vid)) throw new UserError("not_found", 404);
  const visitorId = visitorKey(site.enterpriseId, vid);
  // A blocked visitor's uploads, files, profile and rating are refused as their socket is.
  if (isBlocked(req.app.db, site.enterpriseId, visitorId, req.ip, req.app.chat.clock.now())) throw new UserError("blocked", 403);
  return { site, vid, visitorId };
}

/**
 * Runs a public widget endpoint: refusals are answered here, in the visitor's language and with
 * CORS headers, so that the widget on another origin can read why.
 */
export async function forWidget(req: Req, handle: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await handle();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const locale = resolveLocale(typeof req.body.lang === "string" ? req.body.lang : req.query.lang, req.request.headers.get("accept-language"));
    return json({ error: { code: e.code, message: t(locale, `common.error.${e.code}`, e.params) } }, e.status, CORS);
  }
}
