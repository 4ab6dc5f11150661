// WeChat Pay API v3, Native payment (扫码支付), spoken with node:crypto directly: the official SDKs
// are Java/Go/PHP, and the Node ones pull in axios and certificate downloaders we do not need. What
// the protocol asks (pay.weixin.qq.com, "签名生成", "签名验证", "回调报文解密", "Native下单"):
//
// - every request carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
//   signature="…",timestamp="…",serial_no="…"`, the signature being SHA256-with-RSA (PKCS#1 v1.5)
//   by the merchant's API private key over "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n";
// - every answer and notification is signed by WeChat Pay's platform key over
//   "TIMESTAMP\nNONCE\nBODY\n" (headers Wechatpay-Timestamp, -Nonce, -Signature, -Serial); we
//   verify it with the platform public key the operator configured and refuse timestamps more than
//   5 minutes away from our clock;
// - a notification's `resource` is AEAD_AES_256_GCM: key = the APIv3 key (32 bytes), iv = nonce
//   (12 bytes), additional data = associated_data, and the base64 ciphertext ends with the 16-byte tag.
import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes } from "node:crypto";
import type { BillingSettings } from "./settings";

export type WechatConfig = BillingSettings["wechat"];

/** The most a notification's or answer's timestamp may differ from our clock. */
export const WECHAT_MAX_SKEW_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

export class GatewayError extends Error {}

export function wechatSign(privateKeyPem: string, message: string): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(privateKeyPem, "base64");
}

export function wechatVerify(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return createVerify("RSA-SHA256").update(message, "utf8").verify(publicKeyPem, signature, "base64");
  } catch {
    return false;
  }
}

/** The Authorization header of a request to the merchant API. */
export function authorization(cfg: WechatConfig, method: string, pathAndQuery: string, body: string, now: number, nonce = randomBytes(16).toString("hex")): string {
  const timestamp = String(Math.floor(now / 1000));
  const signature = wechatSign(cfg.privateKey, `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${cfg.serialNo}"`;
}

export interface SignedHeaders {
  timestamp: string | null;
  nonce: string | null;
  signature: string | null;
  serial: string | null;
}

export function signedHeaders(h: Headers): SignedHeaders {
  return { timestamp: h.get("wechatpay-timestamp"), nonce: h.get("wechatpay-nonce"), signature: h.get("wechatpay-signature"), serial: h.get("wechatpay-serial") };
}

/** Why a message said to come from WeChat Pay cannot be believed, or null when its signature and time are right. */
export function signatureProblem(cfg: WechatConfig, h: SignedHeaders, body: string, now: number): string | null {
  if (!h.timestamp || !h.nonce || !h.signature) return "signature headers missing";
  if (!/^\d{1,12}$/.test(h.timestamp)) return "bad timestamp";
  if (Math.abs(now - Number(h.timestamp) * 1000) > WECHAT_MAX_SKEW_MS) return "timestamp too far from now";
  if (cfg.platformSerial && h.serial !== cfg.platformSerial) return "signed with another platform key";
  if (!wechatVerify(cfg.platformPublicKey, `${h.timestamp}\n${h.nonce}\n${body}\n`, h.signature)) return "bad signature";
  return null;
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

export function decryptResource(apiV3Key: string, r: EncryptedResource): string {
  if (r.algorithm !== "AEAD_AES_256_GCM") throw new GatewayError(`unknown algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, "base64");
  if (data.length < 17) throw new GatewayError("ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(r.nonce, "utf8"));
  decipher.setAAD(Buffer.from(r.associated_data ?? "", "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

/** The gateway's side of decryptResource (the test gateway encrypts notifications with it). */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string, nonce = randomBytes(6).toString("hex")): EncryptedResource {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: "AEAD_AES_256_GCM", ciphertext: data.toString("base64"), nonce, associated_data: associatedData };
}

/** A signed call to the merchant API; the answer's signature is verified before it is believed. */
async function call(cfg: WechatConfig, method: "GET" | "POST", pathAndQuery: string, payload: unknown, now: () => number): Promise<{ status: number; json: any }> {
  const body = payload === undefined ? "" : JSON.stringify(payload);
  const res = await fetch(cfg.baseUrl + pathAndQuery, {
    method,
    headers: { authorization: authorization(cfg, method, pathAndQuery, body, now()), accept: "application/json", "content-type": "application/json", "user-agent": "Parley" },
    body: method === "GET" ? undefined : body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (text.length > 64 * 1024) throw new GatewayError("answer too large");
  // Error answers are believed only as failures; success answers must be signed.
  if (res.ok) {
    const problem = signatureProblem(cfg, signedHeaders(res.headers), text, now());
    if (problem) throw new GatewayError(`answer refused: ${problem}`);
  }
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new GatewayError(`answer is not JSON (HTTP ${res.status})`);
  }
  return { status: res.status, json };
}

/** Native order: returns the code_url the payer scans. */
export async function createNativeOrder(cfg: WechatConfig, order: { id: string; amount: number; description: string; notifyUrl: string; expiresAt: number }, now: () => number): Promise<string> {
  const expire = new Date(order.expiresAt + 8 * 3600_000).toISOString().slice(0, 19) + "+08:00";
  const { status, json } = await call(
    cfg,
    "POST",
    "/v3/pay/transactions/native",
    { appid: cfg.appId, mchid: cfg.mchId, description: order.description, out_trade_no: order.id, time_expire: expire, notify_url: order.notifyUrl, amount: { total: order.amount, currency: "CNY" } },
    now,
  );
  if (status !== 200 || typeof json?.code_url !== "string") throw new GatewayError(`order refused: HTTP ${status} ${String(json?.code ?? "")} ${String(json?.message ?? "")}`.trim());
  return json.code_url;
}

/** The gateway's view of a transaction (from a query or a decrypted notification). */
export interface WechatTransaction {
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  appid: string;
  mchid: string;
  amount?: { total?: number; currency?: string };
}

/** Asks the gateway about our order; null when the gateway does not know it (never created there). */
export async function queryOrder(cfg: WechatConfig, orderId: string, now: () => number): Promise<WechatTransaction | null> {
  const { status, json } = await call(cfg, "GET", `/v3/pay/transactions/out-trade-no/${encodeURIComponent(orderId)}?mchid=${encodeURIComponent(cfg.mchId)}`, undefined, now);
  if (status === 404 || json?.code === "ORDER_NOT_EXIST") return null;
  if (status !== 200) throw new GatewayError(`query failed: HTTP ${status} ${String(json?.code ?? "")}`);
  return json as WechatTransaction;
}

/**
 * A notification's body, once its signature is verified: the transaction inside, decrypted.
 * Throws GatewayError with the reason when it is not a payment notification we can read.
 */
export function readNotification(cfg: WechatConfig, body: string): WechatTransaction {
  let n: any;
  try {
    n = JSON.parse(body);
  } catch {
    throw new GatewayError("notification is not JSON");
  }
  if (n?.resource_type !== "encrypt-resource" || typeof n?.resource?.ciphertext !== "string" || typeof n?.resource?.nonce !== "string") throw new GatewayError("notification without an encrypted resource");
  let plain: string;
  try {
    plain = decryptResource(cfg.apiV3Key, n.resource);
  } catch (e) {
    throw new GatewayError(`resource cannot be decrypted: ${(e as Error).message}`);
  }
  const t = JSON.parse(plain) as WechatTransaction;
  if (typeof t?.out_trade_no !== "string" || typeof t?.trade_state !== "string") throw new GatewayError("resource is not a transaction");
  return t;
}
