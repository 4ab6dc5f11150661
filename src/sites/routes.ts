// The widget's public endpoints (loader, configuration) and the admin's embed-code page.
import { h } from "preact";
import { EmbedCodePage } from "../../views/admin/embed-code";
import { UserError } from "../errors";
import { resolveLocale } from "../i18n";
import { json, page } from "../http/respond";
import type { Route } from "../http/route";
import { staticDir } from "../paths";
import { embedCode, listSites, siteByKey } from "./sites";
import { widgetConfig } from "./widget-config";
import { leaveMessageConfig } from "../leads/offer";

// The widget is requested from every customer's website, so these answer any origin (no cookies).
export const CORS = { "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" };

export const siteRoutes: Route[] = [
  {
    method: "GET",
    path: "/widget.js",
    access: "public",
    handle: async (req) => {
      const file = Bun.file(`${staticDir}/build/widget.js`);
      if (!(await file.exists())) throw new UserError("not_found", 404);
      const body = await file.bytes();
      const etag = `"${Bun.hash(body).toString(36)}"`;
      // Short cache plus revalidation: a new release reaches sites within minutes, unchanged ones cost a 304.
      const headers = { ...CORS, "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300, must-revalidate", etag };
      if (req.request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
      return new Response(body, { headers });
    },
  },
  {
    method: "GET",
    path: "/api/widget/config",
    access: "public",
    api: true,
    handle: (req) => {
      const site = siteByKey(req.app.db, req.query.site ?? "");
      if (!site) return json({ error: { code: "not_found", message: "unknown site key" } }, 404, CORS);
      const locale = resolveLocale(req.query.lang, req.request.headers.get("accept-language"));
      return json(widgetConfig(site, locale, req.origin, req.app.chat.siteOnline(site), leaveMessageConfig(req.app, site, locale)), 200, CORS);
    },
  },
  {
    method: "GET",
    path: "/admin/embed",
    access: { module: "styles" },
    handle: (req) => {
      const sites = listSites(req.app.db, req.user!.enterpriseId).map((s) => ({ id: s.id, name: s.name, key: s.key, snippet: embedCode(req.origin, s.key) }));
      return page(h(EmbedCodePage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, sites }));
    },
  },
];
