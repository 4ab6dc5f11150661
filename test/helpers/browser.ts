// Debian's Chromium driven by playwright-core (no downloaded browser), and a customer's website
// on another origin that embeds the widget snippet.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { runCli, serveProcess } from "./process";
import { tempDir } from "./server";

export const ARTIFACTS = join(import.meta.dir, "../../test-artifacts");

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
  ignoreLateWebSocketFrames(browser);
  return browser;
}

/**
 * Under Bun, playwright-core's in-process connection now and then receives a page WebSocket's
 * frame event after it has dropped that socket's object, and throws "Cannot find object to
 * frameSent" from its message loop, failing whatever test runs. We never observe page WebSocket
 * frames, so exactly those late events are dropped; everything else goes through untouched.
 */
function ignoreLateWebSocketFrames(browser: Browser): void {
  const connection = (browser as unknown as { _connection?: { dispatch(m: any): void; _objects: Map<string, unknown> } })._connection;
  if (!connection) return;
  const dispatch = connection.dispatch.bind(connection);
  connection.dispatch = (message) => {
    const late = (message?.method === "frameSent" || message?.method === "frameReceived" || message?.method === "socketError") && !connection._objects.has(message.guid);
    if (!late) dispatch(message);
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** A page on another origin (localhost vs the server's 127.0.0.1) with the embed snippet before </body>. */
export function customerSite(snippet: () => string) {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () =>
      new Response(
        `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Acme 商城</title></head>
<body><h1>Acme 商城</h1><p>Welcome to our shop.</p>${snippet()}</body></html>`,
        { headers: { "content-type": "text/html; charset=utf-8" } },
      ),
  });
  return { url: `http://localhost:${server.port}/products/42`, stop: () => server.stop(true) };
}

/**
 * A fresh install as a customer sets it up: `parley init` (admin boss@acme.example), one agent Ann
 * (ann@acme.example / ann-pass-1), `parley serve`, the customer's page embedding the snippet, and
 * Chromium. `close()` undoes it all.
 */
export async function installWithCustomerSite() {
  const dataDir = tempDir();
  const init = await runCli(["init", "--company", "Acme 商城", "--email", "boss@acme.example", "--password", "boss-pass-1", "--data", dataDir]);
  const siteKey: string = JSON.parse(init.stdout).siteKey;
  await runCli(["agent", "add", "--email", "ann@acme.example", "--password", "ann-pass-1", "--name", "Ann", "--data", dataDir]);
  const server = await serveProcess(dataDir);
  const site = customerSite(() => `<script src="${server.url}/widget.js" data-site="${siteKey}" async></script>`);
  const browser = await launchChromium();
  return {
    server,
    site,
    browser,
    siteKey,
    dataDir,
    async close() {
      await browser.close();
      site.stop();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in on /login and waits for the workspace. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(`${origin}/workspace`);
}

/** Sets the workspace's status to online (a click when it is not) and waits until it shows so. */
export async function goOnline(page: Page): Promise<void> {
  const toggle = page.getByTestId("status-toggle");
  await toggle.waitFor();
  if ((await toggle.getAttribute("data-status")) !== "online") await toggle.click();
  await page.locator("[data-testid=status-toggle][data-status=online]").waitFor();
}
