// The admin's side of routing over real HTTP: sites (add, rename), agent groups with members, each
// site's routing order, basic settings with their validation, the audit log entries; the workspace's
// transfer-targets API; and changes that free capacity serving waiting visitors at once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { reorder } from "../../src/routing/routes";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let admin: HttpClient;
let ann: HttpClient;
let token: string;
let annToken: string;
let siteId: string;
let adaId: string;

const htmx = { "hx-request": "true" };
const post = (c: HttpClient, path: string, form: Record<string, string | string[]>, tok = token) => {
  const body = new URLSearchParams({ _csrf: tok });
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...htmx } });
};
const q = <T,>(sql: string, ...args: unknown[]) => srv.db.$client.query(sql).all(...(args as any[])) as T[];
const groupIdOf = (name: string) => q<{ id: string }>("select id from agent_groups where name = ?", name)[0]!.id;
const siteOrder = (id = siteId) => q<{ group_id: string }>("select group_id from site_groups where site_id = ? order by position", id).map((r) => r.group_id);
const audits = (action: string) => q<{ target_name: string; details: string }>("select target_name, details from audit_log where action = ? order by id", action);

beforeAll(async () => {
  srv = await startServer({ loginLimits: { perPair: 1000, perAddress: 1000, windowMs: 60_000 } });
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  token = await admin.csrf("/admin/sites");
  ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, PASSWORD);
  annToken = await ann.csrf("/account");
  siteId = q<{ id: string }>("select id from sites")[0]!.id;
  adaId = q<{ id: string }>("select id from users where email = ?", srv.admin.email)[0]!.id;
});
afterAll(() => srv.stop());

describe("sites", () => {
  test("the page lists each site with its key and embed link; sites are added and renamed", async () => {
    const page = await (await admin.get("/admin/sites")).text();
    expect(page).toContain(srv.siteKey);
    expect(page).toContain(`/admin/embed#embed-${siteId}`);
    expect(page).toContain('href="/admin/groups"'); // the navigation: sites & groups, settings
    expect(page).toContain('href="/admin/settings"');

    const added = await post(admin, "/admin/sites", { name: "Second shop 二店" });
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toStartWith('<section id="sites"');
    expect(html).toContain("Second shop 二店");
    const second = q<{ id: string; key: string }>("select id, key from sites where name = ?", "Second shop 二店")[0]!;
    expect(html).toContain(second.key);

    const renamed = await post(admin, `/admin/sites/${second.id}`, { name: "Outlet" });
    expect(renamed.status).toBe(200);
    expect(await renamed.text()).toContain('value="Outlet"');
    expect(q("select key from sites where id = ?", second.id)).toEqual([{ key: second.key }]); // the embed code stays valid

    const empty = await post(admin, "/admin/sites", { name: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('data-testid="flash-error"');
    expect((await post(admin, "/admin/sites/site_nope", { name: "X" })).status).toBe(404);
    expect(audits("site.created").map((a) => a.target_name)).toEqual(["Second shop 二店"]);
    expect(JSON.parse(audits("site.renamed")[0]!.details)).toEqual({ from: "Second shop 二店" });
  });
});

describe("groups and routing order", () => {
  test("groups are created, renamed, given members; each site's order is edited step by step", async () => {
    expect((await post(admin, "/admin/groups", { name: "Sales 销售" })).status).toBe(200);
    expect((await post(admin, "/admin/groups", { name: "Support" })).status).toBe(200);
    expect((await post(admin, "/admin/groups", { name: "" })).status).toBe(400);
    const sales = groupIdOf("Sales 销售");
    const support = groupIdOf("Support");

    const renamed = await post(admin, `/admin/groups/${support}`, { name: "After-sales 售后" });
    expect(await renamed.text()).toContain("After-sales 售后");

    const members = await post(admin, `/admin/groups/${sales}/members`, { members: ["", srv.agent.id, adaId] });
    expect(members.status).toBe(200);
    expect(q<{ user_id: string }>("select user_id from group_members where group_id = ? order by user_id", sales).map((r) => r.user_id)).toEqual([srv.agent.id, adaId].sort());
    // Unchecking every box sends only the empty marker: no members.
    await post(admin, `/admin/groups/${support}/members`, { members: [""] });
    expect(q("select * from group_members where group_id = ?", support)).toEqual([]);
    expect((await post(admin, `/admin/groups/${sales}/members`, { members: ["usr_unknown"] })).status).toBe(404);

    for (const group of [sales, support]) await post(admin, `/admin/sites/${siteId}/groups`, { op: "add", group });
    expect(siteOrder()).toEqual([sales, support]);
    await post(admin, `/admin/sites/${siteId}/groups`, { op: "up", group: support });
    expect(siteOrder()).toEqual([support, sales]);
    await post(admin, `/admin/sites/${siteId}/groups`, { op: "down", group: support });
    expect(siteOrder()).toEqual([sales, support]);
    const page = await (await admin.get("/admin/groups")).text();
    expect(page.indexOf(`data-group="${sales}"`, page.indexOf(`id="order-${siteId}"`))).toBeLessThan(page.indexOf(`data-group="${support}"`, page.indexOf(`id="order-${siteId}"`)));
    expect((await post(admin, `/admin/sites/${siteId}/groups`, { op: "add", group: "grp_unknown" })).status).toBe(404);
    expect((await post(admin, `/admin/sites/${siteId}/groups`, { op: "sideways", group: sales })).status).toBe(400);

    // Deleting a group takes it out of every site's order.
    const deleted = await post(admin, `/admin/groups/${support}/delete`, {});
    expect(deleted.status).toBe(200);
    expect(siteOrder()).toEqual([sales]);
    expect(audits("group.created").length).toBe(2);
    expect(audits("group.deleted").map((a) => a.target_name)).toEqual(["After-sales 售后"]);
    expect(JSON.parse(audits("site.groups_changed").at(-1)!.details)).toEqual({ from: [support, sales], to: [sales, support] });

    await post(admin, `/admin/sites/${siteId}/groups`, { op: "remove", group: sales });
    expect(siteOrder()).toEqual([]);
  });

  test("reorder: one step of editing a site's order", () => {
    expect(reorder(["a", "b", "c"], "up", "a")).toEqual(["a", "b", "c"]);
    expect(reorder(["a", "b", "c"], "down", "c")).toEqual(["a", "b", "c"]);
    expect(reorder(["a", "b", "c"], "down", "a")).toEqual(["b", "a", "c"]);
    expect(reorder(["a", "b"], "add", "a")).toEqual(["a", "b"]);
    expect(reorder(["a", "b"], "remove", "x")).toEqual(["a", "b"]);
  });

  test("adding a member to the site's group serves a waiting visitor at once", async () => {
    const vip = (await (await post(admin, "/admin/groups", { name: "VIP" })).text()) && groupIdOf("VIP");
    await post(admin, `/admin/sites/${siteId}/groups`, { op: "add", group: vip });
    const annSocket = await agentSocket(srv.wsUrl, ann.session!);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "wait-1", text: "anyone?" });
    const ack = await v.socket.next("ack");
    expect((await v.socket.next("queue")).position).toBe(1); // Ann is online but not in VIP
    await post(admin, `/admin/groups/${vip}/members`, { members: [srv.agent.id] });
    expect((await v.socket.next("agent")).name).toBe("Ann Agent");
    expect(q("select agent_id from conversations where id = ?", ack.conversationId)).toEqual([{ agent_id: srv.agent.id }]);
    annSocket.socket.send({ type: "close", conversationId: ack.conversationId });
    await v.socket.next("closed");
    await post(admin, `/admin/sites/${siteId}/groups`, { op: "remove", group: vip });
    annSocket.socket.close();
    v.socket.close();
  });

  test("agents may not use these pages", async () => {
    expect((await ann.get("/admin/groups")).status).toBe(403);
    expect((await ann.get("/admin/sites")).status).toBe(403);
    expect((await ann.get("/admin/settings")).status).toBe(403);
    expect((await post(ann, "/admin/groups", { name: "Mine" }, annToken)).status).toBe(403);
    expect((await post(ann, "/admin/settings", { graceSeconds: "5" }, annToken)).status).toBe(403);
  });
});

describe("basic settings", () => {
  test("defaults, a refused value shown next to its field, a saved change", async () => {
    const page = await (await admin.get("/admin/settings")).text();
    for (const [f, v] of [["idleCloseMinutes", "30"], ["visitorLeftCloseMinutes", "10"], ["graceSeconds", "60"], ["leaveMessageQueueLength", ""]])
      expect(page).toMatch(new RegExp(`name="${f}"[^>]*value${v ? `="${v}"` : '[ />]'}`));

    const bad = await post(admin, "/admin/settings", { idleCloseMinutes: "0", visitorLeftCloseMinutes: "15", graceSeconds: "90", leaveMessageQueueLength: "" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/name="idleCloseMinutes"[^>]*value="0"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/data-testid="setting-error"[^>]*>[^<]*1[^<]*10080/);
    expect(html).toMatch(/name="graceSeconds"[^>]*value="90"/); // what was typed stays
    expect(q("select idle_close_minutes, grace_seconds from enterprise_settings")).toEqual([{ idle_close_minutes: 30, grace_seconds: 60 }]);

    const ok = await post(admin, "/admin/settings", { idleCloseMinutes: "45", visitorLeftCloseMinutes: "15", graceSeconds: "90", leaveMessageQueueLength: "3" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-testid="flash-notice"');
    expect(q("select idle_close_minutes, visitor_left_close_minutes, grace_seconds, leave_message_queue_length from enterprise_settings")).toEqual([
      { idle_close_minutes: 45, visitor_left_close_minutes: 15, grace_seconds: 90, leave_message_queue_length: 3 },
    ]);
    await post(admin, "/admin/settings", { idleCloseMinutes: "45", visitorLeftCloseMinutes: "15", graceSeconds: "90", leaveMessageQueueLength: "" });
    expect(q("select leave_message_queue_length from enterprise_settings")).toEqual([{ leave_message_queue_length: null }]);
    const changes = audits("settings.updated").map((a) => JSON.parse(a.details));
    expect(changes[0]).toEqual({ idleCloseMinutes: { from: 30, to: 45 }, visitorLeftCloseMinutes: { from: 10, to: 15 }, graceSeconds: { from: 60, to: 90 }, leaveMessageQueueLength: { from: null, to: 3 } });
    expect(changes[1]).toEqual({ leaveMessageQueueLength: { from: 3, to: null } });
  });

  test("a queue at least as long as the setting offers the message form to new visitors", async () => {
    srv.db.$client.run("update users set cap = 1 where id = ?", [srv.agent.id]);
    srv.app.chat.capacityChanged(srv.enterpriseId);
    const offer = async () => ((await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`)).json()) as { offerLeaveMessage: boolean }).offerLeaveMessage;
    const a = await agentSocket(srv.wsUrl, ann.session!);
    expect(await offer()).toBe(false);
    const chats = [];
    for (const text of ["first", "second"]) {
      const v = await visitorSocket(srv.wsUrl, srv.siteKey);
      v.socket.send({ type: "message", clientId: text, text });
      chats.push({ ...v, conversationId: (await v.socket.next("ack")).conversationId });
    }
    // One waits; with no setting the queue never offers the form.
    expect(await offer()).toBe(false);
    await post(admin, "/admin/settings", { leaveMessageQueueLength: "1" });
    expect(await offer()).toBe(true);
    await post(admin, "/admin/settings", { leaveMessageQueueLength: "2" });
    expect(await offer()).toBe(false);
    for (const c of chats) a.socket.send({ type: "close", conversationId: c.conversationId });
    await chats[1]!.socket.next("closed");
    a.socket.close();
    for (const c of chats) c.socket.close();
  });
});

describe("transfer targets", () => {
  test("the other active seats with status and load, available first; groups with available members", async () => {
    const sales = groupIdOf("Sales 销售");
    const res = await admin.get("/api/transfer-targets");
    expect(res.status).toBe(200);
    const offline = await res.json();
    expect(offline.agents).toEqual([{ id: srv.agent.id, name: "Ann Agent", status: "offline", open: 0, cap: 1 }]); // never the asker
    expect(offline.groups).toContainEqual({ id: sales, name: "Sales 销售", available: 0 });

    const a = await agentSocket(srv.wsUrl, ann.session!);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "tt", text: "hi" });
    const ack = await v.socket.next("ack");
    const online = await (await admin.get("/api/transfer-targets")).json();
    expect(online.agents).toEqual([{ id: srv.agent.id, name: "Ann Agent", status: "online", open: 1, cap: 1 }]);
    expect(online.groups).toContainEqual({ id: sales, name: "Sales 销售", available: 1 });
    // Agents may ask (it is the workspace's dialog); signed-out people may not.
    const mine = await (await ann.get("/api/transfer-targets")).json();
    expect(mine.agents.map((x: { id: string }) => x.id)).toEqual([adaId]);
    expect((await fetch(`${srv.url}/api/transfer-targets`)).status).toBe(401);
    a.socket.send({ type: "close", conversationId: ack.conversationId });
    await v.socket.next("closed");
    a.socket.close();
    v.socket.close();
  });
});
