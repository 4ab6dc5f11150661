// The wallet's platform settings (the operator's, on /operator/billing/settings; they extend the
// platform settings of src/platform/settings.ts and are kept the same way, in the instance table,
// under "billing.*" keys): the minimum recharge, the bank account shown for transfers, and the
// merchant credentials of WeChat Pay and Alipay with their gateways' base URLs (a sandbox or a
// local fake gateway in tests).
//
// Secrets (private keys, the APIv3 key) are write-only: pages get only `secretHint` ("set", and
// the last 4 characters), an empty field keeps the stored value, and the audit log names the keys
// that changed, never a value.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { eq, like } from "drizzle-orm";
import type { Db } from "../db/client";
import { instance } from "../db/schema";
import { UserError } from "../errors";
import { fenToYuan, MAX_AMOUNT_FEN, parseYuan } from "./money";

export interface BillingSettings {
  /** the smallest recharge in fen (seed FAQ 9): ¥100 unless the operator says otherwise */
  minRechargeFen: number;
  /** the platform's bank account for transfers (对公转账): free text, shown as written */
  bankAccount: string;
  wechat: {
    appId: string;
    mchId: string;
    /** the merchant API certificate's serial number (in the Authorization header) */
    serialNo: string;
    /** the merchant's API private key, PEM (secret) */
    privateKey: string;
    /** WeChat Pay's platform public key, PEM: verifies answers and notifications */
    platformPublicKey: string;
    /** its id / serial (Wechatpay-Serial); when set, a signature made with another key is refused */
    platformSerial: string;
    /** the APIv3 key: 32 characters, decrypts notifications (secret) */
    apiV3Key: string;
    baseUrl: string;
  };
  alipay: {
    appId: string;
    /** the application's private key, PEM or bare base64 PKCS#8 (secret) */
    privateKey: string;
    /** Alipay's public key, PEM or bare base64: verifies notifications and answers */
    publicKey: string;
    /** the seller's id (PID); when set, a notification for another seller is refused */
    sellerId: string;
    gatewayUrl: string;
    /** "1": also offer page pay (电脑网站支付, alipay.trade.page.pay) on Alipay's website, for desktops */
    pagePay: string;
  };
}

export const DEFAULT_MIN_RECHARGE_FEN = 10_000;
export const WECHAT_BASE_URL = "https://api.mch.weixin.qq.com";
export const ALIPAY_GATEWAY_URL = "https://openapi.alipay.com/gateway.do";

/** Every stored setting: its key in the instance table, and whether it is a secret. */
const FIELDS = {
  minRechargeFen: { key: "billing.min_recharge_fen", secret: false },
  bankAccount: { key: "billing.bank_account", secret: false },
  "wechat.appId": { key: "billing.wechat.app_id", secret: false },
  "wechat.mchId": { key: "billing.wechat.mch_id", secret: false },
  "wechat.serialNo": { key: "billing.wechat.serial_no", secret: false },
  "wechat.privateKey": { key: "billing.wechat.private_key", secret: true },
  "wechat.platformPublicKey": { key: "billing.wechat.platform_public_key", secret: false },
  "wechat.platformSerial": { key: "billing.wechat.platform_serial", secret: false },
  "wechat.apiV3Key": { key: "billing.wechat.api_v3_key", secret: true },
  "wechat.baseUrl": { key: "billing.wechat.base_url", secret: false },
  "alipay.appId": { key: "billing.alipay.app_id", secret: false },
  "alipay.privateKey": { key: "billing.alipay.private_key", secret: true },
  "alipay.publicKey": { key: "billing.alipay.public_key", secret: false },
  "alipay.sellerId": { key: "billing.alipay.seller_id", secret: false },
  "alipay.gatewayUrl": { key: "billing.alipay.gateway_url", secret: false },
  "alipay.pagePay": { key: "billing.alipay.page_pay", secret: false },
} as const;
export type BillingField = keyof typeof FIELDS;
export const BILLING_FIELDS = Object.keys(FIELDS) as BillingField[];
export const isSecret = (f: BillingField) => FIELDS[f].secret;

function stored(db: Db): Map<string, string> {
  return new Map(
    db
      .select()
      .from(instance)
      .where(like(instance.key, "billing.%"))
      .all()
      .map((r) => [r.key, r.value]),
  );
}

export function billingSettings(db: Db): BillingSettings {
  const s = stored(db);
  const v = (f: BillingField) => s.get(FIELDS[f].key) ?? "";
  const min = Number(v("minRechargeFen"));
  return {
    minRechargeFen: Number.isSafeInteger(min) && min > 0 ? min : DEFAULT_MIN_RECHARGE_FEN,
    bankAccount: v("bankAccount"),
    wechat: {
      appId: v("wechat.appId"),
      mchId: v("wechat.mchId"),
      serialNo: v("wechat.serialNo"),
      privateKey: v("wechat.privateKey"),
      platformPublicKey: v("wechat.platformPublicKey"),
      platformSerial: v("wechat.platformSerial"),
      apiV3Key: v("wechat.apiV3Key"),
      baseUrl: v("wechat.baseUrl") || WECHAT_BASE_URL,
    },
    alipay: {
      appId: v("alipay.appId"),
      privateKey: v("alipay.privateKey"),
      publicKey: v("alipay.publicKey"),
      sellerId: v("alipay.sellerId"),
      gatewayUrl: v("alipay.gatewayUrl") || ALIPAY_GATEWAY_URL,
      pagePay: v("alipay.pagePay") === "1" ? "1" : "",
    },
  };
}

/** Which ways of paying are ready: the bank account is given, or the merchant's credentials are all set. */
export function channelsReady(s: BillingSettings): { bank: boolean; wechat: boolean; alipay: boolean; alipayPage: boolean } {
  const w = s.wechat;
  const a = s.alipay;
  return {
    bank: s.bankAccount.trim() !== "",
    wechat: !!(w.appId && w.mchId && w.serialNo && w.privateKey && w.platformPublicKey && w.apiV3Key),
    alipay: !!(a.appId && a.privateKey && a.publicKey),
    alipayPage: !!(a.appId && a.privateKey && a.publicKey && a.pagePay === "1"),
  };
}

/** What a page may show of a secret: "" when unset, else "set · …" and its last 4 characters (of a PEM key, of its body). */
export function secretHint(value: string): string {
  if (!value) return "";
  const body = value.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return `…${body.slice(-4)}`;
}

/** The settings as a page shows them: secrets replaced by their hint. */
export function publicView(s: BillingSettings): Record<BillingField, string> {
  const out = {} as Record<BillingField, string>;
  for (const f of BILLING_FIELDS) {
    const value = fieldValue(s, f);
    out[f] = isSecret(f) ? secretHint(value) : value;
  }
  return out;
}

/** One field's value as text (the minimum in yuan, as the form takes it). */
function fieldValue(s: BillingSettings, f: BillingField): string {
  if (f === "minRechargeFen") return fenToYuan(s.minRechargeFen);
  if (f === "bankAccount") return s.bankAccount;
  const [group, name] = f.split(".") as ["wechat" | "alipay", string];
  return (s[group] as unknown as Record<string, string>)[name] ?? "";
}

const MAX_TEXT = 8000;

function checkUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UserError("billing_setting_invalid", 400, { field: "URL" });
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new UserError("billing_setting_invalid", 400, { field: "URL" });
  return value.replace(/\/+$/, "");
}

function checkKey(value: string, kind: "private" | "public", field: string): string {
  const pem = value.includes("-----BEGIN") ? value : `-----BEGIN ${kind === "private" ? "PRIVATE" : "PUBLIC"} KEY-----\n${value.replace(/\s+/g, "")}\n-----END ${kind === "private" ? "PRIVATE" : "PUBLIC"} KEY-----\n`;
  try {
    (kind === "private" ? createPrivateKey : createPublicKey)(pem);
  } catch {
    throw new UserError("billing_setting_invalid", 400, { field });
  }
  return pem;
}

/**
 * Checks and stores what the operator sent. A field not sent keeps its value; a secret field sent
 * empty keeps its value too (the form never shows it), `clear` lists secrets to remove. Returns the fields that changed (names only, for the audit log).
 */
export function saveBillingSettings(db: Db, input: Record<string, unknown>, clear: readonly string[] = []): BillingField[] {
  const before = stored(db);
  const next = new Map<string, string>();
  for (const f of BILLING_FIELDS) {
    // A checkbox sends its hidden "0" and, when ticked, "1": the last one given counts.
    const raw = Array.isArray(input[f]) ? (input[f] as unknown[]).at(-1) : input[f];
    // A field not sent at all is left as it is; one sent empty is cleared (a secret: kept unless listed in `clear`).
    if (raw === undefined && !clear.includes(f)) continue;
    let value = typeof raw === "string" ? raw.trim() : "";
    if (value.length > MAX_TEXT) throw new UserError("billing_setting_invalid", 400, { field: f });
    if (isSecret(f) && value === "") {
      if (!clear.includes(f)) continue;
    } else if (value !== "") {
      if (f === "minRechargeFen") {
        const fen = parseYuan(value);
        if (fen < 1 || fen > MAX_AMOUNT_FEN) throw new UserError("invalid_amount");
        value = String(fen);
      } else if (f.endsWith("Url")) value = checkUrl(value);
      else if (f === "alipay.pagePay") value = value === "1" ? "1" : "";
      else if (f === "wechat.privateKey" || f === "alipay.privateKey") value = checkKey(value, "private", f);
      else if (f === "wechat.platformPublicKey" || f === "alipay.publicKey") value = checkKey(value, "public", f);
      else if (f === "wechat.apiV3Key" && Buffer.byteLength(value) !== 32) throw new UserError("billing_setting_invalid", 400, { field: f });
      else if (f !== "bankAccount" && !/^[\x21-\x7e]{1,128}$/.test(value)) throw new UserError("billing_setting_invalid", 400, { field: f });
    }
    next.set(FIELDS[f].key, value);
  }
  const changed: BillingField[] = [];
  for (const f of BILLING_FIELDS) {
    const key = FIELDS[f].key;
    if (!next.has(key) || (before.get(key) ?? "") === next.get(key)) continue;
    changed.push(f);
    const value = next.get(key)!;
    if (value === "") db.delete(instance).where(eq(instance.key, key)).run();
    else db.insert(instance).values({ key, value }).onConflictDoUpdate({ target: instance.key, set: { value } }).run();
  }
  return changed;
}
