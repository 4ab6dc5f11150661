// The delivery log an admin reads (docs/webhooks.md), a page at a time, and redelivery.
import type { Db } from "../db/client";
import { UserError } from "../errors";

export interface DeliveryView {
  id: number;
  eventId: string;
  type: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAt: number;
  createdAt: number;
  finishedAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface AttemptView {
  at: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  bodyExcerpt: string;
}

export const DELIVERIES_PAGE = 50;

const deliveryColumns = "id, event_id as eventId, type, status, attempts, next_at as nextAt, created_at as createdAt, finished_at as finishedAt, last_status_code as lastStatusCode, last_error as lastError";

/** An endpoint's deliveries, newest first, DELIVERIES_PAGE at a time (`before`: the last id of the previous page). */
export function deliveriesOf(db: Db, enterpriseId: string, endpointId: string, before?: number): DeliveryView[] {
  return db.$client
    .query(`select ${deliveryColumns} from webhook_deliveries where enterprise_id = ?1 and endpoint_id = ?2 and id < ?3 order by id desc limit ?4`)
    .all(enterpriseId, endpointId, before ?? Number.MAX_SAFE_INTEGER, DELIVERIES_PAGE) as DeliveryView[];
}

export function getDelivery(db: Db, enterpriseId: string, endpointId: string, id: number): (DeliveryView & { payload: string }) | undefined {
  return (db.$client.query(`select ${deliveryColumns}, payload from webhook_deliveries where enterprise_id = ?1 and endpoint_id = ?2 and id = ?3`).get(enterpriseId, endpointId, id) ?? undefined) as
    | (DeliveryView & { payload: string })
    | undefined;
}

/** A delivery's attempts, newest first (at most the last 100). */
export function attemptsOf(db: Db, enterpriseId: string, deliveryId: number): AttemptView[] {
  return db.$client
    .query("select at, duration_ms as durationMs, status_code as statusCode, error, body_excerpt as bodyExcerpt from webhook_attempts where enterprise_id = ?1 and delivery_id = ?2 order by id desc limit 100")
    .all(enterpriseId, deliveryId) as AttemptView[];
}

/** Pending deliveries of an endpoint (the admin page's backlog figure) — and of all, for /metrics. */
export function pendingCount(db: Db, enterpriseId: string, endpointId: string): number {
  return (db.$client.query("select count(*) as n from webhook_deliveries where enterprise_id = ?1 and endpoint_id = ?2 and status = 'pending'").get(enterpriseId, endpointId) as { n: number }).n;
}

/**
 * Sends a delivery again (delivered or given up): pending from now, with a new day of retries. A
 * pending one is left alone (it is on its way). Conditional, so two clicks queue it once.
 */
export function redeliver(db: Db, enterpriseId: string, endpointId: string, id: number, now = Date.now()): void {
  const done = db.$client
    .query("update webhook_deliveries set status = 'pending', next_at = ?4, created_at = ?4, finished_at = null where enterprise_id = ?1 and endpoint_id = ?2 and id = ?3 and status != 'pending' returning id")
    .all(enterpriseId, endpointId, id, now);
  if (done.length === 0 && !getDelivery(db, enterpriseId, endpointId, id)) throw new UserError("not_found", 404);
}

/**
 * Deletes up to `batch` of the enterprise's finished deliveries (delivered or given up) that ended
 * before `cutoff`, with their attempts: their bodies hold what visitors wrote. Returns how many.
 * The dispatcher calls it for deliveries a month old; retention (docs/operations.md) for its own age.
 */
/**
 * Gives up, without trying them, pending deliveries due for longer than their retry window (due
 * before `cutoff`; `inFlight` excepted): the backlog queued behind an endpoint that stays down while
 * its events come faster than its attempts would otherwise grow without end. They show as failed
 * ("expired") and can be sent again by hand. A batch per call, by the (status, next_at) index;
 * returns how many.
 */
export function expireDeliveries(db: Db, cutoff: number, now: number, inFlight: readonly number[], batch = 1000): number {
  return db.$client
    .query("update webhook_deliveries set status = 'failed', finished_at = ?2, last_error = 'expired' where id in (select id from webhook_deliveries where status = 'pending' and next_at < ?1 and id not in (select value from json_each(?3)) limit ?4)")
    .run(cutoff, now, JSON.stringify(inFlight), batch).changes;
}

export function pruneDeliveries(db: Db, enterpriseId: string, cutoff: number, batch = 500): number {
  const ids = (
    db.$client.query("select id from webhook_deliveries where enterprise_id = ?1 and status != 'pending' and finished_at < ?2 limit ?3").all(enterpriseId, cutoff, batch) as { id: number }[]
  ).map((r) => r.id);
  if (!ids.length) return 0;
  const marks = ids.map(() => "?").join(",");
  db.$client.query(`delete from webhook_attempts where enterprise_id = ? and delivery_id in (${marks})`).run(enterpriseId, ...ids);
  db.$client.query(`delete from webhook_deliveries where enterprise_id = ? and id in (${marks})`).run(enterpriseId, ...ids);
  return ids.length;
}
