// The widget's styles in a real Chromium, at a desktop (1366×768) and a phone (390×844) viewport:
// the admin's style page with its live preview and embed code; every button style and every window
// style by geometry and theme colour (screenshots in test-artifacts/); a host page with a strict
// Content-Security-Policy; no long task on the host page's load; keyboard-only use.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { artifactPath, installWithCustomerSite, signIn } from "../helpers/browser";
import { PNG } from "../helpers/files";
import { HttpClient } from "../helpers/http";

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;
let origin: string;
let browser: Browser;
let admin: HttpClient;
let siteId = "";
const pageErrors: string[] = [];

beforeAll(async () => {
  install = await installWithCustomerSite();
  origin = install.server.url;
  browser = install.browser;
  admin = new HttpClient(origin);
  await admin.login("boss@acme.example", "boss-pass-1");
  const html = await (await admin.get("/admin/styles")).text();
  siteId = /name="site" value="([^"]+)"/.exec(html)![1]!;
  // Nobody is online in these tests: the visitor chats instead of getting the message form (F7).
  const off = await admin.post("/admin/leave-message", { _csrf: await admin.csrf("/admin/leave-message"), "std.message.key": "message", "std.message.enabled": "1" });
  expect(off.status).toBe(303);
}, 60_000);

afterAll(async () => {
  await install?.close();
  expect(pageErrors).toEqual([]);
}, 20_000);

type Look = { button: string; position?: string; window: string; color: string; label?: string };

/** Saves both devices' looks as the style form does (no script: visible fields are the desktop's). */
async function setStyle(desktop: Look, mobile: Look = desktop): Promise<void> {
  const form: Record<string, string> = { _csrf: await admin.csrf("/admin/styles"), site: siteId, device: "desktop" };
  for (const [prefix, look] of [["", desktop], ["mobile.", mobile]] as const) {
    form[`${prefix}button`] = look.button;
    form[`${prefix}position`] = look.position ?? "right";
    form[`${prefix}window`] = look.window;
    form[`${prefix}color`] = look.color;
    form[`${prefix}label.en`] = look.label ?? "";
    form[`${prefix}label.zh-CN`] = "";
  }
  expect((await admin.post("/admin/styles", form)).status).toBe(303);
}

async function visitor(viewport: typeof DESKTOP, url = install.site.url): Promise<{ ctx: BrowserContext; page: Page }> {
  const phone = viewport === PHONE;
  const ctx = await browser.newContext({ viewport, locale: "en-US", ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.getByTestId("launcher").waitFor();
  return { ctx, page };
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
const css = (l: Locator, prop: string) => l.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
const box = async (l: Locator) => (await l.boundingBox())!;

/** Polls until `read` satisfies `ok` (or 5 s pass) and returns the last value, for an expect to judge. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 5000;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await Bun.sleep(50);
    v = await read();
  }
  return v;
}

describe("the admin's style page", () => {
  test("per device, with a live preview of both; the embed code follows; saved, it shows on the next page load", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-US" });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page, origin, "boss@acme.example", "boss-pass-1");
    await page.goto(`${origin}/admin/styles?lang=en`);
    const mobileFrame = page.frameLocator("[data-testid=style-preview-mobile-closed]");
    const desktopFrame = page.frameLocator("[data-testid=style-preview-desktop-open]");
    await mobileFrame.getByTestId("launcher").waitFor();
    await desktopFrame.getByTestId("chat-window").waitFor();

    await page.getByTestId("style-device-mobile").check();
    await page.getByTestId("style-button-side").check();
    await page.getByTestId("style-window-standard").check();
    await page.getByTestId("style-color").fill("#db2777");
    // The phone's preview follows at once; the desktop's keeps its own style.
    const tab = mobileFrame.getByTestId("launcher");
    expect(await eventually(() => css(tab, "background-color"), (v) => v === rgb("#db2777"))).toBe(rgb("#db2777"));
    const t = await box(tab);
    expect(t.height).toBeGreaterThan(t.width);
    expect(await css(desktopFrame.getByTestId("launcher"), "background-color")).toBe(rgb("#2563eb"));
    const code = await page.getByTestId("embed-code").textContent();
    expect(code).toContain("Mobile website (WAP): Side tab (Right), Standard window, #db2777");
    expect(code).toContain(`<script src="${origin}/widget.js" data-site="${install.siteKey}" async></script>`);
    expect(await page.locator("#style-contrast").textContent()).toContain("white");

    // Switching device keeps what was chosen for the other.
    await page.getByTestId("style-device-desktop").check();
    expect(await page.getByTestId("style-button-round").isChecked()).toBe(true);
    await page.getByTestId("style-button-bottom").check();
    await page.getByTestId("style-device-mobile").check();
    expect(await page.getByTestId("style-button-side").isChecked()).toBe(true);
    expect(await page.getByTestId("style-color").inputValue()).toBe("#db2777");
    await page.screenshot({ path: artifactPath("style-admin-preview.png"), fullPage: true });

    await page.getByTestId("style-save").click();
    await page.getByTestId("style-saved").waitFor();
    await ctx.close();

    const phone = await visitor(PHONE);
    const launcher = phone.page.getByTestId("launcher");
    const b = await box(launcher);
    expect(b.x + b.width).toBe(PHONE.width);
    expect(b.height).toBeGreaterThan(b.width);
    expect(await css(launcher, "background-color")).toBe(rgb("#db2777"));
    await phone.ctx.close();
    const desk = await visitor(DESKTOP);
    const bar = await box(desk.page.getByTestId("launcher"));
    expect(bar.y + bar.height).toBe(DESKTOP.height);
    expect(bar.width).toBeGreaterThan(bar.height);
    await desk.ctx.close();
  }, 60_000);
});

describe("button styles", () => {
  const colors: Record<string, string> = { round: "#2563eb", bottom: "#0f766e", side: "#facc15" };
  for (const button of ["round", "bottom", "side"]) {
    test(`${button}: desktop and phone, in its place, in the theme colour`, async () => {
      await setStyle({ button, window: "mini", color: colors[button]!, label: "Need help?" }, { button, window: "mini", color: colors[button]!, position: "left", label: "Help" });
      for (const [device, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        const { ctx, page } = await visitor(viewport);
        const launcher = page.getByTestId("launcher");
        const b = await box(launcher);
        const vw = viewport.width;
        const vh = viewport.height;
        const left = device === "phone"; // the phone's style sits on the left
        if (button === "round") {
          // A circle in its corner.
          expect(b.width).toBe(56);
          expect(b.height).toBe(56);
          expect(await css(launcher, "border-radius")).toBe("50%");
          expect(left ? b.x : vw - (b.x + b.width)).toBe(20);
          expect(vh - (b.y + b.height)).toBe(20);
        } else if (button === "bottom") {
          // A bar standing on the bottom edge, its text on it.
          expect(b.y + b.height).toBe(vh);
          expect(b.width).toBeGreaterThan(b.height * 2);
          expect(left ? b.x : vw - (b.x + b.width)).toBe(20);
          expect(await launcher.innerText()).toBe(left ? "Help" : "Need help?");
        } else {
          // A tab hugging the side edge, taller than wide, in the middle.
          expect(left ? b.x : b.x + b.width).toBe(left ? 0 : vw);
          expect(b.height).toBeGreaterThan(b.width);
          expect(Math.abs(b.y + b.height / 2 - vh / 2)).toBeLessThan(2);
        }
        expect(await css(launcher, "background-color")).toBe(rgb(colors[button]!));
        // Readable text on it: dark on yellow, white on the others.
        expect(await css(launcher, "color")).toBe(button === "side" ? "rgb(17, 24, 39)" : "rgb(255, 255, 255)");
        await page.screenshot({ path: artifactPath(`widget-button-${button}-${device}.png`) });
        await ctx.close();
      }
    }, 60_000);
  }
});

describe("window styles", () => {
  for (const window of ["mini", "side", "standard"]) {
    test(`${window}: its shape on desktop, the theme colour on header and the visitor's bubbles; full screen on a phone`, async () => {
      const color = window === "side" ? "#7c3aed" : window === "standard" ? "#b45309" : "#2563eb";
      await setStyle({ button: "round", window, color }, { button: "round", window, color });
      const { ctx, page } = await visitor(DESKTOP);
      await page.getByTestId("launcher").click();
      const win = page.getByTestId("chat-window");
      await win.waitFor();
      await page.getByTestId("message-input").fill(`Hello from the ${window} window`);
      await page.getByTestId("message-input").press("Enter");
      await page.locator("[data-testid=message][data-status=sent]").first().waitFor();
      await page.waitForTimeout(250); // the opening animation
      const w = await box(win);
      if (window === "mini") {
        expect({ width: w.width, height: w.height }).toEqual({ width: 360, height: 520 });
        expect(DESKTOP.width - (w.x + w.width)).toBe(20);
      } else if (window === "side") {
        // The full height at the edge.
        expect({ y: w.y, height: w.height, right: w.x + w.width }).toEqual({ y: 0, height: DESKTOP.height, right: DESKTOP.width });
        expect(w.width).toBeLessThan(DESKTOP.width / 2);
      } else {
        // Large and centred: most of the viewport.
        expect(w.width * w.height).toBeGreaterThan(0.6 * DESKTOP.width * DESKTOP.height);
        expect(Math.abs(w.x - (DESKTOP.width - (w.x + w.width)))).toBeLessThan(2);
        expect(Math.abs(w.y - (DESKTOP.height - (w.y + w.height)))).toBeLessThan(2);
      }
      expect(await css(page.locator("parley-widget header"), "background-color")).toBe(rgb(color));
      expect(await css(page.getByTestId("message").first(), "background-color")).toBe(rgb(color));
      await page.screenshot({ path: artifactPath(`widget-window-${window}-desktop.png`) });
      await ctx.close();

      const phone = await visitor(PHONE);
      await phone.page.getByTestId("launcher").click();
      await phone.page.getByTestId("chat-window").waitFor();
      await phone.page.waitForTimeout(100);
      expect(await box(phone.page.getByTestId("chat-window"))).toEqual({ x: 0, y: 0, ...PHONE });
      expect(await css(phone.page.locator("parley-widget header"), "background-color")).toBe(rgb(color));
      await phone.page.screenshot({ path: artifactPath(`widget-window-${window}-phone.png`) });
      await phone.ctx.close();
    }, 60_000);
  }
});

describe("on the host page", () => {
  test("a page with a strict Content-Security-Policy: the widget is styled, chats and shows images, and breaks no rule", async () => {
    await setStyle({ button: "round", window: "mini", color: "#0f766e" });
    const ws = origin.replace(/^http/, "ws");
    const policy = [`default-src 'none'`, `script-src ${origin}`, `connect-src ${origin} ${ws}`, `img-src ${origin} blob:`, `style-src 'self'`].join("; ");
    const strict = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () =>
        new Response(`<!doctype html><html><head><meta charset="utf-8"><title>Strict shop</title></head><body><h1>Strict shop</h1><script src="${origin}/widget.js" data-site="${install.siteKey}" async></script></body></html>`, {
          headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": policy },
        }),
    });
    try {
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: "en-US" });
      await ctx.addInitScript(() => {
        (window as any).__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const page = await ctx.newPage();
      const consoleErrors: string[] = [];
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(`http://localhost:${strict.port}/`);
      const launcher = page.getByTestId("launcher");
      await launcher.waitFor();
      expect((await box(launcher)).width).toBe(56);
      expect(await css(launcher, "background-color")).toBe(rgb("#0f766e"));
      await launcher.click();
      await page.getByTestId("message-input").fill("Hello under CSP");
      await page.getByTestId("message-input").press("Enter");
      await page.locator("[data-testid=message][data-status=sent]").waitFor();
      expect((await box(page.getByTestId("chat-window"))).width).toBe(360);
      // An image attachment shows from a blob: URL.
      await page.getByTestId("file-input").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
      await page.getByTestId("attachment-image").waitFor();
      expect(await page.getByTestId("attachment-image").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
      expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: artifactPath("widget-strict-csp.png") });
      await ctx.close();
    } finally {
      strict.stop(true);
    }
  }, 60_000);

  test("the loader adds no long task (over 50 ms) to the host page's load", async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: "en-US" });
    await ctx.addInitScript(() => {
      (window as any).__long = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as any).__long.push(Math.round(e.duration));
      });
      observer.observe({ type: "longtask", buffered: true });
      // Entries reach the callback in a later, low-priority task: the check takes the pending ones too.
      (window as any).__longNow = () => [...(window as any).__long, ...observer.takeRecords().map((e) => Math.round(e.duration))];
    });
    const page = await ctx.newPage();
    const longTasksOfALoad = async (): Promise<number[]> => {
      await page.goto(install.site.url);
      await page.getByTestId("launcher").waitFor();
      // The page's load is over once its load event has fired and two frames have been drawn since:
      // any long task of the loader's has been reported to the observer by then.
      await page.evaluate(async () => {
        if (document.readyState !== "complete") await new Promise((r) => addEventListener("load", r, { once: true }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      });
      return page.evaluate(() => (window as any).__longNow());
    };
    // A long task is wall time: on a loaded CI machine another process can stretch a short task past
    // 50 ms (seen once: 133 ms). A second load decides then; a loader that really blocks the page
    // blocks it on every load.
    const first = await longTasksOfALoad();
    expect(first.length === 0 ? first : await longTasksOfALoad()).toEqual([]);
    await ctx.close();
  }, 30_000);

  test("keyboard only: the launcher, the window, the emoji picker and back, with the roles and names a screen reader needs", async () => {
    await setStyle({ button: "round", window: "mini", color: "#2563eb" });
    const { ctx, page } = await visitor(DESKTOP);
    const focused = () => page.evaluate(() => document.querySelector("parley-widget")?.shadowRoot?.activeElement?.getAttribute("data-testid") ?? null);
    // The picker focuses its first emoji once it has rendered: keys pressed before would go elsewhere.
    const inPicker = () => page.evaluate(() => !!document.querySelector("parley-widget")?.shadowRoot?.activeElement?.closest("[data-testid=emoji-picker]"));
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("launcher");
    const launcher = page.getByTestId("launcher");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("Enter");
    const win = page.getByTestId("chat-window");
    await win.waitFor();
    expect(await win.getAttribute("role")).toBe("dialog");
    expect(await win.getAttribute("aria-label")).toBe("Chat window");
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator("parley-widget [role=log]").count()).toBe(1);
    expect(await eventually(focused, (v) => v === "message-input")).toBe("message-input");

    await page.keyboard.type("Thanks ");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("emoji-button");
    await page.keyboard.press("Enter");
    await page.getByTestId("emoji-picker").waitFor();
    expect(await page.getByTestId("emoji-picker").getAttribute("role")).toBe("dialog");
    expect(await eventually(inPicker, (v) => v)).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    expect(await eventually(focused, (v) => v === "message-input")).toBe("message-input");
    expect(await page.getByTestId("message-input").inputValue()).toBe("Thanks 😂");
    // Escape in the picker closes the picker only; in the window, the window, giving focus back.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await eventually(focused, (v) => v === "emoji-button")).toBe("emoji-button");
    await page.keyboard.press("Enter");
    await page.getByTestId("emoji-picker").waitFor();
    expect(await eventually(inPicker, (v) => v)).toBe(true);
    await page.keyboard.press("Escape");
    // The picker goes at the next render; the window stays.
    await page.getByTestId("emoji-picker").waitFor({ state: "detached" });
    expect(await win.isVisible()).toBe(true);
    expect(await eventually(focused, (v) => v === "emoji-button")).toBe("emoji-button");
    await page.keyboard.press("Escape");
    await win.waitFor({ state: "hidden" });
    expect(await eventually(focused, (v) => v === "launcher")).toBe("launcher");
    await ctx.close();
  }, 30_000);
});
