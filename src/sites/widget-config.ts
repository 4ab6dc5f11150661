// What the widget asks for on every page load: the site's look, whether anyone is online, and its strings.
import type { WidgetConfig } from "../chat/protocol";
import { areaStrings, type Locale } from "../i18n";
import { readableTextColor } from "./colors";
import type { Site } from "./sites";

export function widgetConfig(site: Site, locale: Locale, origin: string, online: boolean, leave: Pick<WidgetConfig, "leaveMessage" | "offerLeaveMessage">): WidgetConfig {
  return {
    site: site.key,
    siteName: site.name,
    lang: locale,
    socketUrl: `${origin.replace(/^http/, "ws")}/ws/visitor`,
    online,
    style: { color: site.color, colorText: readableTextColor(site.color), position: site.position },
    strings: areaStrings(locale, "widget"),
    ...leave,
  };
}
