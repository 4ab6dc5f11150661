// Billing in tests: a migrated database of its own, and the ledger check every billing test ends with.
import { expect } from "bun:test";
import { rmSync } from "node:fs";
import { checkLedger, describeMismatch } from "../../src/billing/ledger";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { tempDir } from "./server";

export function billingDb(): { db: Db; dataDir: string; close(): void } {
  const dataDir = tempDir("parley-billing-");
  const db = openDatabase(dataDir);
  runMigrations(db);
  return {
    db,
    dataDir,
    close() {
      db.$client.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What `parley billing check` checks, as an assertion (call it in afterEach). */
export function expectLedgerConsistent(db: Db): void {
  const m = checkLedger(db);
  expect(m ? describeMismatch(m) : null).toBeNull();
}
