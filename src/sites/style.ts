// A site's widget style (风格管理): the launcher button and the chat window, set separately for
// desktop and mobile pages (F9, F10); the texts and branding visitors see; and the window's
// optional parts (pre-chat form, rating, attachments). One JSON document per site, normalised on
// every read and write so that a stored document from an older release still fits.
import { eq } from "drizzle-orm";
import type { DeviceStyleView, WidgetConfig } from "../../common/protocol";
import type { Db } from "../db/client";
import { sites } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { LOCALES, type Locale } from "../i18n";
import { parseHexColor, readableTextColor } from "../../common/colors";
import type { Site } from "./sites";

import { BUTTONS, DEVICES, FIELD_MODES, POSITIONS, WINDOWS, type Device } from "../../common/style-options";

export * from "../../common/style-options";
export type FieldMode = (typeof FIELD_MODES)[number];
export type Localised = Record<Locale, string>;

export interface DeviceStyle {
  button: (typeof BUTTONS)[number];
  position: (typeof POSITIONS)[number];
  window: (typeof WINDOWS)[number];
  /** #rrggbb */
  color: string;
  /** the launcher's text (bottom bar, side tab; the round button's accessible name); empty: the catalogue's */
  label: Localised;
}

export interface Branding {
  /** the window's title; empty: the site's name */
  name: Localised;
  /** the first bubble of every conversation; empty: the catalogue's greeting */
  greeting: Localised;
  /** shown while nobody is online; empty: the catalogue's */
  offline: Localised;
  /** the name agents go by in the window; empty: each agent's own name */
  agentName: Localised;
  /** file names of uploaded images (src/files/assets.ts), served at /api/widget/assets/NAME */
  logo: string | null;
  avatar: string | null;
}

export interface Features {
  /** the pre-chat form: each field off, optional or required (all off: no form) */
  preChat: { name: FieldMode; email: FieldMode };
  /** ask for a rating (1–5 and a comment) when a conversation ends */
  rating: boolean;
  /** visitors may send images and files */
  attachments: boolean;
  /** the window's colours: the visitor's system setting (prefers-color-scheme), or always light / dark */
  scheme: (typeof SCHEMES)[number];
}

export const SCHEMES = ["auto", "light", "dark"] as const;

export interface SiteStyle {
  desktop: DeviceStyle;
  mobile: DeviceStyle;
  branding: Branding;
  features: Features;
}

export const MAX_LABEL = 30;
export const MAX_NAME = 60;
export const MAX_TEXT = 500;
const BLANK: Localised = { "zh-CN": "", en: "" };
export const DEFAULT_COLOR = "#2563eb";

export const DEFAULT_STYLE: SiteStyle = {
  desktop: { button: "round", position: "right", window: "mini", color: DEFAULT_COLOR, label: BLANK },
  mobile: { button: "round", position: "right", window: "mini", color: DEFAULT_COLOR, label: BLANK },
  branding: { name: BLANK, greeting: BLANK, offline: BLANK, agentName: BLANK, logo: null, avatar: null },
  features: { preChat: { name: "off", email: "off" }, rating: true, attachments: true, scheme: "auto" },
};

const ASSET_NAME = /^[a-z0-9]{24}\.(png|jpg|gif|webp)$/;
const obj = (v: unknown): Record<string, any> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, any>) : {});
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);
const bool = (v: unknown, fallback: boolean) => (v === undefined ? fallback : v === true || v === "1" || v === "on" || v === "true");
const text = (v: unknown, max: number) => (typeof v === "string" ? v.trim().slice(0, max) : "");
const localised = (v: unknown, max: number): Localised => {
  const o = obj(v);
  return { "zh-CN": text(o["zh-CN"], max), en: text(o.en, max) };
};

/** A #rrggbb colour, or null when the value is not one (#abc is widened). */
export function normaliseColor(v: unknown): string | null {
  const rgb = typeof v === "string" ? parseHexColor(v) : null;
  return rgb ? `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}` : null;
}

function device(v: unknown, d: DeviceStyle): DeviceStyle {
  const o = obj(v);
  return {
    button: oneOf(BUTTONS, o.button, d.button),
    position: oneOf(POSITIONS, o.position, d.position),
    window: oneOf(WINDOWS, o.window, d.window),
    color: normaliseColor(o.color) ?? d.color,
    label: localised(o.label, MAX_LABEL),
  };
}

/** Brings any stored or submitted document to a valid shape (unknown keys dropped, limits applied). */
export function normaliseStyle(raw: unknown): SiteStyle {
  const r = obj(raw);
  const b = obj(r.branding);
  const f = obj(r.features);
  const asset = (v: unknown) => (typeof v === "string" && ASSET_NAME.test(v) ? v : null);
  return {
    desktop: device(r.desktop, DEFAULT_STYLE.desktop),
    mobile: device(r.mobile, DEFAULT_STYLE.mobile),
    branding: {
      name: localised(b.name, MAX_NAME),
      greeting: localised(b.greeting, MAX_TEXT),
      offline: localised(b.offline, MAX_TEXT),
      agentName: localised(b.agentName, MAX_NAME),
      logo: asset(b.logo),
      avatar: asset(b.avatar),
    },
    features: {
      preChat: { name: oneOf(FIELD_MODES, obj(f.preChat).name, "off"), email: oneOf(FIELD_MODES, obj(f.preChat).email, "off") },
      rating: bool(f.rating, DEFAULT_STYLE.features.rating),
      attachments: bool(f.attachments, DEFAULT_STYLE.features.attachments),
      scheme: oneOf(SCHEMES, f.scheme, "auto"),
    },
  };
}

export function styleOf(site: Pick<Site, "style">): SiteStyle {
  try {
    return normaliseStyle(JSON.parse(site.style));
  } catch {
    return normaliseStyle({});
  }
}

/** Stores a site's style; the widget picks it up on the next page load (the config's ETag changes). */
export function saveStyle(db: Db, enterpriseId: string, siteId: string, style: SiteStyle): SiteStyle {
  const clean = normaliseStyle(style);
  const s = scoped(db, enterpriseId);
  if (!s.select(sites, eq(sites.id, siteId)).get()) throw new UserError("not_found", 404);
  s.update(sites, { style: JSON.stringify(clean) }, eq(sites.id, siteId)).run();
  return clean;
}

// ---- the admin's forms ---------------------------------------------------------------------------

/**
 * The button-and-window form: `desktop.*` and `mobile.*` hold both devices' values (hidden fields
 * kept current by the page's script), and the visible controls (`button`, `position`, `window`,
 * `color`, `label.<lang>`) hold the values of the device being edited (`device`), which win: the
 * form is right even without the script.
 */
export function looksFromForm(body: Record<string, unknown>, current: SiteStyle): SiteStyle {
  const read = (prefix: string) => ({
    button: body[`${prefix}button`],
    position: body[`${prefix}position`],
    window: body[`${prefix}window`],
    color: body[`${prefix}color`],
    label: Object.fromEntries(LOCALES.map((l) => [l, body[`${prefix}label.${l}`]])),
  });
  const editing = oneOf(DEVICES, body.device, "desktop");
  const next = { ...current };
  for (const d of DEVICES) {
    const values = d === editing ? read("") : read(`${d}.`);
    if (values.color !== undefined && !normaliseColor(values.color)) throw new UserError("invalid_color", 422);
    // A device whose fields were not sent keeps its style.
    if (values.button !== undefined) next[d] = device(values, current[d]);
  }
  return normaliseStyle(next);
}

/** A form field "a.b": flat in a url-encoded body, nested ({a: {b}}) in a multipart one as the server parses it. */
export function formValue(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const dot = name.indexOf(".");
  return dot < 0 ? undefined : obj(body[name.slice(0, dot)])[name.slice(dot + 1)];
}

/** The texts-and-branding form (logo and avatar come as separate uploads). */
export function brandingFromForm(body: Record<string, unknown>, current: SiteStyle): SiteStyle {
  const loc = (key: string) => Object.fromEntries(LOCALES.map((l) => [l, formValue(body, `${key}.${l}`)]));
  return normaliseStyle({
    ...current,
    branding: { ...current.branding, name: loc("name"), greeting: loc("greeting"), offline: loc("offline"), agentName: loc("agentName") },
    features: {
      preChat: { name: formValue(body, "preChat.name"), email: formValue(body, "preChat.email") },
      rating: bool(body.rating, false),
      attachments: bool(body.attachments, false),
      scheme: body.scheme ?? current.features.scheme,
    },
  });
}

// ---- what the widget receives --------------------------------------------------------------------

function deviceView(d: DeviceStyle, locale: Locale): DeviceStyleView {
  return { button: d.button, position: d.position, window: d.window, color: d.color, colorText: readableTextColor(d.color), label: d.label[locale] };
}

/** The style part of the widget's configuration, in one language. */
export function widgetLooks(site: Site, locale: Locale, origin: string): Pick<WidgetConfig, "style" | "brand" | "features"> & { strings: Record<string, string>; siteName: string } {
  const s = styleOf(site);
  const b = s.branding;
  const asset = (name: string | null) => (name ? `${origin}/api/widget/assets/${name}` : null);
  // Custom texts replace the catalogue's, so the window shows them wherever it showed the default.
  const strings: Record<string, string> = {};
  if (b.greeting[locale]) strings.greeting = b.greeting[locale];
  if (b.offline[locale]) strings.offline_note = b.offline[locale];
  return {
    siteName: b.name[locale] || site.name,
    style: { ...deviceView(s.desktop, locale), mobile: deviceView(s.mobile, locale) },
    brand: { logo: asset(b.logo), avatar: asset(b.avatar), agentName: b.agentName[locale] || null },
    features: s.features,
    strings,
  };
}
