// When the widget shows the leave-a-message form instead of the chat, and what the form asks. One
// function decides "when", so that every reason (nobody online; later a long queue) is in one place.
import type { WidgetConfig } from "../chat/protocol";
import type { AppContext } from "../http/app-context";
import type { Locale } from "../i18n";
import type { Site } from "../sites/sites";
import { getSettings, widgetLeaveMessage } from "./settings";

export function shouldOfferLeaveMessage(app: AppContext, site: Site): boolean {
  return !app.chat.siteOnline(site);
}

/** The widget configuration's part about the message form. */
export function leaveMessageConfig(app: AppContext, site: Site, locale: Locale): Pick<WidgetConfig, "leaveMessage" | "offerLeaveMessage"> {
  return { leaveMessage: widgetLeaveMessage(getSettings(app.db, site.enterpriseId), locale), offerLeaveMessage: shouldOfferLeaveMessage(app, site) };
}
