// GET /metrics: the server's figures in Prometheus' text format (version 0.0.4), for a scraper
// holding an API token with the `metrics` module or calling from an allowed address
// (--metrics-allow / PARLEY_METRICS_ALLOW). docs/operations.md lists the series.
import { existsSync, statSync } from "node:fs";
import type { ChatService } from "../chat/service";
import type { ChatCore } from "../chat/core";
import type { Peer } from "../chat/presence";
import { databasePath } from "../db/client";
import type { AppContext } from "../http/app-context";
import { isTrustedProxy } from "../http/client-address";
import type { Req } from "../http/route";
import { Histogram, messagePath } from "./latency";
import { VERSION } from "../version";

type Sender = "visitor" | "agent" | "system" | "robot";

/** Counts kept as events happen, per chat core (a server). */
export interface ChatCounts {
  sockets: { agent: number; visitor: number };
  messages: Record<Sender, number>;
  acks: number;
  duplicates: number;
}

const counted = new WeakMap<object, ChatCounts>();

/**
 * Counts sockets and stored messages of a chat core by wrapping two of its own methods on the
 * instance (every part of the core calls them through the same objects): the presence's add/remove
 * (one peer per socket after its hello) and the store's append (every message, whoever writes it).
 * Idempotent; the server calls it once at start-up.
 */
/** The counts of an instrumented core (zeros for one that is not: a test's core built without them). */
export function countsOf(chat: ChatCore): ChatCounts {
  return counted.get(chat) ?? { sockets: { agent: 0, visitor: 0 }, messages: { visitor: 0, agent: 0, system: 0, robot: 0 }, acks: 0, duplicates: 0 };
}

export function instrumentChat(chat: ChatService): ChatCounts {
  const known = counted.get(chat);
  if (known) return known;
  const c: ChatCounts = { sockets: { agent: 0, visitor: 0 }, messages: { visitor: 0, agent: 0, system: 0, robot: 0 }, acks: 0, duplicates: 0 };
  counted.set(chat, c);
  const presence = chat.presence;
  const live = new WeakSet<Peer>();
  const add = presence.add.bind(presence);
  const remove = presence.remove.bind(presence);
  presence.add = (peer) => {
    if (!live.has(peer)) {
      live.add(peer);
      c.sockets[peer.kind]++;
    }
    add(peer);
  };
  presence.remove = (peer) => {
    if (live.delete(peer)) c.sockets[peer.kind]--;
    return remove(peer);
  };
  const store = chat.store;
  const append = store.append.bind(store);
  store.append = (conversation, m) => {
    const r = append(conversation, m);
    // A message with a client id is acknowledged to whoever sent it (a socket's ack, the API's answer).
    if (m.clientId !== null) c.acks++;
    if (r.duplicate) c.duplicates++;
    else c.messages[m.sender]++;
    return r;
  };
  return c;
}

/**
 * The guard's rule for the "metrics" access (src/http/guard.ts): a token with the metrics module (in
 * company mode, where the install is the enterprise's), or an address on the allow-list; a token or a signed-in person without it is refused; anyone else is
 * asked for a token.
 */
export function metricsAccess(req: Req): "ok" | "sign_in" | "forbidden" {
  // In platform mode the figures are every enterprise's together: an enterprise's token does not read them.
  if (req.token?.modules.includes("metrics") && req.app.config.mode === "company") return "ok";
  if (isTrustedProxy(req.app.config.metricsAllow, req.ip)) return "ok";
  return req.token || req.user ? "forbidden" : "sign_in";
}

// ---- the exposition ---------------------------------------------------------------------------

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

class Exposition {
  private lines: string[] = [];
  metric(name: string, type: "counter" | "gauge" | "histogram", help: string, samples: [Record<string, string>, number][]) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) this.lines.push(`${name}${labelText(labels)} ${format(value)}`);
  }
  histogram(name: string, help: string, h: Histogram) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    h.bounds.forEach((b, i) => {
      cumulative += h.counts[i]!;
      this.lines.push(`${name}_bucket{le="${b}"} ${cumulative}`);
    });
    this.lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${format(h.sum)}`, `${name}_count ${h.count}`);
  }
  text() {
    return this.lines.join("\n") + "\n";
  }
}
const labelText = (labels: Record<string, string>) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};
const format = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(6));

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export function renderMetrics(app: AppContext, now = Date.now()): string {
  const counts = countsOf(app.chat);
  const sqlite = app.db.$client;
  const one = <T>(q: string) => sqlite.query(q).get() as T;
  const x = new Exposition();
  x.metric("parley_info", "gauge", "the running version and mode", [[{ version: VERSION, mode: app.config.mode }, 1]]);
  x.metric("parley_uptime_seconds", "gauge", "seconds since the server started", [[{}, Math.round((now - app.startedAt) / 1000)]]);
  x.metric("parley_sockets", "gauge", "open sockets past their hello, by kind", [
    [{ kind: "agent" }, counts.sockets.agent],
    [{ kind: "visitor" }, counts.sockets.visitor],
  ]);
  const people = app.chat.presenceCounts();
  x.metric("parley_connected", "gauge", "agents and visitors with at least one open socket", [
    [{ kind: "agent" }, people.agents],
    [{ kind: "visitor" }, people.visitors],
  ]);
  x.metric(
    "parley_messages_appended_total",
    "counter",
    "messages stored by this process since it started, by sender",
    (Object.keys(counts.messages) as Sender[]).map((s) => [{ sender: s }, counts.messages[s]]),
  );
  x.metric("parley_messages_stored_total", "counter", "messages ever stored in the database (its highest message id)", [[{}, one<{ n: number | null }>("select max(id) as n from messages").n ?? 0]]);
  x.metric("parley_acks_total", "counter", "messages acknowledged to their sender since start (resends included)", [[{}, counts.acks]]);
  x.metric("parley_duplicates_total", "counter", "resent messages recognised by their client id since start (stored once)", [[{}, counts.duplicates]]);
  const queue = one<{ waiting: number; open: number }>(
    `select coalesce(sum((select count(*) from conversations c where c.enterprise_id = e.id and c.status = 'open' and c.agent_id is null and c.queued_at is not null)), 0) as waiting,
            coalesce(sum((select count(*) from conversations c where c.enterprise_id = e.id and c.status = 'open')), 0) as open
       from enterprises e`,
  );
  x.metric("parley_queue_length", "gauge", "conversations waiting in a queue for an agent", [[{}, queue.waiting]]);
  x.metric("parley_conversations_open", "gauge", "open conversations", [[{}, queue.open]]);
  // The webhook outbox (src/webhooks): deliveries waiting (the (status, next_at) index counts them) and given up.
  const hooks = one<{ pending: number; events: number; failed: number }>(
    "select (select count(*) from webhook_deliveries where status = 'pending') as pending, (select count(*) from webhook_events) as events, (select count(*) from webhook_deliveries where status = 'failed') as failed",
  );
  x.metric("parley_webhook_backlog", "gauge", "webhook deliveries waiting to be sent (first tries and retries), and events not yet fanned out to their endpoints", [[{}, hooks.pending + hooks.events]]);
  x.metric("parley_webhook_failed", "gauge", "webhook deliveries given up after a day of retries (until redelivered)", [[{}, hooks.failed]]);
  x.histogram("parley_message_path_seconds", "from a group-commit batch's first socket frame to its commit and sends (one observation per batch)", messagePath);
  const path = databasePath(app.config.dataDir);
  const pages = one<{ page_count: number }>("pragma page_count").page_count * one<{ page_size: number }>("pragma page_size").page_size;
  x.metric("parley_database_bytes", "gauge", "size of the database file", [[{}, Math.max(pages, fileSize(path))]]);
  x.metric("parley_wal_bytes", "gauge", "size of the write-ahead log", [[{}, fileSize(`${path}-wal`)]]);
  if (app.checkpoints) x.metric("parley_wal_checkpointed_frames_total", "counter", "WAL frames the checkpoint thread copied since start", [[{}, app.checkpoints.frames]]);
  return x.text();
}
