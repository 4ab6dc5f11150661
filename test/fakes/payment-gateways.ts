// Local fake WeChat Pay (API v3) and Alipay (open platform, RSA2) gateways for the billing tests.
// Each runs on a free port with its own RSA keys made at test time, checks the signatures of the
// server's requests as the real gateway does (a wrongly signed request is refused), keeps orders,
// and signs (and, for WeChat, encrypts) answers and notifications as the real ones do. Tests "pay"
// an order, then deliver, tamper with or withhold its notification.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { rsa2Sign, rsa2Verify, signingText } from "../../src/billing/alipay";
import { fenToYuan } from "../../src/billing/money";
import { encryptResource, wechatSign, wechatVerify } from "../../src/billing/wechat-pay";

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

export interface Delivery {
  status: number;
  body: string;
}

interface WechatOrder {
  out_trade_no: string;
  appid: string;
  mchid: string;
  total: number;
  notify_url: string;
  trade_state: "NOTPAY" | "SUCCESS" | "CLOSED";
  transaction_id: string;
}

export class FakeWechatPay {
  readonly merchant = keyPair();
  readonly platform = keyPair();
  readonly apiV3Key = randomBytes(16).toString("hex"); // 32 characters
  readonly appId = "wx8888888888888888";
  readonly mchId = "1900000109";
  readonly serialNo = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
  readonly platformSerial = "PUB_KEY_ID_0114232134912410000000000001";
  readonly orders = new Map<string, WechatOrder>();
  /** requests refused because the server's signature was wrong */
  refusedRequests = 0;
  private server: ReturnType<typeof Bun.serve>;

  constructor() {
    this.server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => this.handle(req) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  /** The operator's settings that point Parley at this gateway (as the settings form takes them). */
  settings(): Record<string, string> {
    return {
      "wechat.appId": this.appId,
      "wechat.mchId": this.mchId,
      "wechat.serialNo": this.serialNo,
      "wechat.privateKey": this.merchant.privateKey,
      "wechat.platformPublicKey": this.platform.publicKey,
      "wechat.platformSerial": this.platformSerial,
      "wechat.apiV3Key": this.apiV3Key,
      "wechat.baseUrl": this.url,
    };
  }

  stop(): void {
    this.server.stop(true);
  }

  /** Headers signing `body` as WeChat Pay does (timestamp in seconds, may be moved to test expiry). */
  signed(body: string, opts: { at?: number; key?: string; serial?: string } = {}): Record<string, string> {
    const timestamp = String(Math.floor((opts.at ?? Date.now()) / 1000));
    const nonce = randomBytes(16).toString("hex");
    return {
      "wechatpay-timestamp": timestamp,
      "wechatpay-nonce": nonce,
      "wechatpay-serial": opts.serial ?? this.platformSerial,
      "wechatpay-signature": wechatSign(opts.key ?? this.platform.privateKey, `${timestamp}\n${nonce}\n${body}\n`),
    };
  }

  private reply(status: number, data: unknown): Response {
    const body = JSON.stringify(data);
    return new Response(body, { status, headers: { "content-type": "application/json", ...this.signed(body) } });
  }

  /** Checks the merchant's Authorization header as the gateway does. */
  private authorised(req: Request, pathAndQuery: string, body: string): boolean {
    const header = req.headers.get("authorization") ?? "";
    const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
    if (!m) return false;
    const f = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (f.mchid !== this.mchId || f.serial_no !== this.serialNo) return false;
    if (Math.abs(Date.now() / 1000 - Number(f.timestamp)) > 300) return false;
    return wechatVerify(this.merchant.publicKey, `${req.method}\n${pathAndQuery}\n${f.timestamp}\n${f.nonce_str}\n${body}\n`, f.signature ?? "");
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const body = req.method === "GET" ? "" : await req.text();
    if (!this.authorised(req, url.pathname + url.search, body)) {
      this.refusedRequests++;
      return Response.json({ code: "SIGN_ERROR", message: "签名错误" }, { status: 401 });
    }
    if (req.method === "POST" && url.pathname === "/v3/pay/transactions/native") {
      const o = JSON.parse(body);
      if (o.mchid !== this.mchId || o.appid !== this.appId || !Number.isInteger(o.amount?.total)) return this.reply(400, { code: "PARAM_ERROR", message: "bad order" });
      if (this.orders.has(o.out_trade_no)) return this.reply(400, { code: "OUT_TRADE_NO_USED", message: "used" });
      this.orders.set(o.out_trade_no, { out_trade_no: o.out_trade_no, appid: o.appid, mchid: o.mchid, total: o.amount.total, notify_url: o.notify_url, trade_state: "NOTPAY", transaction_id: "" });
      return this.reply(200, { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString("hex")}` });
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && q) {
      const o = this.orders.get(decodeURIComponent(q[1]!));
      if (!o) return this.reply(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return this.reply(200, this.transaction(o));
    }
    return this.reply(404, { code: "NOT_FOUND", message: "no such API" });
  }

  private transaction(o: WechatOrder, over: Record<string, unknown> = {}) {
    return { appid: o.appid, mchid: o.mchid, out_trade_no: o.out_trade_no, transaction_id: o.transaction_id, trade_type: "NATIVE", trade_state: o.trade_state, trade_state_desc: "", success_time: new Date().toISOString(), amount: { total: o.total, payer_total: o.total, currency: "CNY", payer_currency: "CNY" }, ...over };
  }

  /** The payer scans and pays: the gateway now says SUCCESS (queries see it); no notification is sent. */
  pay(outTradeNo: string): WechatOrder {
    const o = this.orders.get(outTradeNo);
    if (!o) throw new Error(`fake WeChat Pay has no order ${outTradeNo}`);
    o.trade_state = "SUCCESS";
    o.transaction_id = `4200${randomBytes(10).toString("hex")}`;
    return o;
  }

  /** A payment notification as WeChat Pay sends it: the transaction encrypted with the APIv3 key, the body signed. */
  notification(outTradeNo: string, opts: { transaction?: Record<string, unknown>; at?: number; apiV3Key?: string; key?: string } = {}): { headers: Record<string, string>; body: string } {
    const o = this.orders.get(outTradeNo) ?? { out_trade_no: outTradeNo, appid: this.appId, mchid: this.mchId, total: 1, notify_url: "", trade_state: "SUCCESS" as const, transaction_id: "4200unknown" };
    const plain = JSON.stringify(this.transaction(o, opts.transaction));
    const body = JSON.stringify({
      id: randomBytes(8).toString("hex"),
      create_time: new Date().toISOString(),
      resource_type: "encrypt-resource",
      event_type: "TRANSACTION.SUCCESS",
      summary: "支付成功",
      resource: { original_type: "transaction", ...encryptResource(opts.apiV3Key ?? this.apiV3Key, plain, "transaction") },
    });
    return { headers: { "content-type": "application/json", ...this.signed(body, { at: opts.at, key: opts.key }) }, body };
  }

  /** Posts a notification to a URL (the order's notify_url unless given); a refused connection is status 0. */
  async deliver(n: { headers: Record<string, string>; body: string }, to: string): Promise<Delivery> {
    try {
      const res = await fetch(to, { method: "POST", headers: n.headers, body: n.body, keepalive: false });
      return { status: res.status, body: await res.text() };
    } catch {
      return { status: 0, body: "" };
    }
  }

  notifyUrl(outTradeNo: string): string {
    return this.orders.get(outTradeNo)!.notify_url;
  }
}

interface AlipayOrder {
  out_trade_no: string;
  total_amount: string;
  notify_url: string;
  trade_status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED";
  trade_no: string;
  scanned: boolean;
}

export class FakeAlipay {
  readonly app = keyPair();
  readonly alipay = keyPair();
  readonly appId = "2021000000000001";
  readonly sellerId = "2088000000000001";
  readonly orders = new Map<string, AlipayOrder>();
  refusedRequests = 0;
  private server: ReturnType<typeof Bun.serve>;

  constructor() {
    this.server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => this.handle(req) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}/gateway.do`;
  }

  settings(): Record<string, string> {
    return { "alipay.appId": this.appId, "alipay.privateKey": this.app.privateKey, "alipay.publicKey": this.alipay.publicKey, "alipay.sellerId": this.sellerId, "alipay.gatewayUrl": this.url };
  }

  stop(): void {
    this.server.stop(true);
  }

  /** An answer as Alipay writes it: the response object's text, signed as it stands. */
  private reply(method: string, inner: Record<string, unknown>): Response {
    const text = JSON.stringify(inner);
    const key = `${method.replace(/\./g, "_")}_response`;
    return new Response(`{"${key}":${text},"sign":"${rsa2Sign(this.alipay.privateKey, text)}"}`, { headers: { "content-type": "text/html;charset=utf-8" } });
  }

  private async handle(req: Request): Promise<Response> {
    const params: Record<string, string> = {};
    // Page pay arrives as the payer's browser GET with the signed parameters in the query.
    for (const [k, v] of req.method === "GET" ? new URL(req.url).searchParams : new URLSearchParams(await req.text())) params[k] = v;
    const method = params.method ?? "";
    if (params.app_id !== this.appId || params.sign_type !== "RSA2" || !rsa2Verify(this.app.publicKey, signingText(params), params.sign ?? "")) {
      this.refusedRequests++;
      return this.reply(method || "error", { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" });
    }
    const biz = JSON.parse(params.biz_content ?? "{}");
    if (method === "alipay.trade.precreate") {
      this.orders.set(biz.out_trade_no, { out_trade_no: biz.out_trade_no, total_amount: biz.total_amount, notify_url: params.notify_url ?? "", trade_status: "WAIT_BUYER_PAY", trade_no: "", scanned: false });
      return this.reply(method, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, qr_code: `https://qr.alipay.com/bax0${randomBytes(6).toString("hex")}` });
    }
    if (method === "alipay.trade.page.pay" && req.method === "GET") {
      if (!this.orders.has(biz.out_trade_no)) this.orders.set(biz.out_trade_no, { out_trade_no: biz.out_trade_no, total_amount: biz.total_amount, notify_url: params.notify_url ?? "", trade_status: "WAIT_BUYER_PAY", trade_no: "", scanned: false });
      return new Response(`<!doctype html><title>支付宝</title><h1>支付宝收银台</h1><p>${biz.total_amount}</p>`, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (method === "alipay.trade.query") {
      const o = this.orders.get(biz.out_trade_no);
      // Alipay knows a precreated order only once it was scanned.
      if (!o || !o.scanned) return this.reply(method, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" });
      return this.reply(method, { code: "10000", msg: "Success", out_trade_no: o.out_trade_no, trade_no: o.trade_no, trade_status: o.trade_status, total_amount: o.total_amount, buyer_pay_amount: o.total_amount });
    }
    return this.reply(method || "error", { code: "40004", msg: "Business Failed", sub_code: "isv.invalid-method" });
  }

  pay(outTradeNo: string): AlipayOrder {
    const o = this.orders.get(outTradeNo);
    if (!o) throw new Error(`fake Alipay has no order ${outTradeNo}`);
    o.scanned = true;
    o.trade_status = "TRADE_SUCCESS";
    o.trade_no = `2026${randomBytes(10).toString("hex")}`;
    return o;
  }

  /** The asynchronous notification's form, signed by Alipay's key (fields may be overridden before signing). */
  notification(outTradeNo: string, over: Record<string, string> = {}, key = this.alipay.privateKey): Record<string, string> {
    const o = this.orders.get(outTradeNo);
    const form: Record<string, string> = {
      notify_time: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " "),
      notify_type: "trade_status_sync",
      notify_id: randomBytes(12).toString("hex"),
      app_id: this.appId,
      charset: "utf-8",
      version: "1.0",
      sign_type: "RSA2",
      trade_no: o?.trade_no ?? "2026unknown",
      out_trade_no: outTradeNo,
      trade_status: o?.trade_status ?? "TRADE_SUCCESS",
      total_amount: o?.total_amount ?? fenToYuan(100),
      receipt_amount: o?.total_amount ?? fenToYuan(100),
      seller_id: this.sellerId,
      subject: "充值",
      ...over,
    };
    form.sign = rsa2Sign(key, signingText(form, true));
    return form;
  }

  async deliver(form: Record<string, string>, to: string): Promise<Delivery> {
    try {
      const res = await fetch(to, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: new URLSearchParams(form), keepalive: false });
      return { status: res.status, body: await res.text() };
    } catch {
      return { status: 0, body: "" };
    }
  }

  notifyUrl(outTradeNo: string): string {
    return this.orders.get(outTradeNo)!.notify_url;
  }
}
