// Admin → Robot over real HTTP: knowledge-base CRUD (forms and htmx), import with its report,
// export, unanswered questions turned into entries, the switch per site, and who may do it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { robotService } from "../../src/robot/service";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import kb from "./fixtures/shop-kb.json";

let srv: TestServer;
let admin: HttpClient;
let token: string;
const HTMX = { "hx-request": "true" };

beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  token = await admin.csrf("/admin/robot/kb");
});
afterAll(() => srv.stop());

const robot = () => robotService(srv.app.db);
const ask = (text: string) => robot().ask(srv.enterpriseId, text);

function upload(name: string, content: string, type: string) {
  const form = new FormData();
  form.append("_csrf", token);
  form.append("file", new File([content], name, { type }));
  return admin.request("/admin/robot/kb/import", { method: "POST", body: form });
}

test("the robot's pages are in the admin navigation and render in both languages", async () => {
  for (const path of ["/admin/robot", "/admin/robot/kb", "/admin/robot/kb/new", "/admin/robot/kb/import", "/admin/robot/unanswered", "/admin/robot/settings", "/admin/robot/synonyms"]) {
    const res = await admin.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/admin/robot/kb"');
    expect(html).not.toMatch(/robot\.[a-z_]+\.[a-z_.]+/); // no catalogue key shows through
  }
  expect(await (await admin.get("/admin/robot?lang=en")).text()).toContain("Resolved without a person");
  expect(await (await admin.get("/admin/robot?lang=zh-CN")).text()).toContain("无需人工即解决");
});

test("add, edit, switch off and delete an entry; the robot follows each change at once", async () => {
  const created = await admin.post("/admin/robot/kb", { _csrf: token, key: "gift-card", question: "礼品卡怎么用？", answer: "结算时输入卡号，详见 https://shop.example.com/gift", keywords: "礼品卡，购物卡", category: "支付", enabled: "1" });
  expect(created.status).toBe(303);
  expect(created.headers.get("location")).toBe("/admin/robot/kb?saved=gift-card");
  expect(ask("礼品卡能在哪用").match?.key).toBe("gift-card");

  const list = await (await admin.get("/admin/robot/kb?saved=gift-card")).text();
  expect(list).toContain('data-key="gift-card"');
  expect(list).toContain("购物卡");

  const edit = await (await admin.get("/admin/robot/kb/gift-card")).text();
  expect(edit).toContain("https://shop.example.com/gift");
  const edited = await admin.post("/admin/robot/kb/gift-card", { _csrf: token, question: "积分怎么兑换？", answer: "在会员中心兑换。", keywords: "积分", category: "会员", enabled: "1" });
  expect(edited.status).toBe(303);
  expect(ask("积分能兑换什么").match?.key).toBe("gift-card");
  expect(ask("礼品卡能在哪用").match).toBeNull();

  const off = await admin.post("/admin/robot/kb/gift-card/enabled", { _csrf: token, enabled: "0" }, HTMX);
  expect(off.status).toBe(200);
  const row = await off.text();
  expect(row).toStartWith("<tr");
  expect(row).toContain('class="robot-off"');
  expect(ask("积分能兑换什么").match).toBeNull();
  await admin.post("/admin/robot/kb/gift-card/enabled", { _csrf: token, enabled: "1" }, HTMX);
  expect(ask("积分能兑换什么").match?.key).toBe("gift-card");

  expect((await admin.post("/admin/robot/kb/gift-card/delete", { _csrf: token }, HTMX)).status).toBe(200);
  expect(robot().stored(srv.enterpriseId, "gift-card")).toBeUndefined();
  expect(ask("积分能兑换什么").match).toBeNull();
  expect((await admin.get("/admin/robot/kb/gift-card")).status).toBe(404);
});

test("the form edits an entry's language and similar questions; a similar question is matched like the question", async () => {
  const form = await (await admin.get("/admin/robot/kb/new")).text();
  expect(form).toContain('data-testid="kb-similar"');
  expect(form).toContain('data-testid="kb-language"');
  const created = await admin.post("/admin/robot/kb", { _csrf: token, key: "repair", question: "衣服坏了能修吗？", answer: "可以寄回免费修补。", keywords: "修补，维修", similar: "拉链坏了怎么办\n扣子掉了", language: "", enabled: "1" });
  expect(created.status).toBe(303);
  expect(robot().stored(srv.enterpriseId, "repair")).toMatchObject({ language: null, similar: ["拉链坏了怎么办", "扣子掉了"] });
  expect(ask("我的扣子掉了").match?.key).toBe("repair");
  expect(await (await admin.get("/admin/robot/kb?lang=en")).text()).toContain("2 similar question(s)");
  const edit = await (await admin.get("/admin/robot/kb/repair?lang=en")).text();
  expect(edit).toContain("Detected from the text (Chinese)");
  expect(edit).toContain("扣子掉了");
  await admin.post("/admin/robot/kb/repair", { _csrf: token, question: "衣服坏了能修吗？", answer: "可以寄回免费修补。", keywords: "修补", similar: "", language: "en", enabled: "1" });
  expect(robot().stored(srv.enterpriseId, "repair")).toMatchObject({ language: "en", similar: [] });
  expect(ask("我的扣子掉了").match).toBeNull();
  const bad = await admin.post("/admin/robot/kb/repair", { _csrf: token, question: "衣服坏了能修吗？", answer: "a", keywords: "修补", language: "fr", enabled: "1" });
  expect(bad.status).toBe(422);
  await admin.post("/admin/robot/kb/repair/delete", { _csrf: token }, HTMX);
});

test("settings: the admin's own small-talk replies per language; empty keeps the built-in one; too long is refused", async () => {
  const page = await (await admin.get("/admin/robot/settings?lang=en")).text();
  expect(page).toContain('placeholder="不客气！还有其他问题随时问我。"');
  const saved = await admin.post("/admin/robot/settings/small-talk", { _csrf: token, "zh.thanks": "  不用谢～  ", "en.greeting": "Hi there!", "zh.greeting": "" });
  expect(saved.status).toBe(303);
  const reply = robot().reply(srv.enterpriseId, { conversationId: "cnv_st", text: "谢谢" });
  expect(reply).toMatchObject({ answer: null, suggestions: [], smallTalk: { kind: "thanks", language: "zh", text: "不用谢～" } });
  expect(robot().reply(srv.enterpriseId, { conversationId: "cnv_st", text: "你好" })).toMatchObject({ smallTalk: { kind: "greeting", language: "zh" } });
  expect((robot().reply(srv.enterpriseId, { conversationId: "cnv_st", text: "hello" }) as { smallTalk: { text: string } }).smallTalk.text).toBe("Hi there!");
  expect(await (await admin.get("/admin/robot/settings")).text()).toContain('value="不用谢～"');
  const long = await admin.post("/admin/robot/settings/small-talk", { _csrf: token, "en.ack": "x".repeat(201) });
  expect(long.status).toBe(422);
  await admin.post("/admin/robot/settings/small-talk", { _csrf: token });
});

test("a bad entry comes back with what was typed and the reason (422)", async () => {
  const res = await admin.post("/admin/robot/kb", { _csrf: token, question: "没有关键词的问题", answer: "答案 <b>粗体</b>", keywords: " , ", category: "" });
  expect(res.status).toBe(422);
  const html = await res.text();
  expect(html).toContain("请至少填写一个关键词");
  expect(html).toContain('value="没有关键词的问题"');
  expect(html).toContain("答案 &lt;b>粗体&lt;/b>");
  expect((await admin.post("/admin/robot/kb", { question: "q", answer: "a", keywords: "k" })).status).toBe(403); // no CSRF token
});

test("the answer preview shows links safely", async () => {
  const res = await admin.post("/admin/robot/preview", { _csrf: token, answer: '看 https://x.example/a 和 javascript:alert(1) <script>' }, HTMX);
  const html = await res.text();
  expect(html).toContain('<a href="https://x.example/a" target="_blank" rel="noopener noreferrer">');
  expect(html).toContain("javascript:alert(1) &lt;script>");
});

test("import: a file with problems is refused whole with its report; a good one is imported", async () => {
  const bad = await upload("kb.csv", "question,answer,keywords\n好问题,好答案,好\n,没有问题,词\n坏的问题,答案,\n", "text/csv");
  expect(bad.status).toBe(422);
  const report = await bad.text();
  expect(report).toContain('data-testid="import-report"');
  expect(report.match(/data-testid="import-rejected"/g)?.length).toBe(2);
  expect(report).toMatch(/<td class="robot-number">3<\/td><td>问题不能为空。/);
  expect(report).toMatch(/<td class="robot-number">4<\/td><td>请至少填写一个关键词。/);
  expect(robot().list(srv.enterpriseId).length).toBe(0);

  const good = await upload("shop.json", JSON.stringify(kb), "application/json");
  expect(good.status).toBe(200);
  expect(await good.text()).toContain(`新增 ${kb.length} 条，更新 0 条`);
  expect(ask("发票怎么开").match?.key).toBe("invoice-issue");

  const none = await admin.request("/admin/robot/kb/import", { method: "POST", body: (() => { const f = new FormData(); f.append("_csrf", token); return f; })() });
  expect(none.status).toBe(422);
});

test("a CSV saved by Excel in China (GBK) is imported as Chinese; a file in no encoding we read is refused, nothing stored", async () => {
  // question,answer,keywords / 运费怎么算,满 99 元包邮,运费 — in GBK, as Excel saves "CSV" there.
  const gbk = new Uint8Array([
    113, 117, 101, 115, 116, 105, 111, 110, 44, 97, 110, 115, 119, 101, 114, 44, 107, 101, 121, 119, 111, 114, 100, 115, 13, 10, 212, 203, 183, 209, 212, 245, 195, 180, 203, 227, 44, 194, 250, 32, 57, 57, 32,
    212, 170, 176, 252, 211, 202, 44, 212, 203, 183, 209, 13, 10,
  ]);
  const send = (bytes: Uint8Array<ArrayBuffer>) => {
    const form = new FormData();
    form.append("_csrf", token);
    form.append("file", new File([bytes], "kb.csv", { type: "text/csv" }));
    return admin.request("/admin/robot/kb/import", { method: "POST", body: form });
  };
  const before = robot().list(srv.enterpriseId).length;
  // Not UTF-8 and not GB18030 either (a lone lead byte at the end): refused with a message.
  const unreadable = await send(new Uint8Array([...new TextEncoder().encode("question,answer,keywords\r\n"), 0x81]));
  expect(unreadable.status).toBe(422);
  expect(robot().list(srv.enterpriseId).length).toBe(before);
  const res = await send(gbk);
  expect(res.status).toBe(200);
  const added = robot().list(srv.enterpriseId).find((e) => e.question === "运费怎么算");
  expect(added).toMatchObject({ answer: "满 99 元包邮", keywords: ["运费"] });
});

test("export downloads JSON and CSV that import back as the same knowledge base", async () => {
  const json = await admin.get("/admin/robot/kb/export?format=json");
  expect(json.headers.get("content-type")).toContain("application/json");
  expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename="knowledge-base-\d{4}-\d{2}-\d{2}\.json"/);
  const entries = await json.json();
  expect(entries.length).toBe(kb.length);
  expect(entries[0]).toEqual({ ...kb[0], enabled: true, language: "zh", similar: [] });
  const csv = await admin.get("/admin/robot/kb/export?format=csv");
  expect(csv.headers.get("content-type")).toContain("text/csv");
  const again = await upload("export.csv", await csv.text(), "text/csv");
  expect(await again.text()).toContain(`新增 0 条，更新 ${kb.length} 条`);
});

test("search and category filter the list (htmx swaps only the results)", async () => {
  const part = await (await admin.get(`/admin/robot/kb?q=${encodeURIComponent("发票")}&category=${encodeURIComponent("发票")}`, HTMX)).text();
  expect(part).toStartWith('<div id="kb-results">');
  const keys = [...part.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]);
  expect(keys.sort()).toEqual(["invoice-change", "invoice-issue", "invoice-vat"]);
  const page = await (await admin.get("/admin/robot/kb?category=" + encodeURIComponent("会员"))).text();
  expect([...page.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1])).toEqual(["member-benefits", "points"]);
});

test("unanswered questions, most frequent first; one click opens the form filled in; saving removes it", async () => {
  for (const text of ["你们支持开收据吗？", "支持开收据吗", "能寄到火星吗"]) robot().reply(srv.enterpriseId, { conversationId: "cnv_x", text });
  const page = await (await admin.get("/admin/robot/unanswered")).text();
  const items = [...page.matchAll(/data-testid="unanswered-item" data-id="([^"]+)"><td>([^<]+)<\/td><td class="robot-number" data-testid="unanswered-count">(\d+)/g)].map((m) => [m[2], m[3]]);
  expect(items[0]).toEqual(["支持开收据吗", "2"]);
  const id = /data-testid="unanswered-item" data-id="([^"]+)"/.exec(page)![1]!;
  const form = await (await admin.get(`/admin/robot/kb/new?from=${id}`)).text();
  expect(form).toContain('value="支持开收据吗"');
  expect(form).toContain(`name="from" value="${id}"`);
  const saved = await admin.post("/admin/robot/kb", { _csrf: token, from: id, question: "支持开收据吗？", answer: "可以，下单时备注。", keywords: "收据", category: "发票", enabled: "1" });
  expect(saved.status).toBe(303);
  expect(ask("能开收据吗").match?.question).toBe("支持开收据吗？");
  const after = await (await admin.get("/admin/robot/unanswered")).text();
  expect(after).not.toContain("支持开收据吗");
  expect(after).toContain("能寄到火星吗");
  const other = /data-testid="unanswered-item" data-id="([^"]+)"/.exec(after)![1]!;
  expect((await admin.post(`/admin/robot/unanswered/${other}/dismiss`, { _csrf: token }, HTMX)).status).toBe(200);
  expect(await (await admin.get("/admin/robot/unanswered")).text()).toContain('data-testid="unanswered-empty"');
});

test("an unanswered question added as a similar question of an entry: offered the closest entries, answered from then on, gone from the list", async () => {
  for (const text of ["可以用京东白条吗", "快递太慢了能催一下吗"]) robot().reply(srv.enterpriseId, { conversationId: "cnv_sim", text });
  const list = await (await admin.get("/admin/robot/unanswered")).text();
  const row = (text: string) => new RegExp(`data-testid="unanswered-item" data-id="([^"]+)"><td>${text}</td>`).exec(list)![1]!;
  const plain = row("可以用京东白条吗");
  // The picker lists every entry, the closest first.
  const picker = await (await admin.get(`/admin/robot/unanswered/${plain}/similar`)).text();
  expect(picker).toContain("可以用京东白条吗");
  expect([...picker.matchAll(/<option value="([^"]+)"/g)].length).toBe(robot().list(srv.enterpriseId).length);
  expect(ask("可以用京东白条吗").match).toBeNull();
  const added = await admin.post(`/admin/robot/unanswered/${plain}/similar`, { _csrf: token, key: "pay-methods" });
  expect(added.status).toBe(303);
  expect(added.headers.get("location")).toBe("/admin/robot/unanswered?added=pay-methods");
  expect(robot().stored(srv.enterpriseId, "pay-methods")!.similar).toEqual(["可以用京东白条吗"]);
  expect(ask("可以用京东白条吗").match?.key).toBe("pay-methods");
  const after = await (await admin.get("/admin/robot/unanswered?added=pay-methods")).text();
  expect(after).not.toContain("<td>可以用京东白条吗</td>");
  expect(after).toContain('data-testid="flash-notice"');
  // A row the robot has candidates for offers them inline.
  expect(after).toMatch(/data-testid="unanswered-similar-entry"><option value="[^"]+"/);
  expect((await admin.post(`/admin/robot/unanswered/${row("快递太慢了能催一下吗")}/similar`, { _csrf: token, key: "no-such-entry" })).status).toBe(404);
  expect((await admin.post(`/admin/robot/unanswered/unq_nope/similar`, { _csrf: token, key: "pay-methods" })).status).toBe(404);
  await admin.post(`/admin/robot/unanswered/${row("快递太慢了能催一下吗")}/dismiss`, { _csrf: token }, HTMX);
  robot().save(srv.enterpriseId, "pay-methods", { ...robot().stored(srv.enterpriseId, "pay-methods")!, similar: [] });
});

test("synonyms page: the enterprise's own words are added, refused with a reason, listed and deleted; the robot follows at once", async () => {
  const page = await (await admin.get("/admin/robot/synonyms")).text();
  expect(page).toContain('data-testid="synonyms-empty"');
  expect(page).toContain("两步验证"); // the built-in list, for reference
  expect(ask("能用京东白条吗").match).toBeNull();
  const saved = await admin.post("/admin/robot/synonyms", { _csrf: token, word: "分期", equivalents: "白条, 京东白条" });
  expect(saved.status).toBe(303);
  expect(ask("能用京东白条吗").match?.key).toBe("pay-installment");
  const listed = await (await admin.get("/admin/robot/synonyms")).text();
  expect(listed).toContain("白条, 京东白条");
  const bad = await admin.post("/admin/robot/synonyms", { _csrf: token, word: "分期", equivalents: "" });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain('data-testid="flash-error"');
  const id = /data-testid="synonym" data-id="([^"]+)"/.exec(listed)![1]!;
  expect((await admin.post(`/admin/robot/synonyms/${id}/delete`, { _csrf: token })).status).toBe(303);
  expect(ask("能用京东白条吗").match).toBeNull();
  expect((await admin.post(`/admin/robot/synonyms/${id}/delete`, { _csrf: token })).status).toBe(404);
});

test("the switch per site, the resolved figure, and the paid add-on in platform mode", async () => {
  const overview = await (await admin.get("/admin/robot")).text();
  const site = /data-testid="robot-site" data-site="([^"]+)"/.exec(overview)![1]!;
  const on = await admin.post(`/admin/robot/sites/${site}`, { _csrf: token, enabled: "1" }, HTMX);
  expect(on.status).toBe(200);
  expect(await on.text()).toContain('<span class="seat-state active" data-testid="robot-site-state">');
  expect(srv.db.$client.query("select robot_enabled as on_ from sites where id = ?").get(site)).toEqual({ on_: 1 });
  robot().reply(srv.enterpriseId, { conversationId: "cnv_fig", text: "运费怎么算" });
  const figure = await (await admin.get("/admin/robot")).text();
  expect(figure).toMatch(/data-testid="robot-resolved-share">\d+ %/);

  srv.app.config.mode = "platform";
  try {
    const page = await (await admin.get("/admin/robot")).text();
    expect(page).toContain('data-testid="robot-not-allowed"');
    expect((await admin.post(`/admin/robot/sites/${site}`, { _csrf: token, enabled: "1" }, HTMX)).status).toBe(403);
  } finally {
    srv.app.config.mode = "company";
  }
});

test("agents without the robot module are refused; other enterprises' entries are out of reach", async () => {
  const agent = new HttpClient(srv.url);
  await agent.login(srv.agent.email, srv.agent.password);
  expect((await agent.get("/admin/robot/kb")).status).toBe(403);
  const agentToken = await agent.csrf("/account");
  expect((await agent.post("/admin/robot/kb", { _csrf: agentToken, question: "q", answer: "a", keywords: "k" })).status).toBe(403);
  expect((await admin.get("/admin/robot/kb/" + encodeURIComponent("no-such-key"))).status).toBe(404);
});
