// Admin → Style over real HTTP: button and window styles per device, texts, branding images and
// options; what the widget's config then says; and how the config is cached (ETag, 304, no-cache).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WidgetConfig } from "../../common/protocol";
import { PNG } from "../helpers/files";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;
let agent: HttpClient;
let siteId = "";


beforeAll(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  admin = new HttpClient(srv.url);
  agent = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  await agent.login(srv.agent.email, srv.agent.password);
});
afterAll(() => srv.stop());

const config = async (lang = "en", headers: Record<string, string> = {}) => fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=${lang}`, { headers });
const configJson = async (lang = "en"): Promise<WidgetConfig> => (await config(lang)).json();
const looks = async (form: Record<string, string>, headers: Record<string, string> = {}) =>
  admin.post("/admin/styles", { _csrf: await admin.csrf("/admin/styles"), site: siteId, ...form }, headers);

describe("button and window styles", () => {
  test("the page shows the contract's controls, both previews and the embed code; agents may not open it", async () => {
    const html = await (await admin.get("/admin/styles")).text();
    for (const id of ["style-device-desktop", "style-device-mobile", "style-button-bottom", "style-button-round", "style-button-side", "style-window-mini", "style-window-side", "style-window-standard", "style-color", "style-save", "embed-code"])
      expect({ id, shown: html.includes(`data-testid="${id}"`) }).toEqual({ id, shown: true });
    expect(html).toContain(`data-site=&quot;${srv.siteKey}&quot;`);
    expect(html).toContain("/admin/styles/preview?site=");
    expect((await agent.get("/admin/styles")).status).toBe(403);
    expect((await agent.get("/admin/branding")).status).toBe(403);
  });

  test("desktop and mobile are saved separately; the config carries both, with readable text on the colour", async () => {
    // The visible controls hold the device being edited (mobile); the hidden fields the other.
    const res = await looks({
      device: "mobile",
      button: "side",
      position: "left",
      window: "standard",
      color: "#ffeb3b",
      "label.zh-CN": "咨询",
      "label.en": "Ask us",
      "desktop.button": "bottom",
      "desktop.position": "right",
      "desktop.window": "side",
      "desktop.color": "#1e3a8a",
      "desktop.label.zh-CN": "",
      "desktop.label.en": "Talk to us",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("saved=1");
    const c = await configJson("en");
    expect(c.style).toMatchObject({ button: "bottom", position: "right", window: "side", color: "#1e3a8a", colorText: "#ffffff", label: "Talk to us" });
    expect(c.style.mobile).toEqual({ button: "side", position: "left", window: "standard", color: "#ffeb3b", colorText: "#111827", label: "Ask us" });
    expect((await configJson("zh-CN")).style.mobile.label).toBe("咨询");
    // The page after the redirect says so, and the embed code's comment names the choice.
    const html = await (await admin.get(res.headers.get("location")!, { "accept-language": "en" })).text();
    expect(html).toContain('data-testid="style-saved"');
    expect(html).toMatch(/&lt;!-- Parley · [^<]*Bottom bar[^<]*Side panel[^<]*#1e3a8a[^<]*Side tab[^<]*Standard window/);
    const audit = srv.db.$client.query("select action, target_id from audit_log where action = 'style.updated'").all();
    expect(audit).toEqual([{ action: "style.updated", target_id: siteId }]);
  });

  test("htmx saves answer with the form section; a bad colour is refused and nothing changes", async () => {
    const before = await configJson();
    const bad = await looks({ device: "desktop", button: "round", position: "right", window: "mini", color: "red" }, { "hx-request": "true" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('data-testid="style-error"');
    expect((await configJson()).style).toEqual(before.style);
    const ok = await looks({ device: "desktop", button: "round", position: "right", window: "mini", color: "#0F766E" }, { "hx-request": "true" });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toStartWith('<section id="style-section"');
    expect(html).toContain('data-testid="style-saved"');
    expect((await configJson()).style).toMatchObject({ button: "round", window: "mini", color: "#0f766e" });
    // The mobile style was not in this form: it stays as it was.
    expect((await configJson()).style.mobile.button).toBe("side");
  });

  test("the preview frame may be framed by our own pages and carries the site's config", async () => {
    const res = await admin.get(`/admin/styles/preview?site=${siteId}&open=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const html = await res.text();
    expect(html).toContain('id="parley-config"');
    expect(html).toContain("/static/build/style-preview.js");
    // The config is JSON with "<" escaped: no value can end the script element early.
    const json = /<script type="application\/json" id="parley-config">(.*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json).site).toBe(srv.siteKey);
  });
});

describe("the config's caching", () => {
  test("revalidated on every page load: an ETag, no-cache, 304 when unchanged, a new body after a save", async () => {
    const first = await config();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const etag = first.headers.get("etag")!;
    // one tag per encoding: fetch asks for brotli (src/http/compress.ts)
    expect(etag).toMatch(/^"[0-9a-z]+(-br|-gz)?"$/);
    await first.text();

    const same = await config("en", { "if-none-match": etag });
    expect(same.status).toBe(304);
    expect(same.headers.get("etag")).toBe(etag);
    expect(same.headers.get("access-control-allow-origin")).toBe("*");
    expect(await same.text()).toBe("");
    // Another language is another document.
    expect((await config("zh-CN", { "if-none-match": etag })).status).toBe(200);

    await looks({ device: "desktop", button: "bottom", position: "left", window: "standard", color: "#7c3aed" });
    const changed = await config("en", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await changed.json()).style).toMatchObject({ button: "bottom", position: "left", window: "standard", color: "#7c3aed" });
  });
});

describe("texts, branding and options", () => {
  const brandingForm = async (extra: Record<string, string | Blob> = {}) => {
    const body = new FormData();
    const fields: Record<string, string | Blob> = {
      _csrf: await admin.csrf("/admin/branding"),
      site: siteId,
      "name.zh-CN": "极光商城",
      "name.en": "Aurora Shop",
      "agentName.zh-CN": "客服小美",
      "agentName.en": "Mei",
      "greeting.zh-CN": "欢迎光临极光商城！",
      "greeting.en": "Welcome to Aurora!",
      "offline.zh-CN": "",
      "offline.en": "We are away; write anyway.",
      "preChat.name": "required",
      "preChat.email": "optional",
      rating: "1",
      attachments: "1",
      ...extra,
    };
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return admin.request("/admin/branding", { method: "POST", body });
  };

  test("texts per language and the options reach the widget; the logo is an uploaded image served publicly", async () => {
    const res = await brandingForm({ logo: new File([PNG], "logo.png", { type: "image/png" }) });
    expect(res.status).toBe(303);
    const en = await configJson("en");
    expect(en.siteName).toBe("Aurora Shop");
    expect(en.strings.greeting).toBe("Welcome to Aurora!");
    expect(en.strings.offline_note).toBe("We are away; write anyway.");
    expect(en.brand.agentName).toBe("Mei");
    expect(en.features).toEqual({ preChat: { name: "required", email: "optional" }, rating: true, attachments: true, scheme: "auto" });
    const zh = await configJson("zh-CN");
    expect(zh.siteName).toBe("极光商城");
    // Left empty in Chinese: the catalogue's default.
    expect(zh.strings.offline_note).toBe("当前没有客服在线，您可以留言，我们会尽快回复。");

    const logo = en.brand.logo!;
    expect(logo).toMatch(new RegExp(`^${srv.url}/api/widget/assets/[a-z0-9]{24}\\.png$`));
    const img = await fetch(logo);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("cache-control")).toContain("immutable");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${srv.url}/api/widget/assets/nothere00000000000000000.png`)).status).toBe(404);
  });

  test("a logo that is not an image (whatever its name says) is refused; removing the logo deletes it", async () => {
    const before = (await configJson()).brand.logo;
    const fake = new File(["<html><script>alert(1)</script></html>"], "logo.png", { type: "image/png" });
    const res = await brandingForm({ logo: fake });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("PNG、JPEG、GIF 或 WebP");
    expect((await configJson()).brand.logo).toBe(before);

    const removed = await brandingForm({ remove_logo: "1", rating: "" });
    expect(removed.status).toBe(303);
    const after = await configJson();
    expect(after.brand.logo).toBeNull();
    expect(after.features.rating).toBe(false);
    expect((await fetch(before!)).status).toBe(404);
  });
});
