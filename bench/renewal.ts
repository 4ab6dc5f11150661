// The seat-service renewal job (src/billing/service/renewal.ts) over many enterprises: 10,000
// enterprises × 10 seats by default, every one due for renewal (its expiry two days ahead) with a
// balance that covers it. Prints the run's time and the process's peak RSS, then runs the job
// again at the same moment and checks that the second run charges nothing, and that the ledger
// check passes. Options: --enterprises N (10000), --seats N (10).
//   bun bench/renewal.ts [--enterprises 10000] [--seats 10]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkLedger, describeMismatch } from "../src/billing/ledger";
import { runRenewals } from "../src/billing/service/renewal";
import { openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ENTERPRISES = arg("enterprises", 10_000);
const SEATS = arg("seats", 10);
const DAY = 86_400_000;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS; // KB

const dir = mkdtempSync(join(tmpdir(), "parley-bench-renewal-"));
try {
  const db = openDatabase(dir);
  runMigrations(db);
  const sqlite = db.$client;
  const now = Date.now();
  const expiresAt = now + 2 * DAY;
  const perMonth = SEATS * 4000;
  const seedStart = performance.now();
  // Seeded with plain SQL: what the job reads, as opening service would have written it. Each
  // enterprise has a platform account (no upgrade grant), its seats with service, and a balance of
  // two months (a recharge row and its wallet, consistent for the ledger check).
  sqlite.run("BEGIN");
  const ent = sqlite.prepare("insert into enterprises (id, name, created_at) values (?, ?, ?)");
  const acct = sqlite.prepare("insert into platform_accounts (enterprise_id, display_id, state, phone, suspended_at, suspend_reason, created_at, updated_at) values (?, ?, 'verified', '', null, '', ?, ?)");
  const user = sqlite.prepare("insert into users (id, enterprise_id, email, name, password_hash, role, seat_state, cap, status, created_at, password_changed_at) values (?, ?, ?, ?, '', 'agent', 'active', 5, 'offline', ?, ?)");
  const svc = sqlite.prepare("insert into service_accounts (enterprise_id, expires_at, anchor_day, auto_renew, seat_price, addon_price, robot_addon, updated_at) values (?, ?, ?, 1, 4000, 10000, 0, ?)");
  const seat = sqlite.prepare("insert into seat_services (id, enterprise_id, user_id, opened_at, closed_at) values (?, ?, ?, ?, null)");
  const entry = sqlite.prepare("insert into ledger_entries (enterprise_id, kind, amount, balance_after, reference, idempotency_key, actor_type, actor_id, actor_name, memo, at) values (?, 'recharge', ?, ?, '', ?, 'operator', null, 'bench', '', ?) returning id");
  const wallet = sqlite.prepare("insert into wallets (enterprise_id, balance, last_entry_id, updated_at) values (?, ?, ?, ?)");
  const anchor = new Date(expiresAt).getUTCDate();
  for (let e = 0; e < ENTERPRISES; e++) {
    const id = `ent_bench${e}`;
    ent.run(id, `Firm ${e}`, now - DAY);
    acct.run(id, String(10_000_000 + e), now, now);
    svc.run(id, expiresAt, anchor, now);
    for (let s = 0; s <= SEATS; s++) {
      // seat 0 is the founding admin (free); seats 1..SEATS have service
      user.run(`usr_b${e}_${s}`, id, `a${s}@firm${e}.example`, `Agent ${s}`, now - DAY + s, now);
      if (s > 0) seat.run(`svc_b${e}_${s}`, id, `usr_b${e}_${s}`, now - DAY);
    }
    const { id: entryId } = entry.get(id, 2 * perMonth, 2 * perMonth, `bench:${e}`, now - DAY) as { id: number };
    wallet.run(id, 2 * perMonth, entryId, now - DAY);
  }
  sqlite.run("COMMIT");
  console.log(`seeded ${ENTERPRISES.toLocaleString("en")} enterprises × ${SEATS} seats in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; peak RSS so far ${mb(peakRss())}`);

  const ctx = { db, config: { mode: "platform" as const } };
  const rowsBefore = () => (sqlite.query("select count(*) as n from ledger_entries").get() as { n: number }).n;
  const before = rowsBefore();
  const t1 = performance.now();
  const first = runRenewals(ctx, now);
  const ms1 = performance.now() - t1;
  const afterFirst = rowsBefore();
  const t2 = performance.now();
  const second = runRenewals(ctx, now);
  const ms2 = performance.now() - t2;
  const afterSecond = rowsBefore();
  const mismatch = checkLedger(db);
  console.log(`first run:  ${first.renewed.toLocaleString("en")} renewed, ${first.failed} not covered, ¥${(first.chargedFen / 100).toLocaleString("en")} charged, ${afterFirst - before} ledger rows, ${(ms1 / 1000).toFixed(2)} s (${((ms1 * 1000) / ENTERPRISES).toFixed(0)} µs an enterprise)`);
  console.log(`second run: ${second.renewed} renewed, ${afterSecond - afterFirst} ledger rows, ${(ms2 / 1000).toFixed(2)} s`);
  console.log(`peak RSS: ${mb(peakRss())}`);
  console.log(`ledger check: ${mismatch ? describeMismatch(mismatch) : "every balance equals the sum of its rows"}`);
  const ok = first.renewed === ENTERPRISES && second.renewed === 0 && afterSecond === afterFirst && !mismatch;
  console.log(`target: every enterprise renewed once, nothing charged the second time: ${ok ? "PASS" : "FAIL"}`);
  db.$client.close();
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
