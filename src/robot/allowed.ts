// Whether the robot may serve at all: the robot is a paid add-on in platform mode (F8,
// "value-added service"); the plan module (src/platform/plan.ts) decides, as for everything paid.
import type { Mode } from "../config";
import type { Db } from "../db/client";
import { addOnAllowed } from "../platform/plan";
import type { Site } from "../sites/sites";

export function robotAllowed(mode: Mode, db: Db, enterprise: { id: string }): boolean {
  return addOnAllowed(mode, db, enterprise, "robot");
}

/** The robot answers a site's visitors: allowed for its enterprise and switched on for the site. */
export function robotActive(mode: Mode, db: Db, site: Pick<Site, "enterpriseId" | "robotEnabled">): boolean {
  return site.robotEnabled && robotAllowed(mode, db, { id: site.enterpriseId });
}
