// Web Push subscriptions: one row per device (browser profile) on which an agent turned alerts on.
import { sqliteTable, text, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";
import { users } from "../accounts/schema";

export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** the push service's URL for this device (RFC 8030); one device, one row */
    endpoint: text("endpoint").notNull().unique(),
    /** the browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption */
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** how the device names itself on the account page (browser · system, from its User-Agent) */
    label: text("label").notNull(),
    /** the language the agent used when turning alerts on: the notifications' language */
    lang: text("lang").notNull().default("zh-CN"),
    createdAt: time("created_at").notNull(),
    /** the last push the service accepted for it */
    lastSentAt: time("last_sent_at"),
  },
  (t) => [index("push_subscriptions_user").on(t.enterpriseId, t.userId)],
);
