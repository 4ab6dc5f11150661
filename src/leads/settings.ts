// Leave-a-message settings (留言设置): which fields the widget's form shows, which are required, the
// admin's own custom fields and the intro text. One JSON document per enterprise.
import { eq } from "drizzle-orm";
import type { LeaveMessageField, WidgetConfig } from "../../common/protocol";
import type { Db } from "../db/client";
import { leaveMessageSettings } from "../db/schema";
import { randomToken } from "../db/ids";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { LOCALES, t, type Locale } from "../i18n";
import { trimmed } from "../http/request";

export const STANDARD_FIELDS = ["name", "phone", "email", "wechat", "message"] as const;
export type StandardKey = (typeof STANDARD_FIELDS)[number];

export type Localised = Record<Locale, string>;

export interface StandardFieldSetting {
  key: StandardKey;
  enabled: boolean;
  required: boolean;
}

export interface CustomFieldSetting {
  /** c_ and 8 random characters, kept when the label changes */
  key: string;
  label: Localised;
  type: "text" | "textarea";
  enabled: boolean;
  required: boolean;
}

export interface LeaveMessageSettings {
  /** show the form when nobody can answer; off: visitors write in the chat and wait for an agent */
  offer: boolean;
  /** empty: the catalogue's default text */
  intro: Localised;
  standard: StandardFieldSetting[];
  custom: CustomFieldSetting[];
}

export const MAX_CUSTOM_FIELDS = 10;
const MAX_LABEL = 40;
const MAX_INTRO = 500;
const STANDARD_TYPES: Record<StandardKey, { type: LeaveMessageField["type"]; max: number }> = {
  name: { type: "text", max: 100 },
  phone: { type: "tel", max: 32 },
  email: { type: "email", max: 254 },
  wechat: { type: "text", max: 64 },
  message: { type: "textarea", max: 2000 },
};
const CUSTOM_MAX = { text: 500, textarea: 2000 };
const CUSTOM_KEY = /^c_[a-z0-9]{8}$/;

export const DEFAULT_SETTINGS: LeaveMessageSettings = {
  offer: true,
  intro: { "zh-CN": "", en: "" },
  standard: [
    { key: "name", enabled: true, required: false },
    { key: "phone", enabled: true, required: true },
    { key: "email", enabled: true, required: false },
    { key: "wechat", enabled: false, required: false },
    { key: "message", enabled: true, required: true },
  ],
  custom: [],
};

const bool = (v: unknown) => v === true || v === "1" || v === "on" || v === "true";

/** Brings any stored or submitted document to a valid shape (unknown keys dropped, limits applied). */
export function normaliseSettings(raw: unknown): LeaveMessageSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, any>;
  const byKey = new Map<string, any>((Array.isArray(r.standard) ? r.standard : []).map((f: any) => [f?.key, f]));
  const standard = DEFAULT_SETTINGS.standard.map((d) => {
    const f = byKey.get(d.key);
    if (!f) return { ...d };
    const enabled = bool(f.enabled);
    return { key: d.key, enabled, required: enabled && bool(f.required) };
  });
  const seen = new Set<string>();
  const custom: CustomFieldSetting[] = [];
  for (const f of Array.isArray(r.custom) ? r.custom : []) {
    const label = { "zh-CN": trimmed(f?.label?.["zh-CN"], MAX_LABEL), en: trimmed(f?.label?.en, MAX_LABEL) };
    if (!label["zh-CN"] && !label.en) continue; // a row left blank is no field
    const key = typeof f?.key === "string" && CUSTOM_KEY.test(f.key) && !seen.has(f.key) ? f.key : `c_${randomToken(8)}`;
    seen.add(key);
    const enabled = bool(f?.enabled);
    custom.push({ key, label, type: f?.type === "textarea" ? "textarea" : "text", enabled, required: enabled && bool(f?.required) });
    if (custom.length === MAX_CUSTOM_FIELDS) break;
  }
  const intro = r.intro && typeof r.intro === "object" ? r.intro : {};
  const offer = r.offer === undefined ? DEFAULT_SETTINGS.offer : bool(r.offer);
  return { offer, intro: { "zh-CN": trimmed(intro["zh-CN"], MAX_INTRO), en: trimmed(intro.en, MAX_INTRO) }, standard, custom };
}

export function getSettings(db: Db, enterpriseId: string): LeaveMessageSettings {
  const row = scoped(db, enterpriseId).select(leaveMessageSettings).get();
  if (!row) return normaliseSettings(DEFAULT_SETTINGS);
  try {
    return normaliseSettings(JSON.parse(row.settings));
  } catch {
    return normaliseSettings(DEFAULT_SETTINGS);
  }
}

export function saveSettings(db: Db, enterpriseId: string, input: unknown): LeaveMessageSettings {
  const settings = normaliseSettings(input);
  if (!settings.standard.some((f) => f.enabled) && !settings.custom.some((f) => f.enabled)) throw new UserError("no_fields");
  const values = { settings: JSON.stringify(settings), updatedAt: Date.now() };
  db.insert(leaveMessageSettings)
    .values({ enterpriseId, ...values })
    .onConflictDoUpdate({ target: leaveMessageSettings.enterpriseId, set: values })
    .run();
  return settings;
}

/** Reads the admin page's form (flat names: std.<key>.enabled, custom.<i>.label.en, intro.zh-CN …). */
export function settingsFromForm(body: Record<string, unknown>): unknown {
  const rows = new Map<string, Record<string, any>>();
  const intro: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const parts = name.split(".");
    if (parts[0] === "intro" && parts.length === 2) intro[parts[1]!] = value;
    if ((parts[0] === "std" || parts[0] === "custom") && parts.length >= 3) {
      const id = `${parts[0]}.${parts[1]}`;
      const row = rows.get(id) ?? { key: parts[0] === "std" ? parts[1] : undefined, label: {} };
      if (parts[2] === "label" && parts[3]) row.label[parts[3]] = value;
      else row[parts[2]!] = value;
      rows.set(id, row);
    }
  }
  const pick = (prefix: string) => [...rows].filter(([id]) => id.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([, r]) => r);
  // An unticked box sends nothing: a standard field the form did not mention is off.
  const standard = STANDARD_FIELDS.map((key) => rows.get(`std.${key}`) ?? { key, enabled: false });
  return { offer: bool(body.offer), intro, standard, custom: pick("custom.") };
}

function customLabel(f: CustomFieldSetting, locale: Locale): string {
  return f.label[locale] || LOCALES.map((l) => f.label[l]).find(Boolean) || f.key;
}

/**
 * A lead's field labelled in the reader's language (a lead keeps the labels its visitor saw):
 * standard fields from the catalogue, custom ones as the form names them now; a field removed from
 * the form since keeps the label it was stored with.
 */
export function readerLabel(settings: LeaveMessageSettings, locale: Locale): (f: { key: string; label: string }) => string {
  const custom = new Map(settings.custom.map((c) => [c.key, c]));
  return (f) => {
    if (isStandardKey(f.key)) return t(locale, `leads.field.${f.key}`);
    const c = custom.get(f.key);
    return c ? customLabel(c, locale) : f.label;
  };
}

/** The enabled fields in form order, labelled in `locale`: standard ones, custom ones, the message last. */
export function formFields(settings: LeaveMessageSettings, locale: Locale): LeaveMessageField[] {
  const standard = (key: StandardKey): LeaveMessageField[] => {
    const f = settings.standard.find((s) => s.key === key);
    return f?.enabled ? [{ key, label: t(locale, `leads.field.${key}`), required: f.required, ...STANDARD_TYPES[key] }] : [];
  };
  const custom = settings.custom
    .filter((f) => f.enabled)
    .map((f): LeaveMessageField => ({ key: f.key, label: customLabel(f, locale), type: f.type, required: f.required, max: CUSTOM_MAX[f.type] }));
  return [...STANDARD_FIELDS.filter((k) => k !== "message").flatMap(standard), ...custom, ...standard("message")];
}

/** What the widget's config carries about the form. */
export function widgetLeaveMessage(settings: LeaveMessageSettings, locale: Locale): WidgetConfig["leaveMessage"] {
  return { intro: settings.intro[locale] || t(locale, "widget.offline_note"), fields: formFields(settings, locale) };
}

/** The standard fields also have their own columns on a lead (for filters and export). */
export function isStandardKey(key: string): key is StandardKey {
  return (STANDARD_FIELDS as readonly string[]).includes(key);
}
