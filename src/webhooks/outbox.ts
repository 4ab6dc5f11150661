// The webhook outbox's writer: every domain event an enabled endpoint chose becomes one pending
// delivery row per endpoint, inserted inside the transaction that stores the event (src/events
// record()), so a delivery exists exactly when its fact does and a restart loses none. After the
// commit the dispatcher is woken. An enterprise without endpoints costs a map lookup per event.
import type { Statement } from "bun:sqlite";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { afterCommit, onRollback } from "../db/transaction";
import { events } from "../events/hub";
import { EVENT_TYPES, type DomainEvent } from "../events/types";
import { endpointsOf } from "./endpoints";

/** The JSON body of a delivery: the same for every endpoint of the event. */
export interface WebhookPayload {
  id: string;
  type: string;
  createdAt: number;
  enterpriseId: string;
  data: unknown;
}

const started = new WeakMap<object, () => void>();

/**
 * Starts writing the outbox for this database (once; later calls return the same stop function).
 * `wake` runs after each commit that wrote deliveries.
 */
export function startOutbox(db: Db, wake: () => void, now: () => number = Date.now): () => void {
  const existing = started.get(db.$client);
  if (existing) return existing;
  let insert: Statement | null = null;
  let wakeQueued = false;
  const woken = () => {
    wakeQueued = false;
    wake();
  };
  // A rolled-back transaction drops the queued wake-up with its deliveries: the next event queues one again.
  onRollback(db, () => (wakeQueued = false));
  const unsubscribe = events(db).record(EVENT_TYPES, (event: DomainEvent) => {
    const endpoints = endpointsOf(db, event.enterpriseId);
    if (endpoints.length === 0) return;
    const wanted = endpoints.filter((e) => e.enabled && e.events.includes(event.type));
    if (wanted.length === 0) return;
    insert ??= db.$client.prepare(
      "insert into webhook_deliveries (enterprise_id, endpoint_id, event_id, type, order_key, payload, status, attempts, next_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7)",
    );
    const eventId = newId("evt");
    const data = event.data as { conversationId?: string; at?: number };
    const payload: WebhookPayload = { id: eventId, type: event.type, createdAt: data.at ?? now(), enterpriseId: event.enterpriseId, data: event.data };
    const body = JSON.stringify(payload);
    const at = now();
    for (const e of wanted) insert.run(event.enterpriseId, e.id, eventId, event.type, data.conversationId ?? eventId, body, at);
    if (!wakeQueued) {
      wakeQueued = true;
      afterCommit(db, woken);
    }
  });
  const stop = () => {
    unsubscribe();
    started.delete(db.$client);
  };
  started.set(db.$client, stop);
  return stop;
}
