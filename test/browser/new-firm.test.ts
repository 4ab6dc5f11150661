// What a new firm sees in a real Chromium in its first days (issue 12, "defects a new firm hits"):
// the embed code shown whole on one line, the widget's header that claims no person while nobody is
// online, and the console in the reader's language.
import { describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { artifactPath, signIn, goOnline } from "../helpers/browser";
import { createSession } from "../../src/accounts/sessions";
import { getUser } from "../../src/accounts/users";
import { visitorKey } from "../../src/chat/visitors";
import { HttpClient } from "../helpers/http";
import { agentSocket, RawSocket, randomVisitorId } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser({ site: true });

/** A visitor on the customer's site with the chat window open. */
async function visitorPage(locale: string): Promise<Page> {
  const ctx = await env.browser.newContext({ locale, viewport: { width: 1366, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(env.site.url);
  await page.getByTestId("launcher").click();
  await page.getByTestId("chat-window").waitFor();
  return page;
}

async function adminPage(locale: string, viewport = { width: 1366, height: 800 }): Promise<Page> {
  const ctx = await env.browser.newContext({ locale, viewport });
  const page = await ctx.newPage();
  await signIn(page, env.server.url, env.server.admin.email, env.server.admin.password);
  return page;
}

/** The rendered lines of an element's text: the distinct tops of its characters' boxes. */
function renderedLines(page: Page, selector: string, needle: string): Promise<{ lines: number; needleLines: number }> {
  return page.locator(selector).first().evaluate((el, needle) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = new Set<number>();
    const needleTops = new Set<number>();
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const text = node.data;
      const at = text.indexOf(needle);
      for (let i = 0; i < text.length; i++) {
        if (text[i] === "\n") continue;
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        const top = Math.round(r.getBoundingClientRect().top);
        tops.add(top);
        if (at >= 0 && i >= at && i < at + needle.length) needleTops.add(top);
      }
    }
    return { lines: tops.size, needleLines: needleTops.size };
  }, needle);
}

describe("the embed code", () => {
  test("is one line, never broken inside </script>, even on a narrow screen", async () => {
    const page = await adminPage("en-US", { width: 700, height: 800 });
    await page.goto(`${env.server.url}/admin/embed`);
    const code = page.getByTestId("embed-code").first();
    const text = (await code.textContent())!.trim();
    expect(text).toBe(`<script src="${env.server.url}/widget.js" data-site="${env.server.siteKey}" async></script>`);
    const { lines, needleLines } = await renderedLines(page, '[data-testid="embed-code"]', "</script>");
    await page.screenshot({ path: artifactPath("embed-code-narrow.png") });
    expect(needleLines).toBe(1);
    expect(lines).toBe(1);
    // Copying takes the snippet as it is.
    expect(await code.evaluate((el) => el.scrollWidth >= el.clientWidth)).toBe(true);
    await page.context().close();
  }, 20_000);
});

describe("the widget while nobody is online", () => {
  for (const [locale, nobody, connected] of [
    ["en-US", "No one is online now", "Connected"],
    ["zh-CN", "暂无客服在线", "已连接"],
  ] as const)
    test(`shows the message form and does not say "${connected}" (${locale})`, async () => {
      const page = await visitorPage(locale);
      await page.getByTestId("leave-message-form").waitFor();
      const state = page.locator("[data-testid=connection-state][data-state=open]");
      await state.waitFor();
      expect(await state.textContent()).toBe(nobody);
      expect(await state.getAttribute("data-online")).toBe("false");
      await page.screenshot({ path: artifactPath(`widget-nobody-online-${locale}.png`) });
      await page.context().close();
    }, 20_000);
});

describe("a reload keeps what the visitor was shown", () => {
  test("the agent's read stays read, and an ended chat's rating is asked again until given", async () => {
    const admin = new HttpClient(env.server.url);
    await admin.login(env.server.admin.email, env.server.admin.password);
    const siteId = /name="site" value="([^"]+)"/.exec(await (await admin.get("/admin/branding")).text())![1]!;
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: await admin.csrf("/admin/branding"), site: siteId, rating: "1" })) form.append(k, v);
    expect((await admin.request("/admin/branding", { method: "POST", body: form })).status).toBe(303);
    const ann = await agentSocket(env.server.wsUrl, createSession(env.server.db, getUser(env.server.db, env.server.enterpriseId, env.server.agent.id)!, 1).cookie);
    try {
      const page = await visitorPage("en-US");
      await page.getByTestId("message-input").fill("Do you ship to Shenzhen?");
      await page.getByTestId("message-input").press("Enter");
      const m = await ann.socket.next("message", (f) => f.from === "visitor");
      ann.socket.send({ type: "read", conversationId: m.conversationId, seq: m.seq });
      const mine = page.locator("[data-testid=message][data-from=visitor]").filter({ hasText: "Shenzhen" });
      await mine.and(page.locator("[data-status=read]")).waitFor();

      await page.reload();
      await page.getByTestId("chat-window").waitFor();
      await mine.and(page.locator("[data-status=read]")).waitFor({ timeout: 5000 });
      expect(await mine.getAttribute("data-status")).toBe("read");

      ann.socket.send({ type: "close", conversationId: m.conversationId });
      await page.getByTestId("rating-form").waitFor();
      await page.reload();
      await page.getByTestId("chat-window").waitFor();
      await page.getByTestId("rating-form").waitFor({ timeout: 5000 });
      expect(await page.getByTestId("rating-form").count()).toBe(1);
      await page.getByTestId("rating-5").check({ force: true });
      await page.getByTestId("rating-submit").click();
      await page.getByTestId("rating-thanks").waitFor();
      await page.reload();
      await page.getByTestId("chat-window").waitFor();
      await page.locator("[data-testid=connection-state][data-state=open]").waitFor();
      expect(await page.getByTestId("rating-form").count()).toBe(0);
      await page.context().close();
    } finally {
      ann.socket.close();
    }
  }, 40_000);
});

describe("an agent's invitation where the robot is on", () => {
  test("shows the agent's greeting, not the robot's; the reply goes to a person", async () => {
    env.server.db.$client.run("update sites set robot_enabled = 1 where key = ?", [env.server.siteKey]);
    const ann = await agentSocket(env.server.wsUrl, createSession(env.server.db, getUser(env.server.db, env.server.enterpriseId, env.server.agent.id)!, 1).cookie);
    try {
      const ctx = await env.browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(env.site.url);
      await page.getByTestId("launcher").waitFor();
      const vid = await page.evaluate(() => localStorage.getItem("parley_vid"));
      const agent = new HttpClient(env.server.url);
      await agent.login(env.server.agent.email, env.server.agent.password);
      const invited = await agent.post(`/visitors/${visitorKey(env.server.enterpriseId, vid!)}/invite`, { _csrf: await agent.csrf("/visitors"), greeting: "Hi, I'm Ann. Looking for a size?" });
      expect(invited.status).toBeLessThan(400);
      // The next beacon brings the invitation (a page becoming visible sends one at once).
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await page.getByTestId("chat-window").waitFor();
      const greeting = page.getByTestId("message").filter({ hasText: "Looking for a size?" });
      await greeting.waitFor();
      expect(await greeting.getAttribute("data-from")).toBe("agent");
      await page.locator("[data-testid=connection-state][data-state=open]").waitFor();
      // The socket is open and its welcome (with the robot's greeting) has come: none is shown.
      expect(await page.locator("[data-testid=message][data-from=robot]").count()).toBe(0);
      expect(await page.getByTestId("chat-window").textContent()).not.toContain("virtual assistant");
      expect(await page.getByTestId("connection-state").textContent()).not.toContain("Virtual assistant");
      await page.getByTestId("message-input").fill("Yes, a medium please");
      await page.getByTestId("message-input").press("Enter");
      const m = await ann.socket.next("message", (f) => f.from === "visitor" && f.text === "Yes, a medium please");
      const row = env.server.db.$client.query("select agent_id, served_by_robot from conversations where id = ?").get(m.conversationId) as { agent_id: string; served_by_robot: number };
      expect(row).toEqual({ agent_id: env.server.agent.id, served_by_robot: 0 });
      expect((env.server.db.$client.query("select count(*) as n from messages where conversation_id = ? and sender = 'robot'").get(m.conversationId) as { n: number }).n).toBe(0);
      await page.getByTestId("window-title").filter({ hasText: "Ann" }).waitFor();
      await ctx.close();
    } finally {
      ann.socket.close();
      env.server.db.$client.run("update sites set robot_enabled = 0 where key = ?", [env.server.siteKey]);
    }
  }, 40_000);
});

describe("system lines in the workspace", () => {
  test("an English agent reads a Chinese visitor's system line in English", async () => {
    const adaId = (env.server.db.$client.query("select id from users where email = ?").get(env.server.admin.email) as { id: string }).id;
    env.server.db.$client.run("update users set name = '王经理' where id = ?", [adaId]);
    const ann = await agentSocket(env.server.wsUrl, createSession(env.server.db, getUser(env.server.db, env.server.enterpriseId, env.server.agent.id)!, 1).cookie);
    const page = await adminPage("en-US");
    await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
    await goOnline(page);
    const v = new RawSocket(`${env.server.wsUrl}/ws/visitor`);
    try {
      await v.opened;
      v.send({ type: "hello", role: "visitor", site: env.server.siteKey, visitorId: randomVisitorId(), lang: "zh-CN", page: { url: "https://shop.example/", title: "Shop", referrer: "" } });
      await v.next("welcome");
      v.send({ type: "message", clientId: "m1", text: "请问有货吗" });
      const { conversationId } = await v.next("ack");
      env.server.db.$client.run("update conversations set agent_id = ? where id = ?", [env.server.agent.id, conversationId]);
      ann.socket.send({ type: "transfer", conversationId, toAgentId: adaId });
      expect((await v.next("message", (m) => m.from === "system")).text).toBe("王经理 将继续为您服务。");
      await page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`).click();
      const line = page.locator("[data-testid=transcript-message][data-from=system]");
      await line.first().waitFor();
      expect(await line.first().textContent()).toBe("王经理 will continue to help you.");
      await page.screenshot({ path: artifactPath("workspace-system-line-en.png") });
    } finally {
      v.close();
      ann.socket.close();
      await page.context().close();
    }
  }, 40_000);
});

describe("a supervisor and the robot", () => {
  test("sees the robot's conversation in the workspace (not as waiting) and takes it over", async () => {
    env.server.db.$client.run("update sites set robot_enabled = 1 where key = ?", [env.server.siteKey]);
    const page = await adminPage("en-US");
    const v = new RawSocket(`${env.server.wsUrl}/ws/visitor`);
    try {
      await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
      await v.opened;
      v.send({ type: "hello", role: "visitor", site: env.server.siteKey, visitorId: randomVisitorId(), lang: "en", page: { url: "https://shop.example/", title: "Shop", referrer: "" } });
      await v.next("welcome");
      v.send({ type: "message", clientId: "m1", text: "Where is my parcel?" });
      const { conversationId } = await v.next("ack");
      const item = page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`);
      await item.waitFor();
      expect(await item.getAttribute("data-waiting")).toBe("false");
      await item.getByTestId("robot-tag").waitFor();
      await item.click();
      await page.getByTestId("transcript-robot").waitFor();
      await page.screenshot({ path: artifactPath("workspace-robot-conversation.png") });
      await page.getByTestId("take-over").click();
      expect((await v.next("agent")).name).toBeTruthy();
      await page.getByTestId("transcript-robot").waitFor({ state: "detached" });
      expect(await item.getByTestId("robot-tag").count()).toBe(0);
    } finally {
      v.close();
      await page.context().close();
      env.server.db.$client.run("update sites set robot_enabled = 0 where key = ?", [env.server.siteKey]);
    }
  }, 40_000);
});

describe("the workspace in Chinese", () => {
  test("names the visitor's device in Chinese (桌面), brand names as they are", async () => {
    const page = await adminPage("zh-CN");
    const visitor = await visitorPage("zh-CN");
    try {
      await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
      await goOnline(page);
      await visitor.reload();
      await visitor.getByTestId("message-input").fill("有货吗");
      await visitor.getByTestId("message-input").press("Enter");
      await page.getByTestId("conversation-item").filter({ hasText: "有货吗" }).click();
      const device = page.getByTestId("visitor-device");
      await device.waitFor();
      expect(await device.textContent()).toBe("桌面 · Linux · Chrome");
    } finally {
      await visitor.context().close();
      await page.context().close();
    }
  }, 40_000);
});
