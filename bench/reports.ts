// The reports page over 1,000,000 conversations (docs/reports.md, target: p95 ≤ 200 ms for any
// filter). Seeds the aggregates a year of 1,000,000 closed conversations leaves (report_daily rows
// per day × site × agent, and the per-conversation facts, 5 % of them with a rating comment)
// straight by SQL into a fresh data directory, starts a server in this process, signs in as the
// admin and times GET /reports (whole page: figures, tables, SVG) for several filters.
//
//   bun bench/reports.ts [--conversations N] [--requests N] [--days N]
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { LoginLimiter } from "../src/accounts/login-limit";
import { initCompany } from "../src/accounts/setup";
import { addUser } from "../src/accounts/users";
import { ChatService } from "../src/chat/service";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import { transaction } from "../src/db/transaction";
import { BUCKETS } from "../src/reports/buckets";
import { buildReport } from "../src/reports/figures";
import { filterOf } from "../src/reports/routes";
import { reportTables } from "../src/reports/tables";
import { translator } from "../src/i18n";
import { memberOf } from "../src/accounts/data-scope";
import { getUserById } from "../src/accounts/users";
import { createGroup, setGroupMembers } from "../src/routing/groups";
import { buildServer } from "../src/server";
import { createSite } from "../src/sites/sites";
import { stopBackgroundJobs } from "../src/server";
import { HttpClient } from "../test/helpers/http";
import { tempDir } from "../test/helpers/server";
import { percentile } from "./lib/stats";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CONVERSATIONS = arg("conversations", 1_000_000);
const REQUESTS = arg("requests", 40);
const DAYS = arg("days", 365);
const AGENTS = 20;
const PASSWORD = "correct-horse-1";

const dir = tempDir("parley-bench-reports-");
const db = openDatabase(dir);
let stopServer: (() => Promise<void>) | null = null;
try {
  runMigrations(db);
  const { enterpriseId: eid } = await initCompany(db, { company: "Bench", email: "admin@example.com", password: PASSWORD, adminName: "Admin" });
  const sites = [(db.$client.query("select id from sites limit 1").get() as { id: string }).id, createSite(db, eid, "Shop B").id, createSite(db, eid, "Shop C").id];
  const agents: string[] = [];
  for (let i = 0; i < AGENTS; i++) agents.push((await addUser(db, eid, { email: `agent${i}@example.com`, password: PASSWORD, name: `Agent ${i}` })).id);
  const group = createGroup(db, eid, "First five").id;
  setGroupMembers(db, eid, group, agents.slice(0, 5));

  // ---- seed ---------------------------------------------------------------------------------
  const seedStart = performance.now();
  const end = Date.parse("2026-12-01T00:00:00Z");
  const dayList = Array.from({ length: DAYS }, (_, i) => new Date(end - (DAYS - i) * 86_400_000).toISOString().slice(0, 10));
  const slots = DAYS * sites.length * (AGENTS + 1);
  let seeded = 0;
  let rng = 12345;
  const rand = () => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const bucketCols = Array.from({ length: BUCKETS }, (_, b) => [`fr${b}`, `res${b}`]).flat();
  const hourCols = Array.from({ length: 24 }, (_, h) => `h${h}`);
  const cols = ["enterprise_id", "day", "dow", "site_id", "agent_id", "conversations", "answered", "missed", "abandoned", "robot", "robot_resolved", "robot_handoff", "fr_count", "fr_sum_ms", "res_count", "res_sum_ms", "ratings", "rating_sum", "leads", "r1", "r2", "r3", "r4", "r5", ...hourCols, ...bucketCols];
  const insert = db.$client.prepare(`insert into report_daily (${cols.join(", ")}) values (${cols.map(() => "?").join(", ")})`);
  transaction(db, () => {
    let slot = 0;
    for (const day of dayList)
      for (const site of sites) {
        // The day and site's roll-up row (agent '*'), the sum of its agents' rows, as src/reports/record.ts keeps it.
        const rollup: Record<string, string | number> = { enterprise_id: eid, day, dow: new Date(`${day}T00:00:00Z`).getUTCDay(), site_id: site, agent_id: "*" };
        for (let a = 0; a <= AGENTS; a++) {
          slot++;
          const n = Math.round(((CONVERSATIONS - seeded) / (slots - slot + 1)) * (0.5 + rand()));
          const conversations = slot === slots ? CONVERSATIONS - seeded : Math.min(n, CONVERSATIONS - seeded);
          seeded += conversations;
          const agentId = a === 0 ? "" : agents[a - 1]!;
          const answered = a === 0 ? 0 : Math.round(conversations * 0.9);
          const missed = conversations - answered;
          const row: Record<string, string | number> = {
            enterprise_id: eid,
            day,
            dow: new Date(`${day}T00:00:00Z`).getUTCDay(),
            site_id: site,
            agent_id: agentId,
            conversations,
            answered,
            missed,
            abandoned: a === 0 ? missed : 0,
            robot: Math.round(conversations * 0.2),
            robot_resolved: Math.round(conversations * 0.12),
            robot_handoff: Math.round(conversations * 0.08),
            fr_count: answered,
            fr_sum_ms: answered * 40_000,
            res_count: answered,
            res_sum_ms: answered * 600_000,
            ratings: Math.round(answered * 0.3),
            rating_sum: Math.round(answered * 0.3) * 4,
            leads: a === 0 ? Math.round(rand() * 5) : 0,
          };
          for (let s = 1; s <= 5; s++) row[`r${s}`] = 0;
          row.r4 = row.ratings as number;
          for (const h of hourCols) row[h] = 0;
          for (let i = 0; i < conversations; i++) row[hourCols[(i * 7) % 24]!] = (row[hourCols[(i * 7) % 24]!] as number) + 1;
          for (const b of bucketCols) row[b] = 0;
          for (let i = 0; i < answered; i++) {
            const fb = `fr${Math.min(BUCKETS - 1, Math.floor(rand() * 12))}`;
            const rb = `res${Math.min(BUCKETS - 1, 8 + Math.floor(rand() * 12))}`;
            row[fb] = (row[fb] as number) + 1;
            row[rb] = (row[rb] as number) + 1;
          }
          insert.run(...cols.map((c) => row[c] ?? 0));
          for (const c of cols.slice(5)) rollup[c] = ((rollup[c] as number) ?? 0) + (row[c] as number);
        }
        insert.run(...cols.map((c) => rollup[c] ?? 0));
      }
  });
  // The facts: one row per conversation, 5 % rated with a comment.
  db.$client.run(
    `with recursive n(i) as (select 0 union all select i + 1 from n where i < ?1 - 1)
     insert into report_conversations (conversation_id, enterprise_id, site_id, created_at, robot, agent_id, assigned, first_response_at, closed_at, day, rating, rating_comment, rated_at)
     select 'cnv_' || i, ?2, ?3, ?4 + (i * ?5 / ?1), 0, ?6, 1, ?4 + (i * ?5 / ?1) + 40000, ?4 + (i * ?5 / ?1) + 600000,
            strftime('%Y-%m-%d', (?4 + (i * ?5 / ?1)) / 1000, 'unixepoch'),
            case when i % 20 = 0 then 1 + i % 5 end, case when i % 20 = 0 then 'comment ' || i end, case when i % 20 = 0 then ?4 + (i * ?5 / ?1) + 700000 end
     from n`,
    [CONVERSATIONS, eid, sites[0]!, end - DAYS * 86_400_000, DAYS * 86_400_000, agents[0]!],
  );
  db.$client.run("analyze");
  const dailyRows = db.$client.query("select count(*) as n, sum(conversations) as c from report_daily where agent_id != '*'").get() as { n: number; c: number };
  console.log(`seeded ${dailyRows.c.toLocaleString("en")} conversations: ${dailyRows.n.toLocaleString("en")} daily rows (+ ${(DAYS * sites.length).toLocaleString("en")} roll-up rows), ${CONVERSATIONS.toLocaleString("en")} facts, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // ---- server ----------------------------------------------------------------------------------
  const config = loadConfig({ port: "0", data: dir, quiet: true, host: "127.0.0.1" }, {});
  const app = { config, db, chat: new ChatService(db, { config }), loginLimiter: new LoginLimiter(), startedAt: Date.now() };
  const server = buildServer(app).listen({ port: 0, hostname: "127.0.0.1", reusePort: false });
  stopServer = async () => {
    app.chat.stop();
    stopBackgroundJobs(app);
    await server.stop(true);
  };
  const admin = new HttpClient(`http://127.0.0.1:${server.server!.port}`);
  await admin.login("admin@example.com", PASSWORD);

  const last = dayList.at(-1)!;
  const filters: [string, string][] = [
    ["30 days", `from=${dayList.at(-30)}&to=${last}`],
    ["7 days, one agent", `from=${dayList.at(-7)}&to=${last}&agent=${agents[3]}`],
    ["365 days", `from=${dayList[0]}&to=${last}`],
    ["365 days, one site", `from=${dayList[0]}&to=${last}&site=${sites[1]}`],
    ["365 days, one agent", `from=${dayList[0]}&to=${last}&agent=${agents[0]}`],
    ["365 days, one group", `from=${dayList[0]}&to=${last}&group=${group}`],
    ["365 days, site + agent", `from=${dayList[0]}&to=${last}&site=${sites[0]}&agent=${agents[0]}`],
    ["CSV of the days, 365 days", `CSV`],
  ];
  console.log(`GET /reports, ${REQUESTS} requests per filter (after 3 warm-up), load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${navigator.hardwareConcurrency} cores`);
  console.log("filter".padEnd(28), "p50 ms".padStart(8), "p95 ms".padStart(8), "max ms".padStart(8), "bytes".padStart(9), "figures p50".padStart(12), "tables p50".padStart(11));
  const adminId = (db.$client.query("select id from users where email = 'admin@example.com'").get() as { id: string }).id;
  const member = memberOf(db, getUserById(db, adminId)!);
  const names = new Map(agents.map((a, i) => [a, `Agent ${i}`]));
  const t = translator("en");
  let worst = 0;
  for (const [name, query] of filters) {
    const path = query === "CSV" ? `/reports/export.csv?table=days&from=${dayList[0]}&to=${last}` : `/reports?${query}`;
    let bytes = 0;
    const once = async () => {
      const res = await admin.get(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      bytes = (await res.arrayBuffer()).byteLength;
    };
    for (let i = 0; i < 3; i++) await once();
    const times = new Float64Array(REQUESTS);
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await once();
      times[i] = performance.now() - t0;
    }
    times.sort();
    const p95 = percentile(times, 95);
    worst = Math.max(worst, p95);
    // In-process, without HTTP and rendering: the figures (SQL) and the tables made of them.
    const filter = filterOf(Object.fromEntries(new URLSearchParams(query === "CSV" ? `from=${dayList[0]}&to=${last}` : query)));
    const fig = new Float64Array(10);
    const tab = new Float64Array(10);
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = buildReport(db, member, filter, names);
      const t1 = performance.now();
      reportTables(r, t);
      fig[i] = t1 - t0;
      tab[i] = performance.now() - t1;
    }
    fig.sort();
    tab.sort();
    console.log(name.padEnd(28), percentile(times, 50).toFixed(1).padStart(8), p95.toFixed(1).padStart(8), times[times.length - 1]!.toFixed(1).padStart(8), String(bytes).padStart(9), percentile(fig, 50).toFixed(1).padStart(12), percentile(tab, 50).toFixed(1).padStart(11));
  }
  console.log(`worst p95 ${worst.toFixed(1)} ms (target ≤ 200 ms): ${worst <= 200 ? "met" : "NOT met"}; load average after ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await stopServer?.();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
