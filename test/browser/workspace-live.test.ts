// The agent workspace in Chromium against a real env.server, with visitors speaking the protocol
// directly: the reply box's keys (Enter, Shift+Enter, an IME's Enter), typing frames, alerts
// while the agent looks elsewhere, history after a reload, read state, status across tabs, and
// visitor-supplied page data that must stay inert.
import { describe, expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { artifactPath, goOnline } from "../helpers/browser";
import { visitorSocket } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser();

async function signedInAgent(locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ locale, viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(["notifications"], { origin: env.server.url });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.dismiss());
  await page.goto(`${env.server.url}/login`);
  await page.getByTestId("login-email").fill(env.server.agent.email);
  await page.getByTestId("login-password").fill(env.server.agent.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/workspace/);
  await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
  return { context, page };
}

const visitor = (page: { url?: string; title?: string; referrer?: string } = { url: "https://shop.example/p/1", title: "Product 1" }) =>
  visitorSocket(env.server.wsUrl, env.server.siteKey, { page, headers: { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0" } });

/** Makes the page believe the agent is in another window (Playwright pages always have focus). */
async function lookAway(page: Page, away: boolean): Promise<void> {
  await page.evaluate((a) => {
    Document.prototype.hasFocus = () => !a;
    window.dispatchEvent(new Event(a ? "blur" : "focus"));
  }, away);
}

describe("workspace", () => {
  test("reply box: Enter sends, Shift+Enter adds a line, an IME's Enter only confirms", async () => {
    const { context, page } = await signedInAgent();
    await goOnline(page);
    const v = await visitor();
    const ack = await v.say("Hello?");
    const item = page.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"]`);
    await item.click();
    const input = page.getByTestId("reply-input");
    await page.locator("[data-testid=transcript-message][data-from=visitor]").filter({ hasText: "Hello?" }).waitFor();

    // The Enter that ends a composition (isComposing, or keyCode 229 in Safari) must not send.
    await input.fill("你好");
    await input.dispatchEvent("keydown", { key: "Enter", code: "Enter", isComposing: true, bubbles: true, cancelable: true });
    await input.dispatchEvent("keydown", { key: "Enter", code: "Enter", keyCode: 229, bubbles: true, cancelable: true });
    await Bun.sleep(200);
    expect(await page.locator("[data-testid=transcript-message][data-from=agent]").count()).toBe(0);
    expect(await input.inputValue()).toBe("你好");

    await input.fill("");
    await input.pressSequentially("line one, typed slowly");
    await input.press("Shift+Enter");
    await input.pressSequentially("line two");
    expect(await input.inputValue()).toBe("line one, typed slowly\nline two");
    await input.press("Enter");
    const reply = await v.socket.next("message", (m) => m.from === "agent");
    expect(reply.text).toBe("line one, typed slowly\nline two");
    await v.socket.next("typing", (f) => !f.typing);
    expect(await input.inputValue()).toBe("");
    await page.locator("[data-testid=transcript-message][data-from=agent][data-state=stored]").waitFor();
    await context.close();
    v.socket.close();
  }, 30_000);

  test("typing frames: true at most every 2 s while typing, false after the reply", async () => {
    const { context, page } = await signedInAgent();
    await goOnline(page);
    const v = await visitor();
    const ack = await v.say("Anyone there?");
    await page.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"]`).click();
    const input = page.getByTestId("reply-input");
    v.socket.frames.length = 0;
    await input.pressSequentially("abcdefghijklmnopqrst", { delay: 250 }); // 5 s of typing
    await input.press("Enter");
    await v.socket.next("message", (m) => m.from === "agent");
    await Bun.sleep(200);
    const typing = v.socket.frames.filter((f) => f.type === "typing") as { typing: boolean }[];
    const on = typing.filter((f) => f.typing).length;
    expect(on).toBeGreaterThanOrEqual(2);
    expect(on).toBeLessThanOrEqual(4);
    expect(typing[typing.length - 1]?.typing).toBe(false);
    await context.close();
    v.socket.close();
  }, 30_000);

  test("an agent looking elsewhere is alerted: badge, data-alert, flashing title, desktop notification", async () => {
    const { context, page } = await signedInAgent();
    await goOnline(page);
    const title = await page.title();
    await lookAway(page, true);
    const v = await visitor();
    await v.say("Is this thing on?");
    const root = page.locator("#workspace-root");
    await page.waitForFunction(() => Number(document.getElementById("workspace-root")?.dataset.alert ?? 0) > 0);
    expect(await root.getAttribute("data-alert-title")).toBe("flashing");
    expect(await root.getAttribute("data-alert-notification")).toBe("shown");
    await page.waitForFunction(() => /^\(\d+\) /.test(document.title));
    expect(Number(await page.getByTestId("unread-total").getAttribute("data-count"))).toBeGreaterThan(0);
    await lookAway(page, false);
    await page.waitForFunction((t) => document.title === t, title);
    await context.close();
    v.socket.close();
  }, 30_000);

  test("after a reload the list and the history come back; reading clears unread for good", async () => {
    const { context, page } = await signedInAgent("zh-CN");
    await goOnline(page);
    const v = await visitor();
    const ack = await v.say("第一条");
    await v.say("第二条");
    await page.reload();
    await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
    const item = page.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"]`);
    await page.waitForFunction((id) => document.querySelector(`[data-conversation-id="${id}"]`)?.getAttribute("data-unread") === "2", ack.conversationId);
    await item.click();
    const msgs = page.locator("[data-testid=transcript-message][data-from=visitor]");
    await msgs.filter({ hasText: "第二条" }).waitFor();
    expect(await msgs.allInnerTexts()).toEqual([expect.stringContaining("第一条"), expect.stringContaining("第二条")]);
    expect(await item.getAttribute("data-unread")).toBe("0");
    // The status toggle speaks Chinese here; data-status stays English for tools.
    expect(await page.getByTestId("status-toggle").innerText()).toContain("在线");

    // A second tab: the read state came from the env.server, and a status change shows in both tabs.
    const other = await context.newPage();
    await other.goto(`${env.server.url}/workspace`);
    await other.locator("[data-testid=connection-state][data-state=connected]").waitFor();
    await other.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"][data-unread="0"]`).waitFor();
    await other.getByTestId("status-menu").click();
    await other.getByTestId("status-option-away").click();
    await page.locator("[data-testid=status-toggle][data-status=away]").waitFor();
    await page.getByTestId("status-toggle").click();
    await other.locator("[data-testid=status-toggle][data-status=online]").waitFor();
    await context.close();
    v.socket.close();
  }, 30_000);

  test("visitor-supplied text and addresses stay inert", async () => {
    const { context, page } = await signedInAgent();
    await goOnline(page);
    const v = await visitor({ url: "javascript:window.__pwned=1", title: "<b>Sale</b><img src=x onerror=window.__pwned=2>", referrer: "https://ref.example/?q=<script>" });
    const ack = await v.say(`<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>`);
    await page.locator(`[data-testid=conversation-item][data-conversation-id="${ack.conversationId}"]`).click();
    await page.locator("[data-testid=transcript-message]").filter({ hasText: "<img src=x" }).waitFor();
    const pageInfo = page.getByTestId("visitor-page");
    expect(await pageInfo.evaluate((e) => e.tagName)).toBe("SPAN"); // a javascript: URL is not a link
    expect(await pageInfo.innerText()).toBe("<b>Sale</b><img src=x onerror=window.__pwned=2>");
    const ref = page.getByTestId("visitor-referrer");
    expect(await ref.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await ref.getAttribute("target")).toBe("_blank");
    expect(await page.locator("#workspace-root img, #workspace-root script, #workspace-root b").count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await page.screenshot({ path: artifactPath("workspace-inert-visitor-data.png") });
    await context.close();
    v.socket.close();
  }, 30_000);
});
