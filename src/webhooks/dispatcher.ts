// Sends the webhook outbox (docs/webhooks.md). Events written on the message path
// (webhook_events, src/webhooks/outbox.ts) are first fanned out, oldest first, to one delivery per
// endpoint that wants them. Pending deliveries go oldest first, at most
// MAX_IN_FLIGHT at once (a share of them per endpoint and per enterprise, so one that never answers
// cannot hold them all), and never two of one (endpoint, conversation) at a time: a conversation's
// next delivery waits until the previous one is delivered or given up. A failure is retried with
// exponential backoff (30 s, 1 min, 2 min … at most an hour apart) until a day has passed since it
// was queued; then it is shown as failed. Every attempt is logged with its status, time and the
// start of the answer. Each attempt resolves the host again and connects to the address it checked
// (no private address unless allowed), reads at most 1 KB of the answer, and gives up after the timeout.
// The chat comes first: while the event loop runs late (the server is saturated), fan-out and
// sending slow to a trickle, and the outbox catches up when the load drops.
import type { Statement } from "bun:sqlite";
import { databaseClosed, type Db } from "../db/client";
import { transaction } from "../db/transaction";
import { VERSION } from "../version";
import { resolveEndpoint } from "./address";
import { expireDeliveries, pruneDeliveries } from "./deliveries";
import { endpointsOf, getEndpoint } from "./endpoints";
import { messagePayload } from "./outbox";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { log } from "../log";

export const MAX_IN_FLIGHT = 16;
/**
 * Of those, at most this many to one endpoint, and to one enterprise while another's deliveries are
 * due: an endpoint that never answers (or a tenant whose endpoints do not) holds its slots for the
 * whole timeout, and without a share it would hold them all, every other endpoint's deliveries
 * waiting behind its timeouts.
 */
export const MAX_IN_FLIGHT_PER_ENDPOINT = 4;
export const MAX_IN_FLIGHT_PER_ENTERPRISE = 8;
export const RETRY_FOR_MS = 24 * 60 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_GAP_MS = 60 * 60_000;
/** how much of an answer is read and kept in the log */
export const EXCERPT_BYTES = 1024;
/** how often pending deliveries are looked for when nothing woke the dispatcher */
const POLL_MS = 1000;
/** finished deliveries (and their attempts) are kept this long, then deleted hourly */
export const KEEP_FINISHED_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** finished deliveries deleted per enterprise per prune (one poll apart while more are left) */
export const PRUNE_BATCH = 1000;
/** events fanned out per transaction */
const FAN_OUT_BATCH = 500;
/** the event loop is "late" when a timer fires this much after its time; the server is then busy for a second */
const LATE_MS = 10;
const LAG_SAMPLE_MS = 50;
const BUSY_FOR_MS = 1000;
/** while busy: a pump at most this often, fanning out at most this many events, with this many deliveries in flight */
const BUSY_PUMP_MS = 250;
const BUSY_FAN_OUT = 100;
const BUSY_IN_FLIGHT = 2;

/** The wait before the attempt after `attempts` failed ones. */
export const backoffMs = (attempts: number): number => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_GAP_MS);

interface DueRow {
  id: number;
  enterprise_id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  payload: string;
  attempts: number;
  created_at: number;
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  excerpt: string;
  durationMs: number;
}

export interface DispatcherOptions {
  allowPrivate: boolean;
  /** the clock backoff is measured by (tests move it instead of waiting) */
  now?: () => number;
  timeoutMs?: number;
}

export class Dispatcher {
  /** deliveries being sent, by id */
  private inFlight = new Map<number, DueRow>();
  private scheduled = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private due: Statement;
  private settled = new Set<() => void>();
  private lastPrune = 0;
  private lagTimer: ReturnType<typeof setInterval> | null = null;
  private busyUntil = 0;
  private lastPump = 0;
  private fanOutStatements: { events: Statement; insert: Statement; remove: Statement } | null = null;
  now: () => number;

  constructor(
    private db: Db,
    private opts: DispatcherOptions,
  ) {
    this.now = opts.now ?? Date.now;
    // Oldest due first (the (status, next_at) index), skipping the endpoints and enterprises whose
    // share of the slots is taken (JSON arrays ?3, ?4), and any whose (endpoint, conversation) has an
    // older pending delivery (the partial order index).
    this.due = db.$client.prepare(`
      select d.id, d.enterprise_id, d.endpoint_id, d.event_id, d.type, d.payload, d.attempts, d.created_at
      from webhook_deliveries d
      where d.status = 'pending' and d.next_at <= ?1
        and d.endpoint_id not in (select value from json_each(?3)) and d.enterprise_id not in (select value from json_each(?4))
        and not exists (select 1 from webhook_deliveries e where e.endpoint_id = d.endpoint_id and e.order_key = d.order_key and e.status = 'pending' and e.id < d.id)
      order by d.next_at, d.id
      limit ?2`);
  }

  start(): this {
    this.timer = setInterval(() => this.poll(), POLL_MS);
    let expected = performance.now() + LAG_SAMPLE_MS;
    this.lagTimer = setInterval(() => {
      const at = performance.now();
      if (at - expected > LATE_MS) this.busyUntil = at + BUSY_FOR_MS;
      expected = at + LAG_SAMPLE_MS;
    }, LAG_SAMPLE_MS);
    for (const t of [this.timer, this.lagTimer]) (t as { unref?: () => void }).unref?.();
    this.kick();
    return this;
  }

  /** What each POLL_MS does: look for due work, and prune when it is time (tests call it instead of waiting). */
  poll(): void {
    this.kick();
    if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.timer, this.lagTimer]) if (t) clearInterval(t);
    this.timer = this.lagTimer = null;
  }

  /** Is the event loop running late (the chat saturating the server)? Webhooks then give way. */
  get busy(): boolean {
    return performance.now() < this.busyUntil;
  }

  /**
   * Moves up to `limit` events, oldest first, into one pending delivery per endpoint that wants
   * them (an event no endpoint wants any more is dropped), in one transaction. Returns how many.
   */
  fanOut(limit = FAN_OUT_BATCH): number {
    const sqlite = this.db.$client;
    const st = (this.fanOutStatements ??= {
      events: sqlite.prepare("select id, enterprise_id, event_id, type, order_key, payload, message_id, created_at from webhook_events order by id limit ?1"),
      insert: sqlite.prepare(
        "insert into webhook_deliveries (enterprise_id, endpoint_id, event_id, type, order_key, payload, status, attempts, next_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7)",
      ),
      remove: sqlite.prepare("delete from webhook_events where id <= ?1"),
    });
    // IMMEDIATE: the write lock first. A deferred transaction that reads and then writes cannot wait
    // for the lock (SQLite answers "database is locked" at once when its snapshot went stale).
    return transaction(this.db, () => {
      const events = st.events.all(limit) as { id: number; enterprise_id: string; event_id: string; type: string; order_key: string; payload: string | null; message_id: number | null; created_at: number }[];
      if (events.length === 0) return 0;
      for (const e of events) {
        const wanted = endpointsOf(this.db, e.enterprise_id).filter((endpoint) => endpoint.enabled && endpoint.events.includes(e.type as never));
        if (wanted.length === 0) continue;
        // A message's body is made now, from the stored message (gone with retention: nothing to send).
        const payload = e.payload ?? (e.message_id !== null ? messagePayload(this.db, e.enterprise_id, e.event_id, e.message_id) : null);
        if (payload === null) continue;
        for (const endpoint of wanted) st.insert.run(e.enterprise_id, endpoint.id, e.event_id, e.type, e.order_key, payload, e.created_at);
      }
      st.remove.run(events.at(-1)!.id);
      return events.length;
    }, { immediate: true });
  }

  /**
   * Gives up pending deliveries due for longer than RETRY_FOR_MS without trying them (a dead
   * endpoint's backlog), then deletes finished deliveries older than KEEP_FINISHED_MS, a batch per
   * enterprise per call. When a batch was full, the next poll continues (not the next hour: a busy
   * enterprise finishes more than a batch an hour, and the table would grow without end).
   */
  prune(): void {
    this.lastPrune = this.now();
    try {
      let full = expireDeliveries(this.db, this.now() - RETRY_FOR_MS, this.now(), [...this.inFlight.keys()], PRUNE_BATCH) === PRUNE_BATCH;
      for (const { id } of this.db.$client.query("select id from enterprises").all() as { id: string }[]) if (pruneDeliveries(this.db, id, this.now() - KEEP_FINISHED_MS, PRUNE_BATCH) === PRUNE_BATCH) full = true;
      if (full) this.lastPrune = this.now() - PRUNE_EVERY_MS;
    } catch (e) {
      if (databaseClosed(e)) return this.stop();
      log.error("pruning webhook deliveries failed", { error: e });
    }
  }

  /** Looks for due deliveries at the end of this turn (several wake-ups make one look). */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    // While busy, at most one pump per BUSY_PUMP_MS: each wake-up of a saturated chat would otherwise pump.
    const wait = this.busy ? Math.max(0, this.lastPump + BUSY_PUMP_MS - performance.now()) : 0;
    const run = () => {
      this.scheduled = false;
      this.pump();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  /** Resolves once nothing is in flight and nothing due is left (tests). */
  idle(): Promise<void> {
    if (this.inFlight.size === 0 && !this.scheduled && this.dueNow().length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.inFlight.size === 0 && !this.scheduled && this.dueNow().length === 0) {
          this.settled.delete(check);
          resolve();
        }
      };
      this.settled.add(check);
      this.kick();
    });
  }

  /** Due deliveries not in flight, and events not fanned out yet (as rows to count). */
  private dueNow(): unknown[] {
    try {
      const waiting = this.db.$client.query("select id from webhook_events limit 1").all();
      return [...waiting, ...(this.due.all(this.now(), this.inFlight.size + 1, "[]", "[]") as DueRow[]).filter((r) => !this.inFlight.has(r.id))];
    } catch {
      return [];
    }
  }

  private pump(): void {
    if (this.stopped) return;
    this.lastPump = performance.now();
    const busy = this.busy;
    let free = (busy ? BUSY_IN_FLIGHT : MAX_IN_FLIGHT) - this.inFlight.size;
    const perEndpoint = new Map<string, number>();
    const perEnterprise = new Map<string, number>();
    const count = (row: DueRow) => {
      perEndpoint.set(row.endpoint_id, (perEndpoint.get(row.endpoint_id) ?? 0) + 1);
      perEnterprise.set(row.enterprise_id, (perEnterprise.get(row.enterprise_id) ?? 0) + 1);
    };
    for (const row of this.inFlight.values()) count(row);
    let more = false;
    try {
      // Fan out a batch of what waits (a small one when busy; the next pump takes the next), then look for due deliveries.
      const limit = busy ? BUSY_FAN_OUT : FAN_OUT_BATCH;
      more = this.fanOut(limit) === limit;
    } catch (e) {
      // The database closed under us (the server stopping): nothing more to send.
      if (databaseClosed(e)) return this.stop();
      // Anything else (the database busy past its timeout): the outbox keeps it; the next pump tries again.
      log.error("webhook dispatch failed", { error: e });
    }
    const full = (counts: Map<string, number>, max: number) => JSON.stringify([...counts].filter(([, n]) => n >= max).map(([k]) => k));
    /** Starts due deliveries, each enterprise within its share or not; true when a share filled on the way (look again). */
    const take = (shared: boolean): boolean => {
      let rows: DueRow[];
      try {
        // Room for the rows in flight (still pending, still due) and for some of an endpoint at its share.
        rows = this.due.all(this.now(), this.inFlight.size + free * MAX_IN_FLIGHT_PER_ENDPOINT, full(perEndpoint, MAX_IN_FLIGHT_PER_ENDPOINT), shared ? full(perEnterprise, MAX_IN_FLIGHT_PER_ENTERPRISE) : "[]") as DueRow[];
      } catch (e) {
        if (databaseClosed(e)) this.stop();
        else log.error("webhook dispatch failed", { error: e });
        return false;
      }
      let filled = false;
      for (const row of rows) {
        if (free <= 0) break;
        if (this.inFlight.has(row.id)) continue;
        if ((perEndpoint.get(row.endpoint_id) ?? 0) >= MAX_IN_FLIGHT_PER_ENDPOINT || (shared && (perEnterprise.get(row.enterprise_id) ?? 0) >= MAX_IN_FLIGHT_PER_ENTERPRISE)) {
          filled = true;
          continue;
        }
        free--;
        this.inFlight.set(row.id, row);
        count(row);
        void this.deliver(row)
          .catch((e) => log.error("webhook delivery failed", { error: e }))
          .finally(() => {
            this.inFlight.delete(row.id);
            this.kick();
          });
      }
      return filled && free > 0;
    };
    // First every enterprise within its share (looking again, leaving out what filled, while slots are
    // left); then, slots still left, past it: nobody else's delivery is due.
    for (const shared of [true, false]) {
      let again = free > 0 && (shared || [...perEnterprise.values()].some((n) => n >= MAX_IN_FLIGHT_PER_ENTERPRISE));
      for (let looks = 0; again && looks < 8 && !this.stopped; looks++) again = take(shared);
      if (again && !shared) more = true;
    }
    if (this.stopped) return;
    if (more) this.kick();
    for (const check of [...this.settled]) check();
  }

  private async deliver(row: DueRow): Promise<void> {
    const endpoint = getEndpoint(this.db, row.enterprise_id, row.endpoint_id);
    let result: AttemptResult;
    if (!endpoint) result = { ok: false, statusCode: null, error: "endpoint_deleted", excerpt: "", durationMs: 0 };
    else if (!endpoint.enabled) result = { ok: false, statusCode: null, error: "endpoint_disabled", excerpt: "", durationMs: 0 };
    else result = await this.attempt(new URL(endpoint.url), endpoint.secret, row);
    if (this.stopped) return; // the database may be closed: the delivery stays pending and goes after the restart
    // A deleted or disabled endpoint's deliveries are given up at once (redeliver brings one back).
    const giveUp = !result.ok && (!endpoint || !endpoint.enabled);
    this.settle(row, result, giveUp);
  }

  /** One POST: resolve and check the host, connect to that address, read at most EXCERPT_BYTES of the answer. */
  async attempt(url: URL, secret: string, row: Pick<DueRow, "id" | "event_id" | "type" | "payload">): Promise<AttemptResult> {
    const started = performance.now();
    const done = (r: Omit<AttemptResult, "durationMs">): AttemptResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
    const resolved = await resolveEndpoint(url, this.opts.allowPrivate);
    if (!resolved.ok) return done({ ok: false, statusCode: null, error: resolved.problem, excerpt: "" });
    const host = url.host;
    const pinned = new URL(url.href);
    pinned.hostname = resolved.address.includes(":") ? `[${resolved.address}]` : resolved.address;
    const timestamp = Math.floor(this.now() / 1000);
    try {
      const res = await fetch(pinned.href, {
        method: "POST",
        headers: {
          host,
          "content-type": "application/json",
          "user-agent": `Parley-Webhooks/${VERSION}`,
          "parley-event": row.type,
          "parley-event-id": row.event_id,
          "parley-delivery": String(row.id),
          [SIGNATURE_HEADER]: signatureHeader(secret, row.payload, timestamp),
        },
        body: row.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        keepalive: false,
        ...(url.protocol === "https:" ? { tls: { serverName: url.hostname } } : {}),
      } as RequestInit);
      const excerpt = await readExcerpt(res);
      const ok = res.status >= 200 && res.status < 300;
      return done({ ok, statusCode: res.status, error: ok ? null : `http_${res.status}`, excerpt });
    } catch (e) {
      const name = (e as Error)?.name;
      return done({ ok: false, statusCode: null, error: name === "TimeoutError" || name === "AbortError" ? "timeout" : String((e as Error)?.message ?? e).slice(0, 200), excerpt: "" });
    }
  }

  /** Logs the attempt and decides: delivered, retried later, or given up. */
  private settle(row: DueRow, r: AttemptResult, giveUp: boolean): void {
    const now = this.now();
    const attempts = row.attempts + 1;
    const sqlite = this.db.$client;
    try {
      transaction(this.db, () => {
        sqlite
          .query("insert into webhook_attempts (enterprise_id, delivery_id, at, duration_ms, status_code, error, body_excerpt) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
          .run(row.enterprise_id, row.id, now, r.durationMs, r.statusCode, r.error, r.excerpt);
        if (r.ok) sqlite.query("update webhook_deliveries set status = 'delivered', attempts = ?2, finished_at = ?3, last_status_code = ?4, last_error = null where id = ?1").run(row.id, attempts, now, r.statusCode);
        else {
          const next = now + backoffMs(attempts);
          const failed = giveUp || next - row.created_at > RETRY_FOR_MS;
          sqlite
            .query("update webhook_deliveries set status = ?2, attempts = ?3, next_at = ?4, finished_at = ?5, last_status_code = ?6, last_error = ?7 where id = ?1")
            .run(row.id, failed ? "failed" : "pending", attempts, failed ? now : next, failed ? now : null, r.statusCode, r.error);
        }
      }, { immediate: true });
    } catch (e) {
      if (databaseClosed(e)) return this.stop();
      // Not recorded (the database busy past its timeout): the delivery stays pending and is sent again (at least once).
      log.error("recording a webhook attempt failed", { error: e });
    }
  }
}

/** The start of an answer's body as text, reading no more than EXCERPT_BYTES of it. */
async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a broken answer still has its status
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES);
  // Cut at a whole character: a multibyte one split at the limit is dropped.
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/\uFFFD$/, "");
}
