// Every area's tables, for drizzle-kit and the client. Areas own their schema files; this only gathers them.
import { sqliteTable, text } from "drizzle-orm/sqlite-core";

export * from "../accounts/schema";
export * from "../sites/schema";
export * from "../chat/schema";
export * from "../routing/schema";
export * from "../settings/schema";
export * from "../leads/schema";
export * from "../visitors/schema";
export * from "../robot/schema";
export * from "../files/schema";
export * from "../platform/schema";
export * from "../api/schema";
export * from "../billing/schema";
export * from "../billing/service/schema";
export * from "../customers/schema";
export * from "../quick-replies/schema";
export * from "../push/schema";
export * from "../hours/schema";
export * from "../blocking/schema";
export * from "../moderation/schema";
export * from "../webhooks/schema";
export * from "../reports/schema";
export * from "../email/schema";

/** Instance-wide values that belong to no enterprise (the cookie-signing secret, the install's mode). */
export const instance = sqliteTable("instance", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
