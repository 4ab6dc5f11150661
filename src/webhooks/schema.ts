import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** Endpoints an admin registered (docs/webhooks.md): where the chosen events are POSTed. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    url: text("url").notNull(),
    /** JSON array of event types (src/events/types.ts) */
    events: text("events").notNull(),
    /**
     * The signing secret, as it is: signing needs it in usable form. Shown once when made (or
     * rotated), never again; docs/webhooks.md says why it is not encrypted.
     */
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by"),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("webhook_endpoints_enterprise").on(t.enterpriseId)],
);

/**
 * The outbox's first half: one row per event some endpoint wants, written in the transaction that
 * stores the event (so a restart loses nothing) and kept small — no index but its id, and for a
 * message only its id, its body made later from the message — because it is written on the message
 * path. The dispatcher moves them, oldest first, into deliveries (one per endpoint, each with its
 * event id and body) and deletes them.
 */
export const webhookEvents = sqliteTable("webhook_events", {
  /** the rowid (no AUTOINCREMENT: its bookkeeping table would be written on every message) */
  id: integer("id").primaryKey(),
  enterpriseId: enterpriseRef(),
  eventId: text("event_id").notNull(),
  type: text("type").notNull(),
  orderKey: text("order_key").notNull(),
  /** the JSON body; null for message.created, whose body is made from the message at fan-out */
  payload: text("payload"),
  /** message.created: the message (messages.id) */
  messageId: integer("message_id"),
  createdAt: time("created_at").notNull(),
});

/**
 * The outbox's second half: one row per event per endpoint. Pending rows are sent oldest first,
 * one at a time per (endpoint, order key) — a conversation's events in order.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    endpointId: text("endpoint_id").notNull(),
    /** the event's id, the same for every endpoint (receivers deduplicate by it) */
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    /** the conversation's id for its events, else the event's id (no order to keep) */
    orderKey: text("order_key").notNull(),
    /** the JSON body, exactly as signed and sent */
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** when the next attempt is due (pending) */
    nextAt: time("next_at").notNull(),
    createdAt: time("created_at").notNull(),
    /** when it was delivered, or given up */
    finishedAt: time("finished_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
  },
  (t) => [
    index("webhook_deliveries_due").on(t.status, t.nextAt),
    index("webhook_deliveries_order").on(t.endpointId, t.orderKey, t.id).where(sql`status = 'pending'`),
    index("webhook_deliveries_log").on(t.enterpriseId, t.endpointId, t.id),
  ],
);

/** Every attempt at a delivery: the delivery log the admin reads. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: enterpriseRef(),
    deliveryId: integer("delivery_id").notNull(),
    at: time("at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** the HTTP status, null when no answer came (refused, timeout, address not allowed) */
    statusCode: integer("status_code"),
    error: text("error"),
    /** the start of the response body, at most 1 KB */
    bodyExcerpt: text("body_excerpt").notNull().default(""),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.id)],
);
