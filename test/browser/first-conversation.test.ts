// The seed's "first conversation" (迈出第一步) in a real browser, end to end: parley init, an agent
// signs in and goes online, a customer's page on another origin embeds the snippet, a visitor
// opens the launcher and writes (Chinese, typed; and an HTML-looking message that must stay
// text), the agent is alerted and answers, and the visitor sees the answer.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { artifactPath, installWithCustomerSite, signIn, type customerSite } from "../helpers/browser";
import type { ServeProcess } from "../helpers/process";

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;
let server: ServeProcess;
let site: ReturnType<typeof customerSite>;
let browser: Browser;
const XSS = `<img src=x onerror="window.__pwned=1">看看这个`;

beforeAll(async () => {
  install = await installWithCustomerSite();
  ({ server, site, browser } = install);
}, 60_000);

afterAll(() => install?.close());

test("an agent online in the workspace and a visitor on the customer's site talk in real time", async () => {
  // The agent: signs in at /login and goes online.
  const agentContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
  await agentContext.grantPermissions(["notifications"], { origin: server.url });
  const agent = await agentContext.newPage();
  await signIn(agent, server.url, "ann@acme.example", "ann-pass-1");
  const toggle = agent.getByTestId("status-toggle");
  await expect(toggle.getAttribute("data-status")).resolves.toBe("offline");
  await toggle.click();
  await agent.waitForFunction(() => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === "online");

  // The visitor: another browser on the customer's website.
  const visitorContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(site.url);
  const launcher = visitor.getByTestId("launcher");
  await launcher.waitFor();
  const box = (await launcher.boundingBox())!;
  expect(box.x + box.width).toBeGreaterThan(1366 - 80); // bottom right
  expect(box.y + box.height).toBeGreaterThan(768 - 80);
  await launcher.click();
  await visitor.getByTestId("chat-window").waitFor();
  const input = visitor.getByTestId("message-input");
  await input.click();
  await visitor.keyboard.type("你好，我想咨询一下价格");
  await visitor.keyboard.press("Enter");
  await visitor.getByTestId("message").filter({ hasText: "你好，我想咨询一下价格" }).waitFor();
  await input.fill(XSS);
  await visitor.getByTestId("send-button").click();

  // The agent is alerted: the conversation appears with an unread badge, the tab title flashes.
  // The list shows the newest message once it arrives (the HTML one, as text).
  const item = agent.getByTestId("conversation-item").filter({ hasText: "看看这个" });
  await item.waitFor();
  await agent.waitForFunction(() => /\(\d+\)/.test(document.title) || Number(document.querySelector("[data-alert]")?.getAttribute("data-alert") ?? 0) > 0);
  await agent.screenshot({ path: artifactPath("first-conversation-agent-alerted.png") });
  await item.click();
  const transcript = agent.getByTestId("transcript-message");
  await transcript.filter({ hasText: "你好，我想咨询一下价格" }).waitFor();
  // The HTML a visitor typed is shown as text, in the workspace and in the widget, and runs nothing.
  await transcript.filter({ hasText: "<img src=x" }).waitFor();
  expect(await agent.locator("img[src=x]").count()).toBe(0);
  expect(await agent.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await visitor.evaluate(() => (window as any).__pwned)).toBeUndefined();
  await visitor.getByTestId("message").filter({ hasText: "<img src=x" }).waitFor();

  // The agent answers; the visitor sees it at once.
  await agent.getByTestId("reply-input").click();
  await agent.keyboard.type("您好！我们的价格是每月 99 元。");
  await agent.getByTestId("reply-send").click();
  await visitor.getByTestId("message").filter({ hasText: "每月 99 元" }).waitFor();
  await visitor.screenshot({ path: artifactPath("first-conversation-visitor.png") });
  await agent.screenshot({ path: artifactPath("first-conversation-agent.png") });

  // The agent sees who they are talking to: visitor id, page, device.
  const panel = await agent.locator("body").textContent();
  expect(panel).toContain("/products/42");
  expect(panel).toMatch(/desktop|桌面/);

  // A reload of the customer's page keeps the visitor, their conversation and the open window.
  await visitor.reload();
  await visitor.getByTestId("chat-window").waitFor();
  await visitor.getByTestId("message").filter({ hasText: "每月 99 元" }).waitFor();
  await agentContext.close();
  await visitorContext.close();
}, 60_000);

test("on a phone the chat window is full-screen", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByTestId("launcher").click();
  const win = page.getByTestId("chat-window");
  await win.waitFor();
  // Let the opening transition finish.
  await win.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  const b = (await win.boundingBox())!;
  expect(Math.round(b.x)).toBe(0);
  expect(Math.round(b.y)).toBe(0);
  expect(Math.round(b.width)).toBe(390);
  expect(Math.round(b.height)).toBeGreaterThanOrEqual(800);
  await page.screenshot({ path: artifactPath("first-conversation-phone.png") });
  await context.close();
}, 30_000);
