// The install's VAPID key pair (RFC 8292): made at first start and kept in the database's
// instance-wide values (in the data directory, and so in every backup), so that browsers'
// subscriptions, which are bound to the public key, survive restarts and restores. The private key
// signs one short-lived ES256 JWT per push.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { instanceValue } from "../accounts/instance";
import type { Db } from "../db/client";
import { onePer } from "../one-per";

export interface VapidKeys {
  /** the uncompressed P-256 point (65 bytes), base64url: the browser's applicationServerKey */
  publicKey: string;
  privateKey: KeyObject;
}

export const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
export const fromB64url = (text: string): Buffer => Buffer.from(text, "base64url");

/** A P-256 public key as its raw uncompressed point, from the JWK's coordinates. */
function rawPoint(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  return Buffer.concat([Buffer.from([4]), fromB64url(jwk.x!), fromB64url(jwk.y!)]);
}

/** the instance value holding the private key as a JWK */
export const VAPID_KEY = "vapid_private_jwk";

/** The install's keys, made (and stored) when there are none yet. */
export const vapidKeys = onePer((db: Db): VapidKeys => {
  const stored = instanceValue(db, VAPID_KEY, () => JSON.stringify(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "jwk" })));
  const privateKey = createPrivateKey({ key: JSON.parse(stored), format: "jwk" });
  return { publicKey: b64url(rawPoint(createPublicKey(privateKey))), privateKey };
});

/** VAPID lets a token live up to 24 hours; ours live 12. */
const TOKEN_SECONDS = 12 * 3600;

/** The Authorization header for a push to `endpoint` (RFC 8292 §3): `vapid t=<ES256 JWT>, k=<public key>`. */
export function vapidAuthorization(keys: VapidKeys, endpoint: string, subject: string, now = Date.now()): string {
  const header = b64url(Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256" })));
  const claims = b64url(Buffer.from(JSON.stringify({ aud: new URL(endpoint).origin, exp: Math.floor(now / 1000) + TOKEN_SECONDS, sub: subject })));
  const signature = sign("sha256", Buffer.from(`${header}.${claims}`), { key: keys.privateKey, dsaEncoding: "ieee-p1363" });
  return `vapid t=${header}.${claims}.${b64url(signature)}, k=${keys.publicKey}`;
}
