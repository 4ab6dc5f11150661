// A reader sees their own language, whatever the visitor wrote in (issue 12, item 14): lists joined
// as the reader's language joins them, device words translated, system lines of a conversation
// rendered from their key for each reader.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

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
