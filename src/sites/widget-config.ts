// What the widget asks for on every page load: the site's look, whether anyone is online, and its strings.
import type { WidgetConfig } from "../../common/protocol";
import { areaStrings, type Locale } from "../i18n";
import type { Site } from "./sites";
import { widgetLooks } from "./style";

/** `robot`: the robot answers first on this site (robotActive, src/robot/allowed.ts) */
export function widgetConfig(site: Site, locale: Locale, origin: string, online: boolean, leave: Pick<WidgetConfig, "leaveMessage" | "offerLeaveMessage">, robot = false): WidgetConfig {
  const { strings, ...looks } = widgetLooks(site, locale, origin);
  return {
    site: site.key,
    lang: locale,
    socketUrl: `${origin.replace(/^http/, "ws")}/ws/visitor`,
    online,
    ...looks,
    strings: { ...areaStrings(locale, "widget"), ...strings },
    ...leave,
    robot,
  };
}

/**
 * The config as an HTTP answer that browsers revalidate on every page load (`no-cache`) and that
 * costs a 304 when nothing changed: a saved style shows on the next page load, an unchanged one
 * is not downloaded again.
 */
export function configResponse(config: WidgetConfig, ifNoneMatch: string | null, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(config);
  const etag = `"${Bun.hash(body).toString(36)}"`;
  const all = { ...headers, "content-type": "application/json; charset=utf-8", "cache-control": "no-cache", etag, vary: "Accept-Language" };
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers: all });
  return new Response(body, { headers: all });
}
