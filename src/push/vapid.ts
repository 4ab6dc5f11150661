// The install's VAPID key pair (RFC 8292): made at first start, kept in the data directory
// (vapid.json, readable by the owner only), so that browsers' subscriptions, which are bound to
// the public key, survive restarts. The private key signs one short-lived ES256 JWT per push.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

const loaded = new Map<string, VapidKeys>();

/** The data directory's keys, made (and written) when there are none yet. */
export function vapidKeys(dataDir: string): VapidKeys {
  const cached = loaded.get(dataDir);
  if (cached) return cached;
  const file = join(dataDir, "vapid.json");
  let jwk: JsonWebKey;
  if (existsSync(file)) jwk = JSON.parse(readFileSync(file, "utf8")).privateKey;
  else {
    jwk = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "jwk" });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ note: "Parley's Web Push (VAPID) key; browsers' subscriptions depend on it", privateKey: jwk }), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const privateKey = createPrivateKey({ key: jwk as any, format: "jwk" });
  const keys = { publicKey: b64url(rawPoint(createPublicKey(privateKey))), privateKey };
  loaded.set(dataDir, keys);
  return keys;
}

/** VAPID lets a token live up to 24 hours; ours live 12. */
const TOKEN_SECONDS = 12 * 3600;

/** The Authorization header for a push to `endpoint` (RFC 8292 §3): `vapid t=<ES256 JWT>, k=<public key>`. */
export function vapidAuthorization(keys: VapidKeys, endpoint: string, subject: string, now = Date.now()): string {
  const header = b64url(Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256" })));
  const claims = b64url(Buffer.from(JSON.stringify({ aud: new URL(endpoint).origin, exp: Math.floor(now / 1000) + TOKEN_SECONDS, sub: subject })));
  const signature = sign("sha256", Buffer.from(`${header}.${claims}`), { key: keys.privateKey, dsaEncoding: "ieee-p1363" });
  return `vapid t=${header}.${claims}.${b64url(signature)}, k=${keys.publicKey}`;
}
