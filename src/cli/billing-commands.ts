// `parley billing check [--data DIR]` (PRODUCT.md "Contracts"): every enterprise's balance equals
// the sum of its ledger rows and every row's balance_after the running sum; exit 1 with the first
// mismatch. Read-only: safe while the server runs.
import { checkLedger, describeMismatch } from "../billing/ledger";
import { loadConfig } from "../config";
import { openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { ParsedArgs } from "./args";

export function billingCheck(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  const db = openDatabase(config.dataDir, config.synchronous);
  runMigrations(db);
  const entries = (db.$client.query("select count(*) as n from ledger_entries").get() as { n: number }).n;
  const wallets = (db.$client.query("select count(*) as n from wallets").get() as { n: number }).n;
  const mismatch = checkLedger(db);
  db.$client.close();
  if (mismatch) {
    console.error(`parley billing check: ${describeMismatch(mismatch)}`);
    console.log(JSON.stringify({ ok: false, mismatch }));
    process.exit(1);
  }
  console.log(JSON.stringify({ ok: true, wallets, entries }));
}
