// Blocking in Chromium (黑名单, issue 16 item 5): a visitor writes abuse from a customer's page, the
// agent leaves a note for colleagues (internal, item 7: never in the widget) and blocks them from the
// workspace's conversation actions, and the visitor's widget empties itself (no launcher, no window);
// after a reload it stays empty and Parley.open() opens nothing.
import { describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser({ site: true });

/** The widget's shadow root holds nothing (the blocked state). */
const widgetEmpty = (page: Page) => page.waitForFunction(() => document.querySelector("parley-widget")?.shadowRoot?.childElementCount === 0, undefined, { timeout: 10_000 });

describe("blocking a visitor", () => {
  test("the agent blocks an abusive visitor, whose widget then refuses to chat", async () => {
    const agentContext = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
    const agent = await agentContext.newPage();
    await agent.goto(`${env.server.url}/login`);
    await agent.getByTestId("login-email").fill(env.server.agent.email);
    await agent.getByTestId("login-password").fill(env.server.agent.password);
    await agent.getByTestId("login-submit").click();
    await agent.waitForURL(/\/workspace/);
    await agent.locator("[data-testid=connection-state][data-state=connected]").waitFor();
    const toggle = agent.getByTestId("status-toggle");
    if ((await toggle.getAttribute("data-status")) !== "online") await toggle.click();
    await agent.locator("[data-testid=status-toggle][data-status=online]").waitFor();

    const visitorContext = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(env.site.url);
    await visitor.getByTestId("launcher").click();
    const input = visitor.getByTestId("message-input");
    await input.fill("你们都是骗子，退钱！！！");
    await input.press("Enter");
    // Stored (sent, or already read: the agent was given it at once).
    await visitor.locator("[data-testid=message][data-from=visitor]:not([data-status=pending])").first().waitFor();

    // The agent opens the conversation and blocks the visitor with a reason.
    await agent.getByTestId("conversation-item").first().click();
    await agent.locator("[data-testid=transcript-message][data-from=visitor]").filter({ hasText: "退钱" }).waitFor();
    // First a note for colleagues (内部备注): marked internal in the transcript, never in the widget.
    await agent.getByTestId("internal-note").click();
    expect(await agent.getByTestId("internal-note").getAttribute("aria-pressed")).toBe("true");
    await agent.getByTestId("reply-input").fill("此访客多次辱骂，准备拉黑");
    await agent.getByTestId("reply-input").press("Enter");
    await agent.locator("[data-testid=transcript-message][data-internal=true][data-state=stored]").filter({ hasText: "准备拉黑" }).waitFor();

    await agent.getByTestId("block-visitor").click();
    await agent.getByTestId("block-reason").fill("辱骂客服");
    await agent.getByTestId("block-duration").selectOption("permanent");
    await agent.getByTestId("confirm-block").click();

    // The note never reached the widget (it had the whole time until the block to arrive).
    expect(await visitor.getByTestId("message").allTextContents()).not.toContain("此访客多次辱骂，准备拉黑");
    // The visitor's widget goes away: no window, no launcher.
    await widgetEmpty(visitor);
    expect(await visitor.getByTestId("launcher").count()).toBe(0);
    expect(await visitor.getByTestId("chat-window").count()).toBe(0);
    const row = env.server.db.$client.query("select reason, expires_at, created_by_name from visitor_blocks").get() as { reason: string; expires_at: number | null; created_by_name: string };
    expect(row).toEqual({ reason: "辱骂客服", expires_at: null, created_by_name: "Ann Agent" });
    // The conversation ended for the agent: the reply box is disabled.
    await agent.locator("[data-testid=reply-input][disabled]").waitFor();

    // A reload: the widget empties itself again once the server says so, and cannot be opened.
    await visitor.reload();
    await widgetEmpty(visitor);
    await visitor.evaluate(() => (window as unknown as { Parley: { open(): void } }).Parley.open());
    expect(await visitor.getByTestId("chat-window").count()).toBe(0);
    expect(await visitor.getByTestId("message-input").count()).toBe(0);
    await agentContext.close();
    await visitorContext.close();
  }, 60_000);
});
