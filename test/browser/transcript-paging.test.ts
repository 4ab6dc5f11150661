// A long transcript in Chromium: History shows the newest page, and "show earlier" (htmx) puts the
// page before in its place until the first message, each message once and in order.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { TRANSCRIPT_PAGE } from "../../src/history/history";
import { launchChromium, signIn } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

const TOTAL = 2 * TRANSCRIPT_PAGE + 37;
let server: TestServer;
let browser: Browser;
let conversationId = "";

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const v = await visitorSocket(server.wsUrl, server.siteKey);
  v.socket.send({ type: "message", clientId: "m-1", text: "m1" });
  conversationId = (await v.socket.next("ack")).conversationId;
  v.socket.close();
  const insert = server.db.$client.query("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, body, internal, created_at) values (?, ?, ?, ?, 'visitor', ?, 0, ?)");
  server.db.$client.transaction(() => {
    for (let seq = 2; seq <= TOTAL; seq++) insert.run(server.enterpriseId, conversationId, seq, `m-${seq}`, `m${seq}`, Date.now());
  })();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("show earlier loads the earlier pages in place, down to the first message", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, server.url, server.admin.email, server.admin.password);
  await page.goto(`${server.url}/history/${conversationId}`);
  const lines = page.getByTestId("transcript-line");
  expect(await lines.count()).toBe(TRANSCRIPT_PAGE);
  for (let expected = 2 * TRANSCRIPT_PAGE; ; expected = Math.min(TOTAL, expected + TRANSCRIPT_PAGE)) {
    const more = page.getByTestId("transcript-earlier");
    if ((await more.count()) === 0) break;
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=transcript-line]").length === n, expected);
  }
  const texts = await page.locator("[data-testid=transcript-line] .tm-text").allTextContents();
  expect(texts).toEqual(Array.from({ length: TOTAL }, (_, i) => `m${i + 1}`));
  await context.close();
}, 60_000);
