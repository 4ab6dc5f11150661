// History: list, filters, Chinese-aware full-text search, transcripts, and who may see what.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";
import { getUser } from "../../src/accounts/users";
import { memberOf } from "../../src/accounts/data-scope";
import { PAGE_SIZE, searchHistory } from "../../src/history/history";
import { searchIndexFor } from "../../src/history/search-index";

let srv: TestServer;
let admin: HttpClient;
let agent: HttpClient;
const ids: Record<string, string> = {};

const items = (html: string) => (html.match(/data-testid="history-item"/g) ?? []).length;

beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  agent = new HttpClient(srv.url);
  await agent.login(srv.agent.email, srv.agent.password);
  // Ann (agent) serves two conversations, then the admin serves one while Ann is away.
  const ann = await agentSocket(srv.wsUrl, agent.session!);
  const chat = async (name: string, texts: string[]) => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    for (const text of texts) {
      v.socket.send({ type: "message", clientId: `${name}-${text.length}-${Math.random()}`, text });
      ids[name] = (await v.socket.next("ack")).conversationId;
    }
    v.socket.close();
  };
  await chat("price", ["你好，我想问一下价格", "有没有优惠？"]);
  await chat("refund", ["I want a refund for order 123", "<script>alert(1)</script>"]);
  ann.socket.send({ type: "close", conversationId: ids.refund! });
  await ann.socket.next("conversation", (c) => c.conversation.id === ids.refund && c.conversation.status === "closed");
  ann.socket.send({ type: "status", status: "away" });
  await ann.socket.next("status");
  const ada = await agentSocket(srv.wsUrl, admin.session!);
  await chat("invoice", ["发票什么时候能开好"]);
  ada.socket.close();
  ann.socket.close();
});
afterAll(() => srv.stop());

describe("history", () => {
  test("the admin sees every conversation, newest first; an agent only their own", async () => {
    const all = await (await admin.get("/history")).text();
    expect(items(all)).toBe(3);
    expect(all.indexOf("发票")).toBeLessThan(all.indexOf("优惠"));
    const own = await (await agent.get("/history")).text();
    expect(items(own)).toBe(2);
    expect(own).not.toContain("发票");
  });

  test("search finds two-character Chinese words, English words, and phrases", async () => {
    const find = async (q: string, who = admin) => items(await (await who.get(`/history/results?q=${encodeURIComponent(q)}`)).text());
    expect(await find("价格")).toBe(1);
    expect(await find("发票")).toBe(1);
    expect(await find("REFUND")).toBe(1);
    expect(await find("问一下价格")).toBe(1);
    expect(await find("价格发票")).toBe(0);
    expect(await find("nothing-like-this")).toBe(0);
    expect(await find("发票", agent)).toBe(0); // not hers
    // Messages stored after the first search are found too (the index catches up).
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "late", text: "物流单号是多少" });
    await v.socket.next("ack");
    expect(await find("物流")).toBe(1);
    v.socket.close();
  });

  test("filters: status, site, agent, dates", async () => {
    const count = async (qs: string) => items(await (await admin.get(`/history/results?${qs}`)).text());
    expect(await count("status=closed")).toBe(1);
    expect(await count(`agent=${srv.agent.id}`)).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(await count(`from=${today}&to=${today}`)).toBeGreaterThanOrEqual(3);
    expect(await count("to=2001-01-01")).toBe(0);
    expect(await count("site=site_nope")).toBe(0);
    expect(await count("status=bogus&from=not-a-date")).toBeGreaterThanOrEqual(3);
  });

  test("the transcript shows what the visitor typed as text; others' transcripts are not found", async () => {
    const page = await admin.get(`/history/${ids.refund}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("&lt;script>alert(1)&lt;/script>");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect((await agent.get(`/history/${ids.invoice}`)).status).toBe(404);
    expect((await agent.get(`/history/${ids.price}`)).status).toBe(200);
    expect((await admin.get("/history/cnv_doesnotexist")).status).toBe(404);
  });
});

describe("history pages", () => {
  test("open and closed conversations interleave by their latest activity, page after page, each once", () => {
    const db = srv.db;
    const site = (db.$client.query("select id from sites limit 1").get() as { id: string }).id;
    // 2½ pages of conversations, every third one still open, with activity times in a shuffled order.
    const made: { id: string; at: number }[] = [];
    for (let i = 0; i < PAGE_SIZE * 2 + 25; i++) {
      const c = srv.app.chat.conversations.create(srv.enterpriseId, site, `${srv.enterpriseId}:pages-${i}`);
      const at = 1_700_000_000_000 + ((i * 7919) % 1000) * 60_000;
      db.$client.query("update conversations set last_message_at = ?, status = ? where id = ?").run(at, i % 3 === 0 ? "open" : "closed", c.id);
      made.push({ id: c.id, at });
    }
    const viewer = memberOf(db, getUser(db, srv.enterpriseId, (db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id)!);
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const { rows, hasMore } = searchHistory(db, searchIndexFor(db), viewer, { page, from: 1_600_000_000_000, to: 1_800_000_000_000 });
      seen.push(...rows.filter((r) => made.some((m) => m.id === r.id)).map((r) => r.id));
      if (!hasMore) break;
    }
    const expected = [...made].sort((a, b) => b.at - a.at).map((m) => m.id);
    expect(seen).toEqual(expected);
    // The closed ones alone still come through the index, in order.
    const ours = new Set(made.map((m) => m.id));
    const closed = searchHistory(db, searchIndexFor(db), viewer, { status: "closed", from: 1_600_000_000_000, to: 1_800_000_000_000 }).rows.map((r) => r.id).filter((id) => ours.has(id));
    expect(closed.length).toBeGreaterThan(PAGE_SIZE - 5);
    expect(closed).toEqual(expected.filter((id) => made.findIndex((m) => m.id === id) % 3 !== 0).slice(0, closed.length));
    const plan = (db.$client.query("explain query plan select * from conversations where enterprise_id = ? and status = 'closed' order by last_message_at desc limit 51").all(srv.enterpriseId) as { detail: string }[]).map((r) => r.detail).join("; ");
    expect(plan).toContain("conversations_last_message");
  });
});
