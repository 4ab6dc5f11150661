// Routing decision time with 1,000 online agents and 10,000 queued visitors (target p99 ≤ 1 ms).
// Measures the pure decisions the server makes on each event: a new visitor arrives
// (decideAssignment), a slot frees (planDrain, when the freed agent serves the queue's head and
// when they serve nothing that waits), and the queue's positions are recomputed (queuePositions,
// once per change for all waiting visitors); then the same events as the server applies them,
// with the state read from SQLite.
import { queuePositions } from "../common/queue-positions";
import { decideAssignment, planDrain, type AgentState, type Waiting } from "../src/routing/decide";
import { summarise, timeEach } from "./lib/stats";

const AGENTS = 1000;
const QUEUED = 10_000;
const RUNS = 2000;
const SITES = 20;
const GROUPS = 10;

const agents: AgentState[] = Array.from({ length: AGENTS }, (_, i) => ({
  id: `a${i}`,
  available: i % 10 !== 0,
  open: 5, // everyone full: that is when visitors queue
  cap: 5,
  lastAssignedAt: i,
  groupIds: [`g${i % GROUPS}`],
}));
const byId = new Map(agents.map((a) => [a.id, a]));
const siteGroups = (site: string) => [`g${Number(site.slice(1)) % GROUPS}`];
const waiting: Waiting[] = Array.from({ length: QUEUED }, (_, i) => ({
  conversationId: `c${i}`,
  siteId: `s${i % SITES}`,
  queuedAt: i,
  groupId: null,
}));
const previous = (w: Waiting) => (Number(w.conversationId.slice(1)) % 7 === 0 ? `a${Number(w.conversationId.slice(1)) % AGENTS}` : null);

function time(label: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 200; i++) fn(i); // warm up the JIT
  const s = summarise(timeEach(RUNS, fn));
  console.log(`${label.padEnd(58)} p50 ${s.p50.toFixed(1).padStart(7)} µs  p99 ${s.p99.toFixed(1).padStart(7)} µs  max ${s.max.toFixed(1).padStart(8)} µs  ${s.p99 <= 1000 ? "ok" : "OVER 1 ms"}`);
}

console.log(`routing decisions: ${AGENTS} agents (90 % online, all at their cap), ${QUEUED} queued visitors, ${SITES} sites, ${GROUPS} groups; ${RUNS} runs each`);
time("new visitor → decideAssignment (everyone full → queue)", (i) => decideAssignment(agents, siteGroups(`s${i % SITES}`), { preferredAgentId: `a${i % AGENTS}` }));
const oneFree = (groupIds: string[]) => agents.map((a, i) => (i === 1 ? { ...a, open: 4, groupIds } : a));
const freed = oneFree(agents[1]!.groupIds as string[]);
time("slot frees → planDrain (the freed agent serves the head's site)", () => planDrain(waiting, freed, siteGroups, previous, 0));
const lonely = oneFree(["g-none"]);
time("slot frees → planDrain (worst: serves nothing that waits)", () => planDrain(waiting, lonely, siteGroups, previous, 0));
time("queue changed → queuePositions for all 10,000", () => queuePositions(waiting));

// The same decision as the server applies it: state read from SQLite (open counts, groups, seats)
// and presence, then decided and written, for a new conversation while 10,000 wait.
{
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { openDatabase } = await import("../src/db/client");
  const { runMigrations } = await import("../src/db/migrate");
  const { ConversationStore } = await import("../src/chat/conversations");
  const { Presence } = await import("../src/chat/presence");
  const { Router } = await import("../src/routing/router");
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-routing-"));
  try {
    const db = openDatabase(dir);
    runMigrations(db);
    const sqlite = db.$client;
    const eid = "ent_bench";
    const now = Date.now();
    sqlite.transaction(() => {
      sqlite.run("insert into enterprises (id, name, created_at) values (?, 'Bench', ?)", [eid, now]);
      const user = sqlite.prepare("insert into users (id, enterprise_id, email, name, password_hash, role, cap, status, created_at, password_changed_at) values (?, ?, ?, ?, 'x', 'agent', 5, 'online', ?, ?)");
      const member = sqlite.prepare("insert into group_members (enterprise_id, group_id, user_id) values (?, ?, ?)");
      const conv = sqlite.prepare("insert into conversations (id, enterprise_id, site_id, visitor_id, agent_id, queued_at, status, created_at, last_message_at) values (?, ?, ?, ?, ?, ?, 'open', ?, ?)");
      for (let g = 0; g < GROUPS; g++) sqlite.run("insert into agent_groups (id, enterprise_id, name, created_at) values (?, ?, ?, ?)", [`g${g}`, eid, `G${g}`, now]);
      for (let s = 0; s < SITES; s++) sqlite.run("insert into site_groups (enterprise_id, site_id, group_id, position) values (?, ?, ?, 0)", [eid, `s${s}`, `g${s % GROUPS}`]);
      for (let i = 0; i < AGENTS; i++) {
        user.run(`a${i}`, eid, `a${i}@bench.test`, `A${i}`, now, now);
        member.run(eid, `g${i % GROUPS}`, `a${i}`);
        for (let k = 0; k < 5; k++) conv.run(`busy${i}-${k}`, eid, `s${i % SITES}`, `vb${i}-${k}`, `a${i}`, null, now, now);
      }
      for (let i = 0; i < QUEUED; i++) conv.run(`q${i}`, eid, `s${i % SITES}`, `vq${i}`, null, now + i, now, now);
    })();
    // What the server does shortly after it starts (src/db/maintenance.ts): statistics for the planner.
    sqlite.exec("PRAGMA optimize=0x10002");
    const conversations = new ConversationStore(db);
    const presence = new Presence();
    for (let i = 0; i < AGENTS; i++) {
      presence.add({ kind: "agent", enterpriseId: eid, id: `a${i}`, send() {} });
      presence.setStatus(`a${i}`, "online");
    }
    const router = new Router(db, conversations, presence);
    let n = 0;
    time("as applied: Router.place (SQLite state + decide + write)", () => {
      const c = conversations.create(eid, `s${n % SITES}`, `vnew${n++}`);
      router.place(c);
    });
    // A slot frees and is taken at once: one busy chat of a1 ends, drain gives a1 the oldest it serves.
    let k = 0;
    time("as applied: a chat ends, Router.drain (SQLite state + planDrain + write)", () => {
      sqlite.run("update conversations set status = 'closed' where id = ?", [`busy1-${k++ % 5}`]);
      const [given] = router.drain(eid);
      if (!given) throw new Error("nothing was given out");
      sqlite.run("update conversations set status = 'open' where id = ?", [`busy1-${(k - 1) % 5}`]);
      sqlite.run("update conversations set agent_id = null where id = ?", [given.conversation.id]);
    });
    time("as applied: the queue's places and waits for all 10,000 (Router.queue)", () => router.queue(eid));
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
