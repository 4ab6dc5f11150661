// The widget's look on this page: the desktop or the mobile style (by the page's width and
// pointer), applied as classes and custom properties on the mount element so that config values
// never become CSS text. Shared with the admin's live preview.
import type { DeviceStyleView, WidgetConfig } from "../../common/protocol";
import type { Launcher } from "./launcher";

/** phones, and tablets (touch without hover): the mobile style; the window fills phones (≤ 640 px) whatever it is */
export const MOBILE = "(max-width: 640px), (hover: none) and (pointer: coarse)";

export function deviceStyle(style: WidgetConfig["style"], mobile = matchMedia(MOBILE).matches): DeviceStyleView {
  return (mobile && style.mobile) || style;
}

export function applyLooks(mount: HTMLElement, launcher: Launcher, c: WidgetConfig, open: boolean): void {
  const s = deviceStyle(c.style);
  mount.className = `pw lb-${s.button || "round"} lw-${s.window || "mini"}${s.position === "left" ? " left" : ""}${open ? " open" : ""}`;
  mount.style.setProperty("--pc", s.color);
  mount.style.setProperty("--pt", s.colorText);
  // light-dark() in the widget's styles: the visitor's system setting, unless the admin fixed one.
  const scheme = c.features.scheme;
  mount.style.setProperty("color-scheme", scheme === "light" || scheme === "dark" ? scheme : "light dark");
  launcher.setLabel(s.label || c.strings.launcher_label || c.siteName, c.strings.launcher_unread);
}

/**
 * Adds a stylesheet to the shadow root. A constructed sheet needs no <style> element, so pages
 * whose Content-Security-Policy forbids inline styles still style the widget; browsers without
 * constructable sheets get the element.
 */
export function adoptCss(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.append(Object.assign(document.createElement("style"), { textContent: css }));
  }
}
