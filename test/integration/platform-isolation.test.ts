// Isolation between enterprises on one platform install, generated from the route table (like
// permissions.test.ts): two signed-up enterprises with the same kinds of records; every route that
// takes an id answers B's admin 404 for each of A's records and changes none of A's rows; operator
// routes refuse every enterprise user and enterprise routes refuse operators; on the sockets, B's
// agent never hears of A's conversations and A's site key reaches nothing of B's.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRole } from "../../src/accounts/roles";
import { createSession } from "../../src/accounts/sessions";
import { addUser, getUser, type User } from "../../src/accounts/users";
import { MODULES } from "../../common/permissions";
import { createGroup, setGroupMembers } from "../../src/routing/groups";
import { createOperatorSession } from "../../src/platform/operator-sessions";
import { addOperator } from "../../src/platform/operators";
import { reviewVerification } from "../../src/platform/verification";
import type { Route } from "../../src/http/route";
import { routes } from "../../src/server";
import { PASSWORD, type TestServer } from "../helpers/server";
import { PNG_BYTES, signUpFirm, startPlatform, submitLicence, VALID_CODES } from "../helpers/platform";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
interface Firm {
  id: string;
  admin: User;
  agent: User;
  siteKey: string;
  conversationId: string;
}
const firms: Record<"a" | "b", Firm> = {} as never;
let operatorCookie = "";
let operatorCsrf = "";

const fill = (path: string, value: string) => path.replace(/:[A-Za-z_]+/g, encodeURIComponent(value));
const hasParams = (r: Route) => /:[A-Za-z_]/.test(r.path);
const enterpriseRoute = (r: Route) => r.access !== "public" && r.access !== "operator";

async function call(r: Route, path: string, auth: { cookie: string; csrf: string }): Promise<{ status: number; location: string | null }> {
  const headers: Record<string, string> = { cookie: auth.cookie, "x-csrf-token": auth.csrf, "hx-request": "true" };
  const init: RequestInit = { method: r.method, headers, redirect: "manual" };
  if (r.method !== "GET") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    init.body = "";
  }
  const res = await fetch(srv.url + path, init);
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") };
}

function as(user: User): { cookie: string; csrf: string } {
  const s = createSession(srv.db, user, 1);
  return { cookie: `parley_session=${s.cookie}`, csrf: s.csrfToken };
}

/** Every enterprise-owned table's rows of one enterprise, as JSON: what "changes nothing" compares. */
function snapshot(enterpriseId: string): string {
  const tables = (srv.db.$client.query("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const cols = (srv.db.$client.query(`pragma table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    if (!cols.includes("enterprise_id")) continue;
    out[t] = srv.db.$client.query(`select * from ${t} where enterprise_id = ? order by rowid`).all(enterpriseId);
  }
  return JSON.stringify(out);
}

function idsOf(enterpriseId: string): string[] {
  const tables = (srv.db.$client.query("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const out: string[] = [];
  for (const t of tables) {
    const cols = (srv.db.$client.query(`pragma table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    if (!cols.includes("enterprise_id") || !cols.includes("id")) continue;
    for (const row of srv.db.$client.query(`select id from ${t} where enterprise_id = ? and typeof(id) = 'text'`).all(enterpriseId) as { id: string }[]) out.push(row.id);
  }
  return out;
}

async function makeFirm(name: string, code: string, operator: { id: string; name: string }): Promise<Firm> {
  const { client, enterpriseId: id } = await signUpFirm(srv, { company: name });
  expect((await submitLicence(client, { creditCode: code })).status).toBe(303);
  const ver = (srv.db.$client.query("select id from verifications where enterprise_id = ?").get(id) as { id: string }).id;
  reviewVerification(srv.db, operator, ver, "approve", "");
  const admin = getUser(srv.db, id, (srv.db.$client.query("select id from users where enterprise_id = ?").get(id) as { id: string }).id)!;
  const agent = await addUser(srv.db, id, { email: `agent-${id}@firm.example`, password: PASSWORD, name: `${name} Agent` });
  setGroupMembers(srv.db, id, createGroup(srv.db, id, `${name} group`).id, [agent.id]);
  createRole(srv.db, { id: admin.id, name: admin.name, enterpriseId: id }, { roleId: "admin", modules: MODULES, scope: "enterprise" }, { name: `${name} role`, modules: ["leads"], scope: "own" });
  const siteKey = (srv.db.$client.query("select key from sites where enterprise_id = ?").get(id) as { key: string }).key;
  // A chat (taken by the admin, who is online), an attachment, and a lead.
  const adminSocket = await agentSocket(srv.wsUrl, createSession(srv.db, admin, 1).cookie);
  const v = await visitorSocket(srv.wsUrl, siteKey);
  v.socket.send({ type: "message", clientId: "hi-1", text: "你好" });
  const ack = await v.socket.next("ack");
  const form = new FormData();
  form.set("site", siteKey);
  form.set("vid", v.visitorId);
  form.set("file", new File([PNG_BYTES as Uint8Array<ArrayBuffer>], "photo.png", { type: "image/png" }));
  expect((await fetch(`${srv.url}/api/widget/uploads`, { method: "POST", body: form })).status).toBe(201);
  const lead = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ site: siteKey, name: "访客", phone: "13800138000", message: "请回电" }) });
  expect(lead.status).toBeLessThan(300);
  v.socket.close();
  adminSocket.socket.close();
  return { id, admin, agent, siteKey, conversationId: ack.conversationId };
}

beforeAll(async () => {
  srv = await startPlatform();
  const op = await addOperator(srv.db, { email: "iso-op@platform.example", password: "operator-pass-1", name: "Iso" });
  const opSession = createOperatorSession(srv.db, op);
  operatorCookie = `parley_operator=${opSession.cookie}`;
  operatorCsrf = opSession.csrfToken;
  firms.a = await makeFirm("Alpha", VALID_CODES[0]!, { id: op.id, name: "Iso" });
  firms.b = await makeFirm("Beta", VALID_CODES[1]!, { id: op.id, name: "Iso" });
});
afterAll(() => srv.stop());

describe("two enterprises on one platform", () => {
  test("every route that takes an id answers B's admin 404 for each of A's records, and A's rows do not change", async () => {
    const foreign = idsOf(firms.a.id);
    expect(foreign.length).toBeGreaterThanOrEqual(8);
    expect(foreign).toContain(firms.a.conversationId);
    expect(foreign.some((id) => id.startsWith("ver_"))).toBe(true);
    const before = snapshot(firms.a.id);
    const bAdmin = as(firms.b.admin);
    let checked = 0;
    for (const r of routes.filter((r) => hasParams(r) && enterpriseRoute(r))) {
      for (const id of foreign) {
        const res = await call(r, fill(r.path, id), bAdmin);
        expect({ route: `${r.method} ${r.path}`, id, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, id, status: 404 });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(snapshot(firms.a.id)).toBe(before);
  });

  test("operator routes refuse every enterprise user (403)", async () => {
    for (const who of [firms.a.admin, firms.a.agent, firms.b.admin]) {
      const auth = as(who);
      for (const r of routes.filter((r) => r.access === "operator")) {
        const res = await call(r, fill(r.path, firms.a.id), auth);
        expect({ route: `${r.method} ${r.path}`, who: who.email, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, who: who.email, status: 403 });
      }
    }
  });

  test("enterprise routes refuse operators: they are asked to sign in as an enterprise user", async () => {
    const auth = { cookie: operatorCookie, csrf: operatorCsrf };
    const before = snapshot(firms.a.id);
    for (const r of routes.filter(enterpriseRoute)) {
      const res = await call(r, fill(r.path, firms.a.conversationId), auth);
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 401 });
    }
    expect(snapshot(firms.a.id)).toBe(before);
  });

  test("sockets: B's agent never hears of A's conversations; A's site key reaches nothing of B's", async () => {
    const bAgent = await agentSocket(srv.wsUrl, createSession(srv.db, firms.b.admin, 1).cookie);
    expect(bAgent.welcome.conversations!.some((c) => c.id === firms.a.conversationId)).toBe(false);
    const aAdmin = await agentSocket(srv.wsUrl, createSession(srv.db, firms.a.admin, 1).cookie);
    const v = await visitorSocket(srv.wsUrl, firms.a.siteKey);
    v.socket.send({ type: "message", clientId: "a-2", text: "A 的新对话" });
    const ack = await v.socket.next("ack");
    await aAdmin.socket.next("message", (f) => f.conversationId === ack.conversationId);
    const heard = (await bAgent.socket.collect(300)).filter((f) => JSON.stringify(f).includes(ack.conversationId) || JSON.stringify(f).includes("A 的新对话"));
    expect(heard).toEqual([]);
    expect((srv.db.$client.query("select enterprise_id from conversations where id = ?").get(ack.conversationId) as { enterprise_id: string }).enterprise_id).toBe(firms.a.id);
    // B's own actions over the socket on A's conversation are refused as unknown.
    bAgent.socket.send({ type: "read", conversationId: ack.conversationId, seq: 1 });
    expect(await bAgent.socket.next("error")).toMatchObject({ code: "not_found" });
    // A visitor holding A's site key cannot fetch B's attachment.
    const bAttachment = (srv.db.$client.query("select id from attachments where enterprise_id = ?").get(firms.b.id) as { id: string }).id;
    const form = new FormData();
    form.set("site", firms.a.siteKey);
    form.set("vid", v.visitorId);
    expect((await fetch(`${srv.url}/api/widget/files/${bAttachment}`, { method: "POST", body: form })).status).toBe(404);
    for (const s of [bAgent, aAdmin, v]) s.socket.close();
  });
});
