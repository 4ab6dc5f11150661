import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** A site (终端): one website the enterprise embeds the widget on, known by its public key. */
export const sites = sqliteTable(
  "sites",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    key: text("key").notNull().unique(),
    name: text("name").notNull(),
    /** the widget's look, texts and options as JSON (src/sites/style.ts normalises it) */
    style: text("style").notNull().default("{}"),
    /** the robot answers this site's visitors (F8; also needs robotAllowed, src/robot/allowed.ts) */
    robotEnabled: integer("robot_enabled", { mode: "boolean" }).notNull().default(false),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("sites_enterprise").on(t.enterpriseId)],
);
