// A public widget endpoint's request (a customer's page posts it, proven by the site key and the
// visitor's own id): who the visitor is. Every widget endpoint (files, rating, profile, transcript)
// asks it; its refusals, like every UserError of a crossSite route, are answered by the guard in the
// visitor's language with CORS headers (src/http/guard.ts failure()).
import { isBlocked } from "../blocking/blocks";
import { isValidVisitorId, visitorKey } from "../chat/visitors";
import { UserError } from "../errors";
import { siteByKey, type Site } from "../sites/sites";
import { resolveLocale, type Locale } from "../i18n";
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

/** The visitor's language: the widget's (the form's or the query's lang), else the browser's. */
export function widgetLocale(req: Req): Locale {
  return resolveLocale(typeof req.body.lang === "string" ? req.body.lang : req.query.lang, req.request.headers.get("accept-language"));
}
