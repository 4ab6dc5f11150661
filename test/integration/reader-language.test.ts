// A reader sees their own language, whatever the visitor wrote in (issue 12, item 14): lists joined
// as the reader's language joins them, device words translated, system lines of a conversation
// rendered from their key for each reader.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { visitorKey } from "../../src/chat/visitors";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { randomVisitorId } from "../helpers/sockets";

let srv: TestServer;
let ada: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  ada = new HttpClient(srv.url);
  await ada.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

describe("lists", () => {
  test("the English roles page joins a role's modules with commas, the Chinese one with 、", async () => {
    const en = await (await ada.get("/admin/roles", { "accept-language": "en" })).text();
    const enModules = [...en.matchAll(/Permissions: <\/span>([^<]+)</g)].map((m) => m[1]!);
    expect(enModules.length).toBeGreaterThan(0);
    expect(enModules.some((m) => m.includes(", "))).toBe(true);
    expect(enModules.some((m) => m.includes("、"))).toBe(false);
    const zh = await (await ada.get("/admin/roles", { "accept-language": "zh-CN" })).text();
    const zhModules = [...zh.matchAll(/权限: <\/span>([^<]+)</g)].map((m) => m[1]!);
    expect(zhModules.some((m) => m.includes("、"))).toBe(true);
  });
});

describe("devices", () => {
  test("the kind of device is a word in the reader's language (桌面 / 手机); brand names stay", async () => {
    const linux = randomVisitorId();
    const phone = randomVisitorId();
    const beacon = (vid: string, ua: string) =>
      fetch(`${srv.url}/api/widget/beacon`, { method: "POST", headers: { "user-agent": ua, "content-type": "application/json" }, body: JSON.stringify({ site: srv.siteKey, vid, state: "load", url: "https://shop.example/", lang: "en" }) });
    expect((await beacon(linux, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")).status).toBe(200);
    expect((await beacon(phone, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0")).status).toBe(200);
    const detail = async (vid: string, lang: string) => (await ada.get(`/visitors/${visitorKey(srv.enterpriseId, vid)}`, { "accept-language": lang })).text();
    expect(await detail(linux, "zh-CN")).toContain("桌面 · Linux · Chrome");
    expect(await detail(linux, "en")).toContain("Desktop · Linux · Chrome");
    expect(await detail(phone, "zh-CN")).toContain("手机 · iOS · 微信");
    const list = await (await ada.get("/visitors", { "accept-language": "zh-CN" })).text();
    expect(list).toContain("桌面 · Linux · Chrome");
    expect(list).not.toContain("desktop · Linux");
  });
});
