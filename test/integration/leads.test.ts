// Leave a message (F7) over real HTTP and sockets: the widget's form endpoint and its checks, the
// public pool and Records with filters, claims that race, notes, done, CSV export, the agents' alert.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { addUser } from "../../src/accounts/users";
import { visitorKey } from "../../src/chat/visitors";
import { createLead, getLead, type NewLead } from "../../src/leads/leads";
import { leadLimits } from "../../src/leads/submit";
import { createSite } from "../../src/sites/sites";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId } from "../helpers/sockets";

let srv: TestServer;
let ann: HttpClient; // agent, own data scope
let bob: HttpClient; // agent, own data scope
let ada: HttpClient; // admin, whole enterprise
let bobId = "";
let siteId = "";
let otherSiteId = "";

beforeAll(async () => {
  srv = await startServer();
  bobId = (await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" })).id;
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  otherSiteId = createSite(srv.db, srv.enterpriseId, "Second shop").id;
  ann = new HttpClient(srv.url);
  bob = new HttpClient(srv.url);
  ada = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  await bob.login("bob@example.com", PASSWORD);
  await ada.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

const submit = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: "https://shop.example", ...headers } });

const lead = (over: Partial<NewLead> & { name?: string; message?: string } = {}, at?: number) =>
  createLead(
    srv.db,
    srv.enterpriseId,
    {
      siteId: over.siteId ?? siteId,
      visitorId: over.visitorId ?? null,
      fields: over.fields ?? [
        { key: "name", label: "姓名", value: over.name ?? "张三" },
        { key: "phone", label: "手机", value: "13800138000" },
        { key: "message", label: "留言内容", value: over.message ?? "请回电" },
      ],
      pageUrl: over.pageUrl ?? "https://shop.example/p/1",
      lang: "zh-CN",
    },
    at,
  );

const count = (html: string) => (html.match(/data-testid="lead-item"/g) ?? []).length;
const post = async (c: HttpClient, path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  c.post(path, { _csrf: await c.csrf("/leads/records"), ...form }, headers);

describe("the widget's configuration", () => {
  test("offers the message form with the default fields while nobody is online, and not once someone is", async () => {
    const cfg = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=zh-CN`)).json();
    expect(cfg.offerLeaveMessage).toBe(true);
    expect(cfg.leaveMessage.fields.map((f: any) => [f.key, f.label, f.type, f.required])).toEqual([
      ["name", "姓名", "text", false],
      ["phone", "手机", "tel", true],
      ["email", "邮箱", "email", false],
      ["message", "留言内容", "textarea", true],
    ]);
    expect(cfg.leaveMessage.intro).toContain("留言");
    const { socket } = await agentSocket(srv.wsUrl, ann.session!);
    const online = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    expect(online.offerLeaveMessage).toBe(false);
    expect(online.leaveMessage.fields[0].label).toBe("Name");
    socket.close();
  });
});

describe("sending the form", () => {
  test("malformed requests get clear 4xx JSON errors", async () => {
    const badJson = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe("bad_request");

    const noSite = await submit({ phone: "13800138000", message: "hi" });
    expect(noSite.status).toBe(400);
    expect((await noSite.json()).error.code).toBe("bad_request");

    const unknown = await submit({ site: "no-such-site", phone: "13800138000", message: "hi" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("access-control-allow-origin")).toBe("*");
    expect((await unknown.json()).error).toMatchObject({ code: "not_found" });

    const badVid = await submit({ site: srv.siteKey, vid: "short", phone: "13800138000", message: "hi" });
    expect(badVid.status).toBe(400);
    expect((await badVid.json()).error.code).toBe("bad_visitor");

    const notText = await fetch(`${srv.url}/api/widget/leads`, {
      method: "POST",
      body: JSON.stringify({ site: srv.siteKey, phone: 13800138000, message: "hi" }),
      headers: { "content-type": "application/json" },
    });
    expect(notText.status).toBe(400);
  });

  test("each field is checked: required, email and phone formats, length; the message names the field", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ message: "hi" }, "phone", "required"],
      [{ phone: "13800138000" }, "message", "required"],
      [{ phone: "13800138000", message: "hi", email: "not-an-email" }, "email", "email"],
      [{ phone: "call me", message: "hi" }, "phone", "phone"],
      [{ phone: "123", message: "hi" }, "phone", "phone"],
      [{ phone: "13800138000", message: "x".repeat(2001) }, "message", "too_long"],
      [{ phone: "13800138000", message: "hi", name: "n".repeat(101) }, "name", "too_long"],
    ];
    for (const [fields, key, problem] of cases) {
      const res = await submit({ site: srv.siteKey, lang: "zh-CN", ...fields });
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_field");
      expect(body.error.fields[0]).toMatchObject({ key, problem });
      expect(body.error.message).toContain({ phone: "手机", message: "留言内容", email: "邮箱", name: "姓名" }[key]!);
    }
    const en = await (await submit({ site: srv.siteKey, lang: "en", message: "hi" })).json();
    expect(en.error.message).toBe("Phone is required.");
  });

  test("a valid form is stored (form-encoded or JSON) with the hashed visitor id, and the answer allows any origin", async () => {
    const vid = randomVisitorId();
    const res = await submit({ site: srv.siteKey, vid, name: "李四", phone: "+86 138-0013-8000", email: "li@example.cn", message: "想了解价格", page: "https://shop.example/pricing", lang: "zh-CN" });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const { id } = await res.json();
    const stored = getLead(srv.db, srv.enterpriseId, id)!;
    expect(stored).toMatchObject({ name: "李四", phone: "+86 138-0013-8000", email: "li@example.cn", message: "想了解价格", status: "new", claimedBy: null, siteId, visitorId: visitorKey(srv.enterpriseId, vid), pageUrl: "https://shop.example/pricing" });
    const json = await fetch(`${srv.url}/api/widget/leads`, {
      method: "POST",
      body: JSON.stringify({ site: srv.siteKey, phone: "13900139000", message: "JSON works too" }),
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(201);
  });

  test("submissions are rate-limited per visitor, with Retry-After", async () => {
    const limits = leadLimits(srv.app);
    limits.accepted.max = 2;
    try {
      const vid = randomVisitorId();
      for (let i = 0; i < 2; i++) expect((await submit({ site: srv.siteKey, vid, phone: "13800138000", message: `m${i}` })).status).toBe(201);
      const limited = await submit({ site: srv.siteKey, vid, phone: "13800138000", message: "again" });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await limited.json()).error.code).toBe("rate_limited");
      // Another visitor is not held up.
      expect((await submit({ site: srv.siteKey, vid: randomVisitorId(), phone: "13800138000", message: "other" })).status).toBe(201);
    } finally {
      limits.accepted.max = 5;
      limits.accepted.reset();
      limits.attempts.reset();
    }
  });

  test("connected agents get a `lead` frame with the summary", async () => {
    const { socket } = await agentSocket(srv.wsUrl, bob.session!, undefined, "away");
    const res = await submit({ site: srv.siteKey, name: "<b>王五</b>", phone: "13700137000", message: "有货吗？" });
    const { id } = await res.json();
    const frame = await socket.next("lead");
    expect(frame.lead).toMatchObject({ id, siteId, name: "<b>王五</b>", message: "有货吗？", visitorId: null });
    expect(frame.lead.siteName).toBeTruthy();
    socket.close();
  });
});

describe("the pool and Records", () => {
  test("the pool lists unclaimed leads, Records all the agent may see; filters by site, date, status and text", async () => {
    const day = 86_400_000;
    const base = new Date(2031, 0, 15, 12).getTime(); // far from the other tests' leads
    const tag = `flt${Date.now()}`;
    const a = lead({ name: `${tag} 甲`, message: "蓝色" }, base);
    const b = lead({ name: `${tag} 乙`, message: "红色", siteId: otherSiteId }, base + day);
    const c = lead({ name: `${tag} 丙`, message: "蓝色 100%" }, base + 2 * day);
    expect((await post(ann, `/leads/${c.id}/claim`)).status).toBe(303);

    const pool = await (await ann.get(`/leads/pool?q=${tag}`)).text();
    expect(count(pool)).toBe(2);
    expect(pool).toContain(a.id);
    expect(pool).not.toContain(c.id);
    const records = await (await ann.get(`/leads/records?q=${tag}`)).text();
    expect(count(records)).toBe(3);

    expect(count(await (await ann.get(`/leads/records?q=${tag}&site=${otherSiteId}`)).text())).toBe(1);
    expect(count(await (await ann.get(`/leads/records?q=${tag}&status=claimed`)).text())).toBe(1);
    expect(count(await (await ann.get(`/leads/records?q=${tag}&status=new`)).text())).toBe(2);
    expect(count(await (await ann.get(`/leads/records?q=${encodeURIComponent(`${tag} 蓝色`)}`)).text())).toBe(2);
    // % is a character to find, not a wildcard.
    expect(count(await (await ann.get(`/leads/records?q=${encodeURIComponent(`${tag} %`)}`)).text())).toBe(1);
    expect(count(await (await ann.get(`/leads/records?q=${tag}&from=2031-01-16&to=2031-01-16`)).text())).toBe(1);
    expect(count(await (await ann.get(`/leads/records?q=${tag}&from=2031-01-16`)).text())).toBe(2);
    expect(count(await (await ann.get(`/leads/records?q=${tag}&to=2031-01-15`)).text())).toBe(1);
    void b;

    // htmx asks for the results only.
    const partial = await (await ann.get(`/leads/records?q=${tag}`, { "hx-request": "true" })).text();
    expect(partial).not.toContain("<html");
    expect(count(partial)).toBe(3);
    expect(partial).toContain('data-testid="lead-export"');

    // Bob (own data scope) sees the pool and his own, not Ann's claimed lead; the admin sees everything.
    expect(count(await (await bob.get(`/leads/records?q=${tag}`)).text())).toBe(2);
    expect((await bob.get(`/leads/${c.id}`)).status).toBe(404);
    expect(count(await (await ada.get(`/leads/records?q=${tag}`)).text())).toBe(3);
  });

  test("the navigation links to Leads and the pages carry the contract test ids", async () => {
    const html = await (await ann.get("/leads/pool")).text();
    expect(html).toContain('href="/leads"');
    expect(html).toContain('href="/visitors"');
    expect(html).toContain('data-testid="lead-filters"');
    expect((await ann.get("/leads")).headers.get("location")).toBe("/leads/pool");
    expect((await new HttpClient(srv.url).get("/leads/pool")).status).toBe(302);
  });

  test("two agents claim one lead at the same instant: exactly one wins, every round", async () => {
    const tokens = [await ann.csrf("/leads/pool"), await bob.csrf("/leads/pool")];
    for (let round = 0; round < 8; round++) {
      const l = lead({ name: `race ${round}` });
      const htmx: Record<string, string> = round % 2 === 1 ? { "hx-request": "true" } : {};
      const [ra, rb] = await Promise.all([
        ann.post(`/leads/${l.id}/claim`, { _csrf: tokens[0]! }, htmx),
        bob.post(`/leads/${l.id}/claim`, { _csrf: tokens[1]! }, htmx),
      ]);
      const won = htmx["hx-request"] ? 200 : 303;
      expect([ra.status, rb.status].sort()).toEqual([won, 409].sort());
      const winner = ra.status === won ? srv.agent.id : bobId;
      const loser = ra.status === won ? rb : ra;
      const stored = getLead(srv.db, srv.enterpriseId, l.id)!;
      expect(stored.claimedBy).toBe(winner);
      expect(stored.status).toBe("claimed");
      const text = await loser.text();
      expect(text).toContain(winner === bobId ? "Bob Agent" : "Ann Agent");
      // htmx swaps the news in place of the item (the loser's data scope no longer shows the lead).
      if (htmx["hx-request"]) expect(text).toContain('data-testid="lead-item"');
    }
  });

  test("notes, and done by the holder (or an admin), not by another agent", async () => {
    const l = lead({ name: "备注测试" });
    expect((await post(ann, `/leads/${l.id}/claim`)).status).toBe(303);
    expect((await post(ann, `/leads/${l.id}/notes`, { note: "已回电 <i>明天</i>再联系" })).status).toBe(303);
    expect((await post(ann, `/leads/${l.id}/notes`, { note: "   " })).status).toBe(422);
    const hx = await post(ann, `/leads/${l.id}/notes`, { note: "second" }, { "hx-request": "true" });
    expect(hx.status).toBe(200);
    expect((await hx.text()).match(/data-testid="lead-note"/g)?.length).toBe(2);
    const detail = await (await ann.get(`/leads/${l.id}`)).text();
    expect(detail).toContain("已回电 &lt;i>明天&lt;/i>再联系");
    expect(detail).toContain('data-testid="lead-done"');

    expect((await post(bob, `/leads/${l.id}/done`)).status).toBe(404); // outside Bob's scope
    expect((await post(ann, `/leads/${l.id}/done`)).status).toBe(303);
    const done = getLead(srv.db, srv.enterpriseId, l.id)!;
    expect(done.status).toBe("done");
    expect(done.doneAt).toBeGreaterThan(0);
    expect((await post(ann, `/leads/${l.id}/done`)).status).toBe(409);

    const other = lead({ name: "admin finishes" });
    await post(bob, `/leads/${other.id}/claim`);
    expect((await post(ada, `/leads/${other.id}/done`)).status).toBe(303);
    expect(getLead(srv.db, srv.enterpriseId, other.id)!.status).toBe("done");
    // A claimed lead is no longer claimable; the answer says who has it, and nothing more to Ann.
    const late = await post(ann, `/leads/${other.id}/claim`, {}, { "hx-request": "true" });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("Bob Agent");
    expect((await post(ada, `/leads/${other.id}/claim`)).status).toBe(409);
  });

  test("whatever a visitor typed is escaped on the pages", async () => {
    const l = lead({ name: `<script>window.x=1</script>`, message: `<img src=x onerror=alert(1)>` });
    for (const path of [`/leads/pool?q=${encodeURIComponent("<script>")}`, `/leads/${l.id}`]) {
      const html = await (await ann.get(path)).text();
      expect(html).toContain("&lt;script>window.x=1&lt;/script>");
      expect(html).not.toContain("<script>window.x");
      expect(html).not.toContain("<img src=x");
    }
  });
});

describe("CSV export", () => {
  test("UTF-8 with BOM, escaped cells, formulas neutralised, custom fields as columns", async () => {
    const tag = `csv${Date.now()}`;
    const l = lead({
      fields: [
        { key: "name", label: "姓名", value: `${tag} "老王", 经理` },
        { key: "phone", label: "手机", value: "+86 138 0013 8000" },
        { key: "c_abcdefgh", label: "公司", value: "@SUM(A1:A9)" },
        { key: "message", label: "留言内容", value: `=HYPERLINK("http://evil.example","点我")\n第二行` },
      ],
    });
    await post(ann, `/leads/${l.id}/claim`);
    await post(ann, `/leads/${l.id}/notes`, { note: "-1 元报价" });
    const res = await ann.get(`/leads/export.csv?view=records&q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="leads-records-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [header, row, end] = splitCsv(text);
    expect(end).toBeUndefined();
    expect(header).toEqual(["留言编号", "留言时间", "终端", "状态", "姓名", "手机", "邮箱", "微信", "留言内容", "公司", "访客标识", "来源页面", "领取人", "领取时间", "处理时间", "备注"]);
    expect(row![0]).toBe(l.id);
    expect(row![1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(row![3]).toBe("已领取");
    expect(row![4]).toBe(`${tag} "老王", 经理`);
    expect(row![5]).toBe("'+86 138 0013 8000");
    expect(row![8]).toBe(`'=HYPERLINK("http://evil.example","点我")\n第二行`);
    expect(row![9]).toBe("'@SUM(A1:A9)");
    expect(row![12]).toBe("Ann Agent");
    expect(row![15]).toMatch(/Ann Agent: -1 元报价$/);
    expect(text).toContain(`"${tag} ""老王"", 经理"`);
    expect(text.endsWith("\r\n")).toBe(true);
  });
});

describe("leave-a-message settings", () => {
  test("the admin chooses fields, adds custom ones and an intro; the widget's form follows; agents may not", async () => {
    expect((await ann.get("/admin/leave-message")).status).toBe(403);
    const page = await (await ada.get("/admin/leave-message")).text();
    expect(page).toContain('data-testid="leave-message-settings"');
    const token = await ada.csrf("/admin/leave-message");
    const form = {
      _csrf: token,
      offer: "1",
      "std.name.key": "name",
      "std.name.enabled": "1",
      "std.name.required": "1",
      "std.phone.key": "phone",
      "std.email.key": "email",
      "std.email.enabled": "1",
      "std.email.required": "1",
      "std.wechat.key": "wechat",
      "std.wechat.enabled": "1",
      "std.message.key": "message",
      "std.message.enabled": "1",
      "custom.0.key": "",
      "custom.0.label.zh-CN": "公司名称",
      "custom.0.label.en": "Company",
      "custom.0.type": "text",
      "custom.0.enabled": "1",
      "custom.0.required": "1",
      "intro.zh-CN": "请留下您的联系方式",
      "intro.en": "",
    };
    const saved = await ada.post("/admin/leave-message", form);
    expect(saved.status).toBe(303);
    expect(await (await ada.get("/admin/leave-message?saved=1")).text()).toContain('data-testid="settings-saved"');
    const logged = srv.db.$client.query("select actor_name, details from audit_log where action = 'leave_message.updated'").get() as { actor_name: string; details: string };
    expect(logged.actor_name).toBe("Ada Admin");
    expect(JSON.parse(logged.details).shown).toContain("wechat");
    const zh = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=zh-CN`)).json();
    expect(zh.leaveMessage.intro).toBe("请留下您的联系方式");
    expect(zh.leaveMessage.fields.map((f: any) => [f.label, f.required])).toEqual([
      ["姓名", true],
      ["邮箱", true],
      ["微信", false],
      ["公司名称", true],
      ["留言内容", false],
    ]);
    const companyKey = zh.leaveMessage.fields[3].key;
    expect(companyKey).toMatch(/^c_[a-z0-9]{8}$/);
    const en = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    expect(en.leaveMessage.fields[3].label).toBe("Company");
    expect(en.leaveMessage.intro).toContain("No agent is online");

    // The server checks the new form: the custom field is required, the phone is not asked any more.
    const missing = await submit({ site: srv.siteKey, name: "周", email: "zhou@example.com" });
    expect((await missing.json()).error.fields[0]).toMatchObject({ key: companyKey, problem: "required" });
    const ok = await submit({ site: srv.siteKey, name: "周", email: "zhou@example.com", [companyKey]: "周氏贸易", phone: "ignored" });
    expect(ok.status).toBe(201);
    const stored = getLead(srv.db, srv.enterpriseId, (await ok.json()).id)!;
    expect(stored.phone).toBe("");
    expect(JSON.parse(stored.fields)).toContainEqual({ key: companyKey, label: "公司名称", value: "周氏贸易" });

    // Saving keeps the custom field's key; turning every field off is refused.
    const again = await ada.post("/admin/leave-message", { ...form, "custom.0.key": companyKey, "custom.0.label.en": "Company name" });
    expect(again.status).toBe(303);
    const en2 = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    expect(en2.leaveMessage.fields[3]).toMatchObject({ key: companyKey, label: "Company name" });
    const none = await ada.post("/admin/leave-message", { _csrf: token, "std.name.key": "name", "std.message.key": "message" });
    expect(none.status).toBe(422);

    // Switched off, the widget stays a chat while nobody is online (visitors write and wait).
    expect((await ada.post("/admin/leave-message", { ...form, offer: "" })).status).toBe(303);
    const off = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    expect(off.offerLeaveMessage).toBe(false);
    expect((await ada.post("/admin/leave-message", form)).status).toBe(303);
    expect((await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json()).offerLeaveMessage).toBe(true);
  });

  test("a lead's field labels and the CSV header are in the reader's language, not the visitor's", async () => {
    const en = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    const company = en.leaveMessage.fields.find((f: any) => f.label === "Company");
    expect(company).toBeTruthy();
    const tag = `reader${Date.now()}`;
    const sent = await submit({ site: srv.siteKey, lang: "en", name: `${tag} Smith`, email: "smith@example.com", [company.key]: "Smith Ltd" });
    expect(sent.status).toBe(201);
    // Stored as the English visitor saw it…
    expect(JSON.parse(getLead(srv.db, srv.enterpriseId, (await sent.json()).id)!.fields)).toContainEqual({ key: company.key, label: "Company", value: "Smith Ltd" });
    // …read by a Chinese reader in Chinese.
    const zhPage = await (await ada.get(`/leads/records?q=${tag}`, { "accept-language": "zh-CN" })).text();
    expect(zhPage).toContain("<dt>公司名称</dt>");
    expect(zhPage).toContain("<dt>邮箱</dt>");
    expect(zhPage).not.toContain("<dt>Company</dt>");
    expect(zhPage).not.toContain("<dt>Email</dt>");
    const csv = new TextDecoder().decode(new Uint8Array(await (await ada.get(`/leads/export.csv?view=records&q=${tag}`, { "accept-language": "zh-CN" })).arrayBuffer()).slice(3));
    const [header] = splitCsv(csv);
    expect(header).toContain("公司名称");
    expect(header).not.toContain("Company");
    // An English reader of a Chinese visitor's lead: English labels.
    const zhLead = await submit({ site: srv.siteKey, lang: "zh-CN", name: `${tag} 周`, email: "zhou2@example.com", [company.key]: "周氏贸易" });
    expect(zhLead.status).toBe(201);
    const enPage = await (await ada.get(`/leads/records?q=${tag}`, { "accept-language": "en" })).text();
    expect(enPage).toContain("<dt>Company</dt>");
    expect(enPage).not.toContain("<dt>公司名称</dt>");
    const enCsv = new TextDecoder().decode(new Uint8Array(await (await ada.get(`/leads/export.csv?view=records&q=${tag}`, { "accept-language": "en" })).arrayBuffer()).slice(3));
    expect(splitCsv(enCsv)[0]).toContain("Company");
    expect(splitCsv(enCsv)[0]).not.toContain("公司名称");
  });
});

/** A small RFC 4180 reader, for checking what the export wrote. */
function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  return rows;
}

describe("a long export", () => {
  test("has every lead the filter selects, past 10,000, each once, with the oldest lead's own column", async () => {
    const n = 10_100;
    const insert = srv.db.$client.prepare("insert into leads (id, enterprise_id, site_id, fields, message, created_at) values (?, ?, ?, ?, ?, ?)");
    srv.db.$client.transaction(() => {
      for (let i = 0; i < n; i++) {
        const fields = i === 0 ? JSON.stringify([{ key: "c_oldest01", label: "最早的字段", value: "最早" }]) : "[]";
        // created at two times only: pages end among leads of equal time
        insert.run(`lead_bulk${String(i).padStart(6, "0")}`, srv.enterpriseId, siteId, fields, "bulkexport", i === 0 ? 1_600_000_000_000 : 1_700_000_000_000 + (i % 2));
      }
    })();
    const res = await ada.get("/leads/export.csv?view=records&q=bulkexport");
    expect(res.status).toBe(200);
    const rows = splitCsv(new TextDecoder().decode(new Uint8Array(await res.arrayBuffer())));
    const [header, ...body] = rows;
    expect(body.length).toBe(n);
    expect(new Set(body.map((r) => r[0])).size).toBe(n);
    const col = header!.indexOf("最早的字段");
    expect(col).toBeGreaterThan(0);
    expect(body.find((r) => r[0] === "lead_bulk000000")![col]).toBe("最早");
  });
});
