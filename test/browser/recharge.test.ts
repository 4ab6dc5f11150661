// The wallet in a real browser: a verified admin recharges by bank transfer (对公转账) with a receipt,
// sees it wait for the platform; an operator, in a browser of their own, approves it; the admin
// sees the new balance and the ledger row.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { saveBillingSettings } from "../../src/billing/settings";
import { openDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { artifactPath, launchChromium } from "../helpers/browser";
import { BANK_ACCOUNT } from "../helpers/billing";
import { codeFor, PNG_BYTES } from "../helpers/platform";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { FakeWechatPay } from "../fakes/payment-gateways";

const dataDir = tempDir();
let server: ServeProcess;
let browser: Browser;
let secret = "";
const wechat = new FakeWechatPay();

beforeAll(async () => {
  // The firm company mode made stands as verified in platform mode (docs/platform.md, "Upgrade").
  await runCli(["init", "--company", "福州好运贸易有限公司", "--email", "lin@haoyun.example", "--password", "haoyun-pass-1", "--data", dataDir]);
  const op = await runCli(["operator", "add", "--email", "ops@platform.example", "--password", "operator-pass-1", "--name", "Olga", "--data", dataDir]);
  secret = JSON.parse(op.stdout).totpSecret;
  const db = openDatabase(dataDir);
  runMigrations(db);
  saveBillingSettings(db, { bankAccount: BANK_ACCOUNT, ...wechat.settings() });
  db.$client.close();
  server = await serveProcess(dataDir, ["--mode", "platform"]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  wechat.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a verified admin records a bank transfer, the operator approves it, the admin sees the balance and the ledger row", async () => {
  const adminContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } });
  const admin = await adminContext.newPage();
  await admin.goto(`${server.url}/login`);
  await admin.getByTestId("login-email").fill("lin@haoyun.example");
  await admin.getByTestId("login-password").fill("haoyun-pass-1");
  await admin.getByTestId("login-submit").click();
  await admin.waitForURL((u) => !u.pathname.startsWith("/login"));
  await admin.goto(`${server.url}/admin/settings/account`);
  await admin.getByTestId("account-page").waitFor();
  expect(await admin.getByTestId("balance").getAttribute("data-fen")).toBe("0");
  expect(await admin.getByTestId("bank-account").textContent()).toContain("招商银行福州分行");

  const form = admin.getByTestId("recharge-bank");
  await form.locator('[name="amount"]').fill("500.00");
  await form.locator('[name="payer"]').fill("福州好运贸易有限公司");
  await form.locator('[name="date"]').fill(new Date().toISOString().slice(0, 10));
  await form.locator('[name="receipt"]').setInputFiles({ name: "回单.png", mimeType: "image/png", buffer: Buffer.from(PNG_BYTES) });
  await admin.getByTestId("recharge-bank-submit").click();
  await admin.waitForURL(/recorded=1$/);
  const row = admin.getByTestId("recharge-row").first();
  expect(await row.getAttribute("data-state")).toBe("pending");
  expect(await row.textContent()).toContain("等待平台审核");
  expect(await admin.getByTestId("balance").getAttribute("data-fen")).toBe("0");
  await admin.screenshot({ path: artifactPath("recharge-recorded.png") });

  // The operator, in a browser of their own.
  const opContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } });
  const op = await opContext.newPage();
  await op.goto(`${server.url}/operator/billing`);
  await op.waitForURL(/\/operator\/login/);
  await op.getByTestId("operator-email").fill("ops@platform.example");
  await op.getByTestId("operator-password").fill("operator-pass-1");
  await op.getByTestId("operator-login-submit").click();
  await op.getByTestId("operator-code").fill(await codeFor(secret));
  await op.getByTestId("operator-login-submit").click();
  await op.waitForURL(/\/operator\/billing\/transfers$/);
  const item = op.getByTestId("transfer-item");
  expect(await item.count()).toBe(1);
  expect(await item.textContent()).toContain("¥500.00");
  // The receipt opens (an image, served to operators only).
  const receiptHref = await item.locator('a[target="_blank"]').getAttribute("href");
  expect((await op.request.get(`${server.url}${receiptHref}`)).headers()["content-type"]).toBe("image/png");
  await op.screenshot({ path: artifactPath("recharge-operator-queue.png") });
  await op.getByTestId("operator-transfer-approve").click();
  await op.waitForURL(/done=approve$/);
  await op.getByTestId("transfers-empty").waitFor();

  // The admin sees the new balance and the ledger row.
  await admin.goto(`${server.url}/admin/settings/account`);
  expect(await admin.getByTestId("balance").getAttribute("data-fen")).toBe("50000");
  expect(await admin.getByTestId("balance").textContent()).toBe("¥500.00");
  expect(await admin.getByTestId("recharge-row").first().getAttribute("data-state")).toBe("paid");
  await admin.getByTestId("ledger-link").click();
  await admin.waitForURL(/\/admin\/settings\/account\/ledger$/);
  const entry = admin.getByTestId("ledger-row");
  expect(await entry.count()).toBe(1);
  expect(await entry.getAttribute("data-kind")).toBe("recharge");
  expect(await entry.getAttribute("data-amount")).toBe("50000");
  expect(await entry.textContent()).toContain("充值");
  await admin.screenshot({ path: artifactPath("recharge-ledger.png") });
  await adminContext.close();
  await opContext.close();
  const check = await runCli(["billing", "check", "--data", dataDir]);
  expect(check.code).toBe(0);
}, 60_000);

test("WeChat Pay: the QR code is shown, and the page turns to paid by itself when the notification arrives", async () => {
  const context = await browser.newContext({ locale: "en", viewport: { width: 1200, height: 900 } });
  const admin = await context.newPage();
  await admin.goto(`${server.url}/login?lang=en`);
  await admin.getByTestId("login-email").fill("lin@haoyun.example");
  await admin.getByTestId("login-password").fill("haoyun-pass-1");
  await admin.getByTestId("login-submit").click();
  await admin.waitForURL((u) => !u.pathname.startsWith("/login"));
  await admin.goto(`${server.url}/admin/settings/account`);
  const before = Number(await admin.getByTestId("balance").getAttribute("data-fen"));
  await admin.getByTestId("recharge-online").locator('[name="amount"]').fill("100");
  await admin.getByTestId("recharge-wechat").click();
  await admin.waitForURL(/\/admin\/settings\/account\/recharges\/rch_/);
  const qr = admin.getByTestId("recharge-qr");
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await admin.screenshot({ path: artifactPath("recharge-wechat-qr.png") });
  const orderId = admin.url().split("/").pop()!;
  wechat.pay(orderId);
  expect((await wechat.deliver(wechat.notification(orderId), wechat.notifyUrl(orderId))).status).toBe(204);
  // No reload: the page polls its order and shows the outcome.
  await admin.locator('[data-testid="order-status"][data-state="paid"]').waitFor({ timeout: 10_000 });
  expect(Number(await admin.getByTestId("balance").getAttribute("data-fen"))).toBe(before + 10000);
  await context.close();
}, 60_000);
