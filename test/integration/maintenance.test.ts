// Background jobs on a real SQLite file (the planner's statistics, src/db/maintenance.ts; account
// housekeeping, src/accounts/housekeeping.ts): a run that fails (the database locked past the busy
// timeout by another process, such as a CLI command) is logged and the next run goes on; it never
// escapes its timer, where it would end the server (src/log.ts).
import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { startAccountHousekeeping } from "../../src/accounts/housekeeping";
import { startMaintenance } from "../../src/db/maintenance";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { until } from "../helpers/wait";

let srv: TestServer;
afterEach(() => srv?.stop());

/**
 * Another connection holds the write lock (the server's connection waits 20 ms for it); what the
 * server logs to stderr with `word`, and any error that escapes to the process, are collected until
 * `done()`. `unlock()` lets the server write again.
 */
function lockedDatabase(srv: TestServer, word: string) {
  srv.db.$client.exec("PRAGMA busy_timeout = 20");
  const other = new Database(join(srv.dataDir, "parley.sqlite"));
  other.exec("BEGIN IMMEDIATE");
  other.exec("create table held_lock (x)");
  const uncaught: unknown[] = [];
  const onError = (e: unknown) => uncaught.push(e);
  process.on("uncaughtException", onError);
  const logged: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).includes(word)) logged.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    uncaught,
    logged,
    unlock: () => other.exec("ROLLBACK"),
    done() {
      process.stderr.write = write;
      process.off("uncaughtException", onError);
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    },
  };
}

test("optimize failing on a locked database is logged, and the next run analyses the tables", async () => {
  srv = await startServer();
  const sqlite = srv.db.$client;
  const analysed = () => !!sqlite.query("select 1 from sqlite_master where name = 'sqlite_stat1'").get();
  expect(analysed()).toBe(false);
  const lock = lockedDatabase(srv, "optimiz");
  let stop = () => {};
  try {
    stop = startMaintenance(srv.db, 30, 0);
    // The first run meets the lock. Before: its error escaped the timer (the server exits on one).
    await until(() => lock.uncaught.length > 0 || lock.logged.length > 0, "the first run to fail");
    expect(lock.uncaught).toEqual([]);
    expect(lock.logged[0]).toContain('"level":"warn"');
    lock.unlock();
    await until(analysed, "a later run to analyse the tables");
  } finally {
    stop();
    lock.done();
  }
});

test("account housekeeping failing on a locked database is logged, and the next round deletes the expired sessions", async () => {
  srv = await startServer();
  await new HttpClient(srv.url).login(srv.agent.email, srv.agent.password);
  const stop = startAccountHousekeeping(srv.app, 30);
  const sqlite = srv.db.$client;
  sqlite.run("update sessions set expires_at = ?", [Date.now() - 1000]);
  const sessions = () => (sqlite.query("select count(*) as n from sessions").get() as { n: number }).n;
  expect(sessions()).toBeGreaterThan(0);
  const lock = lockedDatabase(srv, "housekeeping");
  try {
    // A round meets the lock. Before: its error escaped the timer (the server exits on one).
    await until(() => lock.uncaught.length > 0 || lock.logged.length > 0, "a round to fail");
    expect(lock.uncaught).toEqual([]);
    lock.unlock();
    await until(() => sessions() === 0, "a later round to delete the expired sessions");
  } finally {
    stop();
    lock.done();
  }
});
