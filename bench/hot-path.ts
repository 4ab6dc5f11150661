// Where a visitor message's time goes on the server, measured in-process (no sockets, no load
// generator, so one core and no noise from the other process). It runs the real ChatService on a
// fresh database in /tmp with C conversations, then times the whole frame and its pieces, and the
// same work done with bun:sqlite directly, as the bare relay does it.
//
//   bun bench/hot-path.ts [--conversations 2000] [--messages 20000]
import { Database } from "bun:sqlite";
import { parseArgs } from "node:util";
import { initCompany } from "../src/accounts/setup";
import { createSession, findSession } from "../src/accounts/sessions";
import { addUser } from "../src/accounts/users";
import { ChatService } from "../src/chat/service";
import { newConnection, type Connection } from "../src/chat/connection";
import type { ServerFrame } from "../common/protocol";
import { openDatabase, databasePath } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import { startCheckpoints } from "../src/db/checkpoints";
import { transaction } from "../src/db/transaction";
import { deadline, runMain, tempDir } from "./lib/proc";
import { TEXT } from "./lib/loadgen";
import { summarise, timeEach } from "./lib/stats";

const { values } = parseArgs({ options: { conversations: { type: "string", default: "2000" }, messages: { type: "string", default: "20000" } } });
const C = Number(values.conversations);
const N = Number(values.messages);

function line(label: string, us: number, base?: number, extra = ""): void {
  console.log(`${label.padEnd(68)} ${us.toFixed(1).padStart(7)} µs${base ? `  (${((100 * us) / base).toFixed(0).padStart(3)} %)` : ""}${extra}`);
}

/** Mean µs per call of fn over n calls (after a short JIT warm-up); `inOneTransaction` wraps the timed loop in BEGIN…COMMIT. */
function time(label: string, n: number, fn: (i: number) => void, base?: number, inOneTransaction?: Database): number {
  for (let i = 0; i < Math.min(n, 500); i++) fn(i);
  const t = performance.now();
  if (inOneTransaction) inOneTransaction.exec("BEGIN");
  for (let i = 0; i < n; i++) fn(i);
  if (inOneTransaction) inOneTransaction.exec("COMMIT");
  const us = ((performance.now() - t) * 1000) / n;
  line(label, us, base);
  return us;
}

/** Times every call separately: the tail shows the stalls (WAL checkpoints, GC) that a mean hides. */
function tail(label: string, n: number, fn: (i: number) => void): void {
  const d = timeEach(n, fn);
  const s = summarise(d);
  let slow = 0, slowSum = 0;
  for (const v of d) if (v > 1000) (slow++, (slowSum += v));
  console.log(
    `${label}: p50 ${s.p50.toFixed(0)} µs · p99 ${s.p99.toFixed(0)} µs · max ${(s.max / 1000).toFixed(1)} ms · ${slow} calls over 1 ms (${((slowSum / (s.mean * n)) * 100).toFixed(0)} % of the time)`,
  );
}

runMain(async () => {
  deadline(180);
  const dir = tempDir();
  const db = openDatabase(dir, "NORMAL");
  runMigrations(db);
  // As the server runs: WAL checkpoints on their own thread (src/db/checkpoints.ts).
  const checkpoints = startCheckpoints(db, dir, "NORMAL", { startAfterFrames: 0 });
  const setup = await initCompany(db, { company: "Bench", email: "admin@bench.test", password: "benchpass1" });
  const chat = new ChatService(db);
  // One loop plays every visitor, far faster than a person types: the shared rates would refuse it.
  for (const rates of ["personRates", "addressRates"]) (chat as unknown as Record<string, { take(): boolean }>)[rates]!.take = () => true;
  const eid = setup.enterpriseId;

  // Sockets are replaced by functions that serialise the frame, as sockets.ts does before send().
  let bytes = 0;
  const send = (f: ServerFrame) => void (bytes += JSON.stringify(f).length);
  // Enough agents (cap 100 each) that every conversation is assigned, none waits in the queue;
  // each signed in the way the socket layer does it (a session, then findSession).
  const agentConns: Connection[] = [];
  for (let i = 1; i <= Math.ceil(C / 100); i++) {
    const user = await addUser(db, eid, { email: `a${i}@bench.test`, password: "benchpass1", name: `A${i}`, cap: 100 });
    const member = findSession(db, createSession(db, user, 1).cookie)!.user;
    const conn = newConnection("agent", send, "bench", member);
    conn.bucket.take = () => true;
    chat.receive(conn, { type: "hello", role: "agent" });
    chat.receive(conn, { type: "status", status: "online" });
    agentConns.push(conn);
  }
  const visitors: Connection[] = [];
  for (let i = 0; i < C; i++) {
    const v = newConnection("visitor", send, "bench");
    v.bucket.take = () => true; // the rate limit is per socket; here one loop plays every socket
    chat.receive(v, { type: "hello", role: "visitor", site: setup.siteKey, visitorId: `bench-visitor-${String(i).padStart(8, "0")}` });
    chat.receive(v, { type: "message", clientId: `open-${i}`, text: TEXT });
    visitors.push(v);
  }
  const waiting = visitors.filter((v) => !chat.conversations.openForVisitor(eid, v.visitor!.id)?.agentId).length;
  console.log(`${C} open conversations (${waiting} waiting for an agent), ${agentConns.length} agents; ${N} timed calls per line (µs per call, one core, in-process)\n`);

  let k = 0;
  const whole = time("ChatService.receive(visitor message) — the whole frame", N, (i) =>
    chat.receive(visitors[i % C]!, { type: "message", clientId: `w${k++}`, text: TEXT }),
  );

  // As the socket layer runs them (src/chat/group-commit.ts): the frames of one turn in one transaction.
  const BATCH = 100;
  const batched = time(`ChatService.receive, ${BATCH} frames per transaction (group commit)`, N, (i) => {
    if (i % BATCH === 0) db.$client.exec("BEGIN IMMEDIATE");
    chat.receive(visitors[i % C]!, { type: "message", clientId: `b${k++}`, text: TEXT });
    if (i % BATCH === BATCH - 1) db.$client.exec("COMMIT");
  });
  if (db.$client.inTransaction) db.$client.exec("COMMIT");

  const v0 = visitors.map((v) => v.visitor!.id);
  const convs = v0.map((vid) => chat.conversations.openForVisitor(eid, vid)!);
  const message = (i: number) => chat.receive(visitors[i % C]!, { type: "message", clientId: `w${k++}`, text: TEXT });
  // The statements of a further message (the visitor's open conversation by the visitor index, then
  // store.append's INSERT; the seq comes from memory), committed each, then all in one transaction:
  // the difference is the commit.
  const raw = db.$client;
  const plans = [
    "SELECT * FROM conversations WHERE enterprise_id = ? AND visitor_id = ? AND status = 'open'",
    "SELECT seq FROM messages WHERE enterprise_id = ? AND conversation_id = ? ORDER BY seq DESC LIMIT 1",
  ].map((q) => {
    // prepare + finalize, not query(): a cached EXPLAIN stays "in progress" in bun:sqlite and blocks COMMIT.
    const explain = raw.prepare(`EXPLAIN QUERY PLAN ${q}`);
    const plan = (explain.all(eid, "x") as { detail: string }[]).map((r) => r.detail).join("; ");
    explain.finalize();
    return plan;
  });
  console.log(`  its lookup when the conversation is not kept in memory: ${plans[0]} (and once per conversation after a start, its newest seq: ${plans[1]})`);
  const append = (tag: string) => (i: number) =>
    chat.store.append(chat.conversations.openForVisitor(eid, v0[i % C]!)!, { sender: "visitor", authorId: null, authorName: null, clientId: `${tag}${k++}`, text: TEXT });
  const each = time("  conversations.openForVisitor + store.append, a commit each", N, append("t"), whole);
  const all = time("  the same, all N in one transaction (the statements, no commit)", N, append("g"), whole, raw);
  line("  ⇒ one commit per message (WAL writes of its pages)", each - all, whole);
  time("    of which conversations.openForVisitor (kept: a PRAGMA data_version)", N, (i) => chat.conversations.openForVisitor(eid, v0[i % C]!), whole);
  // As at saturation (frames committed in batches): the frame less its statements.
  line("  ⇒ the rest of a batched frame: checks, ack, fan-out, GC (no sockets here)", batched - all, whole);
  const msg = { type: "message", conversationId: convs[0]!.id, id: 1, seq: 2, clientId: "m1", from: "visitor", authorName: null, text: TEXT, at: Date.now() };
  time("  JSON.stringify of one outgoing frame", N, () => JSON.stringify(msg), whole);
  time("  raw: BEGIN + COMMIT of an empty transaction", N, () => transaction(db, () => {}), whole);

  // The same job the bare relay does, on a second database in the same directory.
  const bare = new Database(databasePath(dir) + ".bare", { create: true, strict: true });
  bare.exec("PRAGMA journal_mode = WAL");
  bare.exec("PRAGMA synchronous = NORMAL");
  bare.exec("CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL)");
  const ins = bare.prepare("INSERT INTO messages (conversation_id, seq, client_id, body, created_at) VALUES (?, ?, ?, ?, ?)");
  time("bare relay's per-message SQL: one prepared INSERT, autocommit", N, (i) => ins.run(convs[i % C]!.id, i, `b${k++}`, TEXT, Date.now()), whole);
  time("bare relay's per-message JSON: parse + 2 × stringify", N, () => {
    JSON.parse('{"type":"message","clientId":"m1","text":"' + TEXT + '"}');
    JSON.stringify(msg);
    JSON.stringify(msg);
  }, whole);
  bare.close();

  console.log("\nper-call tail of the whole frame (what the open-loop p99 sees):");
  tail("  as the server runs it (a commit each, checkpoints on their thread)", N, message);
  checkpoints.stop();
  db.$client.close();
});
