// Platform mode at scale: one data directory with many enterprises (default 1,000 × 5 agents ×
// 1,000 conversations of 2 messages, 100 leads and 1,000 visitors each), seeded straight with SQL,
// against the same enterprise alone in a data directory of its own. Times sign-in, opening the
// workspace, History and the leads pool for one enterprise's admin on each (each data directory
// served by its own `parley serve --mode platform` process; rounds alternate between the two) and
// prints the ratios (target: each within 2×).
// `bun bench/platform.ts [--enterprises N] [--conversations N] [--agents N] [--rounds N] [--keep]`
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { hashPassword } from "../src/accounts/passwords";
import { openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import { optimizeDatabase } from "../src/db/maintenance";
import { searchIndexFor } from "../src/history/search-index";
import { HttpClient } from "../test/helpers/http";
import { serveProcess } from "../test/helpers/process";
import { summarise } from "./lib/stats";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTERPRISES = arg("enterprises", 1000);
const CONVERSATIONS = arg("conversations", 1000);
const AGENTS = arg("agents", 5);
const ROUNDS = arg("rounds", 40);
/** keep the big data directory and print its path (to look at query plans afterwards) */
const KEEP = process.argv.includes("--keep");
const LEADS = 100;
const VISITORS = 1000;
const PASSWORD = "bench-pass-123";
/** The enterprise measured: the same index in both data directories. */
const TARGET = 0;

function seed(sqlite: Database, enterprises: number, passwordHash: string): void {
  const now = Date.now();
  const day = 86_400_000;
  const ins = {
    ent: sqlite.prepare("insert into enterprises (id, name, created_at) values (?, ?, ?)"),
    acct: sqlite.prepare("insert into platform_accounts (enterprise_id, display_id, state, phone, created_at, updated_at) values (?, ?, 'verified', '13800138000', ?, ?)"),
    site: sqlite.prepare("insert into sites (id, enterprise_id, key, name, created_at) values (?, ?, ?, ?, ?)"),
    user: sqlite.prepare("insert into users (id, enterprise_id, email, name, password_hash, role, seat_state, created_at, password_changed_at) values (?, ?, ?, ?, ?, ?, 'active', ?, ?)"),
    visitor: sqlite.prepare("insert into visitors (id, enterprise_id, site_id, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?)"),
    conv: sqlite.prepare("insert into conversations (id, enterprise_id, site_id, visitor_id, agent_id, status, created_at, last_message_at, closed_at, close_reason) values (?, ?, ?, ?, ?, 'closed', ?, ?, ?, 'idle')"),
    msg: sqlite.prepare("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, author_id, author_name, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    lead: sqlite.prepare("insert into leads (id, enterprise_id, site_id, visitor_id, fields, name, phone, message, created_at) values (?, ?, ?, ?, '{}', ?, '13800138000', ?, ?)"),
  };
  for (let e = 0; e < enterprises; e++) {
    sqlite.transaction(() => {
      const eid = `ent_bench${String(e).padStart(11, "0")}`;
      const site = `sit_bench${String(e).padStart(11, "0")}`;
      const created = now - 365 * day + e * 1000;
      ins.ent.run(eid, `Firm ${e} 有限公司`, created);
      ins.acct.run(eid, String(10_000_000 + e), created, created);
      ins.site.run(site, eid, `key${String(e).padStart(28, "0")}`, `Site ${e}`, created);
      const agents: string[] = [];
      for (let a = 0; a < AGENTS; a++) {
        const id = `usr_b${e}x${a}`;
        agents.push(id);
        ins.user.run(id, eid, a === 0 ? `admin${e}@bench.example` : `agent${e}-${a}@bench.example`, `Agent ${e}-${a}`, passwordHash, a === 0 ? "admin" : "agent", created, created);
      }
      for (let v = 0; v < VISITORS; v++) ins.visitor.run(`v${e}x${v}`, eid, site, created, now - v * 60_000);
      for (let c = 0; c < CONVERSATIONS; c++) {
        const cid = `cnv_b${e}x${c}`;
        const at = now - (CONVERSATIONS - c) * 600_000;
        const agent = agents[c % agents.length]!;
        ins.conv.run(cid, eid, site, `v${e}x${c % VISITORS}`, agent, at, at + 60_000, at + 120_000);
        ins.msg.run(eid, cid, 1, `c${c}a`, "visitor", null, null, "你好，请问发货要多久？", at);
        ins.msg.run(eid, cid, 2, `c${c}b`, "agent", agent, "Agent", "一般两天内发货，谢谢。", at + 60_000);
      }
      for (let l = 0; l < LEADS; l++) ins.lead.run(`led_b${e}x${l}`, eid, site, `v${e}x${l}`, `访客 ${l}`, "请回电", now - l * 3_600_000);
    })();
  }
}

interface Install {
  url: string;
  stop(): Promise<void>;
}

/** Seeds a data directory, then serves it with `parley serve --mode platform` in a process of its own. */
async function install(enterprises: number, passwordHash: string): Promise<Install> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-platform-"));
  const db = openDatabase(dir);
  runMigrations(db);
  const t0 = performance.now();
  seed(db.$client, enterprises, passwordHash);
  // A running install has indexed its messages long ago: catch up now, not while measuring.
  const indexed = searchIndexFor(db).catchUp();
  optimizeDatabase(db);
  const size = (db.$client.query("select page_count * page_size as n from pragma_page_count(), pragma_page_size()").get() as { n: number }).n;
  db.$client.close();
  console.log(`seeded ${enterprises} enterprise(s) and indexed ${indexed} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s, database ${(size / 1024 / 1024).toFixed(0)} MB`);
  const server = await serveProcess(dir, ["--mode", "platform"]);
  return {
    url: server.url,
    async stop() {
      await server.stop();
      if (KEEP && enterprises > 1) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Action = "sign-in" | "workspace" | "history" | "leads pool";
const ACTIONS: Action[] = ["sign-in", "workspace", "history", "leads pool"];
const PAGES: Record<Exclude<Action, "sign-in">, string> = { workspace: "/workspace", history: "/history", "leads pool": "/leads/pool" };

/** One round on an install: a new browser signs in, then opens each page once. */
async function round(inst: Install, into: Record<Action, number[]> | null): Promise<void> {
  const client = new HttpClient(inst.url);
  const token = await client.csrf("/login");
  let t = performance.now();
  const res = await client.post("/login", { email: `admin${TARGET}@bench.example`, password: PASSWORD, _csrf: token });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  into?.["sign-in"].push(performance.now() - t);
  for (const [action, path] of Object.entries(PAGES) as [Exclude<Action, "sign-in">, string][]) {
    t = performance.now();
    const page = await client.get(path);
    await page.text();
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    into?.[action].push(performance.now() - t);
  }
}

const empty = () => Object.fromEntries(ACTIONS.map((a) => [a, [] as number[]])) as Record<Action, number[]>;

const passwordHash = await hashPassword(PASSWORD);
console.log(`== platform: ${ENTERPRISES} enterprises × ${AGENTS} agents × ${CONVERSATIONS} conversations (2 messages each), ${LEADS} leads and ${VISITORS} visitors each; ${ROUNDS} rounds`);
const alone = await install(1, passwordHash);
const many = await install(ENTERPRISES, passwordHash);
// Rounds alternate between the two installs, so whatever else the machine does weighs on both alike.
const one = empty();
const all = empty();
for (let r = 0; r < ROUNDS + 5; r++) {
  await round(alone, r >= 5 ? one : null);
  await round(many, r >= 5 ? all : null);
}
await alone.stop();
await many.stop();

let pass = true;
console.log("\naction        one enterprise p50 / p90     with the others p50 / p90     ratio (p50)");
for (const a of ACTIONS) {
  const s1 = summarise(Float64Array.from(one[a]));
  const s2 = summarise(Float64Array.from(all[a]));
  const ratio = s2.p50 / s1.p50;
  if (ratio > 2) pass = false;
  console.log(`${a.padEnd(13)} ${s1.p50.toFixed(2).padStart(8)} / ${s1.p90.toFixed(2).padStart(7)} ms      ${s2.p50.toFixed(2).padStart(8)} / ${s2.p90.toFixed(2).padStart(7)} ms      ${ratio.toFixed(2)}×`);
}
console.log(`\ntarget each action within 2× of one enterprise alone: ${pass ? "PASS" : "FAIL"}`);
process.exit(pass ? 0 : 1);
