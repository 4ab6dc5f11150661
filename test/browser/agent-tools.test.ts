// The agent's everyday tools in Chromium: "/" in the reply box opens the quick replies, typing
// filters them (Chinese), the keyboard picks one and its variables are filled; the visitor panel
// makes the visitor a customer, who is then found on /customers.
import { describe, expect, test } from "bun:test";
import { addReply } from "../../src/quick-replies/replies";
import { createHmac } from "node:crypto";
import { identitySecret } from "../../src/customers/identity";
import { customerSite } from "../helpers/browser";
import { visitorSocket } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser();

describe("agent tools", () => {
  test("an agent inserts a quick reply with / and edits the customer in the visitor panel", async () => {
    for (let i = 0; i < 300; i++) addReply(env.server.db, env.server.enterpriseId, null, { groupName: "通用", title: `常用回复 ${i}`, shortcut: `c${i}`, body: `内容 ${i}` });
    addReply(env.server.db, env.server.enterpriseId, null, { groupName: "售后", title: "退货政策", shortcut: "th", body: "您好，我是{agent_name}，{site_name}支持七天无理由退货。" });
    addReply(env.server.db, env.server.enterpriseId, null, { groupName: "售后", title: "换货流程", shortcut: "hh", body: "换货请联系{agent_name}。" });
    addReply(env.server.db, env.server.enterpriseId, null, { groupName: "", title: "问候", shortcut: "hello", body: "{visitor_name}您好" });

    const context = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId("login-email").fill(env.server.agent.email);
    await page.getByTestId("login-password").fill(env.server.agent.password);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(/\/workspace/);
    await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
    const toggle = page.getByTestId("status-toggle");
    if ((await toggle.getAttribute("data-status")) !== "online") await toggle.click();
    await page.locator("[data-testid=status-toggle][data-status=online]").waitFor();

    const { socket } = await visitorSocket(env.server.wsUrl, env.server.siteKey, { page: { url: "https://shop.example/", title: "Shop" } });
    socket.send({ type: "message", clientId: "v1", text: "可以退货吗" });
    const ack = await socket.next("ack", (a) => a.clientId === "v1");
    await page.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"]`).click();

    // "/" opens the picker; typing Chinese narrows it; ↓ and Enter insert the second match.
    const input = page.getByTestId("reply-input");
    await input.click();
    await page.keyboard.type("/");
    await page.getByTestId("quick-reply-item").first().waitFor();
    await page.keyboard.type("售后");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=quick-reply-item]").length === 2);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const chosen = page.locator("[data-testid=quick-reply-item][aria-selected=true]");
    const title = await chosen.textContent();
    await page.keyboard.press("Enter");
    const expected = title!.includes("退货政策") ? "您好，我是Ann Agent，默认站点支持七天无理由退货。" : "换货请联系Ann Agent。";
    const siteName = (env.server.db.$client.query("select name from sites where key = ?").get(env.server.siteKey) as { name: string }).name;
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=quick-reply-item]").length === 0);
    const draft = await input.inputValue();
    expect(draft).toBe(expected.replace("默认站点", siteName));
    await page.getByTestId("reply-send").click();
    // The visitor receives exactly the filled text.
    await socket.next("message", (m) => m.text === draft);

    // Escape closes the picker and leaves the "/" typed.
    await input.click();
    await page.keyboard.type("/th");
    await page.getByTestId("quick-reply-item").first().waitFor();
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=quick-reply-item]").length === 0);
    expect(await input.inputValue()).toBe("/th");
    await input.fill("");

    // The visitor panel: not a customer yet; add them.
    const card = page.locator("[data-testid=customer-card][data-state=ready]");
    await card.waitFor();
    await page.getByTestId("customer-card-edit").click();
    await page.getByTestId("customer-card-input-name").fill("欧阳娜娜");
    await page.getByTestId("customer-card-input-email").fill("nana@example.com");
    await page.getByTestId("customer-card-input-tags").fill("VIP");
    await page.getByTestId("customer-card-save").click();
    await page.getByTestId("customer-card-name").filter({ hasText: "欧阳娜娜" }).waitFor();
    // A bad email is refused with a message, in place.
    await page.getByTestId("customer-card-edit").click();
    await page.getByTestId("customer-card-input-email").fill("not-an-email");
    await page.getByTestId("customer-card-save").click();
    await page.locator("[data-testid=customer-card-message][role=alert]").waitFor();
    await page.getByTestId("customer-card-input-email").fill("nana@example.com");
    await page.getByTestId("customer-card-input-company").fill("娜娜工作室");
    await page.getByTestId("customer-card-save").click();
    await page.getByTestId("customer-card-company").filter({ hasText: "娜娜工作室" }).waitFor();

    // The visitor gave no name, but the customer has one: {visitor_name} uses it.
    await input.click();
    await page.keyboard.type("/hello");
    await page.locator("[data-testid=quick-reply-item][aria-selected=true]").waitFor();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.querySelector("[data-testid=reply-input]") as HTMLTextAreaElement).value !== "/hello");
    expect(await input.inputValue()).toBe("欧阳娜娜您好");

    // On /customers, found by a word of her name (Chinese, no spaces).
    await page.goto(`${env.server.url}/customers`);
    await page.getByTestId("customer-filter-q").fill("阳娜");
    await page.locator("[data-testid=customer-item]", { hasText: "欧阳娜娜" }).waitFor();
    expect(await page.locator("[data-testid=customer-item]").count()).toBe(1);
    await page.getByTestId("customer-filter-q").fill("不存在的人");
    await page.locator("[data-testid=customer-item]").first().waitFor({ state: "detached" });
    socket.close();
    await context.close();
  });

  test("the host page identifies its signed-in user with Parley.identify; a forged signature is refused", async () => {
    const siteId = (env.server.db.$client.query("select id from sites where key = ?").get(env.server.siteKey) as { id: string }).id;
    const secret = identitySecret(env.server.db, env.server.enterpriseId, siteId);
    const good = createHmac("sha256", secret).update("member-1001").digest("hex");
    const site = customerSite(
      () => `<script src="${env.server.url}/widget.js" data-site="${env.server.siteKey}" async
        onload="Promise.all([Parley.identify({ id: 'member-1001', name: '会员一', email: 'm1001@example.com', signature: '${good}' }), Parley.identify({ id: 'member-1002', signature: '${"0".repeat(64)}' })]).then((r) => { window.identified = r; })"></script>`,
    );
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => Array.isArray((window as any).identified));
    expect(await page.evaluate(() => (window as any).identified)).toEqual([true, false]);
    const row = env.server.db.$client.query("select c.name, c.email, l.verified from customers c join customer_links l on l.customer_id = c.id where c.external_id = 'member-1001'").get();
    expect(row).toEqual({ name: "会员一", email: "m1001@example.com", verified: 1 });
    expect(env.server.db.$client.query("select count(*) as n from customers where external_id = 'member-1002'").get()).toEqual({ n: 0 });
    // The widget still works for the page: the launcher is there.
    await page.getByTestId("launcher").waitFor();
    await context.close();
    site.stop();
  });
});
