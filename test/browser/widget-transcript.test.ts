// "Email me the transcript" in the widget (docs/widget.md), in Chromium against a real install
// with a local SMTP server (test/fakes/smtp-server.ts): after the agent ends the chat, the visitor
// asks from the window, the field prefilled with the email they gave in the pre-chat form; the
// mail arrives with the conversation's messages and never the agent's internal note.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { FakeSmtpServer } from "../fakes/smtp-server";
import { artifactPath, installWithCustomerSite, signIn, goOnline } from "../helpers/browser";
import { HttpClient } from "../helpers/http";

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;
let browser: Browser;
let smtp: FakeSmtpServer;
let admin: HttpClient;
const pageErrors: string[] = [];

beforeAll(async () => {
  install = await installWithCustomerSite();
  browser = install.browser;
  smtp = new FakeSmtpServer();
  admin = new HttpClient(install.server.url);
  await admin.login("boss@acme.example", "boss-pass-1");
  // The pre-chat form asks for an email; the enterprise's mail goes through the local server.
  const siteId = /name="site" value="([^"]+)"/.exec(await (await admin.get("/admin/branding")).text())![1]!;
  const body = new FormData();
  for (const [k, v] of Object.entries({ _csrf: await admin.csrf("/admin/branding"), site: siteId, "preChat.name": "optional", "preChat.email": "optional" })) body.append(k, v);
  expect((await admin.request("/admin/branding", { method: "POST", body })).status).toBe(303);
  const csrf = await admin.csrf("/admin/email");
  const saved = await admin.post("/admin/email", { _csrf: csrf, host: "127.0.0.1", port: String(smtp.port), security: "none", username: "", password: "", fromAddress: "support@acme.example", fromName: "Acme" });
  expect(saved.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await install?.close();
  smtp?.stop();
  expect(pageErrors).toEqual([]);
}, 20_000);

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return page;
}

test("the visitor asks for the transcript by email: prefilled, sent, with the messages and without the internal note", async () => {
  const agent = await newPage();
  await signIn(agent, install.server.url, "ann@acme.example", "ann-pass-1");
  await agent.locator("[data-testid=connection-state][data-state=connected]").waitFor();
  await goOnline(agent);

  const page = await newPage();
  await page.goto(install.site.url);
  await page.getByTestId("launcher").click();
  await page.getByTestId("prechat-form").waitFor();
  await page.getByTestId("prechat-name").fill("Li Lei");
  await page.getByTestId("prechat-email").fill("li.lei@example.com");
  await page.getByTestId("prechat-submit").click();
  await page.getByTestId("prechat-form").waitFor({ state: "detached" });
  await page.getByTestId("message-input").fill("Where is order 1042?");
  await page.getByTestId("message-input").press("Enter");

  await agent.getByTestId("conversation-item").filter({ hasText: "order 1042" }).click();
  await agent.getByTestId("reply-input").fill("It ships tomorrow <b>morning</b>.");
  await agent.getByTestId("reply-input").press("Enter");
  await page.getByTestId("message").filter({ hasText: "ships tomorrow" }).waitFor();
  await agent.getByTestId("internal-note").click();
  await agent.getByTestId("reply-input").fill("Secret: customer is a reseller");
  await agent.getByTestId("reply-input").press("Enter");
  await agent.locator("[data-testid=transcript-message][data-internal=true][data-state=stored]").filter({ hasText: "reseller" }).waitFor();
  // While the chat goes on there is nothing to ask for.
  expect(await page.getByTestId("transcript-request").count()).toBe(0);
  await agent.getByTestId("close-conversation").click();
  await agent.getByTestId("confirm-close").click();

  // Ended: one small action, labelled; opened, the field is focused and holds the pre-chat email.
  const ask = page.getByTestId("transcript-request");
  await ask.waitFor();
  expect(await ask.textContent()).toBe("Email me the transcript");
  await ask.click();
  const email = page.getByTestId("transcript-email");
  await email.waitFor();
  expect(await email.inputValue()).toBe("li.lei@example.com");
  expect(await email.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).activeElement === el)).toBe(true);
  expect(await email.evaluate((el) => el.closest("label")?.textContent)).toContain("Send the transcript to");
  await page.getByTestId("transcript-submit").click();
  await page.getByTestId("transcript-sent").waitFor();
  expect(await page.getByTestId("transcript-sent").getAttribute("role")).toBe("status");
  await page.screenshot({ path: artifactPath("widget-transcript-request.png") });

  await smtp.waitFor(1, 15_000);
  const mail = smtp.received.find((m) => m.to.includes("li.lei@example.com"))!;
  expect(mail).toBeTruthy();
  expect(mail.text).toContain("Where is order 1042?");
  expect(mail.text).toContain("It ships tomorrow <b>morning</b>.");
  expect(mail.text).not.toContain("reseller");
  await agent.context().close();
  await page.context().close();
}, 90_000);
