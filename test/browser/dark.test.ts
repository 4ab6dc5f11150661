// Dark mode: Parley's pages follow the system's colour scheme, and a person's choice on the account
// page (light / dark / system) overrides it everywhere (console and workspace); the widget follows
// the visitor's system unless the admin fixes its colours in the style settings.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { artifactPath, signIn } from "../helpers/browser";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser({ site: true });

/** The page's background brightness, 0 (black) to 255 (white). */
const brightness = (page: Page, selector = "html") =>
  page.evaluate((sel) => {
    const [r, g, b] = getComputedStyle(document.querySelector(sel)!).backgroundColor.match(/\d+/g)!.map(Number);
    return (r! + g! + b!) / 3;
  }, selector);

async function choose(page: Page, theme: "system" | "light" | "dark") {
  await page.goto(`${env.server.url}/account`);
  await page.getByTestId(`theme-${theme}`).check();
  await page.getByTestId("theme-save").click();
  await page.waitForURL(`${env.server.url}/account`);
  expect(await page.locator("html").getAttribute("data-theme")).toBe(theme);
}

test("the console and the workspace follow the system, and the account page's choice overrides it", async () => {
  for (const scheme of ["light", "dark"] as const) {
    const context = await env.browser.newContext({ locale: "en-US", colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
    const bg = await brightness(page, ".ws-root");
    expect(scheme === "dark" ? bg < 60 : bg > 200).toBe(true);
    await context.close();
  }

  // Chosen dark on a light system: dark everywhere, on every device of theirs.
  const context = await env.browser.newContext({ locale: "zh-CN", colorScheme: "light", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
  await choose(page, "dark");
  expect(await page.locator('meta[name="color-scheme"]').getAttribute("content")).toBe("dark");
  expect(await brightness(page)).toBeLessThan(60);
  await page.goto(`${env.server.url}/workspace`);
  await page.locator("#workspace-root[data-ready=true]").waitFor();
  expect(await brightness(page, ".ws-root")).toBeLessThan(60);
  await page.screenshot({ path: artifactPath("workspace-dark-chosen.png") });
  await page.goto(`${env.server.url}/history`);
  expect(await brightness(page)).toBeLessThan(60);
  // Chosen light on a dark system.
  const dark = await env.browser.newContext({ locale: "zh-CN", colorScheme: "dark", viewport: { width: 1280, height: 800 } });
  const other = await dark.newPage();
  await signIn(other, env.server.url, env.server.agent.email, env.server.agent.password);
  expect(await brightness(other, ".ws-root")).toBeLessThan(60);
  await choose(other, "light");
  expect(await brightness(other)).toBeGreaterThan(200);
  await choose(other, "system");
  expect(await brightness(other)).toBeLessThan(60);
  // A value that is none of the three is refused.
  const csrf = await other.locator('meta[name="csrf-token"]').getAttribute("content");
  const refused = await other.request.post(`${env.server.url}/account/theme`, { form: { theme: "neon", _csrf: csrf! } });
  expect(refused.status()).toBe(400);
  await context.close();
  await dark.close();
}, 40_000);

test("the widget follows the visitor's system unless the admin fixes its colours", async () => {
  const open = async (scheme: "light" | "dark") => {
    const context = await env.browser.newContext({ locale: "zh-CN", colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(env.site.url);
    await page.getByTestId("launcher").click();
    // Nobody online: the message form; its background is the window's.
    await page.getByTestId("leave-message-form").waitFor();
    const value = await page.evaluate(() => {
      const el = document.querySelector("parley-widget")!.shadowRoot!.querySelector(".lm")!;
      const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g)!.map(Number);
      return (r! + g! + b!) / 3;
    });
    return { context, page, value };
  };
  let v = await open("dark");
  expect(v.value).toBeLessThan(60);
  await v.page.screenshot({ path: artifactPath("widget-form-dark.png") });
  await v.context.close();
  v = await open("light");
  expect(v.value).toBeGreaterThan(200);
  await v.context.close();

  // The admin fixes the window to dark (Style → texts and options).
  const admin = await env.browser.newContext({ locale: "en-US" });
  const page = await admin.newPage();
  await signIn(page, env.server.url, env.server.admin.email, env.server.admin.password).catch(() => undefined);
  await page.goto(`${env.server.url}/admin/branding`);
  await page.getByTestId("feature-scheme").selectOption("dark");
  await page.getByTestId("branding-save").click();
  await page.waitForLoadState("load");
  await page.goto(`${env.server.url}/admin/branding`);
  expect(await page.getByTestId("feature-scheme").inputValue()).toBe("dark");
  await admin.close();
  v = await open("light");
  expect(v.value).toBeLessThan(60);
  await v.context.close();
}, 40_000);
