// The signature every delivery carries (docs/webhooks.md): HMAC-SHA256 with the endpoint's secret
// over "<timestamp>.<body>", sent as `Parley-Signature: t=<unix seconds>,v1=<hex>`. The timestamp
// is signed too, so a receiver can refuse an old delivery replayed.
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomToken } from "../db/ids";

export const SIGNATURE_HEADER = "Parley-Signature";

/** A new signing secret: `whsec_` + 40 random base32 characters (200 bits). */
export const newSecret = (): string => `whsec_${randomToken(40)}`;

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * The receiver's check (what docs/webhooks.md shows in Node and Python; the tests' receiver uses
 * it): the header's t and v1, the HMAC recomputed, compared in constant time, and t within
 * `toleranceS` of now.
 */
export function verifySignature(secret: string, body: string, header: string, nowS = Math.floor(Date.now() / 1000), toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
