// Outside the site's business hours (src/hours): the line that says so and when the site opens
// again, in the visitor's language and their own clock (the config gives the instant).
import type { WidgetConfig } from "../../common/protocol";
import type { Translate } from "./translate";

export function closedNote(config: WidgetConfig, t: Translate): string | null {
  const hours = config.hours;
  if (!hours || hours.open) return null;
  if (hours.opensAt === null) return t("hours_closed");
  const when = new Intl.DateTimeFormat(config.lang, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(hours.opensAt);
  return t("hours_closed_until", { when });
}
