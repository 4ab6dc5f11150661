// An enterprise's standing on the platform: its shown ID (企业ID), its verification state and
// whether it is suspended. Company mode never writes a row: an enterprise without one was made by
// company mode (or `parley init`) and stands as verified, which is what keeps a company-mode data
// directory working unchanged when it is switched to platform mode (docs/platform.md, "Upgrade").
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { platformAccounts } from "../db/schema";
import { scoped } from "../db/scope";
import { ENTERPRISE_STATES } from "./schema";

export type EnterpriseState = (typeof ENTERPRISE_STATES)[number];
export type PlatformAccount = typeof platformAccounts.$inferSelect;

export interface Standing {
  state: EnterpriseState;
  suspended: boolean;
  suspendReason: string;
}

const COMPANY_MADE: Standing = { state: "verified", suspended: false, suspendReason: "" };

export function accountOf(db: Db, enterpriseId: string): PlatformAccount | undefined {
  return scoped(db, enterpriseId).select(platformAccounts).get();
}

export function standingOf(db: Db, enterpriseId: string): Standing {
  const row = accountOf(db, enterpriseId);
  if (!row) return COMPANY_MADE;
  return { state: row.state, suspended: row.suspendedAt !== null, suspendReason: row.suspendReason };
}

/** Eight digits, not starting with 0; random, so an ID says nothing about how many enterprises there are. */
function candidateDisplayId(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0]! % 90_000_000;
  return String(10_000_000 + n);
}

function freeDisplayId(db: Db): string {
  for (;;) {
    const id = candidateDisplayId();
    if (!db.select({ id: platformAccounts.enterpriseId }).from(platformAccounts).where(eq(platformAccounts.displayId, id)).get()) return id;
  }
}

/** Writes a new enterprise's row (inside the write that creates the enterprise). */
export function createAccount(db: Db, enterpriseId: string, input: { state: EnterpriseState; phone?: string }, now = Date.now()): PlatformAccount {
  const row = { displayId: freeDisplayId(db), state: input.state, phone: input.phone ?? "", suspendedAt: null, suspendReason: "", createdAt: now, updatedAt: now };
  scoped(db, enterpriseId).insert(platformAccounts, row).run();
  return { ...row, enterpriseId };
}

/** The enterprise's row, made (as verified, with a new 企业ID) for an enterprise company mode created. */
export function ensureAccount(db: Db, enterpriseId: string): PlatformAccount {
  return accountOf(db, enterpriseId) ?? createAccount(db, enterpriseId, { state: "verified" });
}
