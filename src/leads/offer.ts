// When the widget shows the leave-a-message form instead of the chat, and what the form asks. One
// function decides "when", so that every reason (nobody online, a long queue) is in one place.
import type { WidgetConfig } from "../../common/protocol";
import type { SiteLoad } from "../chat/core";
import type { Db } from "../db/client";
import type { AppContext } from "../http/app-context";
import type { Locale } from "../i18n";
import type { Site } from "../sites/sites";
import { getSettings as basicSettings } from "../settings/settings";
import { getSettings, widgetLeaveMessage } from "./settings";

/**
 * Nobody who serves the site is available, or at least as many visitors already wait as Basic
 * settings allow (leaveMessageQueueLength; null: never for a queue). The visitor may still wait.
 * Never when the admin switched the form off (visitors then write in the chat and wait).
 */
export function shouldOfferLeaveMessage(db: Db, load: SiteLoad, site: Site): boolean {
  if (!getSettings(db, site.enterpriseId).offer) return false;
  if (!load.siteOnline(site)) return true;
  const longest = basicSettings(db, site.enterpriseId).leaveMessageQueueLength;
  return longest !== null && load.queueLength(site.enterpriseId, site.id) >= longest;
}

/** The widget configuration's part about the message form. */
export function leaveMessageConfig(app: AppContext, site: Site, locale: Locale): Pick<WidgetConfig, "leaveMessage" | "offerLeaveMessage"> {
  return { leaveMessage: widgetLeaveMessage(getSettings(app.db, site.enterpriseId), locale), offerLeaveMessage: shouldOfferLeaveMessage(app.db, app.chat, site) };
}
