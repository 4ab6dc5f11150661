// The permission matrix, generated from the route table (src/server.ts `routes`), not hand-listed:
// every route × every built-in role and a custom role is allowed or refused (403) as its declared
// module says; signed out it asks for sign-in; every route with a :param given another scope's
// record (another enterprise's, or another agent's for an own-scope role) answers 404. A route
// without a declared permission fails here. Then the agent socket: an own-scope agent receives
// nothing of others' conversations; supervisors (enterprise or group scope) see them live.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRole } from "../../src/accounts/roles";
import { createSession } from "../../src/accounts/sessions";
import { createEnterprise } from "../../src/accounts/setup";
import { addUser, getUser, type User } from "../../src/accounts/users";
import { isModule, MODULE_NAV, MODULES, type Module } from "../../common/permissions";
import { createGroup, setGroupMembers } from "../../src/routing/groups";
import type { Access, Route } from "../../src/http/route";
import { routes } from "../../src/server";
import { agentUnread, PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;

interface Who {
  label: string;
  user: User;
  modules: readonly Module[];
  /** ids this person must not reach (another enterprise's records; another agent's for own scope) */
  foreign: string[];
}
const people: Record<string, Who> = {};
let bob: User;
let bobConversation = "";
let bobVisitor: Awaited<ReturnType<typeof visitorSocket>>;

/** Public routes may only live where anonymous visitors and sign-in belong. */
// billing/notify: the payment gateways' notifications, believed only after their signature is verified (docs/billing.md).
const PUBLIC_PATHS = /^\/$|^\/(login|setup|lang|verify|widget\.js|api\/widget|signup|operator\/login|operator\/setup|api\/v1\/openapi\.json|api\/v1\/docs|sw\.js|manifest\.webmanifest|billing\/notify)(\/|$)/;
/** "Any signed-in person" is for one's own account (and its devices' push alerts) and signing out, nothing else. */
const USER_PATHS = /^\/(account|logout|api\/push)(\/|$)/;

const needed = (a: Access): Module[] | null => (a === "public" || a === "user" ? null : typeof a === "object" && a ? ([] as Module[]).concat(a.module as Module | Module[]) : []);
const fill = (path: string, value: string) => path.replace(/:[A-Za-z_]+/g, encodeURIComponent(value));
const hasParams = (r: Route) => /:[A-Za-z_]/.test(r.path);

async function call(r: Route, path: string, who: Who | null, hx = true): Promise<{ status: number; code: string | null; location: string | null }> {
  const headers: Record<string, string> = {};
  if (who) {
    // A fresh session per request: some routes (sign-out) end the one they are called with.
    const s = createSession(srv.db, who.user, 1);
    headers.cookie = `parley_session=${s.cookie}`;
    headers["x-csrf-token"] = s.csrfToken;
  }
  if (hx) headers["hx-request"] = "true";
  const init: RequestInit = { method: r.method, headers, redirect: "manual" };
  if (r.method !== "GET") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    init.body = "";
  }
  const res = await fetch(srv.url + path, init);
  const text = await res.text();
  let code: string | null = null;
  try {
    code = JSON.parse(text)?.error?.code ?? null;
  } catch {}
  return { status: res.status, code, location: res.headers.get("location") };
}

/** Every id of every enterprise-owned table of an enterprise: what "another scope's record" can be. */
function idsOf(enterpriseId: string): string[] {
  const tables = (srv.db.$client.query("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const out: string[] = [];
  for (const t of tables) {
    const cols = (srv.db.$client.query(`pragma table_info(${t})`).all() as { name: string; type: string }[]).map((c) => c.name);
    if (!cols.includes("enterprise_id") || !cols.includes("id")) continue;
    for (const row of srv.db.$client.query(`select id from ${t} where enterprise_id = ? and typeof(id) = 'text'`).all(enterpriseId) as { id: string }[]) out.push(row.id);
  }
  return out;
}

async function chatFrom(siteKey: string) {
  const v = await visitorSocket(srv.wsUrl, siteKey);
  v.socket.send({ type: "message", clientId: "hello-1", text: "你好" });
  const ack = await v.socket.next("ack");
  return { v, conversationId: ack.conversationId };
}

beforeAll(async () => {
  srv = await startServer();
  const db = srv.db;
  const eid = srv.enterpriseId;
  const adminA = getUser(db, eid, (db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id)!;
  const actorA = { id: adminA.id, name: adminA.name, enterpriseId: eid };
  const full = { roleId: "admin", modules: MODULES, scope: "enterprise" as const };
  const custom = createRole(db, actorA, full, { name: "Helpdesk", modules: ["workspace", "history", "styles"], scope: "group" });
  const supervisor = await addUser(db, eid, { email: "sue@example.com", password: PASSWORD, name: "Sue Supervisor", role: "supervisor" });
  const helpdesk = await addUser(db, eid, { email: "hal@example.com", password: PASSWORD, name: "Hal Helpdesk", role: custom.id });
  bob = await addUser(db, eid, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" });

  // Another enterprise with records of every kind the product makes.
  const b = await createEnterprise(db, { company: "Other Co", email: "boss@other.example", password: PASSWORD });
  const adminB = getUser(db, b.enterpriseId, b.adminId)!;
  createRole(db, { id: adminB.id, name: adminB.name, enterpriseId: b.enterpriseId }, full, { name: "Other role", modules: ["leads"], scope: "own" });
  const agentB = await addUser(db, b.enterpriseId, { email: "agent@other.example", password: PASSWORD, name: "Other Agent" });
  setGroupMembers(db, b.enterpriseId, createGroup(db, b.enterpriseId, "Other group").id, [agentB.id]);
  const chatB = await chatFrom(b.siteKey);
  chatB.v.socket.close();
  const lead = await fetch(`${srv.url}/api/widget/leads`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ site: b.siteKey, name: "访客", phone: "13800138000", email: "v@other.example", message: "请回电" }),
  });
  expect(lead.status).toBeLessThan(300);

  // Bob's own conversation in enterprise A: own-scope people other than Bob must not reach it.
  const bobSession = createSession(db, bob, 1).cookie;
  const bobSocket = await agentSocket(srv.wsUrl, bobSession);
  const chatA = await chatFrom(srv.siteKey);
  bobConversation = chatA.conversationId;
  expect((db.$client.query("select agent_id from conversations where id = ?").get(bobConversation) as { agent_id: string }).agent_id).toBe(bob.id);
  bobVisitor = chatA.v;
  bobSocket.socket.close();

  const foreignB = idsOf(b.enterpriseId);
  expect(foreignB.length).toBeGreaterThanOrEqual(6);
  const foreignOwn = [...foreignB, bobConversation];
  people.admin = { label: "Admin", user: adminA, modules: MODULES, foreign: foreignB };
  people.supervisor = { label: "Supervisor", user: supervisor, modules: ["workspace", "history", "leads", "customers", "reports"], foreign: foreignB };
  people.agent = { label: "Agent", user: getUser(db, eid, srv.agent.id)!, modules: ["workspace", "history", "leads", "customers"], foreign: foreignOwn };
  people.custom = { label: "Helpdesk (custom, group scope, no group)", user: helpdesk, modules: custom.modules, foreign: foreignOwn };
});
afterAll(() => srv.stop());

describe("the route table", () => {
  test("every route declares its permission: a known module, or public/user only where those belong", () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const where = `${r.method} ${r.path}`;
      const a = r.access as unknown;
      if (a === "public") expect({ where, publicPathAllowed: PUBLIC_PATHS.test(r.path) }).toEqual({ where, publicPathAllowed: true });
      else if (a === "user") expect({ where, userPathAllowed: USER_PATHS.test(r.path) }).toEqual({ where, userPathAllowed: true });
      // Platform operators' console (test/integration/platform-isolation.test.ts checks who it refuses).
      else if (a === "operator") expect({ where, operatorPath: /^\/operator(\/|$)/.test(r.path) }).toEqual({ where, operatorPath: true });
      // The Prometheus scrape: a token with the metrics module or an allowed address (test/integration/metrics.test.ts).
      else if (a === "metrics") expect(where).toBe("GET /metrics");
      else {
        const modules = needed(r.access);
        expect({ where, declared: !!modules && modules.length > 0 && modules.every(isModule) }).toEqual({ where, declared: true });
      }
    }
  });

  test("every navigation entry leads to a page its module opens", () => {
    for (const m of MODULES)
      for (const e of MODULE_NAV[m]) {
        const page = routes.find((r) => r.method === "GET" && r.path === e.href);
        expect({ href: e.href, module: m, opens: !!page && (needed(page.access) ?? []).includes(m) }).toEqual({ href: e.href, module: m, opens: true });
      }
  });
});

describe("signed out", () => {
  test("every non-public route asks for sign-in; public routes never do", async () => {
    for (const r of routes) {
      const res = await call(r, fill(r.path, "nothing-here-000"), null, false);
      const where = `${r.method} ${r.path}`;
      if (r.access === "public") {
        expect({ where, refused: res.status === 401 || res.location?.startsWith("/login?next=") === true }).toEqual({ where, refused: false });
        continue;
      }
      const signIn = r.access === "operator" ? "/operator/login?next=" : "/login?next=";
      const asked = r.api ? res.status === 401 : res.status === 302 && res.location?.startsWith(signIn) === true;
      expect({ where, asked, status: res.status }).toEqual({ where, asked: true, status: r.api ? 401 : 302 });
    }
  });
});

for (const key of ["admin", "supervisor", "agent", "custom"]) {
  describe(`role: ${key}`, () => {
    test("each route is allowed or refused (403) exactly as its module says", async () => {
      const who = people[key]!;
      for (const r of routes) {
        const modules = needed(r.access);
        const allowed = modules === null || modules.some((m) => who.modules.includes(m));
        const res = await call(r, fill(r.path, "nothing-here-000"), who);
        const refused = res.status === 403 && res.code === "forbidden";
        expect({ route: `${r.method} ${r.path}`, refused, unauthorized: res.status === 401 && res.code === "unauthorized" }).toEqual({ route: `${r.method} ${r.path}`, refused: !allowed, unauthorized: false });
      }
    });

    test("another scope's record behind any :param is not found (404)", async () => {
      const who = people[key]!;
      let checked = 0;
      for (const r of routes.filter((r) => hasParams(r) && r.access !== "public")) {
        const modules = needed(r.access);
        if (modules && !modules.some((m) => who.modules.includes(m))) continue;
        for (const id of who.foreign) {
          const res = await call(r, fill(r.path, id), who);
          expect({ route: `${r.method} ${r.path}`, id, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, id, status: 404 });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
}

describe("the agent socket", () => {
  test("an own-scope agent receives nothing of others' conversations; supervisors see them live", async () => {
    const s = (u: User) => createSession(srv.db, u, 1).cookie;
    // A group-scope lead of Bob's group sees Bob's chats, not those of agents outside the group.
    const eid = srv.enterpriseId;
    const lead = await addUser(srv.db, eid, { email: "gina@example.com", password: PASSWORD, name: "Gina Group", role: createRole(srv.db, { id: people.admin!.user.id, name: "Ada", enterpriseId: eid }, { roleId: "admin", modules: MODULES, scope: "enterprise" }, { name: "Group lead", modules: ["workspace"], scope: "group" }).id });
    const bobsGroup = createGroup(srv.db, eid, "Bob's group").id;
    setGroupMembers(srv.db, eid, bobsGroup, [bob.id, lead.id]);

    const ann = await agentSocket(srv.wsUrl, s(people.agent!.user), undefined, null);
    const sue = await agentSocket(srv.wsUrl, s(people.supervisor!.user), undefined, null);
    const gina = await agentSocket(srv.wsUrl, s(lead), undefined, null);
    const bobSock = await agentSocket(srv.wsUrl, s(bob), undefined, null);
    const has = (w: typeof ann, id: string) => w.welcome.conversations!.some((c) => c.id === id);
    expect(has(ann, bobConversation)).toBe(false);
    expect(has(sue, bobConversation)).toBe(true);
    expect(has(gina, bobConversation)).toBe(true);
    expect(has(bobSock, bobConversation)).toBe(true);

    // The visitor writes again in Bob's conversation.
    bobVisitor.socket.send({ type: "message", clientId: "again", text: "还在吗" });
    await bobVisitor.socket.next("ack", (f) => f.clientId === "again");
    await sue.socket.next("message", (f) => f.conversationId === bobConversation && f.text === "还在吗");
    await gina.socket.next("message", (f) => f.conversationId === bobConversation && f.text === "还在吗");
    await bobSock.socket.next("message", (f) => f.conversationId === bobConversation && f.text === "还在吗");
    const leaked = (await ann.socket.collect(300)).filter((f) => JSON.stringify(f).includes(bobConversation));
    expect(leaked).toEqual([]);

    // Gina leaves Bob's group (an admin's change tells the chat core): she stops hearing about his chats.
    setGroupMembers(srv.db, eid, bobsGroup, [bob.id]);
    srv.app.chat.capacityChanged(eid);
    await gina.socket.collect(50);
    bobVisitor.socket.send({ type: "message", clientId: "again-2", text: "人呢" });
    await sue.socket.next("message", (f) => f.conversationId === bobConversation && f.text === "人呢");
    expect((await gina.socket.collect(300)).filter((f) => JSON.stringify(f).includes(bobConversation))).toEqual([]);

    // Ann cannot read, type into or take Bob's conversation; Sue may read but must take it over to write.
    ann.socket.send({ type: "read", conversationId: bobConversation, seq: 1 });
    expect(await ann.socket.next("error")).toMatchObject({ code: "not_found" });
    const unread = () => agentUnread(srv.db.$client, bobConversation);
    const before = unread();
    expect(before).toBeGreaterThan(0);
    sue.socket.send({ type: "read", conversationId: bobConversation, seq: 999 });
    expect((await sue.socket.collect(200)).filter((f) => f.type === "error")).toEqual([]);
    expect(unread()).toBe(before); // watching leaves Bob's unread count alone
    sue.socket.send({ type: "message", clientId: "sue-1", conversationId: bobConversation, text: "我来接手" });
    expect(await sue.socket.next("error")).toMatchObject({ code: "forbidden", clientId: "sue-1" });

    // Sue takes it over over HTTP: it is hers, Bob's list learns it moved, the visitor hears her name.
    const sueSession = createSession(srv.db, people.supervisor!.user, 1);
    const annSession = createSession(srv.db, people.agent!.user, 1);
    const take = (sess: { cookie: string; csrfToken: string }) =>
      fetch(`${srv.url}/api/conversations/${bobConversation}/take`, { method: "POST", headers: { cookie: `parley_session=${sess.cookie}`, "x-csrf-token": sess.csrfToken } });
    expect((await take(annSession)).status).toBe(404);
    const took = await take(sueSession);
    expect(took.status).toBe(200);
    expect((await took.json()).conversation.agentId).toBe(people.supervisor!.user.id);
    await bobSock.socket.next("conversation", (f) => f.conversation.id === bobConversation && f.conversation.agentId === people.supervisor!.user.id);
    sue.socket.send({ type: "message", clientId: "sue-2", conversationId: bobConversation, text: "我来接手" });
    await sue.socket.next("ack", (f) => f.clientId === "sue-2");

    // A role without the workspace module cannot open the agent socket at all.
    const noWorkspace = await addUser(srv.db, eid, { email: "styles@example.com", password: PASSWORD, name: "Stella", role: createRole(srv.db, { id: people.admin!.user.id, name: "Ada", enterpriseId: eid }, { roleId: "admin", modules: MODULES, scope: "enterprise" }, { name: "Stylist", modules: ["styles"], scope: "own" }).id });
    const refused = new (WebSocket as any)(`${srv.wsUrl}/ws/agent`, { headers: { cookie: `parley_session=${s(noWorkspace)}` } }) as WebSocket;
    expect(await new Promise<number>((r) => (refused.onclose = (e) => r(e.code)))).toBe(4403);
    for (const w of [ann, sue, gina, bobSock, bobVisitor]) w.socket.close();
  });
});
