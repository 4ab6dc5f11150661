// Seats (F3) over real HTTP and sockets: invite → personal link (once, expiry, revoke, re-issue) →
// verify → activate → sign in; disabling ends sessions and sockets, refuses sign-in and hands the
// seat's conversations on; an admin's password reset needs a new link; the audit log records it all.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let admin: HttpClient;
let token: string;

const linkIn = (html: string) => /data-testid="verification-link"[^>]*>([^<]+)</.exec(html)?.[1] ?? null;
const seatRow = (html: string, email: string) => new RegExp(`<tr[^>]*data-seat="([^"]+)"[^>]*data-email="${email.replace(/[.]/g, "\\.")}"[^>]*data-state="([a-z]+)"`).exec(html);
const path = (url: string) => new URL(url).pathname;
/** The sign-in page's message, which must be the catalogue's `key` in the page's language. */
async function loginError(res: Response, key: string) {
  const html = await res.text();
  const lang = /<html lang="([^"]+)"/.exec(html)![1] as "en" | "zh-CN";
  expect(/data-testid="login-error">([^<]*)</.exec(html)?.[1]).toBe(t(lang, key));
}

async function act(c: HttpClient, p: string, form: Record<string, string> = {}) {
  return c.post(p, { _csrf: await c.csrf("/account"), ...form }, { "hx-request": "true" });
}

async function invite(email: string, extra: Record<string, string> = {}) {
  const res = await act(admin, "/admin/agents", { name: "New Agent", email, cap: "3", role: "agent", ...extra });
  const html = await res.text();
  return { res, html, link: linkIn(html), id: seatRow(html, email)?.[1] ?? "" };
}

async function verify(link: string, password = "verified-pass-1", name = "Vera") {
  const c = new HttpClient(srv.url);
  const csrf = await c.csrf("/login"); // the pre-session token is the same for every form of this browser
  return c.post(path(link), { _csrf: csrf, name, password, repeat: password });
}

beforeAll(async () => {
  srv = await startServer({ loginLimits: { perPair: 1000, perAddress: 1000, windowMs: 60_000 } });
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  token = await admin.csrf("/admin/agents");
});
afterAll(() => srv.stop());

describe("seat lifecycle", () => {
  test("invite → link → verify → activate → sign in", async () => {
    const { res, html, link, id } = await invite("vera@example.com");
    expect(res.status).toBe(200);
    expect(link).toMatch(new RegExp(`^${srv.url}/verify/[a-z0-9]{32}$`));
    expect(seatRow(html, "vera@example.com")![2]).toBe("invited");
    // The database keeps only a hash of the token.
    const t = link!.split("/").pop()!;
    expect(JSON.stringify(srv.db.$client.query("select * from seat_links").all())).not.toContain(t);

    // Not active yet: no sign-in.
    const vera = new HttpClient(srv.url);
    expect((await vera.login("vera@example.com", "verified-pass-1")).status).toBe(401);

    // The link's page; weak passwords are refused by the policy.
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("vera@example.com");
    for (const [bad, code] of [["short", "8"], ["password123", /common|常见/], ["vera@example.com", /email|邮箱/]] as const) {
      const r = await verify(link!, bad);
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(code);
    }
    const ok = await verify(link!);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-testid="verify-done"');
    // Valid once.
    expect((await fetch(link!)).status).toBe(410);
    expect((await verify(link!, "another-pass-9")).status).toBe(410);
    // Verified, not active: the right password hears that the seat waits for the admin; a wrong one learns nothing.
    const waiting = await vera.login("vera@example.com", "verified-pass-1");
    expect(waiting.status).toBe(403);
    await loginError(waiting, "common.login.seat_waiting");
    const wrong = await vera.login("vera@example.com", "not-her-pass-1");
    expect(wrong.status).toBe(401);
    await loginError(wrong, "common.login.failed");

    const activated = await act(admin, `/admin/agents/${id}/activate`);
    expect(activated.status).toBe(200);
    expect(seatRow(await activated.text(), "vera@example.com")![2]).toBe("active");
    const signed = await vera.login("vera@example.com", "verified-pass-1");
    expect(signed.status).toBe(303);
    expect(signed.headers.get("location")).toBe("/workspace");
    expect(await (await vera.get("/workspace")).text()).toContain("Vera"); // the display name they chose
  });

  test("a link expires, can be revoked, and a re-issued one replaces the old", async () => {
    const { link, id } = await invite("exp@example.com");
    srv.db.$client.run("update seat_links set expires_at = ? where token_hash = ?", [Date.now() - 1, new Bun.CryptoHasher("sha256").update(link!.split("/").pop()!).digest("hex")]);
    expect((await fetch(link!)).status).toBe(410);
    expect(await (await fetch(link!)).text()).toMatch(/expired|过期/);

    const reissued = linkIn(await (await act(admin, `/admin/agents/${id}/link`)).text())!;
    expect(reissued).not.toBe(link);
    expect((await fetch(reissued)).status).toBe(200);
    const again = linkIn(await (await act(admin, `/admin/agents/${id}/link`)).text())!;
    expect((await fetch(reissued)).status).toBe(410); // the earlier one stopped working
    const revoked = await act(admin, `/admin/agents/${id}/link/revoke`);
    expect(await revoked.text()).toMatch(/no longer works|已失效/);
    expect((await fetch(again)).status).toBe(410);
    expect((await fetch(`${srv.url}/verify/${"x".repeat(32)}`)).status).toBe(404);
    // Activation needs verification first.
    expect((await act(admin, `/admin/agents/${id}/activate`)).status).toBe(409);
  });

  test("the link's validity follows the setting (default 7 days)", async () => {
    const before = Date.now();
    const { link } = await invite("week@example.com");
    const row = srv.db.$client.query("select expires_at from seat_links where token_hash = ?").get(new Bun.CryptoHasher("sha256").update(link!.split("/").pop()!).digest("hex")) as { expires_at: number };
    expect(row.expires_at - before).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(row.expires_at - before).toBeLessThan(7 * 86_400_000 + 60_000);
  });

  test("disabling ends sessions and sockets, refuses sign-in and hands the seat's conversations on", async () => {
    const ann = new HttpClient(srv.url);
    await ann.login(srv.agent.email, srv.agent.password);
    const sock = await agentSocket(srv.wsUrl, ann.session!);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "d1", text: "hello?" });
    const ack = await v.socket.next("ack");
    const agentOf = () => (srv.db.$client.query("select agent_id from conversations where id = ?").get(ack.conversationId) as { agent_id: string | null }).agent_id;
    // Vera (from the first test) may be online too; make sure the chat is Ann's.
    if (agentOf() !== srv.agent.id) srv.db.$client.run("update conversations set agent_id = ? where id = ?", [srv.agent.id, ack.conversationId]);

    const res = await act(admin, `/admin/agents/${srv.agent.id}/disable`);
    expect(res.status).toBe(200);
    expect(seatRow(await res.text(), srv.agent.email)![2]).toBe("disabled");
    // The socket is closed by the server, the session is gone, sign-in is refused.
    for (let i = 0; i < 100 && !sock.socket.closed; i++) await Bun.sleep(20);
    expect(sock.socket.closed?.code).toBe(4401);
    expect((await ann.get("/workspace")).status).toBe(302);
    const refused = await new HttpClient(srv.url).login(srv.agent.email, srv.agent.password);
    expect(refused.status).toBe(403);
    await loginError(refused, "common.login.seat_disabled");
    expect((await new HttpClient(srv.url).login(srv.agent.email, "not-her-pass-1")).status).toBe(401);
    // The conversation is no longer hers: it went to another agent or waits in the queue.
    expect(agentOf()).not.toBe(srv.agent.id);
    // A socket opened with the old cookie is refused.
    const late = new (WebSocket as any)(`${srv.wsUrl}/ws/agent`, { headers: { cookie: `parley_session=${ann.session}` } }) as WebSocket;
    const closed = await new Promise<number>((r) => (late.onclose = (e) => r(e.code)));
    expect(closed).toBe(4401);

    // Enabled again: she signs in.
    const enabled = await act(admin, `/admin/agents/${srv.agent.id}/activate`);
    expect(seatRow(await enabled.text(), srv.agent.email)![2]).toBe("active");
    expect((await new HttpClient(srv.url).login(srv.agent.email, srv.agent.password)).status).toBe(303);
    v.socket.close();
  });

  test("an admin's password reset signs the seat out and needs a new link", async () => {
    const ann = new HttpClient(srv.url);
    await ann.login(srv.agent.email, srv.agent.password);
    const res = await act(admin, `/admin/agents/${srv.agent.id}/reset`);
    const html = await res.text();
    const link = linkIn(html)!;
    expect(html).toMatch(/was reset|已重置/);
    expect(seatRow(html, srv.agent.email)![2]).toBe("invited");
    expect((await ann.get("/workspace")).status).toBe(302);
    expect((await new HttpClient(srv.url).login(srv.agent.email, PASSWORD)).status).toBe(401);
    expect((await verify(link, "after-reset-7", "Ann Agent")).status).toBe(200);
    await act(admin, `/admin/agents/${srv.agent.id}/activate`);
    expect((await new HttpClient(srv.url).login(srv.agent.email, "after-reset-7")).status).toBe(303);
    srv.agent.password = "after-reset-7";
  });

  test("nobody changes their own seat, and a manager cannot act beyond their own role", async () => {
    const adminId = (srv.db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id;
    expect((await act(admin, `/admin/agents/${adminId}/disable`)).status).toBe(403);
    // A team manager: agents and roles, enterprise scope, nothing else.
    const roles = await act(admin, "/admin/roles", { name: "Team manager", modules: "agents_roles", scope: "enterprise" });
    expect(roles.status).toBe(200);
    const roleId = (srv.db.$client.query("select id from roles where name = 'Team manager'").get() as { id: string }).id;
    const { link, id } = await invite("manager@example.com", { role: roleId });
    await verify(link!, "manager-pass-1", "Max");
    await act(admin, `/admin/agents/${id}/activate`);
    const max = new HttpClient(srv.url);
    expect((await max.login("manager@example.com", "manager-pass-1")).headers.get("location")).toBe("/admin");
    // May not hand out the Admin role, nor touch the admin's seat (Admin grants more than his role).
    const grab = await act(max, "/admin/agents", { name: "Sneaky", email: "sneaky@example.com", role: "admin" });
    expect(grab.status).toBe(403);
    expect((await act(max, `/admin/agents/${adminId}/disable`)).status).toBe(403);
    // May not create a role with more than he holds.
    expect((await act(max, "/admin/roles", { name: "Bigger", modules: "settings", scope: "enterprise" })).status).toBe(403);
    // Agents (whose role is not within his: it grants the workspace) are not his to manage either.
    expect((await act(max, `/admin/agents/${srv.agent.id}/disable`)).status).toBe(403);
  });
});

describe("the audit log", () => {
  test("records who changed what, filterable by action and person, paged", async () => {
    const all = await (await admin.get("/admin/audit")).text();
    for (const action of ["seat.invited", "seat.link_issued", "seat.verified", "seat.activated", "seat.disabled", "seat.enabled", "seat.password_reset", "seat.link_revoked", "role.created"])
      expect(all).toContain(`data-action="${action}"`);
    const disabled = await (await admin.get("/admin/audit?action=seat.disabled")).text();
    expect(disabled.match(/data-testid="audit-entry"/g)!.length).toBe(1);
    expect(disabled).toContain("Ann Agent");
    const adminId = (srv.db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id;
    const byAdmin = await (await admin.get(`/admin/audit?actor=${adminId}`)).text();
    expect(byAdmin).not.toContain('data-action="seat.verified"'); // agents verify themselves
    const future = await (await admin.get("/admin/audit?from=2999-01-01")).text();
    expect(future).toContain('data-testid="audit-empty"');
    const today = new Date().toLocaleDateString("en-CA");
    expect(await (await admin.get(`/admin/audit?from=${today}&to=${today}`)).text()).toContain('data-action="seat.invited"');
    // 60 more entries make a second page.
    for (let i = 0; i < 60; i++) srv.db.$client.run("insert into audit_log (enterprise_id, at, actor_id, actor_name, action, target_type, target_id) values (?, ?, null, 'test', 'settings.updated', 'settings', 'x')", [srv.enterpriseId, Date.now() - 1000]);
    const first = await (await admin.get("/admin/audit")).text();
    expect(first).toContain('data-testid="audit-older"');
    const second = await (await admin.get("/admin/audit?page=2")).text();
    expect(second.match(/data-testid="audit-entry"/g)!.length).toBeGreaterThan(0);
    expect(second).toContain("settings.updated"); // another area's action without a label shows as it is
  });
});
