// What visitors expect beyond sending text, in Chromium with a real agent in the workspace: the
// state of their messages (sent, delivered, read), how an unseen reply announces itself (launcher
// badge, a count in the page title, a chime that the visitor can mute), the pre-chat form, and a
// rating when the chat ends that shows in History.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { artifactPath, installWithCustomerSite, signIn, goOnline } from "../helpers/browser";
import { PNG } from "../helpers/files";
import { HttpClient } from "../helpers/http";

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;
let browser: Browser;
let origin = "";
let admin: HttpClient;
let siteId = "";
const pageErrors: string[] = [];

beforeAll(async () => {
  install = await installWithCustomerSite();
  browser = install.browser;
  origin = install.server.url;
  admin = new HttpClient(origin);
  await admin.login("boss@acme.example", "boss-pass-1");
  siteId = /name="site" value="([^"]+)"/.exec(await (await admin.get("/admin/branding")).text())![1]!;
}, 60_000);

afterAll(async () => {
  await install?.close();
  expect(pageErrors).toEqual([]);
}, 20_000);

/** Admin → Style → Texts & branding: the pre-chat form's fields and the rating switch. */
async function setOptions(preChat: { name: string; email: string }, rating = true): Promise<void> {
  const body = new FormData();
  const fields: Record<string, string> = {
    _csrf: await admin.csrf("/admin/branding"),
    site: siteId,
    "preChat.name": preChat.name,
    "preChat.email": preChat.email,
    attachments: "1",
    ...(rating ? { rating: "1" } : {}),
  };
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  expect((await admin.request("/admin/branding", { method: "POST", body })).status).toBe(303);
}

async function onlineAgent(): Promise<Page> {
  const ctx = await browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page, origin, "ann@acme.example", "ann-pass-1");
  await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
  // The status is kept between sign-ins: a click toggles it.
  await goOnline(page);
  return page;
}

async function visitor(): Promise<Page> {
  const ctx = await browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(install.site.url);
  await page.getByTestId("launcher").click();
  await page.getByTestId("chat-window").waitFor();
  return page;
}

const stateOf = (page: Page, text: string) => page.locator("[data-testid=message][data-from=visitor]").filter({ hasText: text });

test("sent, delivered and read; an unseen reply: a badge, a count in the title and a chime, which the visitor can mute", async () => {
  await setOptions({ name: "off", email: "off" });
  const agent = await onlineAgent();
  const page = await visitor();

  await page.getByTestId("message-input").fill("Is the blue one in stock?");
  await page.getByTestId("message-input").press("Enter");
  // An agent has the chat at once (Ann is online): delivered, not yet read.
  await stateOf(page, "blue one").and(page.locator("[data-status=delivered]")).waitFor();
  expect(await page.getByTestId("message-state").last().textContent()).toBe("Delivered");
  expect(await page.getByTestId("window-title").textContent()).toBe("Ann");

  // Ann opens the conversation and reads it: the visitor sees "Read".
  await agent.getByTestId("conversation-item").filter({ hasText: "blue one" }).click();
  await stateOf(page, "blue one").and(page.locator("[data-status=read]")).waitFor();
  expect(await page.getByTestId("message-state").last().textContent()).toBe("Read");

  // The visitor minimises the window; Ann's reply announces itself on the host page.
  const title = await page.title();
  await page.getByTestId("launcher").click();
  await page.getByTestId("chat-window").waitFor({ state: "hidden" });
  await agent.getByTestId("reply-input").fill("Yes, 12 left.");
  await agent.getByTestId("reply-send").click();
  await page.waitForFunction(() => document.title.startsWith("(1) "));
  expect(await page.getByTestId("launcher").textContent()).toContain("1");
  expect(await page.getByTestId("launcher").getAttribute("aria-label")).toContain("1 new");
  expect(await page.getByTestId("chat-window").getAttribute("data-chimes")).toBe("1");
  await page.screenshot({ path: artifactPath("widget-unseen-reply.png") });

  // Opened: the badges go, the title is the page's own again.
  await page.getByTestId("launcher").click();
  await page.getByTestId("message").filter({ hasText: "12 left" }).waitFor();
  await page.waitForFunction((t) => document.title === t, title);
  expect((await page.getByTestId("launcher").textContent())?.match(/\d/)).toBeNull();

  // Muted, a reply counts but stays silent; the choice is kept for the next page.
  await page.getByTestId("mute-toggle").click();
  expect(await page.getByTestId("mute-toggle").getAttribute("aria-pressed")).toBe("true");
  await page.getByTestId("launcher").click();
  await agent.getByTestId("reply-input").fill("Anything else?");
  await agent.getByTestId("reply-send").click();
  await page.waitForFunction(() => document.title.startsWith("(1) "));
  expect(await page.getByTestId("chat-window").getAttribute("data-chimes")).toBe("1");
  expect(await page.evaluate(() => localStorage.getItem("parley_mute"))).toBe("1");
  await agent.context().close();
  await page.context().close();
}, 60_000);

test("the pre-chat form asks once, checks what is required, and the agent sees who it is", async () => {
  await setOptions({ name: "required", email: "optional" });
  const agent = await onlineAgent();
  const page = await visitor();

  const form = page.getByTestId("prechat-form");
  await form.waitFor();
  expect(await page.getByTestId("message-input").count()).toBe(0);
  await page.getByTestId("prechat-submit").click();
  await page.getByTestId("prechat-error").waitFor();
  expect(await page.getByTestId("prechat-name").getAttribute("aria-invalid")).toBe("true");
  await page.getByTestId("prechat-email").fill("not an email");
  await page.getByTestId("prechat-name").fill("Wang Fang");
  await page.getByTestId("prechat-submit").click();
  expect(await page.getByTestId("prechat-email").getAttribute("aria-invalid")).toBe("true");
  await page.getByTestId("prechat-email").fill("wang.fang@example.com");
  await page.getByTestId("prechat-submit").click();
  await form.waitFor({ state: "detached" });

  await page.getByTestId("message-input").fill("Hello from Wang");
  await page.getByTestId("message-input").press("Enter");
  await agent.getByTestId("conversation-item").filter({ hasText: "Hello from Wang" }).click();
  await agent.getByTestId("visitor-name").filter({ hasText: "Wang Fang" }).waitFor();
  expect(await agent.getByTestId("visitor-email").textContent()).toBe("wang.fang@example.com");
  expect(await agent.getByTestId("conversation-item").filter({ hasText: "Hello from Wang" }).textContent()).toContain("Wang Fang");

  // Asked once: the next page load goes straight to the chat.
  await page.reload(); // the window stays open across the tab's page loads
  await page.getByTestId("message").filter({ hasText: "Hello from Wang" }).waitFor();
  expect(await form.count()).toBe(0);
  await agent.context().close();
  await page.context().close();
}, 60_000);

test("when the chat ends the visitor rates it; the rating and comment show in History", async () => {
  await setOptions({ name: "off", email: "off" }, true);
  const agent = await onlineAgent();
  const page = await visitor();
  await page.getByTestId("message-input").fill("Thanks for the help earlier");
  await page.getByTestId("message-input").press("Enter");
  const item = agent.getByTestId("conversation-item").filter({ hasText: "help earlier" });
  await item.click();
  const conversationId = await agent.getByTestId("transcript").getAttribute("data-conversation-id");
  await agent.getByTestId("close-conversation").click();
  await agent.getByTestId("confirm-close").click();

  const rating = page.getByTestId("rating-form");
  await rating.waitFor();
  expect(await page.getByTestId("rating-submit").isDisabled()).toBe(true);
  await page.getByTestId("rating-4").check({ force: true });
  await page.getByTestId("rating-comment").fill("Quick & kind <b>agent</b>");
  await page.getByTestId("rating-submit").click();
  await page.getByTestId("rating-thanks").waitFor();
  await page.screenshot({ path: artifactPath("widget-rating.png") });

  const history = await (await admin.get(`/history/${conversationId}`)).text();
  const shown = /data-testid="transcript-rating">(.*?)<\/p>/.exec(history)![1]!;
  expect(shown).toContain('data-score="4"');
  // The visitor's comment is text: escaped, no markup of theirs.
  expect(shown).toContain("Quick &amp; kind &lt;b>agent&lt;/b>");
  expect(shown).not.toContain("<b>");
  await agent.context().close();
  await page.context().close();
}, 60_000);

test("images and files both ways: the visitor's image reaches the agent, the agent's file reaches the visitor; a disguised file is refused", async () => {
  await setOptions({ name: "off", email: "off" });
  const agent = await onlineAgent();
  const page = await visitor();
  await page.getByTestId("message-input").fill("Here is a photo of the damage");
  await page.getByTestId("message-input").press("Enter");
  await agent.getByTestId("conversation-item").filter({ hasText: "photo of the damage" }).click();

  await page.getByTestId("file-input").setInputFiles({ name: "damage.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
  await page.getByTestId("attachment-image").waitFor();
  // The agent sees the image in the transcript, fetched with their session.
  const image = agent.locator("[data-testid=transcript-attachment][data-type='image/png'] img");
  await image.waitFor();
  await agent.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>("[data-testid=transcript-attachment] img");
    return !!img && img.complete && img.naturalWidth === 1;
  });
  // The list says a file came, not an empty line.
  await agent.getByTestId("conversation-item").filter({ hasText: "damage.png" }).waitFor();

  // The agent sends a PDF; the visitor gets a link that downloads it.
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
  await agent.getByTestId("reply-file-input").setInputFiles({ name: "invoice-42.pdf", mimeType: "application/pdf", buffer: pdf });
  const file = page.locator("[data-testid=message][data-from=agent] [data-testid=attachment][data-type='application/pdf']");
  await file.waitFor();
  expect(await file.textContent()).toContain("invoice-42.pdf");
  const download = page.waitForEvent("download");
  await file.click();
  const saved = await (await download).path();
  expect(new Uint8Array(await Bun.file(saved!).arrayBuffer())).toEqual(new Uint8Array(pdf));

  // A page of HTML called photo.png is refused, with the reason, and nothing is sent.
  await agent.getByTestId("reply-file-input").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  const refused = agent.locator("[data-testid=transcript-message][data-state=failed]");
  await refused.waitFor();
  expect(await refused.textContent()).toMatch(/does not match|not accepted|cannot be sent/);
  expect(await refused.textContent()).not.toContain("Uploading");
  await page.getByTestId("file-input").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
  await page.getByTestId("send-error").waitFor();
  expect(await page.locator("[data-testid=message] [data-testid=attachment]").count()).toBe(2);
  await agent.screenshot({ path: artifactPath("workspace-attachments.png") });
  await page.screenshot({ path: artifactPath("widget-attachments.png") });
  await agent.context().close();
  await page.context().close();
}, 60_000);
