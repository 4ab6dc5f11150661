import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** The leave-a-message form's settings (留言设置), one row per enterprise. */
export const leaveMessageSettings = sqliteTable("leave_message_settings", {
  enterpriseId: enterpriseRef().primaryKey(),
  /** JSON of LeaveMessageSettings (src/leads/settings.ts): intro text and fields */
  settings: text("settings").notNull(),
  updatedAt: time("updated_at").notNull(),
});

/** A message a visitor left (a lead): in the public pool while unclaimed, in Records always. */
export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    siteId: text("site_id").notNull(),
    /** the hashed visitor id (src/chat/visitors.ts visitorKey), when the widget sent its id */
    visitorId: text("visitor_id"),
    /** JSON array of {key, label, value}: every field as the visitor saw and filled it */
    fields: text("fields").notNull(),
    // The standard fields again as columns, for filtering and export.
    name: text("name").notNull().default(""),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    wechat: text("wechat").notNull().default(""),
    message: text("message").notNull().default(""),
    /** the page the form was sent from */
    pageUrl: text("page_url").notNull().default(""),
    lang: text("lang").notNull().default(""),
    status: text("status", { enum: ["new", "claimed", "done"] }).notNull().default("new"),
    claimedBy: text("claimed_by"),
    claimedAt: time("claimed_at"),
    doneAt: time("done_at"),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("leads_enterprise_created").on(t.enterpriseId, t.createdAt), index("leads_enterprise_status").on(t.enterpriseId, t.status, t.createdAt), index("leads_visitor").on(t.visitorId)],
);

/** Agents' notes on a lead (follow-up calls, outcome). */
export const leadNotes = sqliteTable(
  "lead_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    leadId: text("lead_id").notNull(),
    authorId: text("author_id").notNull(),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("lead_notes_lead").on(t.leadId, t.createdAt)],
);
