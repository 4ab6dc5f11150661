// The workspace and the console on a phone (390×844, touch): an agent signs in, opens the menu, goes
// online, receives a visitor, opens the conversation, replies and goes back to the list; the
// visitor's details are a screen of their own; every page the navigation reaches fits the screen
// (no horizontal scrolling) in both languages.
import { AxeBuilder } from "@axe-core/playwright";
import { describe, expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { artifactPath, signIn } from "../helpers/browser";
import { visitorSocket } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser();

const phone = (locale: string, width = 390): Promise<BrowserContext> =>
  env.browser.newContext({ locale, viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

/**
 * The page's width against the screen's: nothing may stick out sideways. The screen's width, not
 * innerWidth: a phone browser widens its layout viewport (zooming out) to fit a page that is too wide.
 */
async function overflow(page: Page): Promise<{ doc: number; view: number; culprit: string }> {
  return page.evaluate(() => {
    const view = screen.width;
    const doc = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    let culprit = "";
    if (doc > view)
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > view + 1 && r.width > 0) {
          culprit = `${el.tagName.toLowerCase()}.${(el as HTMLElement).className} (${Math.round(r.right)}px)`;
          break;
        }
      }
    return { doc, view, culprit };
  });
}

describe("on a phone", () => {
  test("an agent goes online, answers a visitor and goes back to the list, with touch", async () => {
    const context = await phone("en-US");
    const page = await context.newPage();
    await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
    await page.locator("#workspace-root[data-ready=true]").waitFor();
    // The navigation is folded into a menu.
    const menu = page.getByTestId("menu-toggle");
    expect(await menu.isVisible()).toBe(true);
    expect(await page.locator("#site-menu").isVisible()).toBe(false);
    await menu.tap();
    expect(await page.locator("#site-menu").isVisible()).toBe(true);
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await menu.tap();
    expect(await page.locator("#site-menu").isVisible()).toBe(false);

    await page.getByTestId("status-toggle").tap();
    await page.waitForFunction(() => document.querySelector('[data-testid="status-toggle"]')?.getAttribute("data-status") === "online");

    const v = await visitorSocket(env.server.wsUrl, env.server.siteKey);
    v.socket.send({ type: "message", clientId: "m1", text: "Do you ship to Hangzhou?" });
    const { conversationId } = await v.socket.next("ack");
    const item = page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`);
    await item.waitFor();
    // One column at a time: the list now, the conversation after a tap.
    expect(await page.getByTestId("transcript").isVisible()).toBe(false);
    await item.tap();
    await page.getByTestId("transcript-message").filter({ hasText: "Do you ship to Hangzhou?" }).waitFor();
    expect(await item.isVisible()).toBe(false);
    const input = page.getByTestId("reply-input");
    const send = page.getByTestId("reply-send");
    // The composer is on screen, below the transcript.
    const box = (await input.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await input.tap();
    await input.fill("Yes, in two days.");
    await send.tap();
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("Yes, in two days.");
    expect((await overflow(page)).doc).toBeLessThanOrEqual(390);
    // The phone's layout passes axe as well (WCAG 2.1 A and AA).
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await page.screenshot({ path: artifactPath("mobile-workspace-chat.png") });

    // The visitor's details: a screen of their own, and back.
    await page.getByTestId("show-visitor").tap();
    await page.getByTestId("visitor-panel").waitFor();
    expect(await page.getByTestId("transcript").isVisible()).toBe(false);
    await page.getByTestId("back-to-chat").tap();
    await page.getByTestId("transcript").waitFor();

    // Back to the list.
    await page.getByTestId("back-to-list").tap();
    await item.waitFor();
    expect(await page.getByTestId("transcript").isVisible()).toBe(false);
    expect((await overflow(page)).doc).toBeLessThanOrEqual(390);
    await page.screenshot({ path: artifactPath("mobile-workspace-list.png") });
    await context.close();
    v.socket.close();
  }, 30_000);

  test("the reply box stays above the on-screen keyboard (the visual viewport shrinks)", async () => {
    const context = await phone("en-US");
    // Headless Chromium opens no on-screen keyboard: the page's visualViewport is stood in for by one
    // whose height the test sets, as iOS Safari reports it with the keyboard open.
    await context.addInitScript(() => {
      const fake = new EventTarget() as EventTarget & { height: number; width: number; offsetTop: number; offsetLeft: number; scale: number };
      Object.assign(fake, { height: window.innerHeight, width: window.innerWidth, offsetTop: 0, offsetLeft: 0, scale: 1 });
      Object.defineProperty(window, "visualViewport", { value: fake, configurable: true });
      (window as any).__keyboard = (px: number) => {
        fake.height = window.innerHeight - px;
        fake.dispatchEvent(new Event("resize"));
      };
    });
    const page = await context.newPage();
    await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
    await page.locator("#workspace-root[data-ready=true]").waitFor();
    if ((await page.getByTestId("status-toggle").getAttribute("data-status")) !== "online") await page.getByTestId("status-toggle").tap();
    const v = await visitorSocket(env.server.wsUrl, env.server.siteKey);
    v.socket.send({ type: "message", clientId: "k1", text: "keyboard?" });
    const { conversationId } = await v.socket.next("ack");
    await page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`).tap();
    const input = page.getByTestId("reply-input");
    await input.waitFor();
    const bottom = async () => {
      const b = (await input.boundingBox())!;
      return b.y + b.height;
    };
    expect(await bottom()).toBeGreaterThan(844 - 200);
    await page.evaluate(() => (window as any).__keyboard(320));
    await page.waitForFunction(() => document.getElementById("workspace-root")!.style.getPropertyValue("--ws-keyboard") === "320px");
    expect(await bottom()).toBeLessThanOrEqual(844 - 320);
    expect(await bottom()).toBeGreaterThan(844 - 320 - 150);
    await page.evaluate(() => (window as any).__keyboard(0));
    await page.waitForFunction(() => document.getElementById("workspace-root")!.style.getPropertyValue("--ws-keyboard") === "0px");
    expect(await bottom()).toBeGreaterThan(844 - 200);
    v.socket.close();
    await context.close();
  }, 30_000);

  for (const [locale, width] of [["en-US", 390], ["zh-CN", 390], ["zh-CN", 360], ["en-US", 430]] as const) {
    test(`every page of the navigation fits a ${width} px screen (${locale})`, async () => {
      const context = await phone(locale, width);
      const page = await context.newPage();
      await signIn(page, env.server.url, env.server.admin.email, env.server.admin.password).catch(() => undefined);
      await page.goto(`${env.server.url}/admin`);
      // A conversation's pages too: its history transcript and its visitor.
      const v = await visitorSocket(env.server.wsUrl, env.server.siteKey);
      v.socket.send({ type: "message", clientId: `w-${locale}-${width}`, text: "一段很长的话".repeat(30) });
      const { conversationId } = await v.socket.next("ack");
      v.socket.close();
      const visitorId = (env.server.db.$client.query("select visitor_id from conversations where id = ?").get(conversationId) as { visitor_id: string }).visitor_id;
      const hrefs = new Set<string>(["/workspace", "/account", `/history/${conversationId}`, `/visitors/${encodeURIComponent(visitorId)}`]);
      for (const a of await page.locator("#site-menu a[href^='/'], #admin-menu a[href^='/']").all()) {
        const href = await a.getAttribute("href");
        if (href && !href.startsWith("/lang/")) hrefs.add(href);
      }
      expect(hrefs.size).toBeGreaterThan(8);
      const wide: string[] = [];
      for (const href of hrefs) {
        const res = await page.goto(`${env.server.url}${href}`);
        if (!res || res.status() >= 400) wide.push(`${href}: HTTP ${res?.status()}`);
        const o = await overflow(page);
        if (o.doc > o.view) wide.push(`${href}: ${o.doc}px > ${o.view}px, ${o.culprit}`);
      }
      expect(wide).toEqual([]);
      // The admin console's side navigation is a menu too.
      await page.goto(`${env.server.url}/admin/team`);
      const adminMenu = page.locator("[aria-controls=admin-menu]");
      if (await adminMenu.count()) {
        expect(await page.locator("#admin-menu").isVisible()).toBe(false);
        await adminMenu.tap();
        expect(await page.locator("#admin-menu").isVisible()).toBe(true);
      }
      await context.close();
    }, 60_000);
  }
});
