// Alipay's open platform (开放平台), RSA2, spoken with node:crypto directly (the alipay-sdk package
// brings an HTTP client and a form builder we do not need, and signing is thirty lines). What the
// protocol asks (opendocs.alipay.com, "自行实现签名", "异步通知验签", alipay.trade.precreate / query):
//
// - a request is a form POST to the gateway with the public parameters (app_id, method, format=JSON,
//   charset=utf-8, sign_type=RSA2, timestamp "yyyy-MM-dd HH:mm:ss" China time, version=1.0,
//   notify_url) and biz_content (JSON); `sign` is SHA256-with-RSA by the application's private key
//   over every other non-empty parameter, sorted by name, joined as k=v with &;
// - an answer is JSON {"<method with _>_response": {...}, "sign": "..."}, signed by Alipay's key over
//   the response object's exact text (so the text is cut out of the answer, not re-serialised);
// - page pay (alipay.trade.page.pay) is the same parameters, signed, as the address of Alipay's page;
// - an asynchronous notification is a form POST signed the same way as a request (sign and sign_type
//   left out), verified with Alipay's public key; the answer Alipay waits for is the text "success".
import { createSign, createVerify } from "node:crypto";
import { fenToYuan } from "./money";
import type { BillingSettings } from "./settings";
import { GatewayError } from "./wechat-pay";

export type AlipayConfig = BillingSettings["alipay"];
const TIMEOUT_MS = 10_000;

/** The text that is signed: non-empty parameters but sign (and sign_type, for notifications), sorted, k=v joined by &. */
export function signingText(params: Record<string, string>, omitSignType = false): string {
  return Object.keys(params)
    .filter((k) => k !== "sign" && !(omitSignType && k === "sign_type") && params[k] !== "" && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

export function rsa2Sign(privateKeyPem: string, text: string): string {
  return createSign("RSA-SHA256").update(text, "utf8").sign(privateKeyPem, "base64");
}

export function rsa2Verify(publicKeyPem: string, text: string, signature: string): boolean {
  try {
    return createVerify("RSA-SHA256").update(text, "utf8").verify(publicKeyPem, signature, "base64");
  } catch {
    return false;
  }
}

/** "yyyy-MM-dd HH:mm:ss" in China time. */
export function alipayTime(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The exact text of `"<key>": {...}` in an answer: the object is scanned for its end (strings and
 * escapes respected) so that the signature is checked over what Alipay sent, byte for byte.
 */
export function responseText(body: string, key: string): string | null {
  const at = body.indexOf(`"${key}"`);
  if (at < 0) return null;
  let i = body.indexOf(":", at + key.length + 2);
  if (i < 0) return null;
  i++;
  while (body[i] === " " || body[i] === "\n" || body[i] === "\r" || body[i] === "\t") i++;
  if (body[i] !== "{") return null;
  let depth = 0;
  let inString = false;
  for (let j = i; j < body.length; j++) {
    const c = body[j];
    if (inString) {
      if (c === "\\") j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return body.slice(i, j + 1);
  }
  return null;
}

async function call(cfg: AlipayConfig, method: string, biz: Record<string, unknown>, now: number, notifyUrl?: string): Promise<Record<string, any>> {
  const params: Record<string, string> = {
    app_id: cfg.appId,
    method,
    format: "JSON",
    charset: "utf-8",
    sign_type: "RSA2",
    timestamp: alipayTime(now),
    version: "1.0",
    biz_content: JSON.stringify(biz),
    ...(notifyUrl ? { notify_url: notifyUrl } : {}),
  };
  params.sign = rsa2Sign(cfg.privateKey, signingText(params));
  const res = await fetch(cfg.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8", "user-agent": "Parley" },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (text.length > 64 * 1024) throw new GatewayError("answer too large");
  if (!res.ok) throw new GatewayError(`gateway answered HTTP ${res.status}`);
  const key = `${method.replace(/\./g, "_")}_response`;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayError("answer is not JSON");
  }
  const inner = json?.[key] ?? json?.error_response;
  if (!inner || typeof inner !== "object") throw new GatewayError("answer without a response");
  // Alipay signs success and business-error answers; an unsigned one (a gateway error) is only believed as a failure.
  const signed = responseText(text, json[key] ? key : "error_response");
  const verified = typeof json.sign === "string" && signed !== null && rsa2Verify(cfg.publicKey, signed, json.sign);
  if (inner.code === "10000" && !verified) throw new GatewayError("answer refused: bad signature");
  return { ...inner, verified };
}

/** alipay.trade.precreate: returns the qr_code the payer scans. */
export async function precreate(cfg: AlipayConfig, order: { id: string; amount: number; subject: string; notifyUrl: string; expiresAt: number }, now: number): Promise<string> {
  const r = await call(cfg, "alipay.trade.precreate", { out_trade_no: order.id, total_amount: fenToYuan(order.amount), subject: order.subject, time_expire: alipayTime(order.expiresAt) }, now, order.notifyUrl);
  if (r.code !== "10000" || typeof r.qr_code !== "string") throw new GatewayError(`order refused: ${String(r.code)} ${String(r.sub_code ?? r.msg ?? "")}`.trim());
  return r.qr_code;
}

/**
 * alipay.trade.page.pay (电脑网站支付): the signed address of Alipay's own payment page, to which the
 * payer's browser goes; Alipay sends the same asynchronous notification as for a QR code, and
 * brings the payer back to `returnUrl` (which proves nothing: only the notification or a query does).
 */
export function pagePayUrl(cfg: AlipayConfig, order: { id: string; amount: number; subject: string; notifyUrl: string; returnUrl: string; expiresAt: number }, now: number): string {
  const params: Record<string, string> = {
    app_id: cfg.appId,
    method: "alipay.trade.page.pay",
    format: "JSON",
    charset: "utf-8",
    sign_type: "RSA2",
    timestamp: alipayTime(now),
    version: "1.0",
    notify_url: order.notifyUrl,
    return_url: order.returnUrl,
    biz_content: JSON.stringify({ out_trade_no: order.id, total_amount: fenToYuan(order.amount), subject: order.subject, product_code: "FAST_INSTANT_TRADE_PAY", time_expire: alipayTime(order.expiresAt) }),
  };
  params.sign = rsa2Sign(cfg.privateKey, signingText(params));
  return `${cfg.gatewayUrl}?${new URLSearchParams(params)}`;
}

export interface AlipayTrade {
  out_trade_no: string;
  trade_no?: string;
  trade_status: string;
  total_amount: string;
  seller_id?: string;
  app_id?: string;
}

/** alipay.trade.query; null when Alipay does not know the order (the payer never scanned it). */
export async function queryTrade(cfg: AlipayConfig, orderId: string, now: number): Promise<AlipayTrade | null> {
  const r = await call(cfg, "alipay.trade.query", { out_trade_no: orderId }, now);
  if (r.code === "40004" && r.sub_code === "ACQ.TRADE_NOT_EXIST") return null;
  if (r.code !== "10000") throw new GatewayError(`query failed: ${String(r.code)} ${String(r.sub_code ?? "")}`.trim());
  return { out_trade_no: r.out_trade_no, trade_no: r.trade_no, trade_status: r.trade_status, total_amount: r.total_amount, seller_id: r.seller_id ?? undefined, app_id: cfg.appId };
}

/** A notification's form, verified: its signature by Alipay's public key over the other fields. */
export function verifiedNotification(cfg: AlipayConfig, form: Record<string, string>): AlipayTrade {
  if (!form.sign) throw new GatewayError("notification without a signature");
  if (form.sign_type && form.sign_type !== "RSA2") throw new GatewayError("notification signed with another algorithm");
  if (!rsa2Verify(cfg.publicKey, signingText(form, true), form.sign)) throw new GatewayError("bad signature");
  if (typeof form.out_trade_no !== "string" || typeof form.trade_status !== "string" || typeof form.total_amount !== "string") throw new GatewayError("notification without a trade");
  return { out_trade_no: form.out_trade_no, trade_no: form.trade_no, trade_status: form.trade_status, total_amount: form.total_amount, seller_id: form.seller_id, app_id: form.app_id };
}
