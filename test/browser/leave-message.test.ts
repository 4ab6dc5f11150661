// Leave a message (F7) and visitors (F11) in a real browser: with nobody online the widget on a
// customer's page (another origin) becomes the message form; the visitor sends it; the agent in the
// workspace is alerted, finds it in the public pool and claims it. Then the agent sees the visitor
// in the live list and invites them: the chat opens on the visitor's page with the greeting.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { artifactPath, installWithCustomerSite, signIn } from "../helpers/browser";

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;

beforeAll(async () => {
  install = await installWithCustomerSite();
});
afterAll(() => install?.close());

test("with everyone offline a visitor leaves a message, and an agent finds it in the pool and claims it", async () => {
  // The agent has the workspace open but is offline: nobody can chat.
  const { browser, server, site } = install;
  const agentContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 800 } });
  const agent = await agentContext.newPage();
  await signIn(agent, server.url, "ann@acme.example", "ann-pass-1");
  await agent.waitForFunction(() => document.querySelector("#workspace-root")?.getAttribute("data-ready") === "true");
  await agent.getByTestId("status-toggle").waitFor();

  const visitorContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 800 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(site.url);
  await visitor.getByTestId("launcher").click();
  const form = visitor.getByTestId("leave-message-form");
  await form.waitFor();
  expect(await visitor.getByTestId("message-input").count()).toBe(0);

  // The widget checks before sending: required fields and the phone's format.
  await visitor.getByTestId("leave-message-submit").click();
  await expect(visitor.getByTestId("leave-message-error").count()).resolves.toBe(2);
  await visitor.getByTestId("leave-message-name").fill("王小姐 <b>VIP</b>");
  await visitor.getByTestId("leave-message-phone").fill("电话");
  await visitor.getByTestId("leave-message-message").fill("请问这件连衣裙有 M 码吗？");
  await visitor.getByTestId("leave-message-submit").click();
  await expect(visitor.getByTestId("leave-message-error").textContent()).resolves.toContain("手机号码");
  await visitor.screenshot({ path: artifactPath("leave-message-form.png") });
  await visitor.getByTestId("leave-message-phone").fill("138 0013 8000");
  await visitor.getByTestId("leave-message-submit").click();
  await visitor.getByTestId("leave-message-thanks").waitFor();
  await visitor.screenshot({ path: artifactPath("leave-message-visitor.png") });

  // The workspace is alerted and counts the new message on the Leads tab.
  await agent.waitForFunction(() => document.querySelector("#workspace-root")?.getAttribute("data-lead-alerts") === "1");
  await expect(agent.getByTestId("leads-badge").textContent()).resolves.toBe("1");

  // The pool: the lead, escaped, and a claim that swaps the item in place.
  await agent.locator('header.topbar a[href="/leads"]').click();
  await agent.waitForURL(`${server.url}/leads/pool`);
  const item = agent.getByTestId("lead-item").filter({ hasText: "M 码" });
  await item.waitFor();
  await expect(item.textContent()).resolves.toContain("王小姐 <b>VIP</b>");
  expect(await agent.locator(".lead-name b").count()).toBe(0);
  await expect(item.textContent()).resolves.toContain("138 0013 8000");
  await item.getByTestId("lead-claim").click();
  await agent.waitForFunction(() => document.querySelector('[data-testid="lead-item"]')?.getAttribute("data-status") === "claimed");
  await expect(agent.getByTestId("lead-notice").textContent()).resolves.toContain("已领取");
  await agent.screenshot({ path: artifactPath("leave-message-claimed.png") });

  // Records: active search narrows as the agent types, without a page load.
  await agent.goto(`${server.url}/leads/records`);
  await agent.getByTestId("lead-filter-q").fill("没有这个词");
  await agent.waitForFunction(() => document.querySelectorAll('[data-testid="lead-item"]').length === 0);
  expect(agent.url()).toContain("q=");
  await agent.getByTestId("lead-filter-q").fill("连衣裙");
  await agent.getByTestId("lead-item").first().waitFor();
  await agent.getByTestId("lead-filter-status").selectOption("done");
  await agent.waitForFunction(() => document.querySelectorAll('[data-testid="lead-item"]').length === 0);
  await agent.getByTestId("lead-filter-status").selectOption("claimed");
  await agent.getByTestId("lead-item").first().waitFor();

  await agentContext.close();
  await visitorContext.close();
}, 60_000);

test("an agent sees the visitor in the live list and invites them: the chat opens with the greeting", async () => {
  const { browser, server, site } = install;
  const visitorContext = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(site.url);
  await visitor.getByTestId("launcher").waitFor();

  const agentContext = await browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
  const agent = await agentContext.newPage();
  await signIn(agent, server.url, "ann@acme.example", "ann-pass-1");
  await agent.goto(`${server.url}/visitors`);
  const row = agent.getByTestId("visitor-item").filter({ hasText: "/products/42" });
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain("Acme 商城");
  await row.locator("input[name=greeting]").fill("Hi! Looking for a size?");
  await row.getByTestId("invite-visitor").click();
  await row.getByTestId("visitor-invited").waitFor();

  // The next beacon (every 20 s; a page becoming visible sends one at once) brings the invitation.
  await visitor.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await visitor.getByTestId("chat-window").waitFor();
  const greeting = visitor.getByTestId("message").filter({ hasText: "Looking for a size?" });
  await greeting.waitFor();
  expect(await greeting.getAttribute("data-from")).toBe("agent");
  await expect(visitor.getByTestId("chat-window").textContent()).resolves.toContain("Ann");
  await visitor.screenshot({ path: artifactPath("visitor-invited.png") });
  await agent.screenshot({ path: artifactPath("visitors-list.png") });
  await agentContext.close();
  await visitorContext.close();
}, 60_000);
