// Sends Web Push messages off the message path: jobs wait in a bounded queue and go out a few at a
// time; whoever enqueues never waits for a push service. A subscription the push service says is
// gone (404, 410) is deleted; other failures are logged and the message dropped (a missed alert
// is the price of never slowing the chat). Only an answer's status is read, never its body.
import type { Db } from "../db/client";
import { log } from "../log";
import { resolveEndpoint } from "../webhooks/address";
import { encryptPayload } from "./encrypt";
import { noteSent, removeIds, type PushSubscriptionRow } from "./subscriptions";
import { vapidAuthorization, type VapidKeys } from "./vapid";

/** What the service worker shows (static/sw.js): title, body, the page a tap opens, and the tag that replaces an older alert of the same conversation. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

export interface SenderOptions {
  db: Db;
  keys: VapidKeys;
  /** the VAPID `sub` claim: how a push service reaches the install's operator */
  subject: string;
  /** at most this many jobs wait; more drop the oldest */
  maxQueue?: number;
  /** pushes in flight at once */
  concurrency?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** push endpoints may resolve to private addresses (--push-allow-private) */
  allowPrivate?: boolean;
}

/** A day: an alert older than that is no longer worth showing. */
const TTL_SECONDS = 86_400;

export class PushSender {
  private queue: { sub: PushSubscriptionRow; payload: PushPayload }[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  dropped = 0;
  sent = 0;

  constructor(private opts: SenderOptions) {}

  /** Queues one message per subscription and returns at once. */
  enqueue(subs: PushSubscriptionRow[], payload: PushPayload): void {
    const max = this.opts.maxQueue ?? 1000;
    const before = this.dropped;
    for (const sub of subs) {
      if (this.queue.length >= max) {
        this.queue.shift();
        this.dropped++;
      }
      this.queue.push({ sub, payload });
      this.pump();
    }
    if (this.dropped > before) log.warn("push queue full, oldest alerts dropped", { dropped: this.dropped - before, waiting: this.queue.length });
  }

  /** Resolves when nothing waits or is in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 4;
    while (this.running < limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      // A later turn of the event loop: the caller's handler finishes first.
      setTimeout(() => {
        void this.send(job.sub, job.payload).finally(() => {
          this.running--;
          this.pump();
          if (this.queue.length === 0 && this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
      }, 0);
    }
  }

  private async send(sub: PushSubscriptionRow, payload: PushPayload): Promise<void> {
    const { db, keys, subject } = this.opts;
    try {
      // What the endpoint's name resolves to now: a name that answers with a private address (set up
      // to reach the server's own network) gets nothing. (Webhooks also pin the connection to the
      // checked address; a push goes to a name's first answer, so a name that changes its answer
      // between the two lookups could still redirect one push: a blind, encrypted POST.)
      if (!this.opts.allowPrivate) {
        const resolved = await resolveEndpoint(new URL(sub.endpoint), false);
        if (!resolved.ok) return log.warn("push endpoint refused", { subscription: sub.id, problem: resolved.problem });
      }
      const body = encryptPayload(Buffer.from(JSON.stringify(payload)), sub.p256dh, sub.auth);
      const res = await (this.opts.fetch ?? fetch)(sub.endpoint, {
        method: "POST",
        headers: {
          authorization: vapidAuthorization(keys, sub.endpoint, subject),
          "content-encoding": "aes128gcm",
          "content-type": "application/octet-stream",
          ttl: String(TTL_SECONDS),
          urgency: "high",
          topic: payload.tag.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 32),
        },
        body: new Uint8Array(body),
        redirect: "manual",
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      // Only the status matters: the body is never read (a hostile endpoint may answer one without end).
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 404 || res.status === 410) {
        removeIds(db, sub.enterpriseId, [sub.id]);
        log.info("push subscription gone, removed", { subscription: sub.id, status: res.status });
      } else if (res.ok) {
        this.sent++;
        noteSent(db, sub.enterpriseId, sub.id, Date.now());
      } else log.warn("push refused", { subscription: sub.id, status: res.status });
    } catch (e) {
      log.warn("push failed", { subscription: sub.id, error: e });
    }
  }
}
