// The servers a benchmark drives: Parley (the executable or the source) on a fresh data directory
// with N agents signed in, or the bare relay baseline. Both speak the same frames.
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { existsSync, statSync } from "node:fs";
import { BUN, DIST, ROOT, ensureDist, freePort, removeDir, run, spawnChild, tempDir, waitHealthy, type Child } from "./proc";

export type ServerKind = "dist" | "source";

export interface Target {
  /** e.g. "parley (dist/parley)" */
  name: string;
  port: number;
  child: Child;
  siteKey: string;
  dataDir: string;
  /** how frames are written on the wire: Parley's JSON frames (default), or Socket.IO packets (the peer) */
  protocol?: "parley" | "socketio";
  /** headers each agent socket opens with (the session cookie for Parley) */
  agentHeaders: Record<string, string>[];
  stop(): Promise<void>;
}

export const PASSWORD = "benchpass1";

/**
 * The server's environment for load benchmarks: their thousands of sockets all come from 127.0.0.1,
 * which the per-address limits (50 open sockets, 200 frames/s) exist to refuse. bench/abuse.ts
 * measures those limits with the defaults.
 */
export const LOOPBACK_LOAD_ENV = { PARLEY_SOCKETS_PER_ADDRESS: "1000000", PARLEY_FRAMES_PER_ADDRESS: "10000000" };

export function parleyCommand(server: ServerKind, bunFlags: string[] = []): string[] {
  return server === "dist" ? [DIST] : [BUN, ...bunFlags, join(ROOT, "src/main.ts")];
}

export function describeServer(server: ServerKind): string {
  if (server === "source") return "parley from source (bun src/main.ts)";
  const built = statSync(DIST).mtime.toISOString().replace("T", " ").slice(0, 16);
  return `dist/parley (built ${built} UTC)`;
}

function cookieFrom(res: Response, name: string): string | null {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1]!;
  }
  return null;
}

/** Signs an agent in the way a browser does and returns the cookie header for its socket. */
export async function login(port: number, email: string, password: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const form = await fetch(`${base}/login`, { redirect: "manual" });
  const csrf = cookieFrom(form, "parley_csrf");
  if (!csrf) throw new Error(`GET /login gave no parley_csrf cookie (status ${form.status})`);
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `parley_csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  const session = cookieFrom(res, "parley_session");
  if (!session) throw new Error(`POST /login for ${email} failed with ${res.status}`);
  return `parley_session=${session}`;
}

/** Creates a data directory with the company, its site and `agents` agents (cap 100 each). */
export async function initData(server: ServerKind, agents: number): Promise<{ dataDir: string; siteKey: string; emails: string[] }> {
  const cmd = parleyCommand(server);
  const dataDir = tempDir();
  const out = JSON.parse(await run([...cmd, "init", "--company", "Bench", "--email", "admin@bench.test", "--password", PASSWORD, "--data", dataDir]));
  const emails: string[] = [];
  for (let i = 1; i <= agents; i++) {
    const email = `a${i}@bench.test`;
    await run([...cmd, "agent", "add", "--email", email, "--password", PASSWORD, "--name", `A${i}`, "--cap", "100", "--data", dataDir]);
    emails.push(email);
  }
  return { dataDir, siteKey: out.siteKey, emails };
}

/**
 * `profileDir`: run the source under Bun's CPU profiler; the profile (markdown) lands there when the server stops.
 * `seed`: writes into the new data directory before the server starts (e.g. seedConfiguredLists).
 */
export async function startParley(server: ServerKind, agents: number, profileDir?: string, seed?: (dataDir: string) => void): Promise<Target> {
  if (profileDir) server = "source";
  if (server === "dist") await ensureDist();
  const { dataDir, siteKey, emails } = await initData(server, agents);
  seed?.(dataDir);
  const port = freePort();
  const flags = profileDir ? ["--cpu-prof-md", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnChild([...parleyCommand(server, flags), "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dataDir, "--quiet"], LOOPBACK_LOAD_ENV);
  await waitHealthy(port, child);
  const agentHeaders: Record<string, string>[] = [];
  for (const e of emails) agentHeaders.push({ cookie: await login(port, e, PASSWORD) });
  return {
    name: `parley — ${describeServer(server)}`,
    port,
    child,
    siteKey,
    dataDir,
    agentHeaders,
    async stop() {
      await child.stop();
      removeDir(dataDir);
    },
  };
}

/**
 * How SQLite plans the query the server runs for every visitor message (store.openForVisitor),
 * given the statistics in the database now: an index led by (enterprise_id, status) walks every
 * open conversation of the enterprise; one on the visitor finds the row.
 */
export function openForVisitorPlan(dataDir: string): string {
  try {
    const db = new Database(join(dataDir, "parley.sqlite"), { readonly: true });
    const rows = db.query("EXPLAIN QUERY PLAN SELECT * FROM conversations WHERE enterprise_id = ? AND visitor_id = ? AND status = 'open'").all("e", "v") as { detail: string }[];
    db.close();
    return rows.map((r) => r.detail).join("; ");
  } catch (e) {
    return `(could not explain: ${(e as Error).message})`;
  }
}

export async function startBare(agents: number): Promise<Target> {
  const dataDir = tempDir("parley-bare-");
  const port = freePort();
  const child = spawnChild([BUN, join(ROOT, "bench/bare-relay.ts"), "--port", String(port), "--data", dataDir]);
  await waitHealthy(port, child);
  return {
    name: "bare relay (bench/bare-relay.ts)",
    port,
    child,
    siteKey: "bare",
    dataDir,
    agentHeaders: Array.from({ length: agents }, () => ({})),
    async stop() {
      await child.stop();
      removeDir(dataDir);
    },
  };
}

const PEER_DIR = join(ROOT, "bench/socketio-peer");

/** The Socket.IO peer's dependencies live in its own folder, installed here, never in the product's. */
async function ensurePeerInstalled(): Promise<void> {
  if (existsSync(join(PEER_DIR, "node_modules/socket.io")) && existsSync(join(PEER_DIR, "node_modules/better-sqlite3"))) return;
  console.log("installing the Socket.IO peer's dependencies (bench/socketio-peer: npm install)…");
  const p = Bun.spawn(["npm", "install", "--no-audit", "--no-fund"], { cwd: PEER_DIR, stdout: "inherit", stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error("npm install in bench/socketio-peer failed");
}

export async function startSocketIoPeer(agents: number): Promise<Target> {
  await ensurePeerInstalled();
  const dataDir = tempDir("parley-peer-");
  const port = freePort();
  const child = spawnChild(["node", join(PEER_DIR, "server.mjs"), "--port", String(port), "--data", dataDir]);
  await waitHealthy(port, child);
  const node = (await run(["node", "--version"])).trim();
  return {
    name: `socket.io peer (node ${node}, socket.io 4, better-sqlite3)`,
    port,
    child,
    siteKey: "peer",
    protocol: "socketio",
    dataDir,
    agentHeaders: Array.from({ length: agents }, () => ({})),
    async stop() {
      await child.stop();
      removeDir(dataDir);
    },
  };
}

/**
 * Configures the enterprise as a busy one is (issue 16's benchmark): `count` banned words (masked;
 * the generator's messages contain none, so every message is scanned and stored as sent) and, where
 * the quick-replies table exists, as many team quick replies. Written with SQL before the server
 * starts, as an import would leave them.
 */
export function seedConfiguredLists(dataDir: string, count: number): { words: number; quickReplies: number } {
  const db = new Database(join(dataDir, "parley.sqlite"));
  // Every statement is finalized before the close, so the connection is really gone when the
  // server opens the file (a lingering one made its start-up fail with "database is locked").
  const statements: { finalize(): void }[] = [];
  const prepare = (sql: string) => {
    const s = db.prepare(sql);
    statements.push(s);
    return s;
  };
  try {
    const eid = (prepare("select id from enterprises limit 1").get() as { id: string }).id;
    const now = Date.now();
    const tables = new Set((prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name));
    // Two to four CJK characters, and some Latin words: the automaton has both kinds of edges.
    const cjk = (i: number) => Array.from({ length: 2 + (i % 3) }, (_, k) => String.fromCharCode(0x4e00 + ((i * 7919 + k * 104729) % 20000))).join("");
    const word = (i: number) => (i % 5 === 0 ? `zq${i.toString(36)}x` : cjk(i));
    db.exec("BEGIN");
    const insertWord = prepare("insert or ignore into banned_words (id, enterprise_id, word, created_at) values (?, ?, ?, ?)");
    for (let i = 0; i < count; i++) insertWord.run(`bw_bench_${i}`, eid, word(i), now);
    prepare("insert or replace into moderation_settings (enterprise_id, action, updated_at) values (?, 'mask', ?)").run(eid, now);
    let quickReplies = 0;
    if (tables.has("quick_replies")) {
      const insertReply = prepare("insert into quick_replies (id, enterprise_id, owner_id, group_name, title, shortcut, body, created_at, updated_at) values (?, ?, null, ?, ?, ?, ?, ?, ?)");
      for (let i = 0; i < count; i++) insertReply.run(`qr_bench_${i}`, eid, `组 ${i % 20}`, `快捷回复 ${i}`, `q${i}`, `您好 {visitor_name}，这是第 ${i} 条快捷回复。`, now, now);
      quickReplies = count;
    }
    db.exec("COMMIT");
    return { words: (prepare("select count(*) as n from banned_words").get() as { n: number }).n, quickReplies };
  } finally {
    for (const s of statements) s.finalize();
    db.close(true);
  }
}
