// What the messages' (conversation, seq) index costs a write, in process on one SQLite file, and
// what other layouts would cost instead (issue 20: the one thing Parley writes that the bare relay
// does not). It stores messages as the group commit does, a batch per transaction, spread over
// 4,000 conversations as at saturation, after a prefill of 400,000, with a passive checkpoint on a
// second connection every 50 batches; it prints the writer's µs per message and the checkpoint's.
//
//   bun bench/message-index.ts [--batch 100] [--rounds 3] [--layouts parley,none,deferred,integer-key]
//
// Layouts (all with the columns of src/chat/schema.ts):
//   parley       the unique index on (conversation_id, seq), as shipped
//   none         no index at all (the relay's table: unsafe for Parley, replays would scan)
//   deferred     no index on the table; a WITHOUT ROWID table of (conversation, seq, id) filled once
//                per 30,000 messages by one INSERT … SELECT (what an LSM-like store would do)
//   integer-key  the index on an integer conversation key instead of the text id
//   page-8k / page-2k / mmap   the shipped index with another page size, or with mmap_size 1 GiB
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const BATCH = Number(opt("--batch", "100"));
const ROUNDS = Number(opt("--rounds", "3"));
const LAYOUTS = opt("--layouts", "parley,none,deferred,integer-key").split(",");
const CONVERSATIONS = 4000;
const PREFILL = 400_000;
const MEASURED = 300_000;
const DEFER_EVERY = 30_000;
const CHECKPOINT_EVERY_BATCHES = 50;

function run(layout: string): { writer: number; deferredShare: number; checkpoint: number } {
  const dir = mkdtempSync(join(tmpdir(), "parley-msgidx-"));
  const path = join(dir, "db.sqlite");
  try {
    const db = new Database(path);
    if (layout === "page-8k") db.exec("PRAGMA page_size = 8192");
    if (layout === "page-2k") db.exec("PRAGMA page_size = 2048");
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0");
    if (layout === "mmap") db.exec("PRAGMA mmap_size = 1073741824");
    const integerKey = layout === "integer-key";
    db.exec(`CREATE TABLE messages (id integer PRIMARY KEY AUTOINCREMENT, enterprise_id text NOT NULL,
      conversation_id ${integerKey ? "integer" : "text"} NOT NULL, seq integer NOT NULL, client_id text,
      sender text NOT NULL, author_id text, author_name text, body text NOT NULL,
      internal integer NOT NULL DEFAULT 0, attachment text, created_at integer NOT NULL)`);
    if (layout === "deferred") db.exec("CREATE TABLE message_seqs (conversation_id text NOT NULL, seq integer NOT NULL, message_id integer NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID");
    else if (layout !== "none") db.exec("CREATE UNIQUE INDEX messages_conversation_seq ON messages (conversation_id, seq)");

    const ids = Array.from({ length: CONVERSATIONS }, (_, i) => (integerKey ? i + 1 : `01JF${crypto.randomUUID().replace(/-/g, "").slice(0, 22).toUpperCase()}`));
    const seqs = new Array<number>(CONVERSATIONS).fill(0);
    const insert = db.prepare("INSERT INTO messages (enterprise_id, conversation_id, seq, client_id, sender, author_id, author_name, body, internal, attachment, created_at) VALUES (?, ?, ?, ?, 'visitor', ?, NULL, ?, 0, NULL, ?)");
    const begin = db.prepare("BEGIN IMMEDIATE");
    const commit = db.prepare("COMMIT");
    const lastId = db.prepare("SELECT max(id) AS id FROM messages");
    const fillSeqs = layout !== "deferred" ? null : db.prepare("INSERT INTO message_seqs SELECT conversation_id, seq, id FROM messages WHERE id > ?1 AND id <= ?2 ORDER BY conversation_id, seq");
    const checkpointer = new Database(path);
    const passive = checkpointer.prepare("PRAGMA wal_checkpoint(PASSIVE)");
    const restart = checkpointer.prepare("PRAGMA wal_checkpoint(RESTART)");

    let indexedUpTo = 0;
    let sinceDefer = 0;
    let batches = 0;
    let deferredMs = 0;
    let checkpointMs = 0;
    const batch = () => {
      begin.run();
      for (let i = 0; i < BATCH; i++) {
        const c = (Math.random() * CONVERSATIONS) | 0;
        insert.run("e1", ids[c]!, ++seqs[c]!, `c${Math.random()}`, `v${c}`, `a visitor's message, number ${i}`, Date.now());
      }
      commit.run();
      if (layout === "deferred" && (sinceDefer += BATCH) >= DEFER_EVERY) {
        sinceDefer = 0;
        const t = performance.now();
        const upTo = (lastId.get() as { id: number }).id;
        begin.run();
        fillSeqs!.run(indexedUpTo, upTo);
        commit.run();
        indexedUpTo = upTo;
        deferredMs += performance.now() - t;
      }
      if (++batches % CHECKPOINT_EVERY_BATCHES === 0) {
        const t = performance.now();
        const r = passive.get() as { log: number };
        if (r.log > 65_536) restart.get();
        checkpointMs += performance.now() - t;
      }
    };
    for (let n = 0; n < PREFILL; n += BATCH) batch();
    restart.get();
    deferredMs = checkpointMs = 0;
    const t0 = performance.now();
    for (let n = 0; n < MEASURED; n += BATCH) batch();
    const total = performance.now() - t0;
    checkpointer.close();
    db.close();
    const perMessage = (ms: number) => (ms * 1000) / MEASURED;
    return { writer: perMessage(total - checkpointMs), deferredShare: perMessage(deferredMs), checkpoint: perMessage(checkpointMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`== ${BATCH} messages a transaction over ${CONVERSATIONS} conversations, ${PREFILL} stored first, ${MEASURED} measured; ${ROUNDS} alternating rounds, medians`);
const results = new Map<string, ReturnType<typeof run>[]>();
for (let round = 0; round < ROUNDS; round++)
  for (const layout of LAYOUTS) {
    const r = run(layout);
    results.set(layout, [...(results.get(layout) ?? []), r]);
  }
const base = results.get("parley");
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [layout, rs] of results) {
  const w = median(rs.map((r) => r.writer));
  const c = median(rs.map((r) => r.checkpoint));
  const d = median(rs.map((r) => r.deferredShare));
  const ratio = base ? ` · ${(w / median(base.map((r) => r.writer))).toFixed(2)}× the shipped writer` : "";
  console.log(`${layout.padEnd(12)} writer ${w.toFixed(2)} µs/msg${d ? ` (of it the deferred fill ${d.toFixed(2)})` : ""} · checkpoint ${c.toFixed(2)} µs/msg${ratio}   rounds: ${rs.map((r) => r.writer.toFixed(2)).join(", ")}`);
}
