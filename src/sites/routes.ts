// The widget's public endpoints (loader, configuration) and the admin's embed-code page.
import { h } from "preact";
import { EmbedCodePage } from "../../views/admin/embed-code";
import { identitySecret } from "../customers/identity";
import { UserError } from "../errors";
import { resolveLocale } from "../i18n";
import { json, page, sectionOrPage } from "../http/respond";
import type { Route } from "../http/route";
import { staticFile } from "../http/static";
import { createSite, embedCode, listSites, renameSite, siteByKey } from "./sites";
import { configResponse, widgetConfig } from "./widget-config";
import { leaveMessageConfig } from "../leads/offer";
import { hoursConfig } from "../hours/hours";
import { SitesPage, SitesSection, type SitesData } from "../../views/admin/routing/sites-page";
import { audit } from "../accounts/audit";
import { grants } from "../../common/permissions";
import { fragment } from "../http/respond";
import type { Req } from "../http/route";
import { siteGroupOrder, listGroups } from "../routing/groups";
import { actorOf } from "../http/request";

// The widget is requested from every customer's website, so these answer any origin (no cookies).

// ---- Admin → Sites (终端管理) ----------------------------------------------------------------

const SITES_GROUPS = { module: "sites_groups" } as const;

function sitesData(req: Req, extra: Partial<SitesData> = {}): SitesData {
  const eid = req.user!.enterpriseId;
  const order = siteGroupOrder(req.app.db, eid);
  const groupName = new Map(listGroups(req.app.db, eid).map((g) => [g.id, g.name]));
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    sites: listSites(req.app.db, eid).map((s) => ({ id: s.id, name: s.name, key: s.key, groups: (order.get(s.id) ?? []).map((g) => groupName.get(g) ?? g) })),
    embedLink: grants(req.user!.grant, "styles"),
    groupsLink: grants(req.user!.grant, "sites_groups"),
    ...extra,
  };
}

/** Runs a change and answers with the section (htmx) or the page; a refused add keeps the typed name. */
function sitesAction(req: Req, act: () => string, adding = false): Response {
  let data: SitesData;
  let status = 200;
  try {
    data = sitesData(req, { notice: act() });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    data = sitesData(req, { error: req.t(`common.error.${e.code}`, e.params), name: adding && typeof req.body.name === "string" ? req.body.name : "" });
    status = e.status;
  }
  return sectionOrPage(req, () => h(SitesSection, data), () => h(SitesPage, { ...data, user: req.user! }), status);
}

export const siteRoutes: Route[] = [
  {
    method: "GET",
    path: "/widget.js",
    access: "public",
    crossSite: true,
    handle: async (req) => {
      // Short cache plus revalidation: a new release reaches sites within minutes, unchanged ones cost a 304.
      const res = await staticFile(req.request, "build/widget.js", { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300, must-revalidate" });
      if (!res) throw new UserError("not_found", 404);
      return res;
    },
  },
  {
    method: "GET",
    path: "/api/widget/config",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const site = siteByKey(req.app.db, req.query.site ?? "");
      if (!site) throw new UserError("not_found", 404);
      const locale = resolveLocale(req.query.lang, req.request.headers.get("accept-language"));
      const config = widgetConfig(site, locale, req.origin, req.app.chat.siteOnline(site), leaveMessageConfig(req.app, site, locale), req.app.chat.robotActive(site));
      // Business hours: open now, or when the site opens next (the widget says it in the visitor's language).
      const hours = hoursConfig(req.app.db, site, req.app.chat.clock.now());
      if (hours) config.hours = hours;
      return configResponse(config, req.request.headers.get("if-none-match"));
    },
  },
  {
    method: "GET",
    path: "/admin/embed",
    access: { module: "styles" },
    handle: (req) => {
      const sites = listSites(req.app.db, req.user!.enterpriseId).map((s) => ({ id: s.id, name: s.name, key: s.key, snippet: embedCode(req.origin, s.key) }));
      const identitySecrets = Object.fromEntries(sites.map((s) => [s.id, identitySecret(req.app.db, req.user!.enterpriseId, s.id)]));
      return page(h(EmbedCodePage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, sites, identitySecrets }));
    },
  },
  { method: "GET", path: "/admin/sites", access: SITES_GROUPS, handle: (req) => sitesAction(req, () => "") },
  {
    method: "POST",
    path: "/admin/sites",
    access: SITES_GROUPS,
    handle: (req) =>
      sitesAction(req, () => {
        const site = createSite(req.app.db, req.user!.enterpriseId, typeof req.body.name === "string" ? req.body.name : "");
        audit(req.app.db, actorOf(req), "site.created", { type: "site", id: site.id, name: site.name });
        return req.t("routing.sites.created", { name: site.name });
      }, true),
  },
  {
    method: "POST",
    path: "/admin/sites/:id",
    access: SITES_GROUPS,
    handle: (req) =>
      sitesAction(req, () => {
        const before = listSites(req.app.db, req.user!.enterpriseId).find((s) => s.id === req.params.id)?.name;
        const site = renameSite(req.app.db, req.user!.enterpriseId, req.params.id ?? "", req.body.name);
        audit(req.app.db, actorOf(req), "site.renamed", { type: "site", id: site.id, name: site.name }, { from: before });
        return req.t("routing.sites.renamed", { name: site.name });
      }),
  },
];
