// Crash benchmark: under an open-loop load, kill -9 the server at random moments and restart it on the
// same data directory; the clients reconnect, resume and resend as the protocol says. At the end every
// message the server acknowledged must be stored exactly once.
//
//   bun bench/chaos.ts                      10 kills, 200 visitors × 2 msg/s, 2 agents
//   bun bench/chaos.ts --kills 5 --visitors 500 --rate 1 --server dist
//
// Prints acknowledged messages, lost (acknowledged but not stored), duplicated (stored twice, or one
// client id acknowledged with two different ids), the agents' double deliveries, and the longest
// time from a kill to a visitor's welcome on the restarted server. Target: 0 lost, 0 duplicated.
// Loopback only; it stops by itself (a deadline backs every wait).
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { connectWs, type WsClient } from "./lib/ws";
import { deadline, freePort, runMain, spawnChild, waitHealthy, removeDir, type Child } from "./lib/proc";
import { initData, login, LOOPBACK_LOAD_ENV, parleyCommand, PASSWORD, type ServerKind } from "./lib/targets";
import { ms, summarise } from "./lib/stats";

interface Options {
  kills: number;
  visitors: number;
  agents: number;
  rate: number;
  server: ServerKind;
  seed: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { kills: 10, visitors: 200, agents: 2, rate: 2, server: "source", seed: Date.now() % 100_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a} needs a positive number`);
      return n;
    };
    if (a === "--kills") o.kills = Math.floor(v());
    else if (a === "--visitors") o.visitors = Math.floor(v());
    else if (a === "--agents") o.agents = Math.floor(v());
    else if (a === "--rate") o.rate = v();
    else if (a === "--seed") o.seed = Math.floor(v());
    else if (a === "--server") {
      const s = argv[++i];
      if (s !== "dist" && s !== "source") throw new Error("--server is dist or source");
      o.server = s;
    } else throw new Error(`unknown option ${a}\nbun bench/chaos.ts [--kills N] [--visitors N] [--agents N] [--rate R] [--server source|dist] [--seed N]`);
  }
  if (o.rate > 8) throw new Error("--rate stays under the server's 10 frames/s per socket");
  return o;
}

/** A small deterministic generator, so a run can be repeated with --seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const hex = (n: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(n))).toString("hex");

/** One acknowledged message as the client saw it. */
interface Acked {
  id: number;
  conversationId: string;
}

/**
 * A visitor as the protocol's reference client behaves: hello with its id and the seq it holds,
 * a message every period, every unacknowledged message resent with its client id after a reconnect.
 */
class ChaosVisitor {
  readonly id = hex(16);
  ws: WsClient | null = null;
  open = false;
  lastSeq = 0;
  conversationId: string | null = null;
  /** client id → text, sent and not yet acknowledged */
  unacked = new Map<string, string>();
  n = 0;
  droppedAt = 0;

  constructor(
    private readonly run: Chaos,
    private readonly index: number,
  ) {}

  connect(): void {
    const hello = JSON.stringify({ type: "hello", role: "visitor", site: this.run.siteKey, visitorId: this.id, lastSeq: this.lastSeq, conversationId: this.conversationId ?? undefined });
    const ws = connectWs("bun", this.run.port, "/ws/visitor", { "user-agent": "parley-chaos" }, {
      open: () => ws.send(hello),
      text: (s) => this.frame(JSON.parse(s)),
      close: () => {
        if (this.ws !== ws) return;
        this.open = false;
        this.ws = null;
        if (!this.droppedAt) this.droppedAt = performance.now();
        if (!this.run.stopping) setTimeout(() => this.connect(), 100 + Math.random() * 400);
      },
    });
    this.ws = ws;
  }

  private frame(f: any): void {
    if (f.type === "welcome") {
      this.open = true;
      if (this.droppedAt) this.run.reconnected(performance.now() - this.droppedAt);
      this.droppedAt = 0;
      // Resend what the dead server may or may not have stored: the same client id is safe.
      for (const [clientId, text] of this.unacked) this.send(clientId, text);
    } else if (f.type === "ack") {
      this.unacked.delete(f.clientId);
      this.conversationId = f.conversationId;
      this.lastSeq = Math.max(this.lastSeq, f.seq);
      this.run.acked(f.clientId, { id: f.id, conversationId: f.conversationId });
    } else if (f.type === "message") {
      if (f.conversationId === this.conversationId) this.lastSeq = Math.max(this.lastSeq, f.seq);
    } else if (f.type === "error" && f.code === "rate_limited" && f.clientId) {
      // stays in unacked: resent after the next reconnect or below
      setTimeout(() => this.unacked.has(f.clientId) && this.send(f.clientId, this.unacked.get(f.clientId)!), 300);
    } else if (f.type === "error") this.run.errors++;
  }

  private send(clientId: string, text: string): void {
    if (this.open && this.ws) this.ws.send(JSON.stringify({ type: "message", clientId, text }));
  }

  /** The next message of the schedule (written whether or not the socket is up: it waits in unacked). */
  tick(): void {
    const clientId = `v${this.index}-${++this.n}`;
    const text = `message ${this.n} from visitor ${this.index}`;
    this.unacked.set(clientId, text);
    this.run.issued++;
    this.send(clientId, text);
  }
}

class Chaos {
  port = freePort();
  siteKey = "";
  stopping = false;
  issued = 0;
  errors = 0;
  readonly acks = new Map<string, Acked>();
  /** one client id acknowledged with two different stored ids */
  ackConflicts = 0;
  reconnects: number[] = [];
  agentDeliveries = new Map<string, number>();
  agentDuplicates = 0;

  acked(clientId: string, a: Acked): void {
    const before = this.acks.get(clientId);
    if (before && before.id !== a.id) this.ackConflicts++;
    if (!before) this.acks.set(clientId, a);
  }

  reconnected(ms: number): void {
    this.reconnects.push(ms);
  }

  delivered(key: string): void {
    const n = (this.agentDeliveries.get(key) ?? 0) + 1;
    this.agentDeliveries.set(key, n);
    if (n === 2) this.agentDuplicates++;
  }
}

/** An agent that stays online across restarts and resumes each conversation from the seq it holds. */
function agentLoop(run: Chaos, cookie: string): { stop(): void } {
  const held = new Map<string, number>();
  let ws: WsClient | null = null;
  const connect = () => {
    const me: WsClient = connectWs("bun", run.port, "/ws/agent", { cookie, "user-agent": "parley-chaos", origin: `http://127.0.0.1:${run.port}` }, {
      open: () => me.send(JSON.stringify({ type: "hello", role: "agent", resume: Object.fromEntries(held) })),
      text: (s) => {
        const f = JSON.parse(s);
        if (f.type === "welcome") me.send('{"type":"status","status":"online"}');
        else if (f.type === "message" && f.from === "visitor") {
          // A resume replays only what the agent does not hold: a seq it holds is a double delivery.
          run.delivered(`${f.conversationId}:${f.seq}`);
          held.set(f.conversationId, Math.max(held.get(f.conversationId) ?? 0, f.seq));
        }
      },
      close: () => {
        if (ws !== me) return;
        ws = null;
        if (!run.stopping) setTimeout(connect, 100 + Math.random() * 400);
      },
    });
    ws = me;
  };
  connect();
  return { stop: () => ws?.close() };
}

runMain(async () => {
  const o = parseOptions(process.argv.slice(2));
  const rand = random(o.seed);
  deadline(120 + o.kills * 30);
  console.log(`\n== chaos: ${o.kills} × kill -9 under ${o.visitors} visitors × ${o.rate} msg/s, ${o.agents} agents (server from ${o.server}, seed ${o.seed})`);
  const { dataDir, siteKey, emails } = await initData(o.server, o.agents);
  const run = new Chaos();
  run.siteKey = siteKey;
  const start = async (): Promise<Child> => {
    const child = spawnChild([...parleyCommand(o.server), "serve", "--port", String(run.port), "--host", "127.0.0.1", "--data", dataDir, "--quiet"], LOOPBACK_LOAD_ENV);
    await waitHealthy(run.port, child);
    return child;
  };
  let child = await start();
  const cookies = await Promise.all(emails.map((e) => login(run.port, e, PASSWORD)));
  const agents = cookies.map((c) => agentLoop(run, c));
  const visitors = Array.from({ length: o.visitors }, (_, i) => new ChaosVisitor(run, i));
  for (const v of visitors) v.connect();

  // The open-loop schedule: each visitor writes every 1/rate s from its own phase, whatever happens.
  const period = 1000 / o.rate;
  const timers = visitors.map((v) => setTimeout(() => {
    v.tick();
    timers.push(setInterval(() => v.tick(), period) as unknown as ReturnType<typeof setTimeout>);
  }, rand() * period));

  let longestDown = 0;
  for (let k = 1; k <= o.kills; k++) {
    await Bun.sleep(1500 + rand() * 3000);
    child.proc.kill("SIGKILL");
    await child.exited;
    const t = performance.now();
    child = await start();
    longestDown = Math.max(longestDown, performance.now() - t);
    process.stdout.write(`  kill ${k}/${o.kills}: ${run.acks.size} acknowledged so far; restarted in ${(performance.now() - t).toFixed(0)} ms\n`);
  }
  await Bun.sleep(2000);
  for (const t of timers) clearInterval(t);
  // Let every visitor's last messages be acknowledged.
  const until = performance.now() + 20_000;
  while (performance.now() < until && visitors.some((v) => v.unacked.size > 0)) await Bun.sleep(50);
  const unacked = visitors.reduce((n, v) => n + v.unacked.size, 0);
  run.stopping = true;
  for (const v of visitors) v.ws?.close();
  for (const a of agents) a.stop();
  await child.stop();

  // What the database holds, checked against every acknowledgement.
  const db = new Database(join(dataDir, "parley.sqlite"), { readonly: true });
  const stored = new Map<string, number[]>();
  for (const r of db.query("SELECT id, client_id FROM messages WHERE client_id LIKE 'v%'").all() as { id: number; client_id: string }[]) {
    const list = stored.get(r.client_id) ?? [];
    list.push(r.id);
    stored.set(r.client_id, list);
  }
  db.close();
  let lost = 0;
  let duplicated = run.ackConflicts;
  for (const [clientId, a] of run.acks) {
    const rows = stored.get(clientId);
    if (!rows || !rows.includes(a.id)) lost++;
  }
  for (const rows of stored.values()) if (rows.length > 1) duplicated += rows.length - 1;
  removeDir(dataDir);

  const R = summarise(Float64Array.from(run.reconnects));
  console.log(`messages: ${run.issued} written by visitors, ${run.acks.size} acknowledged, ${unacked} still unacknowledged at the end`);
  console.log(`lost (acknowledged, not stored): ${lost} · duplicated (stored twice or acknowledged twice with different ids): ${duplicated}`);
  console.log(`agents: ${run.agentDeliveries.size} deliveries, ${run.agentDuplicates} delivered twice`);
  console.log(`restart (kill → healthy): longest ${longestDown.toFixed(0)} ms; visitor reconnect (socket lost → welcome): p50 ${ms(R.p50)} ms · p99 ${ms(R.p99)} ms · longest ${ms(R.max)} ms over ${run.reconnects.length} reconnects`);
  console.log(`error frames: ${run.errors}`);
  const ok = lost === 0 && duplicated === 0 && unacked === 0;
  console.log(`target 0 lost, 0 duplicated, everything acknowledged in the end: ${ok ? "PASS" : "FAIL"}`);
  return ok ? 0 : 4;
});
