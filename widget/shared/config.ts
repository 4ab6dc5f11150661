// Fetching the widget's configuration: colours, position, availability and the strings of one language.
import type { WidgetConfig } from "../../common/protocol";
import { KEYS, readStored } from "./storage";

/** The visitor's saved language choice, else the browser's. */
export function preferredLang(): string {
  return readStored("localStorage", KEYS.lang) || navigator.language || "";
}

export async function fetchConfig(origin: string, site: string, lang: string): Promise<WidgetConfig> {
  const res = await fetch(`${origin}/api/widget/config?site=${encodeURIComponent(site)}&lang=${encodeURIComponent(lang)}`);
  if (!res.ok) throw new Error(`widget config: HTTP ${res.status}`);
  return res.json();
}
