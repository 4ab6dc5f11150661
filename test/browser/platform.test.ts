// Platform mode in a real browser: a firm signs up, sees it is on trial, tries to add a seat and is
// told why, submits its business licence; an operator (another browser context) signs in with
// password and TOTP code and approves; the admin sees "verified".
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { artifactPath, launchChromium } from "../helpers/browser";
import { codeFor, PNG_BYTES, VALID_CODES } from "../helpers/platform";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const dataDir = tempDir();
let server: ServeProcess;
let browser: Browser;
let secret = "";

beforeAll(async () => {
  const op = await runCli(["operator", "add", "--email", "ops@platform.example", "--password", "operator-pass-1", "--name", "Olga", "--data", dataDir]);
  secret = JSON.parse(op.stdout).totpSecret;
  server = await serveProcess(dataDir, ["--mode", "platform"]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("sign up, trial, a seat refused with the reason, licence submitted, the operator approves, the admin sees verified", async () => {
  const adminContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } });
  const admin = await adminContext.newPage();
  await admin.goto(`${server.url}/signup`);
  const form = admin.getByTestId("signup-form");
  await form.locator('[name="company"]').fill("福州好运贸易有限公司");
  await form.locator('[name="name"]').fill("林经理");
  await form.locator('[name="email"]').fill("lin@haoyun.example");
  await form.locator('[name="password"]').fill("haoyun-pass-1");
  await form.locator('[name="phone"]').fill("13800138000");
  await admin.getByTestId("signup-submit").click();
  await admin.waitForURL(/\/admin\/start\?welcome=1$/);
  await admin.getByTestId("welcome").waitFor();
  expect(await admin.getByTestId("enterprise-state").getAttribute("data-state")).toBe("trial");
  const enterpriseId = (await admin.getByTestId("enterprise-id").textContent())!.trim();
  expect(enterpriseId).toMatch(/^\d{8}$/);
  await admin.screenshot({ path: artifactPath("platform-quick-start.png") });

  // Adding a seat is refused, with the reason.
  await admin.locator('.admin-nav a[href="/admin/agents"]').click();
  await admin.waitForURL(/\/admin\/agents$/);
  await admin.getByTestId("seat-name").fill("小王");
  await admin.getByTestId("seat-email").fill("wang@haoyun.example");
  await admin.getByTestId("add-seat-submit").click();
  const refusal = admin.getByTestId("flash-error");
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain("试用期");
  expect(await admin.locator('[data-testid="seat-row"][data-email="wang@haoyun.example"]').count()).toBe(0);
  await admin.screenshot({ path: artifactPath("platform-seat-refused.png") });

  // The account page, reached from the navigation; the licence is submitted.
  await admin.locator('.admin-nav a[href="/admin/settings/account"]').click();
  await admin.getByTestId("account-page").waitFor();
  expect(await admin.getByTestId("enterprise-id").textContent()).toBe(enterpriseId);
  const verify = admin.getByTestId("verification-form");
  await verify.locator('[name="legalName"]').fill("福州好运贸易有限公司");
  await verify.locator('[name="creditCode"]').fill(VALID_CODES[0]!.toLowerCase());
  await verify.locator('[name="contact"]').fill("林经理 13800138000");
  await verify.locator('[name="licence"]').setInputFiles({ name: "营业执照.png", mimeType: "image/png", buffer: Buffer.from(PNG_BYTES) });
  await admin.getByTestId("verification-submit").click();
  await admin.waitForURL(/submitted=1$/);
  expect(await admin.getByTestId("enterprise-state").getAttribute("data-state")).toBe("pending");

  // The operator, in a browser of their own.
  const opContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } });
  const op = await opContext.newPage();
  await op.goto(`${server.url}/operator`);
  await op.waitForURL(/\/operator\/login/);
  await op.getByTestId("operator-email").fill("ops@platform.example");
  await op.getByTestId("operator-password").fill("operator-pass-1");
  await op.getByTestId("operator-login-submit").click();
  await op.getByTestId("operator-code").fill(await codeFor(secret));
  await op.getByTestId("operator-login-submit").click();
  await op.waitForURL(/\/operator\/verifications$/);
  await op.getByTestId("queue-open").first().click();
  await op.getByTestId("review").waitFor();
  expect(await op.getByTestId("review").textContent()).toContain(enterpriseId);
  // The licence image shows (decoded, with a size) once it has loaded: waited for, not sampled, as a loaded machine may still be fetching it.
  const licenceShown = await op.locator("img.licence-preview").evaluate(
    (img: HTMLImageElement) =>
      new Promise<boolean>((done) => {
        if (img.complete) return done(img.naturalWidth > 0);
        img.addEventListener("load", () => done(img.naturalWidth > 0));
        img.addEventListener("error", () => done(false));
      }),
  );
  expect(licenceShown).toBe(true);
  await op.screenshot({ path: artifactPath("platform-operator-review.png") });
  await op.getByTestId("operator-approve").click();
  await op.waitForURL(/\/operator\/verifications\?done=approve$/);
  await op.getByTestId("queue-empty").waitFor();

  // The admin sees the outcome.
  await admin.reload();
  expect(await admin.getByTestId("enterprise-state").getAttribute("data-state")).toBe("verified");
  await admin.getByTestId("verification-notice").waitFor();
  await admin.screenshot({ path: artifactPath("platform-verified.png") });
  await adminContext.close();
  await opContext.close();
}, 60_000);
