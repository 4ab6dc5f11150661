// Seats and roles in a real browser: the admin adds an agent, the personal link is opened in a fresh
// browser context where the agent sets a password, the admin activates the seat, the agent signs in
// and goes online; an agent's navigation has no admin pages and their URLs answer 403.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { artifactPath, launchChromium } from "../helpers/browser";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

const dataDir = tempDir();
let server: ServeProcess;
let browser: Browser;
let siteKey = "";

beforeAll(async () => {
  const init = await runCli(["init", "--company", "Acme 商城", "--email", "boss@acme.example", "--password", "boss-pass-1", "--data", dataDir]);
  siteKey = JSON.parse(init.stdout).siteKey;
  server = await serveProcess(dataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("admin adds an agent, the agent verifies through the link, the admin activates, the agent signs in and goes online", async () => {
  const adminContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 900 } });
  const admin = await adminContext.newPage();
  await admin.goto(`${server.url}/login`);
  await admin.getByTestId("login-email").fill("boss@acme.example");
  await admin.getByTestId("login-password").fill("boss-pass-1");
  await admin.getByTestId("login-submit").click();
  await admin.waitForURL(/\/workspace$/);
  await admin.locator('a[href="/admin"]').click();
  await admin.locator('.admin-nav a[href="/admin/agents"]').click();
  await admin.waitForURL(/\/admin\/agents$/);

  await admin.getByTestId("seat-name").fill("小王");
  await admin.getByTestId("seat-email").fill("wang@acme.example");
  await admin.getByTestId("seat-cap").fill("4");
  const adding = admin.waitForRequest((r) => r.url().endsWith("/admin/agents") && r.method() === "POST");
  await admin.getByTestId("add-seat-submit").click();
  expect((await adding).headers()["x-csrf-token"]).toBeTruthy();
  const linkEl = admin.getByTestId("verification-link");
  await linkEl.waitFor();
  const link = (await linkEl.textContent())!.trim();
  expect(link).toMatch(/\/verify\/[a-z0-9]{32}$/);
  expect(await admin.locator('[data-testid="seat-row"][data-email="wang@acme.example"]').getAttribute("data-state")).toBe("invited");
  await admin.screenshot({ path: artifactPath("seats-link-created.png") });

  // The agent opens the link in a browser of their own.
  const agentContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
  const agent = await agentContext.newPage();
  await agent.goto(link);
  await agent.getByTestId("verify-name").fill("王小明");
  await agent.getByTestId("verify-password").fill("wang-pass-2024");
  await agent.getByTestId("verify-repeat").fill("wang-pass-2024");
  await agent.getByTestId("verify-submit").click();
  await agent.getByTestId("verify-done").waitFor();

  // Not active yet: the sign-in is refused.
  await agent.goto(`${server.url}/login`);
  await agent.getByTestId("login-email").fill("wang@acme.example");
  await agent.getByTestId("login-password").fill("wang-pass-2024");
  await agent.getByTestId("login-submit").click();
  await agent.getByTestId("login-error").waitFor();

  // The admin sees the seat verified and activates it.
  await admin.reload();
  const row = admin.locator('[data-testid="seat-row"][data-email="wang@acme.example"]');
  expect(await row.getAttribute("data-state")).toBe("verified");
  const activation = admin.waitForRequest((r) => r.url().endsWith("/activate"));
  await row.getByTestId("activate-seat").click();
  expect((await activation).headers()["hx-request"]).toBe("true"); // an htmx action: the section is swapped in place
  await admin.waitForFunction(() => document.querySelector('[data-testid="seat-row"][data-email="wang@acme.example"]')?.getAttribute("data-state") === "active");
  expect(await admin.locator('[data-testid="seat-row"][data-email="wang@acme.example"]').textContent()).toContain("王小明");
  await admin.screenshot({ path: artifactPath("seats-activated.png") });

  // The agent signs in and goes online with one click.
  await agent.goto(`${server.url}/login`);
  await agent.getByTestId("login-email").fill("wang@acme.example");
  await agent.getByTestId("login-password").fill("wang-pass-2024");
  await agent.getByTestId("login-submit").click();
  await agent.waitForURL(`${server.url}/workspace`);
  const toggle = agent.getByTestId("status-toggle");
  await agent.waitForFunction(() => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === "offline");
  await toggle.click();
  await agent.waitForFunction(() => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === "online");
  await agent.screenshot({ path: artifactPath("seats-agent-online.png") });

  // A restricted agent: no admin pages in the navigation, and 403 on their URLs.
  expect(await agent.locator('header a[href="/admin"]').count()).toBe(0);
  const tabs = await agent.locator("header nav.tabs a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(tabs).toContain("/workspace");
  expect(tabs.some((h) => h?.startsWith("/admin"))).toBe(false);
  for (const url of ["/admin", "/admin/agents", "/admin/roles", "/admin/audit", "/admin/embed"]) {
    const res = await agent.goto(`${server.url}${url}`);
    expect({ url, status: res!.status() }).toEqual({ url, status: 403 });
  }
  await agent.screenshot({ path: artifactPath("seats-agent-403.png") });

  // The admin's role supervises the whole enterprise: the agent's chat is listed live in the
  // admin's workspace, read-only until the admin takes it over.
  await agent.goto(`${server.url}/workspace`);
  await agent.getByTestId("status-toggle").waitFor();
  await agent.waitForFunction(() => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === "online");
  await admin.goto(`${server.url}/workspace`);
  await admin.getByTestId("status-toggle").waitFor();
  const visitor = await visitorSocket(server.url.replace("http", "ws"), siteKey);
  visitor.socket.send({ type: "message", clientId: "v1", text: "请问有优惠吗" });
  await visitor.socket.next("agent", (f) => f.name === "王小明", 15_000);
  const item = admin.getByTestId("conversation-item").filter({ hasText: "请问有优惠吗" });
  await item.click();
  await admin.getByTestId("take-over").click();
  await admin.waitForFunction(() => !document.querySelector('[data-testid="take-over"]'));
  expect(await admin.getByTestId("reply-input").isDisabled()).toBe(false);
  await admin.screenshot({ path: artifactPath("seats-supervisor-took-over.png") });
  await visitor.socket.next("agent", (f) => f.name === "Acme 商城", 15_000);
  visitor.socket.close();
  await adminContext.close();
  await agentContext.close();
}, 60_000);
