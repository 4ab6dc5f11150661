// The domain event hub, one per database connection (docs/architecture-events.md). Emitters call
// emit() inside the transaction that stores the fact. Two kinds of subscriber:
// - record(type, fn): runs at once, inside that transaction, for what must be stored with the fact
//   or not at all (the webhook outbox). If the fact is rolled back, so is what they wrote. A
//   `secondary` recorder (report aggregates, queued mail) is logged when it throws, and the fact
//   stands. They must be quick and must not do I/O other than SQLite.
// - on(type, fn): runs after the transaction commits (src/db/transaction.ts afterCommit), never for
//   a rolled-back fact: for waking workers, sending mail or pushes. A throw is logged, not spread.
// With nobody subscribed to a type, emit() is a map lookup; emitters that build a costly payload
// ask wants(type) first.
import type { Db } from "../db/client";
import { afterCommit } from "../db/transaction";
import type { DomainEvent, DomainEvents, EventType } from "./types";
import { log } from "../log";
import { onePer } from "../one-per";

type Listener = (event: DomainEvent<any>) => void;

export class EventHub {
  private recorders = new Map<EventType, Listener[]>();
  private listeners = new Map<EventType, Listener[]>();

  constructor(private db: Db) {}

  /** Is anyone subscribed to this type (either kind)? */
  wants(type: EventType): boolean {
    return this.recorders.has(type) || this.listeners.has(type);
  }

  /**
   * Subscribes inside the emitting transaction. Returns a function that unsubscribes. A recorder's
   * throw undoes the fact (the webhook outbox: stored with it or not at all), unless it is
   * `secondary` (report aggregates, queued mail): then it is logged under that name and the fact stands.
   */
  record<K extends EventType>(types: K | readonly K[], fn: (event: DomainEvent<K>) => void, opts: { secondary?: string } = {}): () => void {
    const name = opts.secondary;
    const run: Listener = name
      ? (event) => {
          try {
            fn(event);
          } catch (e) {
            log.error(`${name} failed`, { error: e, event: event.type });
          }
        }
      : (fn as Listener);
    return add(this.recorders, types, run);
  }

  /** Subscribes after commit. Returns a function that unsubscribes. */
  on<K extends EventType>(types: K | readonly K[], fn: (event: DomainEvent<K>) => void): () => void {
    return add(this.listeners, types, fn as Listener);
  }

  emit<K extends EventType>(type: K, enterpriseId: string, data: DomainEvents[K]): void {
    const recorders = this.recorders.get(type);
    const listeners = this.listeners.get(type);
    if (!recorders && !listeners) return;
    const event: DomainEvent<K> = { type, enterpriseId, data };
    if (recorders) for (const fn of recorders) fn(event);
    if (listeners) afterCommit(this.db, () => {
      for (const fn of listeners) {
        try {
          fn(event);
        } catch (e) {
          log.error(`${type} subscriber failed`, { error: e });
        }
      }
    });
  }
}

function add(map: Map<EventType, Listener[]>, types: EventType | readonly EventType[], fn: Listener): () => void {
  const list = typeof types === "string" ? [types] : types;
  for (const t of list) map.set(t, [...(map.get(t) ?? []), fn]);
  return () => {
    for (const t of list) {
      const left = (map.get(t) ?? []).filter((f) => f !== fn);
      if (left.length) map.set(t, left);
      else map.delete(t);
    }
  };
}

/** The hub of this database connection (everything that writes through it emits here). */
export const events = onePer((db: Db) => new EventHub(db), (db) => db.$client);
