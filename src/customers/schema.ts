import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/**
 * A customer (客户, F16): a person the firm knows, built from visitors who gave contact details,
 * from leads and by agents. Visitors and leads are tied to a customer by customer_links.
 */
export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull().default(""),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    wechat: text("wechat").notNull().default(""),
    company: text("company").notNull().default(""),
    /** JSON array of tag strings */
    tags: text("tags").notNull().default("[]"),
    /** JSON object: custom field id → value (text; numbers and dates as their canonical text) */
    fields: text("fields").notNull().default("{}"),
    /** what matching compares: the email lower-cased, the phone's digits (empty: nothing to match) */
    emailKey: text("email_key").notNull().default(""),
    phoneKey: text("phone_key").notNull().default(""),
    /** the host site's own user id, from a signed Parley.identify (null: never identified) */
    externalId: text("external_id"),
    /** search tokens (src/history/search-tokens.ts) of every field, space-separated, for Chinese-aware search */
    searchText: text("search_text").notNull().default(""),
    /** who created it (an agent; null: a visitor's form, a lead, an import by command) */
    createdBy: text("created_by"),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [
    index("customers_enterprise_updated").on(t.enterpriseId, t.updatedAt),
    index("customers_email").on(t.enterpriseId, t.emailKey),
    index("customers_phone").on(t.enterpriseId, t.phoneKey),
    uniqueIndex("customers_external").on(t.enterpriseId, t.externalId),
  ],
);

/** A visitor or a lead that belongs to a customer; each belongs to at most one. */
export const customerLinks = sqliteTable(
  "customer_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    customerId: text("customer_id").notNull(),
    kind: text("kind", { enum: ["visitor", "lead"] }).notNull(),
    /** visitors.id (hashed visitor id) or leads.id */
    refId: text("ref_id").notNull(),
    /** proven by a signed Parley.identify, not only by matching what a visitor typed */
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
    createdAt: time("created_at").notNull(),
  },
  (t) => [uniqueIndex("customer_links_ref").on(t.enterpriseId, t.kind, t.refId), index("customer_links_customer").on(t.customerId)],
);

/** Agents' notes on a customer, with author and time. */
export const customerNotes = sqliteTable(
  "customer_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    customerId: text("customer_id").notNull(),
    authorId: text("author_id"),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("customer_notes_customer").on(t.customerId, t.createdAt)],
);

/** The custom fields an admin defines for customers. */
export const customerFieldDefs = sqliteTable(
  "customer_field_defs",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    label: text("label").notNull(),
    type: text("type", { enum: ["text", "number", "date", "choice"] }).notNull(),
    /** choice fields: JSON array of the allowed values */
    options: text("options").notNull().default("[]"),
    position: integer("position").notNull().default(0),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("customer_field_defs_enterprise").on(t.enterpriseId, t.position)],
);

/**
 * Each site's identity secret, the HMAC key of Parley.identify's signatures. Stored as is: the
 * server must compute the HMAC with it, and admins must be able to read it to configure their site.
 */
export const siteIdentitySecrets = sqliteTable("site_identity_secrets", {
  siteId: text("site_id").primaryKey(),
  enterpriseId: enterpriseRef(),
  secret: text("secret").notNull(),
  createdAt: time("created_at").notNull(),
});

/**
 * Pages a customer's visitors opened (the timeline's "pages visited"), recorded by the loader's
 * beacon for visitors tied to a customer; the newest 100 per visitor are kept.
 */
export const customerPageViews = sqliteTable(
  "customer_page_views",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    visitorId: text("visitor_id").notNull(),
    url: text("url").notNull(),
    title: text("title").notNull().default(""),
    at: time("at").notNull(),
  },
  (t) => [index("customer_page_views_visitor").on(t.visitorId, t.at)],
);
