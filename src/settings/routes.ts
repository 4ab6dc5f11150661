// Admin → Settings → Basic settings (基础设置): read and change the enterprise's settings.
import { h } from "preact";
import { SETTING_FIELDS, SettingsPage, SettingsSection, type SettingField, type SettingsData } from "../../views/admin/settings";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { fragment, page, sectionOrPage } from "../http/respond";
import type { Req, Route } from "../http/route";
import { actorOf } from "../http/request";
import { getSettings, SETTING_LIMITS, updateSettings, type Settings } from "./settings";

const SETTINGS = { module: "settings" } as const;

const asValues = (s: Settings) => Object.fromEntries(SETTING_FIELDS.map((f) => [f, s[f] === null ? "" : String(s[f])])) as Record<SettingField, string>;

function settingsResponse(req: Req, extra: Partial<SettingsData> & { values?: SettingsData["values"] }, status = 200): Response {
  const data: SettingsData = {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    values: asValues(getSettings(req.app.db, req.user!.enterpriseId)),
    limits: SETTING_LIMITS,
    ...extra,
  };
  return sectionOrPage(req, () => h(SettingsSection, data), () => h(SettingsPage, { ...data, user: req.user! }), status);
}

export const settingsRoutes: Route[] = [
  { method: "GET", path: "/admin/settings", access: SETTINGS, handle: (req) => settingsResponse(req, {}) },
  {
    method: "POST",
    path: "/admin/settings",
    access: SETTINGS,
    handle: (req) => {
      const eid = req.user!.enterpriseId;
      // Only the fields the form sent; an empty queue length means "never".
      const input = Object.fromEntries(SETTING_FIELDS.filter((f) => typeof req.body[f] === "string").map((f) => [f, (req.body[f] as string).trim()]));
      const before = getSettings(req.app.db, eid);
      try {
        const after = updateSettings(req.app.db, eid, input);
        const changed = Object.fromEntries(SETTING_FIELDS.filter((f) => before[f] !== after[f]).map((f) => [f, { from: before[f], to: after[f] }]));
        if (Object.keys(changed).length) audit(req.app.db, actorOf(req), "settings.updated", { type: "settings", id: eid, name: req.t("routing.settings.title") }, changed);
        return settingsResponse(req, { notice: req.t("routing.settings.saved") });
      } catch (e) {
        if (!(e instanceof UserError) || e.code !== "invalid_setting") throw e;
        const { field, min, max } = e.params as { field: string; min: number; max: number };
        const typed = { ...asValues(before), ...input } as Record<SettingField, string>;
        return settingsResponse(req, { values: typed, invalid: { field, min, max }, error: req.t(`routing.settings.${field}`) + ": " + req.t("routing.settings.invalid", { min, max }) }, 400);
      }
    },
  },
];
