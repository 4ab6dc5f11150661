// The seed's whole path for a new firm, in a real Chromium (F13, F14, F3, F15, F2): it signs up,
// verifies (an operator approves its licence), recharges by bank transfer (the operator approves the
// transfer), adds an agent who verifies themselves, activates the seat — which cannot go online
// until it has service, and the workspace says why — opens service for it from Admin → Agents (the
// confirmation shows the exact charge, the page the common expiry), and the agent goes online and
// receives a visitor from the firm's website.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { saveBillingSettings } from "../../src/billing/settings";
import { openDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { artifactPath, customerSite, launchChromium } from "../helpers/browser";
import { BANK_ACCOUNT } from "../helpers/billing";
import { codeFor, PNG_BYTES, VALID_CODES } from "../helpers/platform";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const dataDir = tempDir();
let server: ServeProcess;
let browser: Browser;
let secret = "";
let siteKey = "";
let site: ReturnType<typeof customerSite>;

beforeAll(async () => {
  const op = await runCli(["operator", "add", "--email", "ops@platform.example", "--password", "operator-pass-1", "--name", "Olga", "--data", dataDir]);
  secret = JSON.parse(op.stdout).totpSecret;
  const db = openDatabase(dataDir);
  runMigrations(db);
  saveBillingSettings(db, { bankAccount: BANK_ACCOUNT });
  db.$client.close();
  server = await serveProcess(dataDir, ["--mode", "platform"]);
  browser = await launchChromium();
  site = customerSite(() => `<script src="${server.url}/widget.js" data-site="${siteKey}" async></script>`);
});

afterAll(async () => {
  await browser?.close();
  site?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function operatorSignIn(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  if (!page.url().includes("/operator/login")) return;
  await page.getByTestId("operator-email").fill("ops@platform.example");
  await page.getByTestId("operator-password").fill("operator-pass-1");
  await page.getByTestId("operator-login-submit").click();
  await page.getByTestId("operator-code").fill(await codeFor(secret, codes++));
  await page.getByTestId("operator-login-submit").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/operator/login"));
}
let codes = 0;

const statusIs = (page: Page, status: string) => page.waitForFunction((s) => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === s, status);

test("sign up, verify, recharge by bank transfer, add and activate an agent, open service, the agent goes online and receives a visitor", async () => {
  const admin = await (await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } })).newPage();
  const op = await (await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } })).newPage();
  const agent = await (await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } })).newPage();

  // 1. Sign up.
  await admin.goto(`${server.url}/signup`);
  const signup = admin.getByTestId("signup-form");
  await signup.locator('[name="company"]').fill("福州新起点科技有限公司");
  await signup.locator('[name="name"]').fill("陈总");
  await signup.locator('[name="email"]').fill("chen@xinqidian.example");
  await signup.locator('[name="password"]').fill("xinqidian-pass-1");
  await signup.locator('[name="phone"]').fill("13900139000");
  await admin.getByTestId("signup-submit").click();
  await admin.waitForURL(/\/admin\/start/);

  // 2. Verification: the licence, approved by the operator.
  await admin.goto(`${server.url}/admin/settings/account`);
  const verify = admin.getByTestId("verification-form");
  await verify.locator('[name="legalName"]').fill("福州新起点科技有限公司");
  await verify.locator('[name="creditCode"]').fill(VALID_CODES[1]!);
  await verify.locator('[name="contact"]').fill("陈总 13900139000");
  await verify.locator('[name="licence"]').setInputFiles({ name: "营业执照.png", mimeType: "image/png", buffer: Buffer.from(PNG_BYTES) });
  await admin.getByTestId("verification-submit").click();
  await admin.waitForURL(/submitted=1$/);
  await operatorSignIn(op, "/operator/verifications");
  await op.getByTestId("queue-open").first().click();
  await op.getByTestId("operator-approve").click();
  await op.waitForURL(/done=approve$/);
  await admin.reload();
  expect(await admin.getByTestId("enterprise-state").getAttribute("data-state")).toBe("verified");

  // 3. Recharge ¥500 by bank transfer; the operator approves it.
  const bank = admin.getByTestId("recharge-bank");
  await bank.locator('[name="amount"]').fill("500");
  await bank.locator('[name="payer"]').fill("福州新起点科技有限公司");
  await bank.locator('[name="date"]').fill(new Date().toISOString().slice(0, 10));
  await admin.getByTestId("recharge-bank-submit").click();
  await admin.waitForURL(/recorded=1$/);
  await operatorSignIn(op, "/operator/billing/transfers");
  await op.getByTestId("operator-transfer-approve").click();
  await op.waitForURL(/done=approve$/);
  await admin.goto(`${server.url}/admin/settings/account`);
  expect(await admin.getByTestId("balance").getAttribute("data-fen")).toBe("50000");

  // 4. Add an agent; they verify themselves through their link; the admin activates the seat.
  await admin.goto(`${server.url}/admin/agents`);
  await admin.getByTestId("seat-name").fill("小林");
  await admin.getByTestId("seat-email").fill("lin@xinqidian.example");
  await admin.getByTestId("add-seat-submit").click();
  const link = (await admin.getByTestId("verification-link").textContent())!.trim();
  await agent.goto(link);
  await agent.getByTestId("verify-name").fill("林小姐");
  await agent.getByTestId("verify-password").fill("lin-pass-2026");
  await agent.getByTestId("verify-repeat").fill("lin-pass-2026");
  await agent.getByTestId("verify-submit").click();
  await agent.getByTestId("verify-done").waitFor();
  await admin.goto(`${server.url}/admin/agents`);
  const row = admin.locator('[data-testid="seat-row"][data-email="lin@xinqidian.example"]');
  await row.getByTestId("activate-seat").click();
  await admin.waitForFunction(() => document.querySelector('[data-testid="seat-row"][data-email="lin@xinqidian.example"]')?.getAttribute("data-state") === "active");

  // 5. Active but without service: the agent cannot go online, and the workspace says why.
  await agent.goto(`${server.url}/login`);
  await agent.getByTestId("login-email").fill("lin@xinqidian.example");
  await agent.getByTestId("login-password").fill("lin-pass-2026");
  await agent.getByTestId("login-submit").click();
  await agent.waitForURL(`${server.url}/workspace`);
  await statusIs(agent, "offline");
  await agent.getByTestId("workspace-notice").filter({ hasText: "开通服务" }).waitFor();
  await agent.getByTestId("status-toggle").click();
  await agent.getByTestId("workspace-notice").filter({ hasText: "开通服务" }).waitFor();
  await statusIs(agent, "offline");
  await agent.screenshot({ path: artifactPath("journey-agent-without-service.png") });

  // 6. Open service from Admin → Agents: the exact charge, then the common expiry.
  await admin.goto(`${server.url}/admin/agents`);
  await admin.locator('[data-testid="seat-row"][data-email="lin@xinqidian.example"]').getByTestId("open-service").click();
  await admin.getByTestId("service-confirm").waitFor();
  expect(await admin.getByTestId("confirm-total").getAttribute("data-fen")).toBe("4000");
  expect(await admin.getByTestId("confirm-total").textContent()).toBe("¥40.00");
  const expiry = await admin.getByTestId("service-expiry").getAttribute("data-date");
  expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await admin.screenshot({ path: artifactPath("journey-open-service-confirm.png") });
  await admin.getByTestId("confirm-open-service").click();
  await admin.getByTestId("flash-notice").waitFor();
  expect(await admin.getByTestId("service-expiry").getAttribute("data-date")).toBe(expiry);
  expect(await admin.getByTestId("service-balance").getAttribute("data-fen")).toBe("46000");
  expect(await admin.locator('[data-testid="service-charge"][data-kind="seat_charge"]').getAttribute("data-fen")).toBe("-4000");
  await admin.screenshot({ path: artifactPath("journey-service-page.png") });

  // 7. The agent goes online and receives a visitor from the firm's website.
  siteKey = /data-site="([^"]+)"/.exec((await (await admin.request.get(`${server.url}/admin/embed`)).text()).replace(/&quot;/g, '"'))![1]!;
  await agent.reload();
  await statusIs(agent, "offline");
  await agent.getByTestId("status-toggle").click();
  await statusIs(agent, "online");
  const visitor = await (await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } })).newPage();
  await visitor.goto(site.url);
  await visitor.getByTestId("launcher").click();
  await visitor.getByTestId("chat-window").waitFor();
  await visitor.getByTestId("message-input").fill("你好，请问怎么开发票？");
  await visitor.getByTestId("send-button").click();
  const item = agent.getByTestId("conversation-item").filter({ hasText: "怎么开发票" });
  await item.waitFor();
  await item.click();
  await agent.getByTestId("reply-input").fill("您好，可以在账户页申请发票。");
  await agent.getByTestId("reply-send").click();
  await visitor.getByTestId("message").filter({ hasText: "申请发票" }).waitFor();
  await agent.screenshot({ path: artifactPath("journey-agent-serves.png") });
  const check = await runCli(["billing", "check", "--data", dataDir]);
  expect(check.code).toBe(0);
}, 90_000);
