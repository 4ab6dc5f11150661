// Diagnostic for `bun bench/load.ts --checkpointer`: a second process that keeps Parley's WAL short
// by running PASSIVE checkpoints every 100 ms on its own connection, so the server's own
// connection never reaches wal_autocheckpoint (1000 pages) and never checkpoints on its event
// loop. It shows how much of the latency tail is checkpointing; the fix belongs in the server
// (a Worker doing this), see docs/benchmarks.md.
import { Database } from "bun:sqlite";

const db = new Database(process.argv[2]!);
db.exec("PRAGMA busy_timeout = 0");
const stmt = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
setInterval(() => {
  try {
    stmt.get();
  } catch {}
}, 100);
process.on("SIGTERM", () => {
  db.close();
  process.exit(0);
});
