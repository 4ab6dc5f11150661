// The visitor's widget in a real Chromium against a real server: the loader on a customer's page
// (another origin), the lazy chat window, and a conversation with an agent speaking the protocol.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ChatConnection } from "../../common/chat-client";
import type { ChatMessage, ServerFrame } from "../../common/protocol";
import { customerSite, launchChromium } from "../helpers/browser";
import { HttpClient } from "../helpers/http";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const AGENT = { email: "alice@example.com", password: "secret-pass-1", name: "Alice" };
const HOSTILE_CSS = "<style>*{all:unset!important}div{display:none!important}button{display:none!important}parley-widget{display:none!important}</style>";

const dataDir = tempDir("parley-widget-");
let server: ServeProcess;
let origin: string;
let siteKey: string;
let plainSite: ReturnType<typeof customerSite>;
/** the snippet pasted twice, under a stylesheet that tries to hide or restyle everything */
let hostileSite: ReturnType<typeof customerSite>;
let browser: Browser;

async function cli(...args: string[]): Promise<any> {
  const r = await runCli([...args, "--data", dataDir]);
  if (r.code !== 0) throw new Error(`parley ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Starts the server; a restart keeps the port, as the widget's socket URL names it. */
async function startServer(): Promise<void> {
  server = await serveProcess(dataDir, server ? ["--port", String(server.port)] : []);
  origin = server.url;
}

/** SIGTERM first; a server still holding sockets 3 s later is killed (the helper's deadline), so the suite never hangs. */
async function stopServer(): Promise<void> {
  await server.stop("SIGTERM", 3000);
}

beforeAll(async () => {
  siteKey = (await cli("init", "--company", "Acme", "--email", "admin@example.com", "--password", "secret-pass-0")).siteKey;
  await cli("agent", "add", "--email", AGENT.email, "--password", AGENT.password, "--name", AGENT.name);
  await startServer();
  // These tests are about the chat itself, from a visitor who writes while nobody is online: the
  // admin switches the leave-a-message form off (with it on, that visitor gets the form: F7).
  const admin = new HttpClient(origin);
  await admin.login("admin@example.com", "secret-pass-0");
  const off = await admin.post("/admin/leave-message", { _csrf: await admin.csrf("/admin/leave-message"), "std.message.key": "message", "std.message.enabled": "1" });
  if (off.status !== 303) throw new Error(`could not switch the message form off: ${off.status}`);
  const snippet = () => `<script src="${origin}/widget.js" data-site="${siteKey}" async></script>`;
  plainSite = customerSite(snippet);
  hostileSite = customerSite(() => HOSTILE_CSS + snippet() + snippet());
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const a of agents) a.conn.close();
  await browser?.close();
  plainSite?.stop();
  hostileSite?.stop();
  if (server) await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

/** Script errors on the customer's pages: the widget must cause none. */
const pageErrors: string[] = [];

async function visitorPage(ctx: BrowserContext, site = plainSite): Promise<{ page: Page; sockets: string[]; scripts: string[] }> {
  const page = await ctx.newPage();
  const sockets: string[] = [];
  const scripts: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));
  page.on("request", (r) => r.url().includes("widget-window.js") && scripts.push(r.url()));
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(site.url);
  await page.getByTestId("launcher").waitFor();
  return { page, sockets, scripts };
}

/** Texts of the bubbles, in order. */
const bubbles = (page: Page) => page.getByTestId("message").allTextContents();

// ---- the agent, speaking the protocol like the workspace does ------------------------------------

async function signIn(): Promise<string> {
  const form = await fetch(`${origin}/login`);
  const csrf = /parley_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: `parley_csrf=${csrf}`, origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: AGENT.email, password: AGENT.password, _csrf: csrf }),
  });
  const session = /parley_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return `parley_session=${session}`;
}

const agents: Agent[] = [];

class Agent {
  frames: ServerFrame[] = [];
  conn: ChatConnection;
  constructor(cookie: string) {
    agents.push(this);
    this.conn = new ChatConnection({
      url: `${origin.replace("http", "ws")}/ws/agent`,
      headers: { cookie },
      hello: (resume) => ({ type: "hello", role: "agent", resume }),
    });
    this.conn.on("*" as any, (f: ServerFrame) => this.frames.push(f));
  }
  async next<T extends ServerFrame>(match: (f: ServerFrame) => f is T, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0] as T;
      if (Date.now() > end) throw new Error("agent: frame not received");
      await Bun.sleep(20);
    }
  }
  visitorMessage(text?: string) {
    return this.next((f): f is ChatMessage => f.type === "message" && f.from === "visitor" && (text === undefined || f.text === text));
  }
}

// ---- tests --------------------------------------------------------------------------------------

describe("widget", () => {
  afterAll(() => expect(pageErrors).toEqual([]));

  test("the loader shows only a launcher until clicked, survives hostile CSS and a doubled snippet", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
    const { page, sockets, scripts } = await visitorPage(ctx, hostileSite);
    await expect(page.getByTestId("launcher").isVisible()).resolves.toBe(true);
    const box = (await page.getByTestId("launcher").boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(1366 - 40);
    expect(box.y + box.height).toBeGreaterThan(768 - 40);
    expect(await page.getByTestId("launcher").getAttribute("aria-label")).toBe("Chat with us");
    expect(await page.locator("parley-widget").count()).toBe(1);
    const vid = await page.evaluate(() => localStorage.getItem("parley_vid"));
    expect(vid).toMatch(/^[\w-]{22,}$/);
    await page.waitForTimeout(300);
    expect(sockets).toEqual([]);
    expect(scripts).toEqual([]);

    await page.getByTestId("launcher").click();
    await page.getByTestId("chat-window").waitFor();
    expect(await page.getByTestId("chat-window").isVisible()).toBe(true);
    expect(scripts.length).toBe(1);
    await page.locator("[data-testid=connection-state][data-state=open]").waitFor();
    expect(sockets).toEqual([`${origin.replace("http", "ws")}/ws/visitor`]);
    // The same browser is the same visitor on the next page.
    const again = await visitorPage(ctx, hostileSite);
    expect(await again.page.evaluate(() => localStorage.getItem("parley_vid"))).toBe(vid);
    await ctx.close();
  }, 30_000);

  test("a visitor and an agent talk; text stays text; Enter, Shift+Enter and IME behave; reload keeps it", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
    const { page } = await visitorPage(ctx);
    const title = await page.title();
    await page.getByTestId("launcher").click();
    const input = page.getByTestId("message-input");
    await input.waitFor();
    // Nobody is online: the visitor is told, and may still write.
    await page.getByTestId("offline-note").waitFor();
    expect(await page.evaluate(() => document.querySelector("parley-widget")!.shadowRoot!.activeElement?.getAttribute("data-testid"))).toBe(
      "message-input",
    );

    const xss = "<img src=x onerror=\"document.title='pwned'\">";
    await input.fill(xss);
    await input.press("Enter");
    await page.locator("[data-testid=message][data-status=sent]").first().waitFor();
    expect(await bubbles(page)).toEqual([xss]);
    expect(await page.evaluate(() => document.querySelector("parley-widget")!.shadowRoot!.querySelectorAll("img").length)).toBe(0);
    expect(await input.inputValue()).toBe("");

    // The agent comes online, sees the waiting conversation and answers it.
    const agent = new Agent(await signIn());
    const welcome = await agent.next((f): f is Extract<ServerFrame, { type: "welcome" }> => f.type === "welcome");
    agent.conn.send({ type: "status", status: "online" });
    const waiting = welcome.conversations!.find((c) => c.lastMessage?.text === xss)!;
    expect(waiting).toBeDefined();
    agent.conn.send({ type: "typing", conversationId: waiting.id, typing: true });
    await page.getByTestId("agent-typing").waitFor();
    await agent.conn.sendMessage("Hello!\nHow can I help?", waiting.id);
    await page.getByTestId("message").nth(1).waitFor();
    expect(await bubbles(page)).toEqual([xss, "Hello!\nHow can I help?"]);
    expect(await page.getByTestId("agent-typing").count()).toBe(0);
    await page.getByText("Alice joined the conversation").waitFor();

    // Shift+Enter breaks the line, Enter sends.
    await input.fill("first line");
    await input.press("Shift+Enter");
    await input.pressSequentially("second line");
    await input.press("Enter");
    expect((await agent.visitorMessage()).text).toBe("first line\nsecond line");

    // The Enter that confirms an IME composition does not send.
    await input.focus();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Input.imeSetComposition", { text: "ni", selectionStart: 2, selectionEnd: 2 });
    await page.evaluate(() => {
      const ta = document.querySelector("parley-widget")!.shadowRoot!.querySelector("textarea")!;
      ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));
    });
    await cdp.send("Input.insertText", { text: "你好" });
    await page.waitForTimeout(200);
    expect(await input.inputValue()).toBe("你好");
    expect(await page.getByTestId("message").count()).toBe(3);
    await input.press("Enter");
    expect((await agent.visitorMessage()).text).toBe("你好");

    // A new page of the site: the window is still open and the whole conversation is there, once.
    await page.reload();
    await page.getByTestId("chat-window").waitFor();
    await page.getByTestId("message").nth(3).waitFor();
    await page.waitForTimeout(300);
    expect(await bubbles(page)).toEqual([xss, "Hello!\nHow can I help?", "first line\nsecond line", "你好"]);
    expect(await page.title()).toBe(title);

    // Minimised, a reply shows as a badge on the launcher.
    await page.keyboard.press("Escape");
    expect(await page.getByTestId("chat-window").isVisible()).toBe(false);
    await agent.conn.sendMessage("Are you still there?", waiting.id);
    await page.getByTestId("launcher").getByText("1").waitFor();
    await page.getByTestId("launcher").click();
    await page.getByText("Are you still there?").waitFor();

    await ctx.close();
  }, 60_000);

  test("on a phone the window is full screen; the language can be switched", async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-US" });
    const { page } = await visitorPage(ctx);
    await page.getByTestId("launcher").click();
    const win = page.getByTestId("chat-window");
    await win.waitFor();
    await page.waitForTimeout(100);
    expect(await win.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    expect(await page.getByTestId("launcher").isVisible()).toBe(false);
    expect(await page.getByTestId("message-input").getAttribute("placeholder")).toBe("Type a message…");

    await page.getByTestId("lang-switch").click();
    await page.locator("[placeholder='请输入消息…']").waitFor();
    expect(await page.evaluate(() => localStorage.getItem("parley_lang"))).toBe("zh-CN");
    expect(await page.getByTestId("launcher").getAttribute("aria-label")).toBe("在线客服");

    // Too long: refused before sending, the text stays for the visitor to shorten.
    const long = "x".repeat(4001);
    await page.getByTestId("message-input").fill(long);
    await page.getByTestId("send-button").click();
    await page.getByTestId("send-error").waitFor();
    expect(await page.getByTestId("message-input").inputValue()).toBe(long);

    await page.getByTestId("close-window").click();
    expect(await win.isVisible()).toBe(false);
    expect(await page.getByTestId("launcher").isVisible()).toBe(true);
    await ctx.close();
  }, 30_000);

  test("when the server restarts the widget reconnects and delivers what was written meanwhile", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
    const { page } = await visitorPage(ctx);
    await page.getByTestId("launcher").click();
    await page.locator("[data-testid=connection-state][data-state=open]").waitFor();

    await server.stop("SIGKILL"); // a crash, or a deploy that does not wait
    await page.locator("[data-testid=connection-state][data-state=reconnecting]").waitFor();
    await page.getByTestId("message-input").fill("written while offline");
    await page.getByTestId("message-input").press("Enter");
    await page.locator("[data-testid=message][data-status=pending]").waitFor();

    await startServer();
    await page.locator("[data-testid=connection-state][data-state=open]").waitFor({ timeout: 20_000 });
    // Stored ("sent"), or "delivered" if the earlier test's agent tab has reconnected first.
    await page.locator("[data-testid=message]:not([data-status=pending])").waitFor();
    await page.reload();
    await page.getByTestId("message").first().waitFor();
    await page.waitForTimeout(300);
    expect(await bubbles(page)).toEqual(["written while offline"]);
    await ctx.close();
  }, 60_000);
});
