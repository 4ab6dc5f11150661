// First run: the enterprise, its admin and a default site, created together or not at all.
import { transaction } from "../db/transaction";
import type { Db } from "../db/client";
import { enterprises } from "../db/schema";
import { newId } from "../db/ids";
import { UserError } from "../errors";
import { createSite } from "../sites/sites";
import { insertUser, prepareUser } from "./users";

export interface SetupInput {
  company: string;
  email: string;
  password: string;
  adminName?: string;
}

export interface SetupResult {
  enterpriseId: string;
  siteKey: string;
  siteId: string;
  adminId: string;
  adminEmail: string;
}

export function isInitialised(db: Db): boolean {
  return db.select({ id: enterprises.id }).from(enterprises).limit(1).get() !== undefined;
}

/** `inside` runs within the same write (platform sign-up records the enterprise's standing there), all or nothing. */
export async function createEnterprise(db: Db, input: SetupInput, onlyIfFirst = false, inside?: (result: SetupResult) => void): Promise<SetupResult> {
  const company = typeof input.company === "string" ? input.company.trim() : "";
  if (!company || company.length > 120) throw new UserError("invalid_company");
  const enterpriseId = newId("ent");
  const admin = await prepareUser(db, enterpriseId, {
    email: input.email,
    password: input.password,
    name: input.adminName?.trim() || company,
    role: "admin",
  });
  return transaction(db, () => {
    if (onlyIfFirst && isInitialised(db)) throw new UserError("already_initialised", 409);
    db.insert(enterprises).values({ id: enterpriseId, name: company, createdAt: Date.now() }).run();
    const user = insertUser(db, admin);
    const site = createSite(db, enterpriseId, company);
    const result = { enterpriseId, siteKey: site.key, siteId: site.id, adminId: user.id, adminEmail: user.email };
    inside?.(result);
    return result;
  });
}

/** Company mode has exactly one enterprise, made once. */
export async function initCompany(db: Db, input: SetupInput): Promise<SetupResult> {
  if (isInitialised(db)) throw new UserError("already_initialised", 409);
  return createEnterprise(db, input, true);
}
