// The REST API v1 over real HTTP with API tokens: every route with a good token, without its module
// (403), on another enterprise's ids (404), with no token or an expired one (401); sends reach the
// sockets; the OpenAPI document lists every /api/v1 route of the table.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createEnterprise } from "../../src/accounts/setup";
import { createToken, TOKEN_MODULES } from "../../src/api/tokens";
import { touchVisitor } from "../../src/chat/visitors";
import { createCustomer } from "../../src/customers/customers";
import { events } from "../../src/events/hub";
import { createLead } from "../../src/leads/leads";
import { robotService } from "../../src/robot/service";
import { routes } from "../../src/server";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let full: string;
/** tokens that grant everything but one module */
const lacking = new Map<string, string>();
let expired: string;
const ids = { conversation: "", visitor: "", lead: "", kb: "faq-hours", customer: "" };
const other = { conversation: "", visitor: "", lead: "", kb: "other-faq", customer: "" };
let visitor: Awaited<ReturnType<typeof visitorSocket>>;
let ann: Awaited<ReturnType<typeof agentSocket>>;
let ada: Awaited<ReturnType<typeof agentSocket>>;
let adminId = "";

beforeAll(async () => {
  srv = await startServer();
  const db = srv.db;
  full = createToken(db, srv.enterpriseId, { name: "Full", modules: [...TOKEN_MODULES] }).token;
  for (const m of TOKEN_MODULES) lacking.set(m, createToken(db, srv.enterpriseId, { name: `No ${m}`, modules: TOKEN_MODULES.filter((x) => x !== m) }).token);
  const old = createToken(db, srv.enterpriseId, { name: "Old", modules: [...TOKEN_MODULES] }, Date.now() - 10_000);
  db.$client.query("update api_tokens set expires_at = ? where id = ?").run(Date.now() - 1, old.info.id);
  expired = old.token;

  // Enterprise A: two agents online, a visitor who wrote, a lead, a knowledge-base entry.
  const annHttp = new HttpClient(srv.url);
  await annHttp.login(srv.agent.email, srv.agent.password);
  ann = await agentSocket(srv.wsUrl, annHttp.session!);
  // Ann is the only one online when the visitor writes, so the conversation is hers; Ada comes after.
  visitor = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.socket.send({ type: "message", clientId: "first", text: "hello, are you open on Sunday?" });
  ids.conversation = (await visitor.socket.next("ack")).conversationId;
  const adaHttp = new HttpClient(srv.url);
  await adaHttp.login(srv.admin.email, srv.admin.password);
  ada = await agentSocket(srv.wsUrl, adaHttp.session!);
  adminId = ada.welcome.agent!.id;
  ids.visitor = (db.$client.query("select visitor_id from conversations where id = ?").get(ids.conversation) as { visitor_id: string }).visitor_id;
  const siteId = (db.$client.query("select id from sites where enterprise_id = ?").get(srv.enterpriseId) as { id: string }).id;
  ids.lead = createLead(db, srv.enterpriseId, { siteId, visitorId: null, fields: [{ key: "name", label: "Name", value: "Li Lei" }, { key: "message", label: "Message", value: "call me" }], pageUrl: "", lang: "en" }).id;
  robotService(db).save(srv.enterpriseId, null, { key: ids.kb, question: "When are you open?", answer: "9 to 5", keywords: ["hours"] });
  ids.customer = createCustomer(db, srv.enterpriseId, { name: "李雷", phone: "13800138000", tags: ["vip"] }, null).id;

  // Enterprise B, with records of each kind: A's token must not reach them.
  const b = await createEnterprise(db, { company: "Other Co", email: "other@example.com", password: "other-pass-1" });
  const bSite = (db.$client.query("select id from sites where enterprise_id = ?").get(b.enterpriseId) as { id: string }).id;
  const bVisitor = touchVisitor(db, b.enterpriseId, "othervisitor00001", { siteId: bSite, page: { url: "", title: "", referrer: "" }, userAgent: "" });
  other.visitor = bVisitor.id;
  other.conversation = srv.app.chat.conversations.create(b.enterpriseId, bSite, bVisitor.id).id;
  other.lead = createLead(db, b.enterpriseId, { siteId: bSite, visitorId: null, fields: [{ key: "name", label: "Name", value: "B" }], pageUrl: "", lang: "en" }).id;
  robotService(db).save(b.enterpriseId, null, { key: other.kb, question: "B's question", answer: "B's answer", keywords: ["b"] });
  other.customer = createCustomer(db, b.enterpriseId, { name: "B's customer", email: "b@example.com" }, null).id;
});
afterAll(() => srv.stop());

const call = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(srv.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

interface Case {
  method: string;
  /** the route's path in the table */
  route: string;
  path: (i: typeof ids) => string;
  body?: (i: typeof ids) => unknown;
  module: string;
  status: number;
}

// In order: the actions last (send takes the waiting conversation for Ann, transfer moves it to Ada, close ends it).
const CASES: Case[] = [
  { method: "GET", route: "/api/v1/conversations", path: () => "/api/v1/conversations?status=open", module: "history", status: 200 },
  { method: "GET", route: "/api/v1/conversations/:id", path: (i) => `/api/v1/conversations/${i.conversation}`, module: "history", status: 200 },
  { method: "GET", route: "/api/v1/conversations/:id/messages", path: (i) => `/api/v1/conversations/${i.conversation}/messages?limit=10`, module: "history", status: 200 },
  { method: "GET", route: "/api/v1/visitors", path: () => "/api/v1/visitors?limit=5", module: "workspace", status: 200 },
  { method: "GET", route: "/api/v1/visitors/:id", path: (i) => `/api/v1/visitors/${i.visitor}`, module: "workspace", status: 200 },
  { method: "GET", route: "/api/v1/leads", path: () => "/api/v1/leads?status=new", module: "leads", status: 200 },
  { method: "GET", route: "/api/v1/leads/:id", path: (i) => `/api/v1/leads/${i.lead}`, module: "leads", status: 200 },
  { method: "GET", route: "/api/v1/kb", path: () => "/api/v1/kb?q=open", module: "robot", status: 200 },
  { method: "GET", route: "/api/v1/kb/:key", path: (i) => `/api/v1/kb/${i.kb}`, module: "robot", status: 200 },
  { method: "POST", route: "/api/v1/kb", path: () => "/api/v1/kb", body: () => ({ question: "Do you ship abroad?", answer: "Yes", keywords: ["ship"] }), module: "robot", status: 201 },
  { method: "PUT", route: "/api/v1/kb/:key", path: (i) => `/api/v1/kb/${i.kb}`, body: () => ({ question: "When are you open?", answer: "9 to 6", keywords: ["hours", "open"] }), module: "robot", status: 200 },
  { method: "GET", route: "/api/v1/customers", path: () => "/api/v1/customers?q=1380", module: "customers", status: 200 },
  { method: "GET", route: "/api/v1/customers/:id", path: (i) => `/api/v1/customers/${i.customer}`, module: "customers", status: 200 },
  { method: "POST", route: "/api/v1/customers", path: () => "/api/v1/customers", body: () => ({ name: "Han Meimei", email: "han@example.com", tags: ["new"] }), module: "customers", status: 201 },
  { method: "PATCH", route: "/api/v1/customers/:id", path: (i) => `/api/v1/customers/${i.customer}`, body: () => ({ company: "Acme 公司", tags: ["vip", "renewal"] }), module: "customers", status: 200 },
  { method: "POST", route: "/api/v1/conversations/:id/messages", path: (i) => `/api/v1/conversations/${i.conversation}/messages`, body: () => ({ as: "agent", agentId: srv.agent.id, text: "Yes, 10 to 4.", clientId: "api-1" }), module: "workspace", status: 201 },
  { method: "POST", route: "/api/v1/conversations/:id/transfer", path: (i) => `/api/v1/conversations/${i.conversation}/transfer`, body: () => ({ agentId: adminId, note: "VIP" }), module: "workspace", status: 200 },
  { method: "POST", route: "/api/v1/conversations/:id/close", path: (i) => `/api/v1/conversations/${i.conversation}/close`, module: "workspace", status: 200 },
  { method: "DELETE", route: "/api/v1/kb/:key", path: (i) => `/api/v1/kb/${i.kb}`, module: "robot", status: 200 },
];

describe("every API route", () => {
  test("the cases cover every /api/v1 route of the table (but the document and its page)", () => {
    const table = routes.filter((r) => r.path.startsWith("/api/v1/") && r.access !== "public").map((r) => `${r.method} ${r.path}`);
    expect(CASES.map((c) => `${c.method} ${c.route}`).sort()).toEqual(table.sort());
    for (const c of CASES) expect(routes.find((r) => r.method === c.method && r.path === c.route)!.access as unknown).toEqual({ module: c.module });
  });

  test("no token, an unknown one or an expired one: 401; a token without the module: 403; nothing changes", async () => {
    for (const c of CASES) {
      for (const token of [undefined, expired, "pat_" + "x".repeat(40), "garbage"]) {
        const res = await call(c.method, c.path(ids), token, c.body?.(ids));
        expect({ c: c.route, token: token?.slice(0, 8), status: res.status }).toEqual({ c: c.route, token: token?.slice(0, 8), status: 401 });
        expect((await res.json()).error.code).toBe("unauthorized");
      }
      const res = await call(c.method, c.path(ids), lacking.get(c.module), c.body?.(ids));
      expect({ c: c.route, status: res.status }).toEqual({ c: c.route, status: 403 });
      expect((await res.json()).error).toMatchObject({ code: "forbidden", message: expect.any(String) });
    }
    expect((srv.db.$client.query("select count(*) as n from messages where conversation_id = ?").get(ids.conversation) as { n: number }).n).toBe(1);
  });

  test("another enterprise's ids are not found (404)", async () => {
    for (const c of CASES.filter((c) => c.route.includes(":"))) {
      const res = await call(c.method, c.path(other), full, c.body?.(other));
      expect({ c: `${c.method} ${c.route}`, status: res.status }).toEqual({ c: `${c.method} ${c.route}`, status: 404 });
      expect((await res.json()).error.code).toBe("not_found");
    }
    // B's records are untouched.
    expect(robotService(srv.db).stored((srv.db.$client.query("select enterprise_id from robot_entries where key = 'other-faq'").get() as { enterprise_id: string }).enterprise_id, other.kb)!.answer).toBe("B's answer");
    // Lists hold only A's.
    const list = await (await call("GET", "/api/v1/leads", full)).json();
    expect(list.leads.map((l: { id: string }) => l.id)).toEqual([ids.lead]);
  });

  test("with a good token each route answers, and the chat's sockets hear of the actions", async () => {
    for (const c of CASES) {
      const res = await call(c.method, c.path(ids), full, c.body?.(ids));
      const body = await res.json();
      expect({ c: `${c.method} ${c.route}`, status: res.status, body }).toMatchObject({ c: `${c.method} ${c.route}`, status: c.status });
      if (c.route === "/api/v1/conversations") expect(body.conversations.map((r: { id: string }) => r.id)).toContain(ids.conversation);
      if (c.route === "/api/v1/conversations/:id") expect(body.conversation).toMatchObject({ id: ids.conversation, status: "open" });
      if (c.method === "GET" && c.route === "/api/v1/customers") expect(body.customers.map((x: { id: string }) => x.id)).toEqual([ids.customer]);
      if (c.method === "GET" && c.route === "/api/v1/customers/:id") expect(body.customer).toMatchObject({ id: ids.customer, name: "李雷", tags: ["vip"] });
      if (c.method === "POST" && c.route === "/api/v1/customers") expect(body.customer).toMatchObject({ name: "Han Meimei", email: "han@example.com", tags: ["new"] });
      if (c.method === "PATCH" && c.route === "/api/v1/customers/:id") expect(body.customer).toMatchObject({ id: ids.customer, name: "李雷", company: "Acme 公司", tags: ["vip", "renewal"] });
      if (c.route === "/api/v1/conversations/:id/messages" && c.method === "GET") expect(body.messages.map((m: { text: string }) => m.text)).toEqual(["hello, are you open on Sunday?"]);
      if (c.route === "/api/v1/visitors/:id") expect(body.visitor).toMatchObject({ id: ids.visitor, online: true });
      if (c.route === "/api/v1/leads/:id") expect(body.lead).toMatchObject({ id: ids.lead, name: "Li Lei", status: "new" });
      if (c.route === "/api/v1/kb" && c.method === "GET") expect(body.entries.map((e: { key: string }) => e.key)).toEqual([ids.kb]);
      if (c.route === "/api/v1/kb" && c.method === "POST") expect(body.entry.key).toBeTruthy();
      if (c.route === "/api/v1/conversations/:id/messages" && c.method === "POST") {
        expect(body.message).toMatchObject({ from: "agent", authorName: "Ann Agent", text: "Yes, 10 to 4." });
        expect((await visitor.socket.next("message", (m) => m.text === "Yes, 10 to 4.")).from).toBe("agent");
        // The same clientId again stores nothing new.
        const again = await call("POST", c.path(ids), full, c.body!(ids));
        expect(again.status).toBe(200);
        expect((await again.json()).duplicate).toBe(true);
      }
      if (c.route.endsWith("/transfer")) {
        expect(body.conversation.agentId).toBe(adminId);
        await ada.socket.next("conversation", (f) => f.conversation.id === ids.conversation && f.conversation.agentId === adminId);
      }
      if (c.route.endsWith("/close")) {
        expect(body.conversation.status).toBe("closed");
        await visitor.socket.next("closed", (f) => f.conversationId === ids.conversation);
      }
    }
    // The robot answers with the entry as updated through the API, then deleted.
    expect(robotService(srv.db).stored(srv.enterpriseId, ids.kb)).toBeUndefined();
  });

  test("bad input is a 400 with a code; a closed conversation a 409", async () => {
    const bad = await call("GET", "/api/v1/conversations?status=maybe", full);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request");
    expect((await call("POST", `/api/v1/conversations/${ids.conversation}/messages`, full, { as: "bot", text: "hi" })).status).toBe(409);
    expect((await call("POST", "/api/v1/kb", full, { question: "", answer: "x", keywords: [] })).status).toBe(400);
    expect((await call("POST", `/api/v1/conversations/${ids.conversation}/transfer`, full, {})).status).toBe(400);
    const badEmail = await call("PATCH", `/api/v1/customers/${ids.customer}`, full, { email: "not an address" });
    expect(badEmail.status).toBe(422);
    expect((await badEmail.json()).error.code).toBe("customer_email");
    expect((await call("POST", "/api/v1/customers", full, { company: "only a company" })).status).toBe(422);
  });

  test("a customer changed through the API is a customer.updated event (webhooks), naming what changed", async () => {
    const seen: { customerId: string; changed: string[] }[] = [];
    const off = events(srv.db).on("customer.updated", (e) => seen.push(e.data));
    try {
      expect((await call("PATCH", `/api/v1/customers/${ids.customer}`, full, { wechat: "lilei88" })).status).toBe(200);
      expect(seen).toEqual([expect.objectContaining({ customerId: ids.customer, changed: ["wechat"] })]);
      // Nothing changed, no event.
      expect((await call("PATCH", `/api/v1/customers/${ids.customer}`, full, { wechat: "lilei88" })).status).toBe(200);
      expect(seen).toHaveLength(1);
    } finally {
      off();
    }
  });
});

describe("the guard's part", () => {
  test("a bearer call needs no CSRF token, but a cookie's call to the API still does", async () => {
    const http = new HttpClient(srv.url);
    await http.login(srv.admin.email, srv.admin.password);
    const res = await http.request("/api/v1/kb", { method: "POST", body: JSON.stringify({ question: "q", answer: "a", keywords: ["k"] }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("csrf_token");
  });

  test("a token is limited to a burst of calls (429), another token is not slowed by it", async () => {
    const busy = createToken(srv.db, srv.enterpriseId, { name: "Busy", modules: ["leads"] }).token;
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++) statuses.push((await call("GET", "/api/v1/leads?limit=1", busy)).status);
    expect(statuses.slice(0, 90).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
    expect((await call("GET", "/api/v1/leads?limit=1", full)).status).toBe(200);
  });

  test("last use is recorded", () => {
    const row = srv.db.$client.query("select last_used_at from api_tokens where name = 'Full'").get() as { last_used_at: number | null };
    expect(row.last_used_at).toBeGreaterThan(0);
  });
});

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 in shape, lists every /api/v1 route with a unique operationId, and the reference page shows them", async () => {
    const res = await fetch(`${srv.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    const ops: { method: string; path: string; op: any }[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) for (const [method, op] of Object.entries(item)) ops.push({ method: method.toUpperCase(), path, op });
    const table = routes.filter((r) => r.path.startsWith("/api/v1/") && r.doc).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(table.sort());
    // Every API route of the table but the document and its page carries a doc.
    expect(routes.filter((r) => r.path.startsWith("/api/v1/") && !r.doc).map((r) => r.path).sort()).toEqual(["/api/v1/docs", "/api/v1/openapi.json"]);
    const opIds = ops.map((o) => o.op.operationId);
    expect(new Set(opIds).size).toBe(opIds.length);
    for (const { path, op } of ops) {
      expect(op.summary).toBeTruthy();
      expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) expect(op.parameters.find((p: any) => p.in === "path" && p.name === name)).toMatchObject({ required: true });
      for (const r of Object.values(op.responses) as any[]) {
        expect(r.description).toBeTruthy();
        const ref = r.content?.["application/json"]?.schema?.$ref;
        if (ref) expect(doc.components.schemas[ref.split("/").pop()]).toBeDefined();
      }
    }
    const page = await (await fetch(`${srv.url}/api/v1/docs?lang=en`)).text();
    expect(page.match(/data-testid="api-operation"/g)!.length).toBe(ops.length);
    expect(page).toContain("listConversations");
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
  });
});
