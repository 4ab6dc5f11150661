// A conversation of 450 messages in the workspace: opening it fetches only the newest page (200);
// scrolling to the top brings the page before it in above, the messages on screen staying where
// they were, until the first message; every message once, in order.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchChromium, signIn } from "../helpers/browser";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

const TOTAL = 450;
let server: TestServer;
let browser: Browser;
let conversationId = "";

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const http = new HttpClient(server.url);
  await http.login(server.agent.email, server.agent.password);
  const agent = await agentSocket(server.wsUrl, http.session!);
  const v = await visitorSocket(server.wsUrl, server.siteKey);
  v.socket.send({ type: "message", clientId: "m-1", text: "m1" });
  conversationId = (await v.socket.next("ack")).conversationId;
  await agent.socket.next("conversation", (f) => f.conversation.id === conversationId && f.conversation.agentId === server.agent.id);
  agent.socket.close();
  v.socket.close();
  const insert = server.db.$client.query("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, body, internal, created_at) values (?, ?, ?, ?, ?, ?, 0, ?)");
  server.db.$client.transaction(() => {
    for (let seq = 2; seq <= TOTAL; seq++) insert.run(server.enterpriseId, conversationId, seq, `m-${seq}`, seq % 3 ? "visitor" : "agent", `m${seq}`, Date.now());
  })();
  // What the store remembers of the conversation (its newest seq) predates the rows written behind its back.
  server.app.chat.store.forget(conversationId);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the workspace shows the newest 200 messages and pages back on scrolling up, keeping its place", async () => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const asked: string[] = [];
  page.on("request", (r) => r.url().includes(`/api/conversations/${conversationId}/messages`) && asked.push(new URL(r.url()).search));
  await signIn(page, server.url, server.agent.email, server.agent.password);
  await page.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`).click();
  const messages = page.getByTestId("transcript-message");
  await messages.filter({ hasText: /^m450/ }).waitFor();
  expect(await messages.count()).toBe(200);
  expect(asked).toEqual([""]);
  await page.getByTestId("load-earlier").waitFor();
  const scroller = page.locator("[data-scroll=transcript]");

  /** Where a message is, relative to the top of the transcript's visible area; `toTop` scrolls there first (in the same task, before any page can arrive). */
  const topOf = (seq: number, toTop = false) =>
    page.evaluate(
      ([n, top]) => {
        const el = document.querySelector<HTMLElement>("[data-scroll=transcript]")!;
        if (top) el.scrollTop = 0;
        return document.querySelector(`[data-testid=transcript-message][data-seq="${n}"]`)!.getBoundingClientRect().top - el.getBoundingClientRect().top;
      },
      [seq, toTop] as const,
    );

  for (const [first, expected] of [[251, 400], [51, TOTAL]] as const) {
    const before = await topOf(first, true);
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=transcript-message]").length === n, expected);
    // The message that was at the top is still where it was: the earlier page went in above it.
    expect(Math.abs((await topOf(first)) - before)).toBeLessThanOrEqual(2);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  }
  expect(asked).toEqual(["", "?beforeSeq=251", "?beforeSeq=51"]);
  // The first message reached: nothing more to load.
  expect(await page.getByTestId("load-earlier").count()).toBe(0);
  const seqs = await messages.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
  expect(seqs).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
  await context.close();
}, 30_000);
