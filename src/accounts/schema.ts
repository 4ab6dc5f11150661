import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
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
    /** the role's id: a built-in one ("admin", "supervisor", "agent") or a custom role's "rol_…" id (roles table) */
    role: text("role").notNull(),
    /** seat lifecycle (F3): only active seats sign in to the workspace and receive visitors */
    seatState: text("seat_state", { enum: ["invited", "verified", "active", "disabled"] }).notNull().default("active"),
    /** concurrent chat cap (接待上限) */
    cap: integer("cap").notNull().default(5),
    /** the status the agent chose; they are available only while also connected */
    status: text("status", { enum: ["online", "away", "offline"] }).notNull().default("offline"),
    /** the colour scheme the user chose for Parley's pages: follow the system, or always light / dark */
    theme: text("theme", { enum: ["system", "light", "dark"] }).notNull().default("system"),
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

/** Custom roles (F4): any set of function modules and a data scope. Built-in roles live in code (permissions.ts). */
export const roles = sqliteTable(
  "roles",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    /** JSON array of module names */
    modules: text("modules").notNull(),
    scope: text("scope", { enum: ["own", "group", "enterprise"] }).notNull(),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [uniqueIndex("roles_enterprise_name").on(t.enterpriseId, t.name)],
);

/** Personal verification links (F3): the database keeps only a hash of the token in the link. */
export const seatLinks = sqliteTable(
  "seat_links",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** sha256 of the token */
    tokenHash: text("token_hash").notNull().unique(),
    /** invite: a new seat; reset: the admin reset the password */
    purpose: text("purpose", { enum: ["invite", "reset"] }).notNull(),
    createdBy: text("created_by"),
    createdAt: time("created_at").notNull(),
    expiresAt: time("expires_at").notNull(),
    usedAt: time("used_at"),
    revokedAt: time("revoked_at"),
  },
  (t) => [index("seat_links_user").on(t.userId)],
);

/** Who changed what and when (seats, roles, settings, styles). Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    at: time("at").notNull(),
    /** null: the command line or the system */
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    /** "area.verb", e.g. seat.activated, role.updated, settings.updated */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    targetName: text("target_name").notNull().default(""),
    /** JSON object */
    details: text("details").notNull().default("{}"),
  },
  (t) => [index("audit_enterprise_at").on(t.enterpriseId, t.at), index("audit_enterprise_actor").on(t.enterpriseId, t.actorId)],
);

/** The optional second factor (TOTP, RFC 6238) of a user. */
export const userTotp = sqliteTable("user_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  enterpriseId: enterpriseRef(),
  /** base32 secret */
  secret: text("secret").notNull(),
  /** null while enrolment waits for the first code */
  enabledAt: time("enabled_at"),
  /** the last time step a code was accepted for: a code works once */
  lastStep: integer("last_step").notNull().default(0),
  /** JSON array of sha256 hashes of unused recovery codes */
  recoveryHashes: text("recovery_hashes").notNull().default("[]"),
});
