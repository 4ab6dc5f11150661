// Webhook endpoints (docs/webhooks.md): an admin registers a URL and the events it wants; the
// secret that signs its deliveries is shown once. Every enterprise's list is kept in memory for the
// outbox, which asks on every event (src/webhooks/outbox.ts), and the dispatcher; the lists are
// dropped on any write of the table, wherever it is made (src/db/kept-rows.ts).
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { keptRowsPerConnection } from "../db/kept-rows";
import { webhookEndpoints } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { EVENT_TYPES, isEventType, type EventType } from "../events/types";
import { parseEndpointUrl, resolveEndpoint } from "./address";
import { newSecret } from "./signature";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export interface Endpoint {
  id: string;
  enterpriseId: string;
  url: string;
  events: EventType[];
  enabled: boolean;
  createdAt: number;
  /** only to sign; never shown after creation */
  secret: string;
}

/** An enterprise may register at most this many endpoints (each event is written once per endpoint). */
export const MAX_ENDPOINTS = 20;

const toEndpoint = (r: EndpointRow): Endpoint => ({
  id: r.id,
  enterpriseId: r.enterpriseId,
  url: r.url,
  events: (JSON.parse(r.events) as unknown[]).filter(isEventType),
  enabled: r.enabled,
  createdAt: r.createdAt,
  secret: r.secret,
});

/**
 * One list per enterprise with events at once on a node. Most lists are empty (an enterprise without
 * webhooks is kept too, or each of its events would read the table) or hold one or two endpoints;
 * at the worst, 20 endpoints of ~300 bytes, 10,000 lists would be ~60 MB.
 */
const MAX_KEPT_LISTS = 10_000;
const keptLists = keptRowsPerConnection<string, readonly Endpoint[]>({ table: "webhook_endpoints", max: MAX_KEPT_LISTS });

/** The enterprise's endpoints, from memory after the first read (shared: the list and its endpoints are frozen). */
export function endpointsOf(db: Db, enterpriseId: string): readonly Endpoint[] {
  const kept = keptLists(db);
  return kept.get(enterpriseId) ?? kept.keep(enterpriseId, listEndpoints(db, enterpriseId).map((e) => Object.freeze(e)));
}

export function listEndpoints(db: Db, enterpriseId: string): Endpoint[] {
  return scoped(db, enterpriseId).select(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt)).all().map(toEndpoint);
}

export function getEndpoint(db: Db, enterpriseId: string, id: string): Endpoint | undefined {
  return endpointsOf(db, enterpriseId).find((e) => e.id === id);
}

function chosenEvents(raw: readonly string[]): EventType[] {
  const events = EVENT_TYPES.filter((t) => raw.includes(t));
  if (events.length === 0) throw new UserError("webhook_events_required", 422);
  return events;
}

/**
 * Registers an endpoint after checking that its host resolves to addresses a webhook may reach.
 * Returns it with its secret (the one time the secret leaves the server).
 */
export async function createEndpoint(db: Db, enterpriseId: string, input: { url: string; events: readonly string[]; createdBy: string | null }, allowPrivate: boolean, now = Date.now()): Promise<Endpoint> {
  const url = parseEndpointUrl(input.url);
  if (!url) throw new UserError("webhook_url_invalid", 422);
  const events = chosenEvents(input.events);
  const resolved = await resolveEndpoint(url, allowPrivate);
  if (!resolved.ok) throw new UserError(resolved.problem, 422);
  if (listEndpoints(db, enterpriseId).length >= MAX_ENDPOINTS) throw new UserError("webhook_too_many", 409, { max: MAX_ENDPOINTS });
  const row = { id: newId("whk"), url: url.href, events: JSON.stringify(events), secret: newSecret(), enabled: true, createdBy: input.createdBy, createdAt: now };
  scoped(db, enterpriseId).insert(webhookEndpoints, row).run();
  return getEndpoint(db, enterpriseId, row.id)!;
}

export function setEvents(db: Db, enterpriseId: string, id: string, events: readonly string[]): void {
  update(db, enterpriseId, id, { events: JSON.stringify(chosenEvents(events)) });
}

export function setEnabled(db: Db, enterpriseId: string, id: string, enabled: boolean): void {
  update(db, enterpriseId, id, { enabled });
}

/** A new secret (the old one stops signing at once); returned to be shown once. */
export function rotateSecret(db: Db, enterpriseId: string, id: string): string {
  const secret = newSecret();
  update(db, enterpriseId, id, { secret });
  return secret;
}

/** Deletes an endpoint; its deliveries still pending are given up by the dispatcher. */
export function deleteEndpoint(db: Db, enterpriseId: string, id: string): void {
  const done = scoped(db, enterpriseId).delete(webhookEndpoints, eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id }).all();
  if (done.length === 0) throw new UserError("not_found", 404);
}

function update(db: Db, enterpriseId: string, id: string, set: Partial<EndpointRow>): void {
  const done = scoped(db, enterpriseId).update(webhookEndpoints, set, and(eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id }).all();
  if (done.length === 0) throw new UserError("not_found", 404);
}
