// Online recharge through WeChat Pay and Alipay, whatever the network or a crash does:
//
// 1. the order is written (pending) before the gateway is asked, so nothing the gateway knows is
//    unknown to us; the gateway's code_url / qr_code is stored on it for the page's QR code;
// 2. a notification is believed only once its signature (and, for WeChat, its timestamp and
//    decryption) checks out; then the order must exist and be a gateway order of that channel, and
//    its amount, app and merchant (seller) must match the configured ones, else it is refused and
//    logged; a paid notification credits through settleOrder (once: a conditional write on the
//    order in the credit's transaction), a replay finds the order paid and changes nothing;
// 3. a notification that never arrives (our server was down, the network lost it) is recovered
//    by asking the gateway about orders left pending: at start-up, then every minute (an injectable
//    clock), and while the payer's page polls.
import { QR_MAX_TEXT, qrDataUri } from "./qr";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import type { Member } from "../accounts/data-scope";
import { log } from "../log";
import { operatorAudit } from "../platform/operator-audit";
import { pagePayUrl, precreate, queryTrade, verifiedNotification, type AlipayTrade } from "./alipay";
import { parseYuan } from "./money";
import { closeOrder, createGatewayOrder, markChecked, orderById, pendingGatewayOrders, setCodeUrl, settleOrder, type RechargeOrder } from "./recharge";
import { billingSettings, channelsReady, type BillingSettings } from "./settings";
import { createNativeOrder, GatewayError, queryOrder, readNotification, signatureProblem, signedHeaders, type WechatTransaction } from "./wechat-pay";

/** How long a QR code may be paid: the gateway closes the order after this. */
export const ORDER_TTL_MS = 2 * 3600_000;
/** An order the gateway still calls unpaid this long after it was made is closed (its time there is over; 10 minutes for clocks that differ). */
export const ORDER_EXPIRED_AFTER_MS = ORDER_TTL_MS + 10 * 60_000;
/** An order younger than this is left to its notification by the minute job. */
export const RECOVERY_MIN_AGE_MS = 60_000;
/** The payer's polling page asks the gateway itself at most this often. */
export const POLL_QUERY_EVERY_MS = 15_000;

const GATEWAY_ACTOR = (channel: string) => ({ type: "gateway" as const, id: null, name: channel === "wechat" ? "WeChat Pay" : "Alipay" });

export async function startOnlineRecharge(app: AppContext, admin: Pick<Member, "id" | "name" | "enterpriseId">, channel: unknown, amount: unknown, notifyBase: string, now = Date.now()): Promise<RechargeOrder> {
  if (channel !== "wechat" && channel !== "alipay" && channel !== "alipay_page") throw new UserError("channel_unavailable");
  const s = billingSettings(app.db);
  if (!channelsReady(s)[channel === "alipay_page" ? "alipayPage" : channel]) throw new UserError("channel_unavailable");
  // Page pay asks nothing of the gateway now: the order's page sends the payer to Alipay's (alipayPageUrl).
  if (channel === "alipay_page") return createGatewayOrder(app, admin, "alipay", amount, now);
  const order = createGatewayOrder(app, admin, channel, amount, now);
  const subject = `Parley recharge ${order.referenceCode}`;
  try {
    const code =
      channel === "wechat"
        ? await createNativeOrder(s.wechat, { id: order.id, amount: order.amount, description: subject, notifyUrl: `${notifyBase}/billing/notify/wechat`, expiresAt: now + ORDER_TTL_MS }, () => Date.now())
        : await precreate(s.alipay, { id: order.id, amount: order.amount, subject, notifyUrl: `${notifyBase}/billing/notify/alipay`, expiresAt: now + ORDER_TTL_MS }, Date.now());
    if (code.length > QR_MAX_TEXT) throw new GatewayError("QR code text too long");
    setCodeUrl(app.db, order, code);
    return { ...order, codeUrl: code };
  } catch (e) {
    // The gateway did not take the order: nothing can be paid on it, so it waits for nothing.
    log.warn("payment order not created", { channel, order: order.id, error: (e as Error).message });
    closeOrder(app.db, order, "gateway refused the order");
    throw new UserError("gateway_failed", 502);
  }
}

export { qrDataUri };

/** The signed address of Alipay's payment page for an Alipay order without a QR code (page pay). */
export function alipayPageUrl(app: AppContext, order: RechargeOrder, notifyBase: string, returnUrl: string, now = Date.now()): string {
  const s = billingSettings(app.db);
  return pagePayUrl(s.alipay, { id: order.id, amount: order.amount, subject: `Parley recharge ${order.referenceCode}`, notifyUrl: `${notifyBase}/billing/notify/alipay`, returnUrl, expiresAt: order.createdAt + ORDER_TTL_MS }, now);
}

/** What a notification handler answers the gateway. */
export interface GatewayAnswer {
  status: number;
  body: string;
  contentType: string;
}

const wechatOk = (): GatewayAnswer => ({ status: 204, body: "", contentType: "text/plain" });
const wechatFail = (status: number, message: string): GatewayAnswer => ({ status, body: JSON.stringify({ code: "FAIL", message }), contentType: "application/json" });
const alipayAnswer = (ok: boolean): GatewayAnswer => ({ status: 200, body: ok ? "success" : "failure", contentType: "text/plain" });

/** A refusal after the message was verified as the gateway's: recorded where operators look, not only in the log. */
function refuse(app: AppContext, channel: string, order: RechargeOrder | undefined, reason: string, details: Record<string, unknown>): void {
  log.warn("payment notification refused", { channel, order: order?.id ?? details.outTradeNo, reason });
  operatorAudit(app.db, { id: null, name: channel === "wechat" ? "WeChat Pay" : "Alipay" }, "recharge.refused_notification", { type: "recharge", id: order?.id ?? String(details.outTradeNo ?? ""), enterpriseId: order?.enterpriseId }, { reason, ...details });
}

/** Does a transaction the gateway says is ours match the order? Returns why not, or null. */
function wechatMismatch(s: BillingSettings, order: RechargeOrder | undefined, t: WechatTransaction): string | null {
  if (!order || order.channel !== "wechat") return "unknown order";
  if (t.appid !== s.wechat.appId || t.mchid !== s.wechat.mchId) return "another merchant";
  if (t.amount?.total !== order.amount || (t.amount?.currency ?? "CNY") !== "CNY") return "amount differs";
  return null;
}

function alipayMismatch(s: BillingSettings, order: RechargeOrder | undefined, t: AlipayTrade): string | null {
  if (!order || order.channel !== "alipay") return "unknown order";
  if (t.app_id !== undefined && t.app_id !== s.alipay.appId) return "another app";
  if (s.alipay.sellerId && t.seller_id !== s.alipay.sellerId) return "another seller";
  let fen: number;
  try {
    fen = parseYuan(t.total_amount);
  } catch {
    return "amount differs";
  }
  return fen === order.amount ? null : "amount differs";
}

/** Credits a verified, matching payment (once); a closed or rejected order is refused. */
function credit(app: AppContext, order: RechargeOrder, gatewayTradeNo: string, now: number): boolean {
  try {
    return settleOrder(app.db, order.id, { actor: GATEWAY_ACTOR(order.channel), gatewayTradeNo }, now).credited;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // Paid at the gateway after we closed it (its QR code had expired on our side): an operator must refund or adjust.
    refuse(app, order.channel, order, "paid after the order was closed", { gatewayTradeNo });
    return false;
  }
}

export function handleWechatNotification(app: AppContext, headers: Headers, body: string, now = Date.now()): GatewayAnswer {
  const s = billingSettings(app.db);
  if (!channelsReady(s).wechat) return wechatFail(404, "not configured");
  const problem = signatureProblem(s.wechat, signedHeaders(headers), body, now);
  if (problem) {
    log.warn("payment notification refused", { channel: "wechat", reason: problem });
    return wechatFail(401, problem);
  }
  let t: WechatTransaction;
  try {
    t = readNotification(s.wechat, body);
  } catch (e) {
    log.warn("payment notification refused", { channel: "wechat", reason: (e as Error).message });
    return wechatFail(400, "unreadable notification");
  }
  const order = orderById(app.db, t.out_trade_no);
  const mismatch = wechatMismatch(s, order, t);
  if (mismatch) {
    refuse(app, "wechat", order, mismatch, { outTradeNo: t.out_trade_no, total: t.amount?.total ?? null, appid: t.appid, mchid: t.mchid });
    return wechatFail(400, mismatch);
  }
  if (t.trade_state === "SUCCESS") credit(app, order!, t.transaction_id ?? "", now);
  return wechatOk();
}

export function handleAlipayNotification(app: AppContext, form: Record<string, string>, now = Date.now()): GatewayAnswer {
  const s = billingSettings(app.db);
  if (!channelsReady(s).alipay) return alipayAnswer(false);
  let t: AlipayTrade;
  try {
    t = verifiedNotification(s.alipay, form);
  } catch (e) {
    log.warn("payment notification refused", { channel: "alipay", reason: (e as Error).message });
    return alipayAnswer(false);
  }
  const order = orderById(app.db, t.out_trade_no);
  const mismatch = alipayMismatch(s, order, t);
  if (mismatch) {
    refuse(app, "alipay", order, mismatch, { outTradeNo: t.out_trade_no, totalAmount: t.total_amount, appId: t.app_id ?? "", sellerId: t.seller_id ?? "" });
    return alipayAnswer(false);
  }
  if (t.trade_status === "TRADE_SUCCESS" || t.trade_status === "TRADE_FINISHED") credit(app, order!, t.trade_no ?? "", now);
  return alipayAnswer(true);
}

/**
 * Asks the gateway about one pending order and acts on the answer: credit it when paid (the same
 * checks as a notification), close it when the gateway closed it or never saw it past its lifetime.
 * Returns the order as it is afterwards.
 */
export async function recoverOrder(app: AppContext, order: RechargeOrder, now: number): Promise<RechargeOrder> {
  const s = billingSettings(app.db);
  markChecked(app.db, order, now);
  try {
    if (order.channel === "wechat" && channelsReady(s).wechat) {
      const t = await queryOrder(s.wechat, order.id, () => Date.now());
      if (t?.trade_state === "SUCCESS") {
        const mismatch = wechatMismatch(s, order, t);
        if (mismatch) refuse(app, "wechat", order, mismatch, { outTradeNo: order.id, via: "query" });
        else credit(app, order, t.transaction_id ?? "", now);
      } else if (t?.trade_state === "CLOSED" || t?.trade_state === "REVOKED" || (!t && now - order.createdAt > ORDER_TTL_MS)) closeOrder(app.db, order, "closed at the gateway", now);
      // WeChat Pay closes nothing by itself: an order never paid stays NOTPAY after its time_expire,
      // when it can no longer be paid. Left pending, it would count against the firm's waiting
      // recharges (MAX_PENDING) for ever. A payment that still came would be refused and shown to the operators (credit).
      else if (t?.trade_state === "NOTPAY" && now - order.createdAt > ORDER_EXPIRED_AFTER_MS) closeOrder(app.db, order, "closed at the gateway", now);
    } else if (order.channel === "alipay" && channelsReady(s).alipay) {
      const t = await queryTrade(s.alipay, order.id, Date.now());
      if (t?.trade_status === "TRADE_SUCCESS" || t?.trade_status === "TRADE_FINISHED") {
        // A query is our own app's signed question about our own order: only the amount can differ.
        const mismatch = alipayMismatch(s, order, { ...t, app_id: s.alipay.appId, seller_id: t.seller_id ?? s.alipay.sellerId });
        if (mismatch) refuse(app, "alipay", order, mismatch, { outTradeNo: order.id, via: "query" });
        else credit(app, order, t.trade_no ?? "", now);
      } else if (t?.trade_status === "TRADE_CLOSED" || (!t && now - order.createdAt > ORDER_TTL_MS)) closeOrder(app.db, order, "closed at the gateway", now);
    }
  } catch (e) {
    // The gateway could not be asked now; the next run asks again.
    log.warn("payment query failed", { channel: order.channel, order: order.id, error: (e as Error).message });
  }
  return orderById(app.db, order.id) ?? order;
}

/** One pass over pending gateway orders at least `minAge` old (the longest unasked first, at most 100: pendingGatewayOrders). Returns how many were credited. */
export async function recoverPendingOrders(app: AppContext, now: number, minAge = RECOVERY_MIN_AGE_MS): Promise<number> {
  let credited = 0;
  for (const order of pendingGatewayOrders(app.db, now - minAge + 1)) {
    if (order.checkedAt !== null && now - order.checkedAt < minAge) continue;
    if ((await recoverOrder(app, order, now)).state === "paid") credited++;
  }
  return credited;
}

/**
 * The recovery job: once at start-up over every pending order (notifications may have come while
 * the server was down), then every `everyMs` on the clock. Returns the function that stops it.
 */
export function startPaymentRecovery(app: AppContext, clock: Clock = systemClock, everyMs = 60_000): () => void {
  if (app.config.mode !== "platform") return () => {};
  let stopped = false;
  let cancel = () => {};
  let running: Promise<unknown> = Promise.resolve();
  const run = (minAge: number) => {
    running = running.then(() => recoverPendingOrders(app, clock.now(), minAge)).catch((e) => log.error("payment recovery failed", { error: e }));
    return running;
  };
  const schedule = () => {
    cancel = clock.after(everyMs, () => {
      if (stopped) return;
      void run(RECOVERY_MIN_AGE_MS).then(() => !stopped && schedule());
    });
  };
  void run(0).then(() => !stopped && schedule());
  return () => {
    stopped = true;
    cancel();
  };
}
