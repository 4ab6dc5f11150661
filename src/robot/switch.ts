// The robot's switch on a site (sites.robot_enabled). Kept here so the sites area needs no robot code.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { sites } from "../db/schema";
import { scoped } from "../db/scope";

export function setSiteRobot(db: Db, enterpriseId: string, siteId: string, enabled: boolean): void {
  scoped(db, enterpriseId).update(sites, { robotEnabled: enabled }, eq(sites.id, siteId)).run();
}
