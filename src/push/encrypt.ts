// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): a fresh
// P-256 key and salt per message, the shared secret mixed with the browser's auth secret by
// HKDF-SHA-256, the payload sealed in one AES-128-GCM record. Only the browser can read it; the
// push service relays bytes.
import { createCipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { fromB64url } from "./vapid";

/** One record holds the whole payload: RFC 8030 push services take at least 4096 bytes. */
const RECORD_SIZE = 4096;
/** Push services take bodies of at least 4096 bytes: the payload, the 86-byte header and the 17 bytes of tag and delimiter fit well within. */
export const MAX_PAYLOAD = 3000;

const info = (label: string) => Buffer.concat([Buffer.from(`Content-Encoding: ${label}`), Buffer.from([0])]);

/** `p256dh`, `auth`: the subscription's keys (base64url). Returns the request body. */
export function encryptPayload(payload: Uint8Array, p256dh: string, auth: string): Buffer {
  if (payload.length > MAX_PAYLOAD) throw new Error(`push payload larger than ${MAX_PAYLOAD} bytes`);
  const uaPublic = fromB64url(p256dh);
  const authSecret = fromB64url(auth);
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error("p256dh is not an uncompressed P-256 point");
  if (authSecret.length < 16) throw new Error("auth secret shorter than 16 bytes");
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const asPublic = ecdh.getPublicKey();
  const salt = randomBytes(16);
  const shared = ecdh.computeSecret(uaPublic);
  // RFC 8291 §3.3–3.4: IKM from the ECDH secret and the auth secret, then the key and nonce from it and the salt.
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info"), Buffer.from([0]), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, info("aes128gcm"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, info("nonce"), 12));
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  // 0x02: the last (and only) record's delimiter, no padding.
  const sealed = Buffer.concat([cipher.update(Buffer.concat([payload, Buffer.from([2])])), cipher.final(), cipher.getAuthTag()]);
  // The RFC 8188 header: salt, record size, and the sender's public key as the key id.
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header.writeUInt8(asPublic.length, 20);
  return Buffer.concat([header, asPublic, sealed]);
}
