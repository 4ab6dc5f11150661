// Expired sessions do not pile up: `parley serve` deletes them at start-up (and hourly after), and
// one round of the accounts' sweep deletes exactly the expired ones.
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { afterAll, expect, test } from "bun:test";
import { startAccountHousekeeping } from "../../src/accounts/housekeeping";
import { createSession } from "../../src/accounts/sessions";
import { getUser } from "../../src/accounts/users";
import { databasePath } from "../../src/db/client";
import { serveProcess } from "../helpers/process";
import { startServer } from "../helpers/server";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("parley serve deletes expired sessions at start-up and keeps the others", async () => {
  const srv = await startServer();
  dirs.push(srv.dataDir);
  const user = getUser(srv.db, srv.enterpriseId, srv.agent.id)!;
  createSession(srv.db, user, 1);
  createSession(srv.db, user, 1);
  srv.db.$client.run("update sessions set expires_at = ? where rowid = (select min(rowid) from sessions)", [Date.now() - 1000]);
  await srv.stop(true);

  const s = await serveProcess(srv.dataDir);
  try {
    const db = new Database(databasePath(srv.dataDir), { readonly: true });
    const rows = db.query("select expires_at from sessions").all() as { expires_at: number }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expires_at).toBeGreaterThan(Date.now());
  } finally {
    await s.stop();
  }
});

test("the housekeeping sweeps at once, then on its timer", async () => {
  const srv = await startServer();
  try {
    const user = getUser(srv.db, srv.enterpriseId, srv.agent.id)!;
    createSession(srv.db, user, 1);
    const expire = () => srv.db.$client.run("update sessions set expires_at = ?", [Date.now() - 1000]);
    const count = () => (srv.db.$client.query("select count(*) as n from sessions").get() as { n: number }).n;
    expire();
    const stop = startAccountHousekeeping(srv.app, 20);
    expect(count()).toBe(0);
    createSession(srv.db, user, 1);
    expire();
    // The next round comes within 20 ms; wait for it by polling, not a fixed sleep.
    for (let i = 0; i < 100 && count() > 0; i++) await Bun.sleep(10);
    stop();
    expect(count()).toBe(0);
  } finally {
    await srv.stop();
  }
});
