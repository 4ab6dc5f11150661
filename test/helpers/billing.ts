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

/** Signs a firm up and marks it verified (the verification's own path is tested in platform-verification). */
export async function verifiedFirm(srv: import("./server").TestServer): Promise<{ client: import("./http").HttpClient; enterpriseId: string; form: Record<string, string> }> {
  const { signUpFirm } = await import("./platform");
  // Billing tests sign many firms up from one address: the sign-up limit is not what they test.
  const { setSignupLimiter, SIGNUP_LIMITS } = await import("../../src/platform/signup");
  const { LoginLimiter } = await import("../../src/accounts/login-limit");
  setSignupLimiter(srv.app, new LoginLimiter({ ...SIGNUP_LIMITS, perPair: 1000, perAddress: 1000 }));
  const firm = await signUpFirm(srv);
  srv.db.$client.run("update platform_accounts set state = 'verified' where enterprise_id = ?", [firm.enterpriseId]);
  return firm;
}

export const BANK_ACCOUNT = "户名：某某科技有限公司\n开户行：招商银行福州分行\n账号：5919 0000 0000 001";

/** Today as YYYY-MM-DD (UTC), a valid transfer date. */
export const today = () => new Date().toISOString().slice(0, 10);

/** The balance a page shows: data-fen of data-testid="balance". */
export function shownBalance(html: string): number | null {
  const m = /data-testid="balance" data-fen="(-?\d+)"/.exec(html) ?? /data-fen="(-?\d+)"[^>]*data-testid="balance"/.exec(html);
  return m ? Number(m[1]) : null;
}
