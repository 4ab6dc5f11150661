// Quick replies over real HTTP: an agent's own and the team's (admins only), what the picker loads,
// the variables filled on insert, the picker's Chinese-aware filter over 1,000 replies, import and
// export in JSON and CSV (all or nothing).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { addUser } from "../../src/accounts/users";
import { fillVariables } from "../../common/quick-reply-variables";
import { filterReplies, prepareReplies } from "../../src/workspace/app/quick-replies/filter";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;
let ann: HttpClient;
let bob: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" });
  admin = new HttpClient(srv.url);
  ann = new HttpClient(srv.url);
  bob = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  await ann.login(srv.agent.email, srv.agent.password);
  await bob.login("bob@example.com", PASSWORD);
});
afterAll(() => srv.stop());

const post = async (c: HttpClient, path: string, form: Record<string, string> = {}) => c.post(path, { _csrf: await c.csrf("/quick-replies"), ...form });
const picker = async (c: HttpClient) => (await (await c.get("/api/quick-replies")).json()).replies as { id: string; title: string; body: string; team: boolean; shortcut: string }[];

describe("quick replies", () => {
  test("personal replies are the agent's own; team replies are the admins' to manage and everyone's to use", async () => {
    expect((await post(ann, "/quick-replies", { groupName: "售后", title: "退货政策", shortcut: "th", body: "{visitor_name}您好，七天无理由退货。——{agent_name}，{site_name}" })).status).toBe(303);
    expect((await post(admin, "/admin/quick-replies", { groupName: "通用", title: "Greeting", shortcut: "hi", body: "Hello {visitor_name}, this is {agent_name}." })).status).toBe(303);
    expect((await post(ann, "/admin/quick-replies", { title: "x", body: "y" })).status).toBe(403);
    expect((await post(ann, "/quick-replies", { title: "", body: "y" })).status).toBe(422);
    expect((await post(ann, "/quick-replies", { title: "t", body: "y", shortcut: "has space" })).status).toBe(422);

    const annList = await picker(ann);
    expect(annList.map((r) => [r.title, r.team]).sort()).toEqual([["Greeting", true], ["退货政策", false]]);
    const bobList = await picker(bob);
    expect(bobList.map((r) => r.title)).toEqual(["Greeting"]);

    // Bob cannot change or delete Ann's reply: not found.
    const annReply = annList.find((r) => r.title === "退货政策")!;
    expect((await post(bob, `/quick-replies/${annReply.id}`, { title: "改", body: "改" })).status).toBe(404);
    expect((await post(bob, `/quick-replies/${annReply.id}/delete`)).status).toBe(404);
    expect((await post(ann, `/quick-replies/${annReply.id}`, { groupName: "售后", title: "退货政策", shortcut: "th", body: "{visitor_name}您好，七天无理由退货。" })).status).toBe(303);
  });

  test("variables are filled on insert; unknown ones stay as written", () => {
    const vars = { visitor_name: "李雷", agent_name: "Ann", site_name: "Acme 商城" };
    expect(fillVariables("{visitor_name}您好，我是{agent_name}，欢迎光临{site_name}。{order_id}", vars)).toBe("李雷您好，我是Ann，欢迎光临Acme 商城。{order_id}");
    expect(fillVariables("Hi {visitor_name}{visitor_name}", { ...vars, visitor_name: "$&" })).toBe("Hi $&$&");
  });

  test("the picker filters 1,000 replies by shortcut and Chinese words without spaces, fast", () => {
    const raw = Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, groupName: i % 2 ? "售后" : "售前", title: `回复 ${i}`, shortcut: `s${i}`, body: `第${i}条：普通的内容`, team: false }));
    raw.push({ id: "refund", groupName: "售后", title: "退货政策", shortcut: "th", body: "七天无理由退货，运费由买家承担", team: true });
    const list = prepareReplies(raw);
    expect(filterReplies(list, "th")[0]!.id).toBe("refund");
    expect(filterReplies(list, "运费").map((r) => r.id)).toEqual(["refund"]);
    expect(filterReplies(list, "无理由").map((r) => r.id)).toEqual(["refund"]);
    expect(filterReplies(list, "s99").map((r) => r.id).slice(0, 2)).toEqual(["r99", "r990"]);
    const started = performance.now();
    for (const q of ["退", "退货", "运费承担", "s5", "普通", "zzz"]) filterReplies(list, q);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test("import and export, JSON and CSV; an invalid import stores nothing", async () => {
    const upload = async (name: string, text: string) => {
      const body = new FormData();
      body.append("_csrf", await admin.csrf("/admin/quick-replies"));
      body.append("file", new File([text], name));
      return admin.request("/admin/quick-replies/import", { method: "POST", body });
    };
    const count = () => (srv.db.$client.query("select count(*) as n from quick_replies where owner_id is null").get() as { n: number }).n;
    const before = count();
    expect((await upload("r.json", JSON.stringify([{ title: "好", body: "ok" }, { title: "", body: "bad" }]))).status).toBe(422);
    expect(count()).toBe(before);
    expect((await upload("r.json", "[not json")).status).toBe(422);
    expect((await upload("r.json", JSON.stringify([{ groupName: "物流", title: "发货时间", shortcut: "fh", body: "48 小时内发货" }, { groupName: "通用", title: "Greeting", shortcut: "hi", body: "Hello again" }]))).status).toBe(200);
    expect(count()).toBe(before + 1); // Greeting (same group and title) was replaced
    expect((await upload("r.csv", "groupName,title,shortcut,body\n物流,到货,dh,\"3-5 天, 偏远地区 7 天\"\n")).status).toBe(200);
    const json = await (await admin.get("/admin/quick-replies/export.json")).json();
    expect(json).toContainEqual({ groupName: "物流", title: "到货", shortcut: "dh", body: "3-5 天, 偏远地区 7 天" });
    expect(json).toContainEqual({ groupName: "通用", title: "Greeting", shortcut: "hi", body: "Hello again" });
    const csv = await (await admin.get("/admin/quick-replies/export.csv")).text();
    expect(csv).toContain("groupName,title,shortcut,body");
    expect(csv).toContain("发货时间");
  });

  test("a CSV export imports back unchanged: the formula guard on '-', '=' and '@' texts comes off", async () => {
    const body = new FormData();
    body.append("_csrf", await admin.csrf("/admin/quick-replies"));
    body.append("file", new File([JSON.stringify([{ groupName: "步骤", title: "=退货流程", shortcut: "th2", body: "- 第一步：联系客服\n- 第二步：寄回" }, { groupName: "步骤", title: "联系", shortcut: "lx", body: "@客服 为您服务" }])], "r.json"));
    expect((await admin.request("/admin/quick-replies/import", { method: "POST", body })).status).toBe(200);
    const csv = await (await admin.get("/admin/quick-replies/export.csv")).text();
    expect(csv).toContain("'=退货流程");
    const again = new FormData();
    again.append("_csrf", await admin.csrf("/admin/quick-replies"));
    again.append("file", new File([csv], "r.csv"));
    expect((await admin.request("/admin/quick-replies/import", { method: "POST", body: again })).status).toBe(200);
    const rows = srv.db.$client.query("select title, body from quick_replies where owner_id is null and group_name = '步骤' order by title").all();
    expect(rows).toEqual([
      { title: "=退货流程", body: "- 第一步：联系客服\n- 第二步：寄回" },
      { title: "联系", body: "@客服 为您服务" },
    ]);
  });

  test("a GBK CSV from Excel imports as Chinese; a file in no known encoding is refused, nothing stored", async () => {
    const upload = async (bytes: Uint8Array<ArrayBuffer>) => {
      const body = new FormData();
      body.append("_csrf", await admin.csrf("/admin/quick-replies"));
      body.append("file", new File([bytes], "r.csv"));
      return admin.request("/admin/quick-replies/import", { method: "POST", body });
    };
    const ascii = (s: string) => [...new TextEncoder().encode(s)];
    const rows = () => srv.db.$client.query("select title, body from quick_replies where owner_id is null").all() as { title: string; body: string }[];
    // title,body / 你好,欢迎 in GBK, as Excel in China saves "CSV"
    const gbk = new Uint8Array([...ascii("title,body\r\n"), 0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0xbb, 0xb6, 0xd3, 0xad, 0x0d, 0x0a]);
    expect((await upload(gbk)).status).toBe(200);
    expect(rows()).toContainEqual({ title: "你好", body: "欢迎" });

    const before = rows().length;
    const latin1 = new Uint8Array([...ascii("title,body\nCaf"), 0xe9, ...ascii(",Bonjour\n")]);
    const refused = await upload(latin1);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("无法识别文件的文字编码");
    expect(rows().length).toBe(before);
    expect(rows().some((r) => r.title.includes("\uFFFD"))).toBe(false);
  });
});
