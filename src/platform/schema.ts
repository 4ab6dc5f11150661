// Platform mode's tables (PRODUCT.md F13): each self-registered enterprise's standing on the
// platform, its verification submissions, the operators who run the install, their sessions and
// their audit log. Company mode writes none of these; an enterprise without a `platform_accounts`
// row was made by company mode (or `parley init`) and counts as verified (docs/platform.md, "Upgrade").
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

export const ENTERPRISE_STATES = ["trial", "pending", "verified", "rejected"] as const;

/** One enterprise's standing on the platform: its shown ID (企业ID), verification state and suspension. */
export const platformAccounts = sqliteTable("platform_accounts", {
  enterpriseId: enterpriseRef().primaryKey(),
  /** the enterprise ID people see and quote (企业ID): digits, unique, never reused */
  displayId: text("display_id").notNull().unique(),
  state: text("state", { enum: ENTERPRISE_STATES }).notNull(),
  /** the phone given at sign-up */
  phone: text("phone").notNull().default(""),
  /** set while the operator has suspended the enterprise; its users cannot sign in */
  suspendedAt: time("suspended_at"),
  suspendReason: text("suspend_reason").notNull().default(""),
  createdAt: time("created_at").notNull(),
  updatedAt: time("updated_at").notNull(),
});

/** An enterprise's verification submissions (企业认证), newest last; each is reviewed once. */
export const verifications = sqliteTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    legalName: text("legal_name").notNull(),
    /** 统一社会信用代码, 18 characters, check digits valid (credit-code.ts) */
    creditCode: text("credit_code").notNull(),
    contact: text("contact").notNull(),
    /** the business licence: stored like an attachment (files/store.ts, area attachments) */
    licenceStored: text("licence_stored").notNull(),
    licenceName: text("licence_name").notNull(),
    licenceType: text("licence_type").notNull(),
    licenceSize: integer("licence_size").notNull(),
    state: text("state", { enum: ["pending", "approved", "rejected"] }).notNull(),
    reason: text("reason").notNull().default(""),
    reviewerId: text("reviewer_id"),
    reviewerName: text("reviewer_name").notNull().default(""),
    submittedAt: time("submitted_at").notNull(),
    reviewedAt: time("reviewed_at"),
    /** when an admin saw the outcome's notice on the account page */
    seenAt: time("seen_at"),
  },
  (t) => [index("verifications_enterprise").on(t.enterpriseId, t.submittedAt), index("verifications_state").on(t.state, t.submittedAt)],
);

/** The people who run a platform install. They belong to no enterprise and always sign in with TOTP. */
export const operators = sqliteTable("operators", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  /** base32 TOTP secret, required for every operator */
  totpSecret: text("totp_secret").notNull(),
  /** the last time step a code was accepted for: each code works once (a conditional write) */
  totpLastStep: integer("totp_last_step").notNull().default(0),
  createdAt: time("created_at").notNull(),
  passwordChangedAt: time("password_changed_at").notNull(),
});

/** Operators' sessions, apart from enterprise users' (their own cookie); only the token's hash is kept. */
export const operatorSessions = sqliteTable(
  "operator_sessions",
  {
    id: text("id").primaryKey(),
    operatorId: text("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: time("created_at").notNull(),
    expiresAt: time("expires_at").notNull(),
  },
  (t) => [index("operator_sessions_operator").on(t.operatorId)],
);

/** What operators did (and the command line did for them). Append-only. */
export const operatorAudit = sqliteTable(
  "operator_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: time("at").notNull(),
    /** null: the command line or the first-run set-up page */
    operatorId: text("operator_id"),
    operatorName: text("operator_name").notNull(),
    action: text("action").notNull(),
    /** the enterprise acted on, when there is one (not an owner: operators' log belongs to no enterprise) */
    subjectEnterpriseId: text("subject_enterprise_id"),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    targetName: text("target_name").notNull().default(""),
    details: text("details").notNull().default("{}"),
  },
  (t) => [index("operator_audit_at").on(t.at), index("operator_audit_subject").on(t.subjectEnterpriseId, t.at)],
);

/**
 * A signed-up admin who must still confirm their email by a link (platform settings: email
 * confirmation, with the platform's SMTP server set). No row: nothing to confirm. Only the link's
 * token hash is kept; confirming deletes the row (a conditional write, so a link works once).
 */
export const emailConfirmations = sqliteTable("email_confirmations", {
  userId: text("user_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  tokenHash: text("token_hash").notNull().unique(),
  /** the language the mail is written in (the sign-up page's) */
  lang: text("lang").notNull(),
  expiresAt: time("expires_at").notNull(),
  /** when the latest link was mailed: a resend waits RESEND_AFTER_MS after it */
  sentAt: time("sent_at").notNull(),
  createdAt: time("created_at").notNull(),
});
