// Whether the robot may serve at all: the one place that knows the robot is a paid add-on in
// platform mode (F8, "value-added service"). Billing comes later; it will decide here.
import type { Mode } from "../config";
import type { Site } from "../sites/sites";

export function robotAllowed(mode: Mode, _enterprise: { id: string }): boolean {
  // Company mode runs everything. In platform mode no enterprise can buy the add-on yet, so none has it.
  return mode === "company";
}

/** The robot answers a site's visitors: allowed for its enterprise and switched on for the site. */
export function robotActive(mode: Mode, site: Pick<Site, "enterpriseId" | "robotEnabled">): boolean {
  return site.robotEnabled && robotAllowed(mode, { id: site.enterpriseId });
}
