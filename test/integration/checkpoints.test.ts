// The WAL is checkpointed by a thread with its own connection, not by the connection that commits
// (src/db/checkpoints.ts), started once the server writes; if the thread cannot run, the server's
// connection checkpoints again.
import { afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { startCheckpoints, type Checkpoints } from "../../src/db/checkpoints";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { tempDir } from "../helpers/server";
import { until } from "../helpers/wait";

let db: Db | undefined;
let cp: Checkpoints | undefined;
let dir = "";

afterEach(() => {
  cp?.stop();
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
  cp = db = undefined;
});

const autocheckpoint = (d: Db) => (d.$client.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;


test("the thread copies committed pages into the database file; the server's connection never checkpoints", async () => {
  dir = tempDir();
  db = openDatabase(dir);
  runMigrations(db);
  cp = startCheckpoints(db, dir, "NORMAL", { everyMs: 20, startAfterFrames: 0 });
  expect(cp.mode).toBe("thread");
  expect(autocheckpoint(db)).toBe(0);
  const insert = db.$client.prepare("insert into search_state (key, value) values (?, ?)");
  for (let i = 0; i < 300; i++) insert.run(`k${i}`, i);
  await until(() => cp!.frames >= 300);
  expect(cp.frames).toBeGreaterThanOrEqual(300);
  // Stopped, the connection checkpoints again (and closing it leaves a complete database file).
  cp.stop();
  expect(autocheckpoint(db)).toBe(1000);
});

test("a thread that fails hands checkpointing back to the server's connection", async () => {
  dir = tempDir();
  db = openDatabase(dir);
  // No database file where the thread looks for one: it cannot open it and stops.
  cp = startCheckpoints(db, `${dir}/missing`, "NORMAL", { everyMs: 20, startAfterFrames: 0 });
  await until(() => cp!.mode === "inline");
  expect(cp.mode).toBe("inline");
  expect(autocheckpoint(db)).toBe(1000);
});

test("the thread waits for the server to write: until the WAL holds its first frames the connection checkpoints itself", async () => {
  dir = tempDir();
  db = openDatabase(dir);
  runMigrations(db);
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // the migrations' frames gone: a server started on an existing database
  cp = startCheckpoints(db, dir, "NORMAL", { everyMs: 20, startAfterFrames: 50, pollMs: 5 });
  expect(cp.mode).toBe("waiting");
  expect(autocheckpoint(db)).toBe(1000);
  const insert = db.$client.prepare("insert into search_state (key, value) values (?, ?)");
  for (let i = 0; i < 300; i++) insert.run(`k${i}`, i);
  await until(() => cp!.mode === "thread");
  expect(autocheckpoint(db)).toBe(0);
  await until(() => cp!.frames > 0);
  expect(cp.frames).toBeGreaterThan(0);
  cp.stop();
  expect(autocheckpoint(db)).toBe(1000);
});
