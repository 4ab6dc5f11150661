// Admin → Style (风格管理): button and window styles per device with a live preview and the embed
// code (F1, F9, F10), and the texts, branding and window options of each site.
import { h } from "preact";
import { unlinkSync } from "node:fs";
import { BrandingPage, BrandingSection, type BrandingData } from "../../views/admin/style/branding-page";
import { LooksPage, LooksSection, type LooksData } from "../../views/admin/style/looks-page";
import { PreviewFrame } from "../../views/admin/style/preview-frame";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { checkUpload, type Sniffed } from "../files/sniff";
import { filePath, storeFile } from "../files/store";
import { fragment, page, redirect, sectionOrPage } from "../http/respond";
import { refusalOf } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { LOCALES, t, type Locale } from "../i18n";
import { leaveMessageConfig } from "../leads/offer";
import { embedCode, listSites, type Site } from "./sites";
import { FORM_OVERHEAD } from "../http/body";
import { brandingFromForm, DEVICES, looksFromForm, saveStyle, styleOf, type Device, type SiteStyle } from "./style";
import { widgetConfig } from "./widget-config";
import { isHtmx } from "../http/request";

const STYLES = { module: "styles" } as const;
/** logos and avatars: small images, shown on every page of the customer's site */
export const MAX_IMAGE_BYTES = 512 * 1024;


/** The site the page is about: ?site= or the form's `site`, else the enterprise's first. */
function siteOf(req: Req): { site: Site; sites: Site[] } {
  const sites = listSites(req.app.db, req.user!.enterpriseId);
  const wanted = typeof req.body.site === "string" ? req.body.site : req.query.site;
  const site = wanted ? sites.find((s) => s.id === wanted) : sites[0];
  if (!site) throw new UserError("not_found", 404);
  return { site, sites };
}

const defaults = (key: string) => Object.fromEntries(LOCALES.map((l) => [l, t(l, key)])) as Record<Locale, string>;

function looksData(req: Req, site: Site, sites: Site[], extra: Partial<LooksData> = {}): LooksData {
  const device: Device = DEVICES.find((d) => d === (req.body.device ?? req.query.device)) ?? "desktop";
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    site: { id: site.id, name: site.name },
    style: styleOf(site),
    device,
    snippet: embedCode(req.origin, site.key),
    defaultLabel: defaults("widget.launcher_label"),
    ...extra,
  };
}

function brandingData(req: Req, site: Site, sites: Site[], extra: Partial<BrandingData> = {}): BrandingData {
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    site: { id: site.id, name: site.name },
    style: styleOf(site),
    assetUrl: (name) => `/api/widget/assets/${name}`,
    defaults: { greeting: defaults("widget.greeting"), offline: defaults("widget.offline_note") },
    maxImageKb: MAX_IMAGE_BYTES / 1024,
    ...extra,
  };
}

/** Stores an uploaded logo or avatar under a new public name; the old file goes. */
async function replaceImage(req: Req, field: string, current: string | null): Promise<string | null> {
  const file = req.body[field];
  const remove = req.body[`remove_${field}`] === "1";
  const uploaded = file instanceof Blob && file.size > 0;
  if (!uploaded && !remove) return current;
  let next: string | null = null;
  if (uploaded) {
    if (file.size > MAX_IMAGE_BYTES) throw new UserError("upload_not_image", 422, { max: MAX_IMAGE_BYTES / 1024 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = checkUpload(bytes, file instanceof File ? file.name : "", MAX_IMAGE_BYTES, (k: Sniffed) => k.image);
    if (!checked.ok) throw new UserError("upload_not_image", 422, { max: MAX_IMAGE_BYTES / 1024 });
    next = await storeFile(req.app.config.dataDir, "public", bytes, checked.kind.exts[0]);
  }
  const old = current && filePath(req.app.config.dataDir, "public", current);
  if (old) {
    try {
      unlinkSync(old);
    } catch {
      // already gone
    }
  }
  return next;
}

export const styleRoutes: Route[] = [
  {
    method: "GET",
    path: "/admin/styles",
    access: STYLES,
    handle: (req) => {
      const { site, sites } = siteOf(req);
      return page(h(LooksPage, { ...looksData(req, site, sites, { notice: req.query.saved ? req.t("style.saved") : undefined }), user: req.user! }));
    },
  },
  {
    method: "POST",
    path: "/admin/styles",
    access: STYLES,
    handle: (req) => {
      const { site, sites } = siteOf(req);
      let data: LooksData;
      let status = 200;
      try {
        const saved = saveStyle(req.app.db, site.enterpriseId, site.id, looksFromForm(req.body, styleOf(site)));
        audit(req.app.db, req.user!, "style.updated", { type: "site", id: site.id, name: site.name }, { desktop: summary(saved, "desktop"), mobile: summary(saved, "mobile") });
        if (!isHtmx(req)) return redirect(`/admin/styles?site=${site.id}&device=${looksData(req, site, sites).device}&saved=1`);
        data = looksData(req, { ...site, style: JSON.stringify(saved) }, sites, { notice: req.t("style.saved") });
      } catch (e) {
        const refused = refusalOf(req, e);
        data = looksData(req, site, sites, { error: refused.error });
        status = refused.status;
      }
      return sectionOrPage(req, () => h(LooksSection, data), () => h(LooksPage, { ...data, user: req.user! }), status);
    },
  },
  {
    // The live preview's frame: a stand-in page with the real launcher and window (widget/style-page).
    method: "GET",
    path: "/admin/styles/preview",
    access: STYLES,
    handle: (req) => {
      const { site } = siteOf(req);
      const config = widgetConfig(site, req.locale, req.origin, true, leaveMessageConfig(req.app, site, req.locale));
      const open = req.query.open === "1";
      return page(h(PreviewFrame, { t: req.t, locale: req.locale, config: { ...config, offerLeaveMessage: false }, open }), 200, { "x-frame-options": "SAMEORIGIN" });
    },
  },
  {
    method: "GET",
    path: "/admin/branding",
    access: STYLES,
    handle: (req) => {
      const { site, sites } = siteOf(req);
      return page(h(BrandingPage, { ...brandingData(req, site, sites, { notice: req.query.saved ? req.t("style.branding.saved") : undefined }), user: req.user! }));
    },
  },
  {
    method: "POST",
    path: "/admin/branding",
    access: STYLES,
    // the form's images (logo and avatar), each at most MAX_IMAGE_BYTES
    maxBody: 2 * MAX_IMAGE_BYTES + FORM_OVERHEAD,
    handle: async (req) => {
      const { site, sites } = siteOf(req);
      const current = styleOf(site);
      let data: BrandingData;
      let status = 200;
      try {
        const next = brandingFromForm(req.body, current);
        next.branding.logo = await replaceImage(req, "logo", current.branding.logo);
        next.branding.avatar = await replaceImage(req, "avatar", current.branding.avatar);
        const saved = saveStyle(req.app.db, site.enterpriseId, site.id, next);
        audit(req.app.db, req.user!, "style.branding_updated", { type: "site", id: site.id, name: site.name }, { features: saved.features, logo: !!saved.branding.logo, avatar: !!saved.branding.avatar });
        if (!isHtmx(req)) return redirect(`/admin/branding?site=${site.id}&saved=1`);
        data = brandingData(req, { ...site, style: JSON.stringify(saved) }, sites, { notice: req.t("style.branding.saved") });
      } catch (e) {
        const refused = refusalOf(req, e);
        data = brandingData(req, site, sites, { error: refused.error });
        status = refused.status;
      }
      return sectionOrPage(req, () => h(BrandingSection, data), () => h(BrandingPage, { ...data, user: req.user! }), status);
    },
  },
];

/** "round right mini #2563eb": what the audit log keeps of a device's style. */
function summary(s: SiteStyle, d: Device): string {
  const x = s[d];
  return `${x.button} ${x.position} ${x.window} ${x.color}`;
}
