// A reader sees their own language, whatever the visitor wrote in (issue 12, item 14): lists joined
// as the reader's language joins them, device words translated, system lines of a conversation
// rendered from their key for each reader.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { visitorKey } from "../../src/chat/visitors";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

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

describe("system lines", () => {
  test("stored as a key: the Chinese visitor reads theirs in Chinese, the English agent in English, History in the reader's", async () => {
    srv.db.$client.run("update users set name = '王经理' where email = ?", [srv.admin.email]);
    const adaId = (srv.db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id;
    const ann = new HttpClient(srv.url);
    await ann.login(srv.agent.email, srv.agent.password);
    const annSocket = await agentSocket(srv.wsUrl, ann.session!);
    const wang = await agentSocket(srv.wsUrl, ada.session!);
    // A visitor whose widget speaks Chinese.
    const { socket: v } = await visitorSocket(srv.wsUrl, srv.siteKey, { lang: "zh-CN", page: { url: "https://shop.example/", title: "Shop", referrer: "" } });
    v.send({ type: "message", clientId: "m1", text: "你好" });
    const { conversationId } = await v.next("ack");
    srv.db.$client.run("update conversations set agent_id = ? where id = ?", [srv.agent.id, conversationId]);
    annSocket.socket.send({ type: "transfer", conversationId, toAgentId: adaId });

    const visitorLine = await v.next("message", (m) => m.from === "system");
    expect(visitorLine.text).toBe("王经理 将继续为您服务。");
    expect(visitorLine.system).toEqual({ key: "system_transferred", params: { name: "王经理" } });
    const agentLine = await wang.socket.next("message", (m) => m.from === "system");
    expect(agentLine.system).toEqual({ key: "system_transferred", params: { name: "王经理" } });

    // Replayed and loaded over HTTP with its key, for the workspace to render in the agent's language.
    const loaded = (await (await ada.get(`/api/conversations/${conversationId}/messages`)).json()) as { messages: { from: string; system?: unknown }[] };
    expect(loaded.messages.find((m) => m.from === "system")?.system).toEqual({ key: "system_transferred", params: { name: "王经理" } });
    const again = await agentSocket(srv.wsUrl, ada.session!, { [conversationId]: 0 }, null);
    expect((await again.socket.next("message", (m) => m.from === "system")).system).toMatchObject({ key: "system_transferred" });
    again.socket.close();

    // History and the visitor's page: in the reader's language.
    const en = await (await ada.get(`/history/${conversationId}`, { "accept-language": "en" })).text();
    expect(en).toContain("王经理 will continue to help you.");
    expect(en).not.toContain("将继续为您服务");
    const zh = await (await ada.get(`/history/${conversationId}`, { "accept-language": "zh-CN" })).text();
    expect(zh).toContain("王经理 将继续为您服务。");
    const visitorId = (srv.db.$client.query("select visitor_id from conversations where id = ?").get(conversationId) as { visitor_id: string }).visitor_id;
    const page = await (await ada.get(`/visitors/${visitorId}`, { "accept-language": "en" })).text();
    expect(page).toContain("王经理 will continue to help you.");
    v.close();
    annSocket.socket.close();
    wang.socket.close();
  });
});
