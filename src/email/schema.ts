import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/**
 * An enterprise's outgoing mail server (docs/email.md). In platform mode an enterprise without its
 * own (no row, or host '') uses the platform's, kept in the instance table ("email.smtp").
 */
export const emailSettings = sqliteTable("email_settings", {
  enterpriseId: enterpriseRef().primaryKey(),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  /** "tls": TLS from the first byte (465); "starttls": upgrade after EHLO (587); "none": plain (tests, a relay on the same host) */
  security: text("security", { enum: ["tls", "starttls", "none"] }).notNull(),
  username: text("username").notNull().default(""),
  /** kept to log in with; never shown back (the form says only whether one is set) */
  password: text("password").notNull().default(""),
  fromAddress: text("from_address").notNull(),
  fromName: text("from_name").notNull().default(""),
  /** send each visitor who gave an email the transcript of their conversation when it ends */
  transcriptOnClose: integer("transcript_on_close", { mode: "boolean" }).notNull().default(false),
  updatedAt: time("updated_at").notNull(),
});

/** Mail waiting to go, sent, or given up after its last try: sending never blocks the chat. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    kind: text("kind", { enum: ["missed_chat", "new_lead", "transcript", "test", "confirm_email"] }).notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAt: time("next_at").notNull(),
    lastError: text("last_error"),
    createdAt: time("created_at").notNull(),
    sentAt: time("sent_at"),
  },
  (t) => [index("email_outbox_due").on(t.status, t.nextAt), index("email_outbox_enterprise").on(t.enterpriseId, t.id)],
);

/** What an agent wants by email (on /account); no row: both on. */
export const emailPreferences = sqliteTable("email_preferences", {
  userId: text("user_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  missedChats: integer("missed_chats", { mode: "boolean" }).notNull().default(true),
  newLeads: integer("new_leads", { mode: "boolean" }).notNull().default(true),
  /** the language their mail is written in: the one they used when they last saved these ('' = Chinese, the default) */
  lang: text("lang").notNull().default(""),
});
