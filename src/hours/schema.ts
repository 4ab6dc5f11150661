import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/**
 * A site's business hours (工作时间): its weekly periods, time zone and dated exceptions as JSON
 * (src/hours/schedule.ts `Schedule`, checked by parseSchedule). A site without a row is always open.
 */
export const businessHours = sqliteTable("business_hours", {
  siteId: text("site_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  schedule: text("schedule").notNull(),
  updatedAt: time("updated_at").notNull(),
});
