// WeChat Pay and Alipay against local fake gateways (test/fakes/payment-gateways.ts) that check our
// request signatures and sign (and encrypt) as the real ones do: order → QR code → pay → notify →
// credited once; replayed, tampered, expired, foreign and unknown notifications refused with
// nothing credited; a lost notification recovered by the query; the operator's secrets never shown.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { balanceOf } from "../../src/billing/ledger";
import { ORDER_EXPIRED_AFTER_MS, ORDER_TTL_MS, recoverPendingOrders, RECOVERY_MIN_AGE_MS, startPaymentRecovery } from "../../src/billing/gateways";
import { MAX_PENDING } from "../../src/billing/recharge";
import { saveBillingSettings } from "../../src/billing/settings";
import { SteppableClock } from "../../src/clock";
import { expectLedgerConsistent, shownBalance, verifiedFirm } from "../helpers/billing";
import type { HttpClient } from "../helpers/http";
import { operatorClient, startPlatform } from "../helpers/platform";
import type { TestServer } from "../helpers/server";
import { FakeAlipay, FakeWechatPay } from "../fakes/payment-gateways";

let srv: TestServer;
const wechat = new FakeWechatPay();
const alipay = new FakeAlipay();

beforeAll(async () => {
  srv = await startPlatform();
  saveBillingSettings(srv.db, { ...wechat.settings(), ...alipay.settings() });
});
afterAll(async () => {
  await srv.stop();
  wechat.stop();
  alipay.stop();
});
afterEach(() => expectLedgerConsistent(srv.db));

async function startRecharge(client: HttpClient, channel: "wechat" | "alipay", amount = "500"): Promise<{ orderId: string; page: string }> {
  const token = await client.csrf("/admin/settings/account");
  const res = await client.post("/admin/settings/account/recharges/online", { _csrf: token, amount, channel });
  expect(res.status).toBe(303);
  const location = res.headers.get("location")!;
  const page = await (await client.get(location)).text();
  return { orderId: location.split("/").pop()!, page };
}

const orderState = (id: string) => (srv.db.$client.query("select state from recharge_orders where id = ?").get(id) as { state: string }).state;
const refusals = (id: string) => (srv.db.$client.query("select count(*) as n from operator_audit where action = 'recharge.refused_notification' and target_id = ?").get(id) as { n: number }).n;

describe("WeChat Pay (API v3, Native)", () => {
  test("order → QR code → pay → notification → credited once; a replay changes nothing; the page shows it", async () => {
    const firm = await verifiedFirm(srv);
    const account = await (await firm.client.get("/admin/settings/account")).text();
    expect(account).toContain('data-testid="recharge-wechat"');
    const { orderId, page } = await startRecharge(firm.client, "wechat", "500.00");
    const order = wechat.orders.get(orderId)!;
    expect(order).toMatchObject({ total: 50000, appid: wechat.appId, mchid: wechat.mchId, trade_state: "NOTPAY" });
    expect(order.notify_url).toBe(`${srv.url}/billing/notify/wechat`);
    // The QR code is an SVG image of the gateway's code_url.
    expect(page).toContain('data-testid="recharge-qr"');
    expect(page).toContain('src="data:image/svg+xml;base64,');
    expect(page).toContain(`data-code="weixin://wxpay/bizpayurl?pr=`);
    expect(page).toContain('hx-trigger="every 2s"');
    wechat.pay(orderId);
    const n = wechat.notification(orderId);
    const first = await wechat.deliver(n, order.notify_url);
    expect(first.status).toBe(204);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(50000);
    expect(orderState(orderId)).toBe("paid");
    // The gateway repeats a notification until answered; a repeat, even at once, credits nothing more.
    const again = await Promise.all([wechat.deliver(n, order.notify_url), wechat.deliver(wechat.notification(orderId), order.notify_url)]);
    expect(again.map((d) => d.status)).toEqual([204, 204]);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(50000);
    const status = await (await firm.client.get(`/admin/settings/account/recharges/${orderId}/status`)).text();
    expect(status).toContain('data-state="paid"');
    expect(status).not.toContain("hx-trigger");
    expect(shownBalance(status)).toBe(50000);
    const receipt = await (await firm.client.get(`/admin/settings/account/recharges/${orderId}/receipt`)).text();
    expect(receipt).toContain(order.transaction_id);
  });

  test("a tampered body, another key, an old timestamp, a wrong APIv3 key: refused, nothing credited", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId } = await startRecharge(firm.client, "wechat");
    wechat.pay(orderId);
    const to = wechat.notifyUrl(orderId);
    const good = wechat.notification(orderId);
    const tampered = { headers: good.headers, body: good.body.replace('"summary":"支付成功"', '"summary":"支付成功 "') };
    expect((await wechat.deliver(tampered, to)).status).toBe(401);
    const forged = wechat.notification(orderId, { key: wechat.merchant.privateKey });
    expect((await wechat.deliver(forged, to)).status).toBe(401);
    const old = wechat.notification(orderId, { at: Date.now() - 6 * 60_000 });
    expect((await wechat.deliver(old, to)).status).toBe(401);
    const future = wechat.notification(orderId, { at: Date.now() + 6 * 60_000 });
    expect((await wechat.deliver(future, to)).status).toBe(401);
    const wrongKey = wechat.notification(orderId, { apiV3Key: "x".repeat(32) });
    const res = await wechat.deliver(wrongKey, to);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "FAIL" });
    const missing = await wechat.deliver({ headers: { "content-type": "application/json" }, body: good.body }, to);
    expect(missing.status).toBe(401);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    expect(orderState(orderId)).toBe("pending");
    // The genuine one still works afterwards.
    expect((await wechat.deliver(good, to)).status).toBe(204);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(50000);
  });

  test("a genuine notification whose amount, merchant or order does not match is refused and logged for the operators", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId } = await startRecharge(firm.client, "wechat", "800");
    wechat.pay(orderId);
    const to = wechat.notifyUrl(orderId);
    const cheaper = wechat.notification(orderId, { transaction: { amount: { total: 1, payer_total: 1, currency: "CNY" } } });
    expect((await wechat.deliver(cheaper, to)).status).toBe(400);
    const otherMerchant = wechat.notification(orderId, { transaction: { mchid: "1900000999" } });
    expect((await wechat.deliver(otherMerchant, to)).status).toBe(400);
    expect(refusals(orderId)).toBe(2);
    const unknown = wechat.notification("rch_doesnotexist00000");
    expect((await wechat.deliver(unknown, to)).status).toBe(400);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    expect(orderState(orderId)).toBe("pending");
  });

  test("a lost notification is recovered by the query job on its clock; an unpaid order is left alone", async () => {
    const firm = await verifiedFirm(srv);
    const paid = await startRecharge(firm.client, "wechat", "300");
    const unpaid = await startRecharge(firm.client, "wechat", "200");
    wechat.pay(paid.orderId);
    // No notification ever arrives. A young order is left to its notification...
    const clock = new SteppableClock();
    expect(await recoverPendingOrders(srv.app, clock.now())).toBe(0);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    // ...and a minute later the job asks the gateway.
    clock.advance(RECOVERY_MIN_AGE_MS + 1000);
    // (Orders of earlier tests paid at the gateway but refused notifications are recovered too: their payment is real.)
    expect(await recoverPendingOrders(srv.app, clock.now())).toBeGreaterThanOrEqual(1);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(30000);
    expect(orderState(paid.orderId)).toBe("paid");
    expect(orderState(unpaid.orderId)).toBe("pending");
    // A late notification after the recovery credits nothing more.
    expect((await wechat.deliver(wechat.notification(paid.orderId), wechat.notifyUrl(paid.orderId))).status).toBe(204);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(30000);
    wechat.orders.get(unpaid.orderId)!.trade_state = "CLOSED";
    clock.advance(RECOVERY_MIN_AGE_MS + 1000);
    await recoverPendingOrders(srv.app, clock.now());
    expect(orderState(unpaid.orderId)).toBe("closed");
  });

  test("the started job runs at start-up and then every minute of its clock", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId } = await startRecharge(firm.client, "wechat", "100");
    wechat.pay(orderId);
    const clock = new SteppableClock();
    srv.app.config.mode = "platform";
    const stop = startPaymentRecovery(srv.app, clock, 60_000);
    try {
      // The start-up pass asks about every pending order, young ones too.
      for (let i = 0; i < 100 && orderState(orderId) !== "paid"; i++) await Bun.sleep(10);
      expect(orderState(orderId)).toBe("paid");
      const second = await startRecharge(firm.client, "wechat", "100");
      wechat.pay(second.orderId);
      clock.advance(60_000 + RECOVERY_MIN_AGE_MS);
      for (let i = 0; i < 100 && orderState(second.orderId) !== "paid"; i++) await Bun.sleep(10);
      expect(orderState(second.orderId)).toBe("paid");
      expect(balanceOf(srv.db, firm.enterpriseId)).toBe(20000);
    } finally {
      stop();
    }
  });

  test("the fake gateway refuses a badly signed request: the admin is told, the order is closed, nothing is charged", async () => {
    const firm = await verifiedFirm(srv);
    saveBillingSettings(srv.db, { "wechat.serialNo": "0000WRONGSERIAL" });
    try {
      const before = wechat.refusedRequests;
      const token = await firm.client.csrf("/admin/settings/account");
      const res = await firm.client.post("/admin/settings/account/recharges/online", { _csrf: token, amount: "500", channel: "wechat" });
      expect(res.status).toBe(502);
      expect(await res.text()).toContain("The payment service did not answer as expected");
      expect(wechat.refusedRequests).toBe(before + 1);
      const row = srv.db.$client.query("select state from recharge_orders where enterprise_id = ?").get(firm.enterpriseId) as { state: string };
      expect(row.state).toBe("closed");
    } finally {
      saveBillingSettings(srv.db, { "wechat.serialNo": wechat.serialNo });
    }
  });
});

describe("Alipay (RSA2, alipay.trade.precreate)", () => {
  test("order → QR code → pay → notification → 'success' and credited once; a replay credits nothing more", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId, page } = await startRecharge(firm.client, "alipay", "1234.5");
    const order = alipay.orders.get(orderId)!;
    expect(order.total_amount).toBe("1234.50");
    expect(order.notify_url).toBe(`${srv.url}/billing/notify/alipay`);
    expect(page).toContain('data-code="https://qr.alipay.com/bax0');
    alipay.pay(orderId);
    const form = alipay.notification(orderId);
    expect(await alipay.deliver(form, order.notify_url)).toEqual({ status: 200, body: "success" });
    expect(await alipay.deliver(form, order.notify_url)).toEqual({ status: 200, body: "success" });
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(123450);
    expect(orderState(orderId)).toBe("paid");
  });

  test("tampered, foreign-signed, other seller, other amount, unknown order: 'failure', nothing credited", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId } = await startRecharge(firm.client, "alipay", "600");
    alipay.pay(orderId);
    const to = alipay.notifyUrl(orderId);
    const good = alipay.notification(orderId);
    const failure = { status: 200, body: "failure" };
    expect(await alipay.deliver({ ...good, total_amount: "6000.00" }, to)).toEqual(failure);
    expect(await alipay.deliver(alipay.notification(orderId, {}, alipay.app.privateKey), to)).toEqual(failure);
    expect(await alipay.deliver({ ...good, sign: "" }, to)).toEqual(failure);
    expect(await alipay.deliver(alipay.notification(orderId, { total_amount: "0.01" }), to)).toEqual(failure);
    expect(await alipay.deliver(alipay.notification(orderId, { seller_id: "2088999999999999" }), to)).toEqual(failure);
    expect(await alipay.deliver(alipay.notification(orderId, { app_id: "2021999999999999" }), to)).toEqual(failure);
    expect(await alipay.deliver(alipay.notification("rch_unknownunknown00"), to)).toEqual(failure);
    expect(refusals(orderId)).toBe(3);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    // A notification that the trade is still waiting is acknowledged and credits nothing.
    expect(await alipay.deliver(alipay.notification(orderId, { trade_status: "WAIT_BUYER_PAY" }), to)).toEqual({ status: 200, body: "success" });
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    expect(await alipay.deliver(good, to)).toEqual({ status: 200, body: "success" });
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(60000);
  });

  test("a lost notification is recovered when the payer's page polls", async () => {
    const firm = await verifiedFirm(srv);
    const { orderId } = await startRecharge(firm.client, "alipay", "100");
    alipay.pay(orderId);
    // The page asks the gateway itself once its last look is 15 s old.
    srv.db.$client.run("update recharge_orders set created_at = created_at - 20000 where id = ?", [orderId]);
    const status = await (await firm.client.get(`/admin/settings/account/recharges/${orderId}/status`)).text();
    expect(status).toContain('data-state="paid"');
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(10000);
  });
});

describe("Alipay page pay (电脑网站支付), where the operator offers it", () => {
  test("off by default; once on, the order page sends the payer to Alipay's page with a signed address; the notification credits it", async () => {
    const firm = await verifiedFirm(srv);
    expect(await (await firm.client.get("/admin/settings/account")).text()).not.toContain('data-testid="recharge-alipay-page"');
    saveBillingSettings(srv.db, { "alipay.pagePay": ["0", "1"] as unknown as string });
    try {
      expect(await (await firm.client.get("/admin/settings/account")).text()).toContain('data-testid="recharge-alipay-page"');
      const token = await firm.client.csrf("/admin/settings/account");
      const res = await firm.client.post("/admin/settings/account/recharges/online", { _csrf: token, amount: "150", channel: "alipay_page" });
      expect(res.status).toBe(303);
      const orderId = res.headers.get("location")!.split("/").pop()!;
      // Nothing was asked of Alipay yet: the payer's browser goes there.
      expect(alipay.orders.has(orderId)).toBe(false);
      const page = await (await firm.client.get(`/admin/settings/account/recharges/${orderId}`)).text();
      const link = /<a href="([^"]+)" class="button primary" data-testid="alipay-page-link"/.exec(page)![1]!.replace(/&amp;/g, "&");
      expect(link).toStartWith(`${alipay.url}?`);
      const refusedBefore = alipay.refusedRequests;
      const visit = await fetch(link);
      expect(visit.status).toBe(200);
      expect(alipay.refusedRequests).toBe(refusedBefore);
      const order = alipay.orders.get(orderId)!;
      expect(order.total_amount).toBe("150.00");
      // A tampered address (another amount) is refused by the gateway.
      await fetch(link.replace("150.00", "1.00"));
      expect(alipay.refusedRequests).toBe(refusedBefore + 1);
      alipay.pay(orderId);
      expect(await alipay.deliver(alipay.notification(orderId), order.notify_url)).toEqual({ status: 200, body: "success" });
      expect(balanceOf(srv.db, firm.enterpriseId)).toBe(15000);
    } finally {
      saveBillingSettings(srv.db, { "alipay.pagePay": "0" });
    }
  });
});

describe("the operator's payment settings", () => {
  test("secrets are never shown back: only 'set' and the last 4 characters; an empty field keeps them", async () => {
    const op = await operatorClient(srv);
    const page = await (await op.client.get("/operator/billing/settings")).text();
    expect(page).not.toContain(wechat.apiV3Key);
    expect(page).not.toContain(wechat.merchant.privateKey.split("\n")[1]!);
    expect(page).not.toContain(alipay.app.privateKey.split("\n")[1]!);
    expect(page).toContain(`set (…${wechat.apiV3Key.slice(-4)})`);
    // Public things are shown as they are.
    expect(page).toContain(wechat.mchId);
    const token = await op.client.csrf("/operator/billing/settings");
    const form: Record<string, string> = { _csrf: token, minRechargeFen: "200", bankAccount: "户名：平台\n账号：1", "wechat.apiV3Key": "", "alipay.privateKey": "" };
    for (const [k, v] of Object.entries({ ...wechat.settings(), ...alipay.settings() })) if (!(k in form)) form[k] = v;
    form["wechat.privateKey"] = "";
    const saved = await op.client.post("/operator/billing/settings", form);
    expect(saved.status).toBe(200);
    const text = await saved.text();
    expect(text).toContain("Payment settings saved");
    expect(text).not.toContain(wechat.apiV3Key);
    const stored = srv.db.$client.query("select value from instance where key = 'billing.wechat.api_v3_key'").get() as { value: string };
    expect(stored.value).toBe(wechat.apiV3Key);
    const log = srv.db.$client.query("select details from operator_audit where action = 'billing.settings_updated' order by id desc limit 1").get() as { details: string };
    expect(log.details).toContain("minRechargeFen");
    expect(log.details).not.toContain(wechat.apiV3Key);
    // A key that is not a key is refused.
    const bad = await op.client.post("/operator/billing/settings", { ...form, "wechat.platformPublicKey": "not a key" });
    expect(bad.status).toBe(400);
    saveBillingSettings(srv.db, { minRechargeFen: "100" });
  });
});

test("abandoned orders the gateway still calls unpaid do not hide a newer paid one from the recovery job", async () => {
  const firm = await verifiedFirm(srv);
  const others = await verifiedFirm(srv);
  // 120 older orders the job cannot settle yet (QR codes opened an hour and a half ago and not paid,
  // still payable; or a channel the operator has since turned off): they stay pending.
  const old = Date.now() - 90 * 60_000;
  for (let i = 0; i < 120; i++) {
    const id = `abandoned${String(i).padStart(4, "0")}`;
    srv.db.$client.run("insert into recharge_orders (id, enterprise_id, channel, amount, state, created_at) values (?, ?, 'wechat', 100, 'pending', ?)", [id, others.enterpriseId, old + i]);
    wechat.orders.set(id, { out_trade_no: id, appid: wechat.appId, mchid: wechat.mchId, total: 100, notify_url: "", trade_state: "NOTPAY", transaction_id: "" });
  }
  const paid = await startRecharge(firm.client, "wechat", "100");
  wechat.pay(paid.orderId);
  // Its notification is lost. The job runs a minute apart: the order is asked about within two runs
  // (before, each run took the 100 oldest pending orders, the same abandoned ones every time).
  const clock = new SteppableClock();
  for (let run = 0; run < 3; run++) {
    clock.advance(RECOVERY_MIN_AGE_MS + 1000);
    await recoverPendingOrders(srv.app, clock.now());
    if (run >= 1) break;
  }
  expect(orderState(paid.orderId)).toBe("paid");
  expect(balanceOf(srv.db, firm.enterpriseId)).toBe(10000);
  expect(orderState("abandoned0000")).toBe("pending");
});

test("a WeChat QR code never paid is closed once its time at the gateway is over: it no longer counts against the firm's waiting recharges", async () => {
  const firm = await verifiedFirm(srv);
  const orders: string[] = [];
  for (let i = 0; i < MAX_PENDING; i++) orders.push((await startRecharge(firm.client, "wechat", "100")).orderId);
  const refused = await firm.client.post("/admin/settings/account/recharges/online", { _csrf: await firm.client.csrf("/admin/settings/account"), amount: "100", channel: "wechat" });
  expect(refused.status).toBe(429);
  const clock = new SteppableClock();
  // Within its time the gateway still calls it NOTPAY and the payer may still pay: left pending.
  clock.advance(ORDER_TTL_MS - 60_000);
  await recoverPendingOrders(srv.app, clock.now());
  expect(orders.map(orderState)).toEqual(orders.map(() => "pending"));
  // Past it, WeChat Pay still answers NOTPAY (it closes nothing by itself), but nothing can be paid any more.
  // Before: pending for ever, and the firm could never recharge again.
  clock.advance(ORDER_EXPIRED_AFTER_MS - ORDER_TTL_MS + 120_000);
  await recoverPendingOrders(srv.app, clock.now());
  expect(orders.map(orderState)).toEqual(orders.map(() => "closed"));
  expect((await startRecharge(firm.client, "wechat", "100")).orderId).toBeTruthy();
});
