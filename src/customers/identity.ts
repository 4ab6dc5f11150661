// Identified visitors: the host site signs its signed-in user's id with the site's identity secret
// (HMAC-SHA256, hex) and the widget passes both to Parley.identify. A valid signature ties the
// visitor — whatever browser or device — to the customer with that id; anything else is ignored.
// The secret is stored as is: verifying needs it, and admins must read it to set up their site.
import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { customers, siteIdentitySecrets } from "../db/schema";
import { randomToken } from "../db/ids";
import { scoped } from "../db/scope";
import { checkInput, createCustomer, customerOfRef, emailKey, fillEmpty, link, phoneKey, updateCustomer, type Customer } from "./customers";

export const MAX_EXTERNAL_ID = 128;

/** The site's secret, made on first use. */
export function identitySecret(db: Db, enterpriseId: string, siteId: string): string {
  const s = scoped(db, enterpriseId);
  const row = s.select(siteIdentitySecrets, eq(siteIdentitySecrets.siteId, siteId)).get();
  if (row) return row.secret;
  s.insert(siteIdentitySecrets, { siteId, secret: randomToken(40), createdAt: Date.now() }).onConflictDoNothing().run();
  return s.select(siteIdentitySecrets, eq(siteIdentitySecrets.siteId, siteId)).get()!.secret;
}

/** A new secret: signatures made with the old one stop being accepted at once. */
export function rotateIdentitySecret(db: Db, enterpriseId: string, siteId: string): string {
  identitySecret(db, enterpriseId, siteId);
  const secret = randomToken(40);
  scoped(db, enterpriseId).update(siteIdentitySecrets, { secret, createdAt: Date.now() }, eq(siteIdentitySecrets.siteId, siteId)).run();
  return secret;
}

export function signatureOf(secret: string, id: string): string {
  return createHmac("sha256", secret).update(id, "utf8").digest("hex");
}

/** Constant-time comparison of the given signature (hex, either case) with the right one. */
export function validSignature(secret: string, id: string, signature: unknown): boolean {
  if (typeof signature !== "string" || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature.toLowerCase(), "hex"), Buffer.from(signatureOf(secret, id), "hex"));
}

export interface Identity {
  id: string;
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * Ties a visitor to the customer the host site vouches for (the signature was checked by the
 * caller): that customer is found by its external id, or made; the host's name, email and phone
 * are the truth for it, so they replace what it had (values that fail the checks are skipped).
 */
export function identifyVisitor(db: Db, enterpriseId: string, visitorId: string, who: Identity, now = Date.now()): Customer {
  const { clean } = checkInput({ name: who.name ?? "", email: who.email ?? "", phone: who.phone ?? "" }, []);
  const given: Record<string, string> = {};
  if (clean.name && clean.name.length <= 100) given.name = clean.name;
  if (clean.email && emailKey(clean.email)) given.email = clean.email;
  if (clean.phone && phoneKey(clean.phone)) given.phone = clean.phone;
  const s = scoped(db, enterpriseId);
  let c = s.select(customers, eq(customers.externalId, who.id)).get();
  if (!c) {
    // The visitor's record (from a form earlier) becomes the identified customer, unless it is already someone else's.
    const before = customerOfRef(db, enterpriseId, "visitor", visitorId);
    if (before && before.externalId === null) {
      s.update(customers, { externalId: who.id }, eq(customers.id, before.id)).run();
      c = { ...before, externalId: who.id };
    } else {
      c = createCustomer(db, enterpriseId, given, null, now);
      s.update(customers, { externalId: who.id }, eq(customers.id, c.id)).run();
    }
  }
  c = Object.keys(given).length ? updateCustomer(db, enterpriseId, c, given, now) : fillEmpty(db, enterpriseId, c, {}, now);
  link(db, enterpriseId, c.id, "visitor", visitorId, true, now);
  return c;
}
