// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation on the widget (launcher,
// the window with messages, the leave-a-message form), the workspace with a conversation open, and
// every page of the console the admin's navigation reaches, each in light and in dark mode. Dark-
// mode screenshots of the workspace and the widget are kept in test-artifacts/.
import { AxeBuilder } from "@axe-core/playwright";
import { describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { artifactPath, signIn, goOnline } from "../helpers/browser";
import { agentSocket, visitorSocket } from "../helpers/sockets";
import { HttpClient } from "../helpers/http";
import { serverAndBrowser } from "../helpers/suite";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SCHEMES = ["light", "dark"] as const;

const env = serverAndBrowser({ site: true });

/** Every violation as one readable line (rule, impact, where, why). The widget's opening animation is let finish first (mid-fade, its colours are blends). */
async function violations(page: Page, include?: string): Promise<string[]> {
  await page.waitForFunction(() => {
    const root = document.querySelector("parley-widget")?.shadowRoot;
    return !root || root.getAnimations().every((a) => a.playState !== "running");
  });
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ").slice(0, 220)}`));
}

async function agentSession(): Promise<string> {
  const http = new HttpClient(env.server.url);
  await http.login(env.server.agent.email, env.server.agent.password);
  return http.session!;
}

describe("axe finds nothing", () => {
  for (const scheme of SCHEMES) {
    test(`the widget: launcher, leave-a-message form, and the window with messages (${scheme})`, async () => {
      const context = await env.browser.newContext({ locale: "zh-CN", colorScheme: scheme, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      // Nobody online: the launcher, then the message form.
      await page.goto(env.site.url);
      await page.getByTestId("launcher").waitFor();
      expect(await violations(page, "parley-widget")).toEqual([]);
      await page.getByTestId("launcher").click();
      await page.getByTestId("leave-message-form").waitFor();
      expect(await violations(page, "parley-widget")).toEqual([]);
      await page.close();

      // An agent online: the chat window, a visitor's message, the agent's answer.
      const agent = await agentSocket(env.server.wsUrl, await agentSession());
      const chat = await context.newPage();
      await chat.goto(env.site.url);
      await chat.getByTestId("launcher").click();
      await chat.getByTestId("message-input").fill("你好，请问今天发货吗？");
      await chat.getByTestId("send-button").click();
      const frame = await agent.socket.next("message", (m) => m.from === "visitor");
      agent.socket.send({ type: "message", clientId: `a-${scheme}`, conversationId: frame.conversationId, text: "您好，今天下午发货。" });
      await chat.getByTestId("message").filter({ hasText: "今天下午发货" }).waitFor();
      expect(await violations(chat, "parley-widget")).toEqual([]);
      await chat.screenshot({ path: artifactPath(`widget-${scheme}.png`) });
      agent.socket.send({ type: "close", conversationId: frame.conversationId });
      agent.socket.close();
      await context.close();
    }, 40_000);

    test(`the workspace with a conversation open (${scheme})`, async () => {
      const context = await env.browser.newContext({ locale: "en-US", colorScheme: scheme, viewport: { width: 1366, height: 800 } });
      const page = await context.newPage();
      await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
      await page.locator("#workspace-root[data-ready=true]").waitFor();
      await page.locator(".ws[data-connection=connected]").waitFor();
      // The agent may still be online from the other scheme's run.
      if ((await page.getByTestId("status-toggle").getAttribute("data-status")) !== "online") await goOnline(page);
      const v = await visitorSocket(env.server.wsUrl, env.server.siteKey);
      v.socket.send({ type: "message", clientId: "v1", text: "Where is my parcel?" });
      const { conversationId } = await v.socket.next("ack");
      await page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`).click();
      await page.getByTestId("reply-input").fill("It left this morning.");
      await page.getByTestId("reply-send").click();
      await page.getByTestId("transcript-message").filter({ hasText: "It left this morning." }).waitFor();
      await page.waitForFunction(() => !document.querySelector(".ws-msg--sending"));
      // A second visitor waits unread in the list meanwhile.
      const w = await visitorSocket(env.server.wsUrl, env.server.siteKey);
      w.socket.send({ type: "message", clientId: "w1", text: "Hello?" });
      await page.locator('[data-testid=unread-badge]').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: artifactPath(`workspace-${scheme}.png`) });
      // The shortcuts' help too.
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("?");
      await page.getByTestId("shortcut-help").waitFor();
      expect(await violations(page)).toEqual([]);
      v.socket.close();
      w.socket.close();
      await context.close();
    }, 40_000);

    test(`every page of the console (${scheme})`, async () => {
      const context = await env.browser.newContext({ locale: "zh-CN", colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signIn(page, env.server.url, env.server.admin.email, env.server.admin.password).catch(() => undefined);
      await page.goto(`${env.server.url}/admin`);
      const hrefs = new Set<string>(["/account"]);
      for (const a of await page.locator("#site-menu a[href^='/'], #admin-menu a[href^='/']").all()) {
        const href = await a.getAttribute("href");
        if (href && !href.startsWith("/lang/") && href !== "/workspace") hrefs.add(href);
      }
      expect(hrefs.size).toBeGreaterThan(8);
      const found: string[] = [];
      for (const href of hrefs) {
        await page.goto(`${env.server.url}${href}`);
        await page.waitForLoadState("load");
        for (const v of await violations(page)) found.push(`${href}: ${v}`);
      }
      expect(found).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
