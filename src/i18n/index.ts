// Message catalogues and the lookup. Each UI area keeps its strings in its own file per language
// (src/i18n/<lang>/<area>.ts, listed in src/i18n/<lang>/index.ts); keys are "area.name".
import { interpolate } from "../../common/interpolate";
import * as en from "./en";
import * as zh from "./zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

type Catalogue = Record<string, string>;

/** Merges a language's area files into one map of "area.key" → text. */
function merge(areas: Record<string, Catalogue>): Catalogue {
  const out: Catalogue = {};
  for (const [area, strings] of Object.entries(areas)) for (const [k, v] of Object.entries(strings)) out[`${area}.${k}`] = v;
  return out;
}

const catalogues: Record<Locale, Catalogue> = { en: merge(en), "zh-CN": merge(zh) };

/** Looks a key up; `{name}` placeholders are filled from params. A missing key shows itself, never crashes. */
export function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const s = catalogues[locale][key] ?? catalogues.en[key] ?? key;
  return interpolate(s, params);
}

/** Items joined as the reader's language lists them: "A, B, C" in English, "A、B、C" in Chinese. */
export function listOf(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { type: "conjunction", style: "narrow" }).format(items);
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;
export const translator = (locale: Locale): Translate => (key, params) => t(locale, key, params);

/** All strings of one area, without the area prefix: what a browser bundle receives. */
export function areaStrings(locale: Locale, area: string): Catalogue {
  const out: Catalogue = {};
  const prefix = `${area}.`;
  for (const [k, v] of Object.entries(catalogues[locale])) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

/** Picks a locale: an explicit choice (query or cookie) wins, then Accept-Language, then the default. */
export function resolveLocale(explicit: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  const pick = (tag: string): Locale | null => {
    const l = tag.trim().toLowerCase();
    if (l.startsWith("zh")) return "zh-CN";
    if (l.startsWith("en")) return "en";
    return null;
  };
  if (explicit) {
    const p = pick(explicit);
    if (p) return p;
  }
  for (const part of (acceptLanguage ?? "").split(",")) {
    const p = pick(part.split(";")[0] ?? "");
    if (p) return p;
  }
  return DEFAULT_LOCALE;
}
