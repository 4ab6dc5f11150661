// The webhook outbox's writer: every domain event some enabled endpoint chose becomes one row of
// webhook_events, inserted inside the transaction that stores the event (src/events record()), so
// it exists exactly when its fact does and a restart loses none. One row, whatever the number of
// endpoints, with no index to update: this runs on the message path. The dispatcher fans it out to
// one delivery per endpoint (src/webhooks/dispatcher.ts). After the commit the dispatcher is woken.
// An enterprise without endpoints costs a map lookup per event.
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
    if (!endpoints.some((e) => e.enabled && e.events.includes(event.type))) return;
    insert ??= db.$client.prepare("insert into webhook_events (enterprise_id, event_id, type, order_key, payload, message_id, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    const eventId = newId("evt");
    const data = event.data as { conversationId?: string; at?: number; messageId?: number };
    // A message is in the messages table already: its row id is enough, the body is made at fan-out (messagePayload).
    if (event.type === "message.created") insert.run(event.enterpriseId, eventId, event.type, data.conversationId!, null, data.messageId!, now());
    else {
      const payload: WebhookPayload = { id: eventId, type: event.type, createdAt: data.at ?? now(), enterpriseId: event.enterpriseId, data: event.data };
      insert.run(event.enterpriseId, eventId, event.type, data.conversationId ?? eventId, JSON.stringify(payload), null, now());
    }
    wakeAfterCommit();
  });
  const wakeAfterCommit = () => {
    if (!wakeQueued) {
      wakeQueued = true;
      afterCommit(db, woken);
    }
  };
  const stop = () => {
    unsubscribe();
    started.delete(db.$client);
  };
  started.set(db.$client, stop);
  return stop;
}

/**
 * The body of a message.created delivery, made from the stored message and its conversation (the
 * same fields as the event: src/events/types.ts). Null when the message is gone (retention).
 */
export function messagePayload(db: Db, enterpriseId: string, eventId: string, messageId: number): string | null {
  const m = db.$client
    .query(
      `select m.conversation_id as conversationId, c.site_id as siteId, c.visitor_id as visitorId, m.id as messageId, m.seq, m.sender, m.author_id as authorId, m.author_name as authorName,
              m.body as text, m.internal, m.attachment, m.created_at as at
         from messages m join conversations c on c.id = m.conversation_id
        where m.id = ?1 and m.enterprise_id = ?2`,
    )
    .get(messageId, enterpriseId) as (Record<string, unknown> & { internal: number; attachment: string | null; at: number }) | null;
  if (!m) return null;
  const data = { ...m, internal: !!m.internal, attachment: m.attachment ? JSON.parse(m.attachment) : null };
  const payload: WebhookPayload = { id: eventId, type: "message.created", createdAt: m.at, enterpriseId, data };
  return JSON.stringify(payload);
}
