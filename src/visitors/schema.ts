import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** How often a visitor came (for returning/new and time on site), kept up by the loader's beacon. */
export const visitorVisits = sqliteTable("visitor_visits", {
  /** the hashed visitor id (visitors.id) */
  visitorId: text("visitor_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  /** visits so far: a beacon after 30 minutes of silence starts a new one */
  visits: integer("visits").notNull().default(1),
  visitStartedAt: time("visit_started_at").notNull(),
  lastBeaconAt: time("last_beacon_at").notNull(),
});
