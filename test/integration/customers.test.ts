// Customers (CRM, F16) over real HTTP and sockets: records made from the pre-chat form, the message
// form and leads; matching by email or phone; custom fields checked by type; a merge that loses
// nothing; the data scope (own-scope agents see only customers tied to what they can see); the
// workspace panel's JSON; Chinese-aware search, filters, CSV export (formulas escaped) and
// all-or-nothing import.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/accounts/sessions";
import { addUser, getUser } from "../../src/accounts/users";
import { visitorKey } from "../../src/chat/visitors";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let admin: HttpClient;
let ann: HttpClient; // agent, own scope
let bob: HttpClient; // agent, own scope
let siteId = "";

beforeAll(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" });
  admin = new HttpClient(srv.url);
  ann = new HttpClient(srv.url);
  bob = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  await ann.login(srv.agent.email, srv.agent.password);
  await bob.login("bob@example.com", PASSWORD);
});
afterAll(() => srv.stop());

const widgetPost = (path: string, form: Record<string, string>) =>
  fetch(`${srv.url}/api/widget/${path}`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, lang: "en", ...form }), headers: { origin: "https://shop.example" } });
const customerRows = () => srv.db.$client.query("select * from customers where enterprise_id = ? order by created_at").all(srv.enterpriseId) as Record<string, any>[];
const linkOf = (kind: string, ref: string) => srv.db.$client.query("select customer_id from customer_links where kind = ? and ref_id = ?").get(kind, ref) as { customer_id: string } | null;
const post = async (c: HttpClient, path: string, form: Record<string, string> = {}) => c.post(path, { _csrf: await c.csrf("/customers"), ...form });
const items = (html: string) => (html.match(/data-testid="customer-item"/g) ?? []).length;

async function options(form: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries({ _csrf: await admin.csrf("/admin/branding"), site: siteId, attachments: "1", ...form })) body.append(k, v);
  expect((await admin.request("/admin/branding", { method: "POST", body })).status).toBe(303);
}

describe("customers from forms and leads", () => {
  test("the pre-chat form makes a customer; a later lead with the same email joins it, by phone too", async () => {
    await options({ "preChat.name": "required", "preChat.email": "optional" });
    const vid = randomVisitorId();
    expect((await widgetPost("profile", { vid, name: "李雷", email: "Li.Lei@Example.com" })).status).toBe(200);
    const vKey = visitorKey(srv.enterpriseId, vid);
    const first = linkOf("visitor", vKey);
    expect(first).not.toBeNull();
    const c = customerRows().find((r) => r.id === first!.customer_id)!;
    expect(c).toMatchObject({ name: "李雷", email: "Li.Lei@Example.com", email_key: "li.lei@example.com" });

    // A name alone is no way to reach someone: no customer.
    const nameOnly = randomVisitorId();
    expect((await widgetPost("profile", { vid: nameOnly, name: "匿名" })).status).toBe(200);
    expect(linkOf("visitor", visitorKey(srv.enterpriseId, nameOnly))).toBeNull();

    // The message form from another browser, same email in other case: the same customer, phone filled in.
    const other = randomVisitorId();
    const res = await widgetPost("leads", { vid: other, name: "Li", phone: "+86 138-0013-8000", email: "li.lei@example.com", message: "请回电" });
    expect(res.status).toBe(201);
    const leadId = (await res.json()).id;
    expect(linkOf("lead", leadId)!.customer_id).toBe(c.id);
    expect(linkOf("visitor", visitorKey(srv.enterpriseId, other))!.customer_id).toBe(c.id);
    const after = customerRows().find((r) => r.id === c.id)!;
    expect(after.name).toBe("李雷"); // what was known is not overwritten by what a visitor typed
    expect(after.phone).toBe("+86 138-0013-8000");

    // A lead that gives only the same phone number, written differently, matches too.
    const byPhone = await widgetPost("leads", { name: "王", phone: "8613800138000", message: "再打一次" });
    expect(linkOf("lead", (await byPhone.json()).id)!.customer_id).toBe(c.id);

    // A lead with new details makes a new customer.
    const fresh = await widgetPost("leads", { name: "韩梅梅", phone: "13912345678", message: "报价" });
    const freshCustomer = linkOf("lead", (await fresh.json()).id)!.customer_id;
    expect(freshCustomer).not.toBe(c.id);
    expect(customerRows().find((r) => r.id === freshCustomer)!.name).toBe("韩梅梅");
  });
});

describe("pages visited", () => {
  test("a customer's visitors' pages join the timeline; visitors who are nobody's are not recorded", async () => {
    const beacon = (vid: string, url: string, state = "load") =>
      fetch(`${srv.url}/api/widget/beacon`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid, tab: "t1", state, url, title: `T ${url.slice(-2)}`, ref: "", lang: "zh-CN" }) });
    const vid = randomVisitorId();
    expect((await widgetPost("profile", { vid, name: "页面", email: "pages@example.com" })).status).toBe(200);
    const key = visitorKey(srv.enterpriseId, vid);
    for (const [url, state] of [["https://shop.example/p1", "load"], ["https://shop.example/p2", "load"], ["https://shop.example/p2", "ping"], ["https://shop.example/p3", "load"]] as const)
      expect((await beacon(vid, url, state)).status).toBe(200);
    const rows = srv.db.$client.query("select url from customer_page_views where visitor_id = ? order by id").all(key) as { url: string }[];
    expect(rows.map((r) => r.url)).toEqual(["https://shop.example/p1", "https://shop.example/p2", "https://shop.example/p3"]);
    const html = await (await admin.get(`/customers/${linkOf("visitor", key)!.customer_id}`)).text();
    expect((html.match(/data-kind="page"/g) ?? []).length).toBe(3);
    expect(html).toContain("https://shop.example/p2");

    const nobody = randomVisitorId();
    await beacon(nobody, "https://shop.example/x1");
    expect(srv.db.$client.query("select count(*) as n from customer_page_views where visitor_id = ?").get(visitorKey(srv.enterpriseId, nobody))).toEqual({ n: 0 });
  });
});

describe("custom fields", () => {
  test("values are checked by their field's type; a bad one is refused with its label", async () => {
    const add = (form: Record<string, string>) => post(admin, "/admin/customer-fields", form);
    expect((await add({ label: "会员等级", type: "choice", options: "金卡\n银卡" })).status).toBe(303);
    expect((await add({ label: "Budget", type: "number" })).status).toBe(303);
    expect((await add({ label: "生日", type: "date" })).status).toBe(303);
    expect((await post(admin, "/admin/customer-fields", { label: "Empty choice", type: "choice", options: "" })).status).toBe(422);
    const defs = srv.db.$client.query("select id, label from customer_field_defs order by position").all() as { id: string; label: string }[];
    const id = (label: string) => defs.find((d) => d.label === label)!.id;

    const created = await post(admin, "/customers", { name: "赵六", email: "zhao@example.com" });
    expect(created.status).toBe(303);
    const cid = created.headers.get("location")!.split("/").pop()!;
    const bad = async (field: string, value: string, label: string) => {
      const r = await post(admin, `/customers/${cid}`, { [`f_${id(field)}`]: value });
      expect(r.status).toBe(422);
      expect(await r.text()).toContain(label);
    };
    await bad("会员等级", "钻石卡", "会员等级");
    await bad("Budget", "lots", "Budget");
    await bad("生日", "2024-02-30", "生日");
    expect((await post(admin, `/customers/${cid}`, { email: "not an email" })).status).toBe(422);
    const ok = await post(admin, `/customers/${cid}`, { [`f_${id("会员等级")}`]: "金卡", [`f_${id("Budget")}`]: "1,500.50", [`f_${id("生日")}`]: "1990-05-01", tags: "VIP, 老客户" });
    expect(ok.status).toBe(303);
    const row = customerRows().find((r) => r.id === cid)!;
    expect(JSON.parse(row.fields)).toEqual({ [id("会员等级")]: "金卡", [id("Budget")]: "1500.5", [id("生日")]: "1990-05-01" });
    expect(JSON.parse(row.tags)).toEqual(["VIP", "老客户"]);

    // Filters: by tag and by field value.
    expect(items(await (await admin.get("/customers?tag=VIP")).text())).toBe(1);
    expect(items(await (await admin.get(`/customers?field=${id("会员等级")}&value=${encodeURIComponent("金卡")}`)).text())).toBe(1);
    expect(items(await (await admin.get(`/customers?field=${id("会员等级")}&value=${encodeURIComponent("银卡")}`)).text())).toBe(0);
  });
});

describe("search, merge, scope", () => {
  test("Chinese-aware search finds a two-character word inside a name and a phone by its start", async () => {
    await post(admin, "/customers", { name: "上海贸易有限公司 陈经理", phone: "021-5555 1234" });
    expect(items(await (await admin.get(`/customers?q=${encodeURIComponent("贸易")}`)).text())).toBe(1);
    expect(items(await (await admin.get(`/customers?q=${encodeURIComponent("陈")}`)).text())).toBe(1);
    expect(items(await (await admin.get(`/customers?q=0215555`)).text())).toBe(1);
    expect(items(await (await admin.get(`/customers?q=${encodeURIComponent("广州")}`)).text())).toBe(0);
  });

  test("merging two records joins their timelines and keeps every value", async () => {
    // Two visitors chatted with Ann, each a customer of their own.
    const annSocket = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, srv.enterpriseId, srv.agent.id)!, 1).cookie);
    const chats: { vid: string; conversationId: string }[] = [];
    for (const text of ["第一次", "第二次"]) {
      const vid = randomVisitorId();
      const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
      v.socket.send({ type: "message", clientId: `m-${text}`, text });
      chats.push({ vid, conversationId: (await v.socket.next("ack")).conversationId });
      v.socket.close();
    }
    annSocket.socket.close();
    const keyOf = (i: number) => visitorKey(srv.enterpriseId, chats[i]!.vid);
    const save = async (i: number, form: Record<string, string>) => {
      const r = await ann.request(`/api/customers/visitor/${keyOf(i)}`, { method: "POST", body: new URLSearchParams(form), headers: { "x-csrf-token": await ann.csrf("/customers"), "content-type": "application/x-www-form-urlencoded" } });
      expect(r.status).toBe(200);
      return (await r.json()).customer;
    };
    // Nothing to know them by: refused, nothing made.
    const empty = await ann.request(`/api/customers/visitor/${keyOf(0)}`, { method: "POST", body: new URLSearchParams({ company: "" }), headers: { "x-csrf-token": await ann.csrf("/customers"), "content-type": "application/x-www-form-urlencoded" } });
    expect(empty.status).toBe(422);
    expect(linkOf("visitor", keyOf(0))).toBeNull();
    const a = await save(0, { name: "周", email: "zhou@example.com", tags: "A" });
    const b = await save(1, { name: "周先生", phone: "13700000000", company: "周记", tags: "B" });
    expect(a.id).not.toBe(b.id);
    const lead = await widgetPost("leads", { name: "周", phone: "13700000000", message: "留言" });
    const leadId = (await lead.json()).id;
    expect(linkOf("lead", leadId)!.customer_id).toBe(b.id);
    // Ann claims it (a lead still in the public pool is everyone's to see, and so is its customer).
    expect((await ann.post(`/leads/${leadId}/claim`, { _csrf: await ann.csrf("/leads/pool") })).status).toBe(303);

    // The second conversation ended and was rated.
    srv.db.$client.query("update conversations set status = 'closed', closed_at = ?, rating = 4, rating_comment = '很好', rated_at = ? where id = ?").run(Date.now(), Date.now(), chats[1]!.conversationId);
    const merged = await post(ann, `/customers/${a.id}/merge`, { other: "13700000000" });
    expect(merged.status).toBe(303);
    expect(customerRows().some((r) => r.id === b.id)).toBe(false);
    const html = await (await ann.get(`/customers/${a.id}`)).text();
    for (const c of chats) expect(html).toContain(`/history/${c.conversationId}`);
    expect((html.match(/data-kind="lead"/g) ?? []).length).toBe(1);
    expect((html.match(/data-kind="conversation"/g) ?? []).length).toBe(2);
    expect((html.match(/data-kind="rating"/g) ?? []).length).toBe(1);
    expect(html).toContain("很好");
    const row = customerRows().find((r) => r.id === a.id)!;
    expect(row).toMatchObject({ name: "周", email: "zhou@example.com", phone: "13700000000", company: "周记" });
    expect(JSON.parse(row.tags)).toEqual(["A", "B"]);
    expect(html).toContain("周先生"); // the differing name is kept in a note
    expect(linkOf("visitor", keyOf(1))!.customer_id).toBe(a.id);

    // Bob (own scope) has no conversation of this customer: not found, and not listed.
    expect((await bob.get(`/customers/${a.id}`)).status).toBe(404);
    expect(await (await bob.get("/customers?q=zhou")).text()).not.toContain(a.id);
    expect((await bob.get(`/api/customers/visitor/${keyOf(0)}`)).status).toBe(404);
    expect((await ann.get(`/api/customers/visitor/${keyOf(0)}`)).status).toBe(200);
    expect(items(await (await ann.get("/customers?q=zhou")).text())).toBe(1);
  });
});

describe("CSV", () => {
  test("export escapes formula cells; import is all or nothing and lists the rejected rows", async () => {
    await post(admin, "/customers", { name: "=HYPERLINK(\"http://evil\")", email: "evil@example.com" });
    const bytes = new Uint8Array(await (await admin.get("/customers/export.csv?q=evil")).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const before = customerRows().length;
    const upload = async (text: string) => {
      const body = new FormData();
      body.append("_csrf", await admin.csrf("/customers"));
      body.append("file", new File([text], "c.csv", { type: "text/csv" }));
      return admin.request("/customers/import", { method: "POST", body });
    };
    const bad = await upload("姓名,手机,邮箱,Budget\n甲,13100000001,a@example.com,10\n乙,12,b@example.com,x\n丙,13100000003,not-email,5\n");
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('data-line="3"');
    expect(badHtml).toContain('data-line="4"');
    expect(badHtml).not.toContain('data-line="2"');
    expect(customerRows().length).toBe(before); // nothing stored

    expect((await upload("Name,Nickname\nX,Y\n")).status).toBe(422); // unknown column
    const good = await upload("Name,Phone,Email,Tags\n甲,13100000001,a@example.com,导入\n韩梅梅（更新）,13912345678,,导入\n");
    expect(good.status).toBe(200);
    expect(await good.text()).toContain("1");
    expect(customerRows().length).toBe(before + 1);
    // The second row matched 韩梅梅 by phone: updated, tags joined.
    const han = customerRows().find((r) => r.phone_key === "13912345678")!;
    expect(han.name).toBe("韩梅梅（更新）");
    expect(JSON.parse(han.tags)).toContain("导入");
  });
});

describe("import: encodings, round trips and limits", () => {
  const upload = async (bytes: Uint8Array<ArrayBuffer>) => {
    const body = new FormData();
    body.append("_csrf", await admin.csrf("/customers"));
    body.append("file", new File([bytes], "c.csv", { type: "text/csv" }));
    return admin.request("/customers/import", { method: "POST", body });
  };
  // Excel in China saves "CSV" as GBK: 姓名,手机 / 张三,13100000009
  const GBK = [0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0x0d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, ...new TextEncoder().encode("13100000009\r\n")];

  test("a GBK file from Excel is read as Chinese, not stored as mojibake", async () => {
    expect(new TextDecoder("gbk").decode(new Uint8Array(GBK))).toBe("姓名,手机\r\n张三,13100000009\r\n");
    const res = await upload(new Uint8Array(GBK));
    expect(res.status).toBe(200);
    const row = customerRows().find((r) => r.phone_key === "13100000009")!;
    expect(row.name).toBe("张三");
  });

  test("an export imports back unchanged: the formula guard on '+86 …' phones and '-' names comes off", async () => {
    await post(admin, "/customers", { name: "-小明", phone: "+86 131 0000 0011", email: "roundtrip@example.com", company: "@家" });
    const exported = new Uint8Array(await (await admin.get("/customers/export.csv?q=roundtrip")).arrayBuffer());
    expect(new TextDecoder().decode(exported)).toContain("'+86 131 0000 0011");
    const before = customerRows().length;
    const res = await upload(exported);
    expect(res.status).toBe(200);
    expect(customerRows().length).toBe(before);
    const row = customerRows().find((r) => r.email === "roundtrip@example.com")!;
    expect([row.name, row.phone, row.company]).toEqual(["-小明", "+86 131 0000 0011", "@家"]);
  });

  test("a row whose tags would take a customer past 20 is rejected, and the rows before it are rolled back", async () => {
    const many = Array.from({ length: 18 }, (_, i) => `t${i}`);
    await post(admin, "/customers", { name: "标签多", email: "tags@example.com", tags: many.join(",") });
    const before = customerRows().length;
    const tagsOf = () => JSON.parse(customerRows().find((r) => r.email === "tags@example.com")!.tags) as string[];
    expect(tagsOf().length).toBe(18);
    const res = await upload(new TextEncoder().encode(`Name,Email,Tags\n新客户,new-tags@example.com,x\n,tags@example.com,"a,b,c"\n`));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('data-line="3"');
    expect(tagsOf().length).toBe(18);
    expect(customerRows().length).toBe(before); // the first row's new customer is not kept
    expect((await upload(new TextEncoder().encode(`Email,Tags\ntags@example.com,"a,b"\n`))).status).toBe(200);
    expect(tagsOf().length).toBe(20);
  });

  test("CSV text over the size limit is refused whole, not cut into a shorter last row", async () => {
    const before = customerRows().length;
    // 4,000 valid rows (a long skipped ID column fills the size), then one whose phone the limit falls inside.
    // (CRLF: a form's text fields have their line ends made CRLF on the way)
    const head = "Customer ID,Name,Phone\r\n";
    const rows = Array.from({ length: 4000 }, (_, i) => `${"x".repeat(480)},填充${i},\r\n`).join("");
    const pad = "y".repeat(2 * 1024 * 1024 - head.length - rows.length - 13);
    const text = `${head}${rows}${pad},截断,13100000099\r\n`; // the limit is 2 MiB characters: "…,131000000" fits
    const body = new FormData();
    body.append("_csrf", await admin.csrf("/customers"));
    body.append("csv", text);
    const res = await admin.request("/customers/import", { method: "POST", body });
    expect(res.status).toBe(413); // before: 200, and 截断 stored with the phone 131000000
    expect(customerRows().length).toBe(before);
  });

  test("a file in neither UTF-8 nor GBK is refused with a clear message and stores nothing", async () => {
    const before = customerRows().length;
    // Latin-1 "Name,Phone / Café,13100000010": é (0xE9) then a comma is neither UTF-8 nor GB18030.
    const latin1 = new Uint8Array([...new TextEncoder().encode("Name,Phone\nCaf"), 0xe9, ...new TextEncoder().encode(",13100000010\n")]);
    const res = await upload(latin1);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("无法识别文件的文字编码");
    expect(customerRows().length).toBe(before);
    expect(customerRows().some((r) => String(r.name).includes("\uFFFD"))).toBe(false);
  });
});

describe("what an own-scope person types reaches only customers in their scope", () => {
  test("the visitor panel does not match, reveal or change a customer outside the scope; neither does an import", async () => {
    // A customer only the admin's side knows of: Ann (own scope) cannot see it.
    await post(admin, "/customers", { name: "王总", email: "vip@example.com", phone: "13600000001", company: "机密公司" });
    const vip = customerRows().find((r) => r.email === "vip@example.com")!;
    expect((await ann.get(`/customers/${vip.id}`)).status).toBe(404);

    // Ann's own chat with a visitor: she fills in the panel with the VIP's email.
    const annSocket = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, srv.enterpriseId, srv.agent.id)!, 1).cookie);
    const vid = randomVisitorId();
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    v.socket.send({ type: "message", clientId: "vip-probe", text: "hi" });
    await v.socket.next("ack");
    v.socket.close();
    annSocket.socket.close();
    const key = visitorKey(srv.enterpriseId, vid);
    const r = await ann.request(`/api/customers/visitor/${key}`, {
      method: "POST",
      body: new URLSearchParams({ name: "冒充", email: "vip@example.com" }),
      headers: { "x-csrf-token": await ann.csrf("/customers"), "content-type": "application/x-www-form-urlencoded" },
    });
    expect(r.status).toBe(200);
    const shown = (await r.json()).customer;
    expect(shown.id).not.toBe(vip.id);
    expect(JSON.stringify(shown)).not.toContain("机密公司");
    expect(shown).toMatchObject({ name: "冒充", email: "vip@example.com" });
    expect(customerRows().find((x) => x.id === vip.id)).toMatchObject({ name: "王总", company: "机密公司" });
    expect(linkOf("visitor", key)!.customer_id).toBe(shown.id);
    expect((await ann.get(`/customers/${vip.id}`)).status).toBe(404);

    // An import by Ann: a row with the VIP's phone becomes a record of her own, the VIP's stays as it was.
    const body = new FormData();
    body.append("_csrf", await ann.csrf("/customers"));
    body.append("file", new File(["Name,Phone\n改名,13600000001\n"], "c.csv", { type: "text/csv" }));
    expect((await ann.request("/customers/import", { method: "POST", body })).status).toBe(200);
    expect(customerRows().find((x) => x.id === vip.id)).toMatchObject({ name: "王总", phone: "13600000001" });
    expect(customerRows().filter((x) => x.phone_key === "13600000001").map((x) => x.name).sort()).toEqual(["改名", "王总"].sort());
    expect((await ann.get(`/customers/${vip.id}`)).status).toBe(404);

    // The admin (enterprise scope) still matches it.
    const adminBody = new FormData();
    adminBody.append("_csrf", await admin.csrf("/customers"));
    adminBody.append("file", new File(["Name,Email\n王总（更新）,vip@example.com\n"], "c.csv", { type: "text/csv" }));
    expect((await admin.request("/customers/import", { method: "POST", body: adminBody })).status).toBe(200);
    expect(customerRows().find((x) => x.id === vip.id)!.name).toBe("王总（更新）");
  });
});

describe("a long export", () => {
  test("has every customer the filter selects, past 10,000, each once (pages of equal update times included)", async () => {
    const n = 10_250;
    const insert = srv.db.$client.prepare("insert into customers (id, enterprise_id, name, tags, created_at, updated_at) values (?, ?, ?, ?, ?, ?)");
    srv.db.$client.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`cus_bulk${String(i).padStart(6, "0")}`, srv.enterpriseId, `批量${i}`, '["bulk"]', 1_700_000_000_000, 1_700_000_000_000 + (i % 3));
    })();
    const res = await admin.get("/customers/export.csv?tag=bulk");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; /);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split("\r\n").filter(Boolean);
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    expect(ids.length).toBe(n);
    expect(new Set(ids).size).toBe(n);
  });
});
