// Webhooks running for one database: the outbox writer subscribed to the domain events and the
// dispatcher that sends it. Started with the server (src/server.ts), stopped with it.
import type { Config } from "../config";
import type { Db } from "../db/client";
import { Dispatcher } from "./dispatcher";
import { startOutbox } from "./outbox";

export interface Webhooks {
  dispatcher: Dispatcher;
  allowPrivate: boolean;
  stop(): void;
}

const running = new WeakMap<object, Webhooks>();

export function startWebhooks(db: Db, config: Pick<Config, "webhooksAllowPrivate">): Webhooks {
  const existing = running.get(db.$client);
  if (existing) return existing;
  const dispatcher = new Dispatcher(db, { allowPrivate: config.webhooksAllowPrivate });
  const stopOutbox = startOutbox(db, () => dispatcher.kick(), () => dispatcher.now());
  dispatcher.start();
  const webhooks: Webhooks = {
    dispatcher,
    allowPrivate: config.webhooksAllowPrivate,
    stop() {
      dispatcher.stop();
      stopOutbox();
      running.delete(db.$client);
    },
  };
  running.set(db.$client, webhooks);
  return webhooks;
}

/** The running webhooks of this database (the admin pages wake the dispatcher after a redelivery). */
export const webhooksOf = (db: Db): Webhooks | undefined => running.get(db.$client);
