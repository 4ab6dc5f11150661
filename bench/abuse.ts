// Abuse benchmark: what a hostile or careless client does to a Parley server with its default limits.
// Starts its own server (127.0.0.1 only, a fresh data directory in /tmp) and runs, one after another:
//
//   login     3,000 POST /login with 100 KB emails, 50 at a time (the sign-in limiter's memory)
//   flood     60 sockets of one visitor sending as fast as they can for 5 s (the per-visitor rate),
//             each from its own forwarded address; then 60 from one address (the per-address cap)
//   silent    5,000 sockets that never say hello: from one address, then from 5,000 addresses (the
//             per-address cap, then the hello deadline)
//   slow      a reader that resumes a conversation of 100,000 messages (seeded into the database
//             before the server starts) and reads slowly (the paged replay, backpressure, 4008)
//
// For each: the server's RSS before, at its peak and after; whether GET /healthz, polled every
// 100 ms by a separate process, stayed under 50 ms; and the scenario's own counts. Targets: bounded
// RSS, /healthz healthy throughout, 0 messages lost by the slow reader.
//
//   bun bench/abuse.ts [--server source|dist] [--messages N] [--silent N] [--only login,flood,silent,slow]
//
// The server trusts 127.0.0.1 as a reverse proxy (--trusted-proxy), so that one machine can be many
// client addresses (X-Forwarded-For), as behind the proxy the README expects. It stops by itself:
// a deadline backs every wait, and every child process is killed however the run ends.
import { ConversationStore } from "../src/chat/conversations";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import { MessageStore } from "../src/chat/store";
import { touchVisitor } from "../src/chat/visitors";
import { transaction } from "../src/db/transaction";
import { openPaused, type PausedSocket } from "../test/helpers/paused-socket";
import { deadline, fdLimit, freePort, mb, memoryOf, RssSampler, runMain, spawnChild, tempDir, waitHealthy, type Child } from "./lib/proc";
import { initData, parleyCommand, type ServerKind } from "./lib/targets";
import { connectWs, type WsClient } from "./lib/ws";

// ---- the /healthz poller (this file run again as a child: its own event loop, unaffected by ours) ----

if (process.argv[2] === "--poll-healthz") {
  const [port, out] = [process.argv[3], process.argv[4]!];
  setInterval(async () => {
    const t0 = performance.now();
    let status = 0;
    try {
      status = (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {}
    appendFileSync(out, `${Date.now()} ${(performance.now() - t0).toFixed(1)} ${status}\n`);
  }, 100);
} else runMain(main);

interface Options {
  server: ServerKind;
  messages: number;
  silent: number;
  only: Set<string>;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { server: "source", messages: 100_000, silent: 5000, only: new Set(["login", "flood", "silent", "slow"]) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a} needs a positive whole number`);
      return n;
    };
    if (a === "--messages") o.messages = num();
    else if (a === "--silent") o.silent = Math.min(num(), 20_000);
    else if (a === "--only") o.only = new Set((argv[++i] ?? "").split(","));
    else if (a === "--server") {
      const s = argv[++i];
      if (s !== "dist" && s !== "source") throw new Error("--server is dist or source");
      o.server = s;
    } else throw new Error(`unknown option ${a}\nbun bench/abuse.ts [--server source|dist] [--messages N] [--silent N] [--only login,flood,silent,slow]`);
  }
  return o;
}

// ---- measuring ---------------------------------------------------------------------------------

class Health {
  constructor(private file: string) {}
  /** /healthz samples taken from `since` until now */
  since(since: number): { n: number; max: number; over50: number; failed: number } {
    const rows = readFileSync(this.file, "utf8").trim().split("\n").filter(Boolean).map((l) => l.split(" ").map(Number) as [number, number, number]);
    const mine = rows.filter(([at]) => at >= since);
    return {
      n: mine.length,
      max: Math.max(0, ...mine.map(([, ms]) => ms)),
      over50: mine.filter(([, ms, st]) => ms >= 50 || st !== 200).length,
      failed: mine.filter(([, , st]) => st !== 200).length,
    };
  }
}

interface Row {
  scenario: string;
  before: number;
  peak: number;
  after: number;
  health: ReturnType<Health["since"]>;
  result: string;
}

async function measure(name: string, server: Child, health: Health, run: () => Promise<string>): Promise<Row> {
  console.log(`\n-- ${name}`);
  const rss = new RssSampler(server.pid, 50);
  const before = rss.sample();
  const since = Date.now();
  const result = await run();
  server.assertAlive();
  await Bun.sleep(1000); // what stays once the scenario is over
  const after = rss.sample();
  rss.stop();
  const row = { scenario: name, before, peak: rss.peak, after, health: health.since(since), result };
  const h = row.health;
  console.log(`   ${result}`);
  console.log(`   server RSS ${mb(before)} → peak ${mb(row.peak)} → ${mb(after)} after; /healthz ${h.n} polls, max ${h.max.toFixed(1)} ms, ${h.over50} at or over 50 ms (${h.failed} failed)`);
  return row;
}

const until = async (done: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await Bun.sleep(20);
  }
};

// ---- scenarios ---------------------------------------------------------------------------------

async function loginFlood(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const form = await fetch(`${base}/login`);
  const csrf = /parley_csrf=([^;]+)/.exec(form.headers.getSetCookie().join("\n"))?.[1] ?? "";
  const email = `${"a".repeat(100 * 1024)}@bench.test`;
  const statuses = new Map<number, number>();
  let next = 0;
  const total = 3000;
  const worker = async () => {
    while (next < total) {
      next++;
      let status = 0;
      try {
        const r = await fetch(`${base}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: `parley_csrf=${csrf}` },
          body: new URLSearchParams({ email: email.replace("a", String(next)), password: "wrong-password", _csrf: csrf }),
        });
        status = r.status;
        await r.arrayBuffer();
      } catch {}
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return `${total} POST /login with 100 KB emails: ` + [...statuses].map(([s, n]) => `${n} × ${s || "failed"}`).join(", ");
}

interface FloodSocket {
  ws: WsClient;
  welcomed: boolean;
  refused: string | null;
  acks: number;
  limited: number;
  otherErrors: number;
}

function visitorSocket(port: number, siteKey: string, visitorId: string, headers: Record<string, string>): FloodSocket {
  const s: FloodSocket = { ws: null as unknown as WsClient, welcomed: false, refused: null, acks: 0, limited: 0, otherErrors: 0 };
  s.ws = connectWs("raw", port, "/ws/visitor", headers, {
    open: () => s.ws.send(JSON.stringify({ type: "hello", role: "visitor", site: siteKey, visitorId })),
    text: (t) => {
      const f = JSON.parse(t);
      if (f.type === "welcome") s.welcomed = true;
      else if (f.type === "ack") s.acks++;
      else if (f.type === "error" && f.code === "rate_limited") s.limited++;
      else if (f.type === "error") s.otherErrors++;
    },
    close: (why) => {
      if (!s.welcomed) s.refused = why || "closed";
    },
  });
  return s;
}

async function visitorFlood(port: number, siteKey: string, sameAddress: boolean): Promise<string> {
  const visitorId = `abuse${crypto.randomUUID().replace(/-/g, "")}`;
  const sockets = Array.from({ length: 60 }, (_, i) => visitorSocket(port, siteKey, visitorId, sameAddress ? {} : { "x-forwarded-for": `10.60.0.${i + 1}` }));
  await until(() => sockets.every((s) => s.welcomed || s.refused), 10_000, "60 sockets open");
  const open = sockets.filter((s) => s.welcomed);
  const refused = sockets.length - open.length;
  // What the refused ones were told (the bench's lean client does not keep it): one more try.
  const probe = refused ? await openPaused(port, "/ws/visitor", sameAddress ? {} : { "x-forwarded-for": "10.60.0.1" }) : null;
  probe?.socket?.close();
  const seconds = 5;
  let sent = 0;
  const started = Date.now();
  // As fast as they can: 10 messages per socket every 5 ms (~2,000 per socket per second offered).
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      if (Date.now() - started >= seconds * 1000) {
        clearInterval(timer);
        return done();
      }
      for (const s of open) for (let j = 0; j < 10; j++) s.ws.send(JSON.stringify({ type: "message", clientId: `c${sent++}`, text: "flood" }));
    }, 5);
  });
  const elapsed = (Date.now() - started) / 1000;
  await Bun.sleep(1500); // the answers to the last frames
  const acks = open.reduce((n, s) => n + s.acks, 0);
  const limited = open.reduce((n, s) => n + s.limited, 0);
  const other = open.reduce((n, s) => n + s.otherErrors, 0);
  for (const s of sockets) s.ws.close();
  const allowed = 30 + 10 * elapsed;
  return (
    `60 sockets of one visitor${sameAddress ? " from one address" : ", 60 addresses"}: ${open.length} open, ${refused} refused${probe ? ` (one more: HTTP ${probe.status}${probe.body ? ` ${probe.body.slice(0, 60)}` : ""})` : ""}; ` +
    `${sent} messages offered in ${elapsed.toFixed(1)} s, ${acks} stored (one visitor's rate allows ${allowed.toFixed(0)}), ${limited} rate_limited, ${other} other errors`
  );
}

async function silentSockets(port: number, n: number, manyAddresses: boolean, helloTimeoutMs: number): Promise<string> {
  const outcomes = new Map<string, number>();
  const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  const open: PausedSocket[] = [];
  const t0 = Date.now();
  // Opened 250 at a time; each either becomes a socket (that never says hello) or is refused.
  for (let i = 0; i < n; i += 250) {
    const batch = Array.from({ length: Math.min(250, n - i) }, (_, j) => {
      const k = i + j;
      return openPaused(port, "/ws/visitor", manyAddresses ? { "x-forwarded-for": `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` } : {}).catch(() => null);
    });
    for (const up of await Promise.all(batch)) {
      if (!up) count("connect failed");
      else if (up.socket) open.push(up.socket);
      else count(`HTTP ${up.status}`);
    }
  }
  const openedIn = (Date.now() - t0) / 1000;
  // The server closes the open ones at its hello deadline.
  await until(() => open.every((s) => s.closed), helloTimeoutMs + 30_000, "silent sockets still open");
  const closedIn = (Date.now() - t0) / 1000;
  for (const s of open) {
    count(`opened, then closed ${s.closed!.code}`);
    s.close();
  }
  return (
    `${n} silent sockets from ${manyAddresses ? `${n} addresses` : "one address"}: ${[...outcomes].map(([k, v]) => `${v} × ${k}`).join(", ")}; ` +
    `${open.length} opened in ${openedIn.toFixed(1)} s, all of them closed by the server ${closedIn.toFixed(1)} s after the first`
  );
}

async function slowReader(port: number, siteKey: string, visitorId: string, total: number): Promise<string> {
  const seen = new Set<number>();
  let held = 0; // the highest seq received, as common/chat-client.ts keeps it
  let connections = 0;
  const closes: string[] = [];
  const started = Date.now();
  while (held < total && Date.now() - started < 240_000) {
    connections++;
    const up = await openPaused(port, "/ws/visitor");
    if (up.status !== 101) throw new Error(`slow reader refused: ${up.status}`);
    const sock: PausedSocket = up.socket!;
    sock.send({ type: "hello", role: "visitor", site: siteKey, visitorId, lastSeq: held });
    let consumed = 0;
    // Reads 20 ms out of every 100, and takes its frames off the list as it goes.
    for (;;) {
      sock.resume();
      await Bun.sleep(20);
      sock.pause();
      for (; consumed < sock.frames.length; consumed++) {
        const f = sock.frames[consumed];
        if (f.type === "message") {
          seen.add(f.seq);
          if (f.seq > held) held = f.seq;
        }
      }
      sock.frames.length = 0;
      consumed = 0;
      if (held >= total || sock.closed) break;
      await Bun.sleep(80);
    }
    if (sock.closed) closes.push(String(sock.closed.code));
    sock.close();
  }
  const lost = total - seen.size;
  const s = ((Date.now() - started) / 1000).toFixed(1);
  return `slow reader (reads 20 ms of every 100) resuming ${total} messages: received ${seen.size} in ${s} s over ${connections} connection(s)${closes.length ? ` (closed: ${closes.join(", ")})` : ""}; lost ${lost}`;
}

// ---- the run -----------------------------------------------------------------------------------

/** A visitor with one open conversation of `n` messages of ~600 characters, written before the server starts. */
function seedConversation(dataDir: string, siteKey: string, n: number): string {
  const db = openDatabase(dataDir);
  runMigrations(db);
  const site = db.$client.query("select id, enterprise_id from sites where key = ?").get(siteKey) as { id: string; enterprise_id: string };
  const visitorId = `slow${crypto.randomUUID().replace(/-/g, "")}`;
  const visitor = touchVisitor(db, site.enterprise_id, visitorId, { siteId: site.id, userAgent: "bench", lang: "en" });
  const store = new MessageStore(db);
  const conversations = new ConversationStore(db, (id) => store.forget(id));
  const text = "The quick brown fox jumps over the lazy dog. ".repeat(14).slice(0, 600);
  transaction(db, () => {
    const c = conversations.create(site.enterprise_id, site.id, visitor.id);
    for (let i = 1; i <= n; i++) store.append(c, { sender: i % 2 ? "visitor" : "agent", authorId: null, authorName: i % 2 ? null : "Ann", clientId: null, text: `${i} ${text}` });
  });
  db.$client.close();
  return visitorId;
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  deadline(900);
  if (fdLimit() < o.silent + 1000) throw new Error(`${o.silent} silent sockets need more open files than ulimit -n (${fdLimit()}); run: ulimit -n ${o.silent + 2000}`);
  const helloTimeoutMs = 10_000;
  console.log(`\n== abuse: the server's default limits (server from ${o.server}), loopback only`);
  const { dataDir, siteKey } = await initData(o.server, 0);
  let slowVisitor = "";
  if (o.only.has("slow")) {
    const t = Date.now();
    slowVisitor = seedConversation(dataDir, siteKey, o.messages);
    console.log(`seeded a conversation of ${o.messages} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const port = freePort();
  const server = spawnChild([...parleyCommand(o.server), "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dataDir, "--quiet", "--trusted-proxy", "127.0.0.1"]);
  await waitHealthy(port, server);
  const healthFile = join(tempDir("parley-abuse-"), "healthz.log");
  writeFileSync(healthFile, "");
  spawnChild([process.execPath, import.meta.path, "--poll-healthz", String(port), healthFile]);
  const health = new Health(healthFile);
  // Whatever the server does on its own after start (e.g. indexing the seeded messages for History)
  // is over before the first measurement: RSS steady for 2 s, up to 60 s.
  const started = Date.now();
  console.log(`server pid ${server.pid}, RSS at start ${mb(memoryOf(server.pid).rss)}`);
  for (let last = memoryOf(server.pid).rss; Date.now() - started < 60_000; ) {
    await Bun.sleep(2000);
    const now = memoryOf(server.pid).rss;
    if (Math.abs(now - last) < 2 * 1024 * 1024) break;
    last = now;
  }
  console.log(`settled after ${((Date.now() - started) / 1000).toFixed(0)} s at ${mb(memoryOf(server.pid).rss)}`);

  const rows: Row[] = [];
  // What /healthz takes here with nothing to do: the two cores are shared with the benchmark itself (and whatever else runs).
  rows.push(await measure("baseline: nothing running", server, health, async () => (await Bun.sleep(5000), "5 s of /healthz polls alone")));
  if (o.only.has("login")) rows.push(await measure("sign-in limiter flood", server, health, () => loginFlood(port)));
  if (o.only.has("flood")) {
    rows.push(await measure("one visitor, 60 sockets, 60 addresses", server, health, () => visitorFlood(port, siteKey, false)));
    rows.push(await measure("one visitor, 60 sockets, one address", server, health, () => visitorFlood(port, siteKey, true)));
  }
  if (o.only.has("silent")) {
    rows.push(await measure(`${o.silent} silent sockets, one address`, server, health, () => silentSockets(port, o.silent, false, helloTimeoutMs)));
    rows.push(await measure(`${o.silent} silent sockets, ${o.silent} addresses`, server, health, () => silentSockets(port, o.silent, true, helloTimeoutMs)));
  }
  if (o.only.has("slow")) rows.push(await measure(`slow reader over ${o.messages} messages`, server, health, () => slowReader(port, siteKey, slowVisitor, o.messages)));

  console.log("\n| scenario | server RSS before → peak → after | /healthz max (polls ≥ 50 ms) |");
  console.log("|---|---|---|");
  for (const r of rows) console.log(`| ${r.scenario} | ${mb(r.before)} → ${mb(r.peak)} → ${mb(r.after)} | ${r.health.max.toFixed(1)} ms (${r.health.over50} of ${r.health.n}) |`);
  const healthy = rows.every((r) => r.health.failed === 0);
  console.log(`\n/healthz answered every poll: ${healthy ? "yes" : "no"}; under 50 ms throughout: ${rows.every((r) => r.health.over50 === 0) ? "yes" : "no"}`);
  return healthy ? 0 : 1;
}
