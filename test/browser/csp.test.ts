// The Content-Security-Policy breaks nothing: every page of the console and the workspace loads,
// runs its scripts and swaps htmx fragments without a single policy violation in Chromium, and the
// style page's previews (framed by our own page) draw the widget.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { signIn } from "../helpers/browser";
import { RawSocket, randomVisitorId } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser();

/** Every violation a page (or a frame in it) reports, from the DOM event and from the console. */
async function watched(): Promise<{ page: Page; violations: string[] }> {
  const context = await env.browser.newContext({ locale: "en-US", viewport: { width: 1366, height: 900 } });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /content security policy|CSP violation/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  return { page, violations };
}

test("the console's pages, htmx swaps, the workspace and the style previews run without a policy violation", async () => {
  // A conversation to show in the workspace, History and the visitor's page.
  const socket = new RawSocket(`${env.server.wsUrl}/ws/visitor`, {});
  await socket.opened;
  const visitorId = randomVisitorId();
  socket.send({ type: "hello", role: "visitor", site: env.server.siteKey, visitorId, page: { url: "https://shop.example/", title: "Shop" } });
  const welcome = await socket.next("welcome");
  socket.send({ type: "message", clientId: "csp-1", text: "hello <b>there</b>" });
  const ack = await socket.next("ack");

  const { page, violations } = await watched();
  await page.goto(`${env.server.url}/login`);
  await signIn(page, env.server.url, env.server.admin.email, env.server.admin.password);
  await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();

  const pages = ["/history", `/history/${ack.conversationId}`, "/visitors", "/leads/pool", "/admin/agents", "/admin/roles", "/admin/sites", "/admin/groups", "/admin/embed", "/admin/branding", "/admin/robot", "/admin/robot/kb", "/admin/settings", "/admin/audit", "/account", "/api/v1/docs"];
  for (const path of pages) {
    const res = await page.goto(`${env.server.url}${path}`);
    expect([path, res?.status()]).toEqual([path, 200]);
    // htmx and app.js ran: htmx is defined and has processed the page.
    expect([path, await page.evaluate(() => typeof (window as any).htmx)]).toEqual([path, "object"]);
  }

  // An htmx swap under the policy: History's filter answers with a fragment.
  await page.goto(`${env.server.url}/history`);
  const swapped = page.waitForResponse((r) => r.url().includes("/history/results"));
  await page.locator("input[name=q]").fill("hello");
  await page.locator("input[name=q]").press("Enter");
  await swapped;

  // The style page's previews draw the real widget inside our own frames.
  await page.goto(`${env.server.url}/admin/styles`);
  const frame = page.frameLocator("[data-testid=style-preview-desktop-closed]");
  await frame.locator("body").waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("iframe.pv-frame")].every((f) => (f as HTMLIFrameElement).contentDocument?.readyState === "complete"));

  expect(violations).toEqual([]);
  expect(welcome).toBeTruthy();
  socket.close();
}, 60_000);
