import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

export const enterprises = sqliteTable("enterprises", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: time("created_at").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "agent"] }).notNull(),
    /** seat lifecycle (F3): only active seats sign in to the workspace and receive visitors */
    seatState: text("seat_state", { enum: ["invited", "verified", "active", "disabled"] }).notNull().default("active"),
    /** concurrent chat cap (接待上限) */
    cap: integer("cap").notNull().default(5),
    /** the status the agent chose; they are available only while also connected */
    status: text("status", { enum: ["online", "away", "offline"] }).notNull().default("offline"),
    createdAt: time("created_at").notNull(),
    passwordChangedAt: time("password_changed_at").notNull(),
  },
  (t) => [index("users_enterprise").on(t.enterpriseId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** sha256 of the token in the cookie, so a copy of the database holds no usable session */
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: time("created_at").notNull(),
    expiresAt: time("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);
