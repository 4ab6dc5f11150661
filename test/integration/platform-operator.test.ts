// Operators and the console: `parley operator add`, the first-run set-up of a fresh platform data
// directory, sign-in with password and a TOTP code that works once, operators and enterprise users
// kept apart, enterprises found by name, ID and email, suspension and resumption, platform settings.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/accounts/sessions";
import { getUser } from "../../src/accounts/users";
import { createToken } from "../../src/api/tokens";
import { codeFor, englishClient, operatorClient, signUpFirm, startPlatform } from "../helpers/platform";
import { addOperator } from "../../src/platform/operators";
import { parseProxyRules } from "../../src/http/client-address";
import { runCli } from "../helpers/process";
import { tempDir, type TestServer } from "../helpers/server";
import { agentSocket } from "../helpers/sockets";
import { rmSync } from "node:fs";
import { until } from "../helpers/wait";

let srv: TestServer;
const one = <T>(sql: string, ...args: string[]) => srv.db.$client.query(sql).get(...args) as T;


beforeAll(async () => {
  srv = await startPlatform();
});
afterAll(() => srv.stop());

test("parley operator add prints id, email and a base32 TOTP secret; a second one with the same email is refused", async () => {
  const dir = tempDir();
  try {
    const r = await runCli(["operator", "add", "--email", "Ops@Platform.example", "--password", "operator-pass-1", "--name", "Olga", "--data", dir]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toMatch(/^opr_/);
    expect(out.email).toBe("ops@platform.example");
    expect(out.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    const again = await runCli(["operator", "add", "--email", "ops@platform.example", "--password", "operator-pass-2", "--data", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already in use");
    const weak = await runCli(["operator", "add", "--email", "x@platform.example", "--password", "short", "--data", dir]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("at least 8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a fresh platform data directory sets up its first operator once, and shows the TOTP secret", async () => {
  const fresh = await startPlatform({ setup: false });
  try {
    const c = englishClient(fresh.url);
    const login = await c.get("/operator/login");
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/operator/setup");
    const token = await c.csrf("/operator/setup");
    const made = await c.post("/operator/setup", { email: "first@platform.example", name: "First", password: "operator-pass-1", _csrf: token });
    expect(made.status).toBe(200);
    const html = await made.text();
    const secret = /data-secret="([A-Z2-7]+)"/.exec(html)?.[1];
    expect(secret).toBeTruthy();
    expect(html).toContain("otpauth://totp/");
    // Once only: the page is gone and a second post makes nobody.
    expect((await c.get("/operator/setup")).headers.get("location")).toBe("/operator/login");
    const again = await c.post("/operator/setup", { email: "second@platform.example", password: "operator-pass-2", _csrf: token });
    expect(again.status).toBe(303);
    expect((fresh.db.$client.query("select count(*) as n from operators").get() as { n: number }).n).toBe(1);
    // The secret signs in.
    await c.post("/operator/login", { email: "first@platform.example", password: "operator-pass-1", _csrf: token });
    expect((await c.post("/operator/login/code", { code: await codeFor(secret!), _csrf: token })).status).toBe(303);
    expect((await c.get("/operator/verifications")).status).toBe(200);
  } finally {
    await fresh.stop();
  }
});

describe("operator sign-in", () => {
  test("password, then a code; a wrong code is refused; a code works once", async () => {
    const op = await operatorClient(srv);
    const c = englishClient(srv.url);
    const token = await c.csrf("/operator/login");
    const wrong = await c.post("/operator/login", { email: op.email, password: "not-the-password", _csrf: token });
    expect(wrong.status).toBe(401);
    expect(c.cookies.get("parley_operator_2fa")).toBeUndefined();
    // A password longer than any can be is refused before it is hashed, as on /login.
    const huge = await c.post("/operator/login", { email: op.email, password: "x".repeat(257), _csrf: token });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain("at most 256 characters");
    expect((await c.post("/operator/login", { email: op.email, password: "operator-pass-1", _csrf: token })).status).toBe(303);
    // Without the code step there is no console.
    expect((await c.get("/operator/enterprises")).status).toBe(302);
    expect((await c.post("/operator/login/code", { code: "000000", _csrf: token })).status).toBe(401);
    // operatorClient used the current step's code: it is spent.
    const spent = await c.post("/operator/login/code", { code: await codeFor(op.secret), _csrf: token });
    expect(spent.status).toBe(401);
    // The next step's code works once, even when sent twice at the same moment.
    const next = await codeFor(op.secret, 1);
    const c2 = englishClient(srv.url);
    c2.cookies.set("parley_operator_2fa", c.cookies.get("parley_operator_2fa")!);
    c2.cookies.set("parley_csrf", c.cookies.get("parley_csrf")!);
    const both = await Promise.all([c.post("/operator/login/code", { code: next, _csrf: token }), c2.post("/operator/login/code", { code: next, _csrf: token })]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 401]);
  });

  test("operator routes refuse enterprise users; enterprise routes refuse operators", async () => {
    const op = await operatorClient(srv);
    const admin = englishClient(srv.url);
    await admin.login(srv.admin.email, srv.admin.password);
    expect((await admin.get("/operator/enterprises")).status).toBe(403);
    expect((await admin.get("/operator/verifications")).status).toBe(403);
    const redirected = await op.client.get("/admin/agents");
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toStartWith("/login");
    expect((await op.client.get("/workspace")).status).toBe(302);
    expect((await op.client.get("/history", { "hx-request": "true" })).status).toBe(401);
    // Signing out ends the operator's session.
    const token = await op.client.csrf("/operator/settings");
    expect((await op.client.post("/operator/logout", { _csrf: token })).status).toBe(303);
    expect((await op.client.get("/operator/enterprises")).status).toBe(302);
  });
});

test("an operator's codes guessed from many addresses are limited per operator: the password's holder cannot spread guesses over a network", async () => {
  // Behind a trusted proxy, so that each request comes from an address of its own choosing (as from an IPv6 network).
  const own = await startPlatform({ loginLimits: { perPair: 5, perAddress: 1000, perSubject: 10, windowMs: 60_000 } });
  try {
    own.app.config.trustedProxies = parseProxyRules("127.0.0.1");
    const op = await addOperator(own.db, { email: "guessed@platform.example", password: "operator-pass-1", name: "Gus" });
    const c = englishClient(own.url);
    const token = await c.csrf("/operator/login");
    expect((await c.post("/operator/login", { email: "guessed@platform.example", password: "operator-pass-1", _csrf: token }, { "x-forwarded-for": "203.0.113.1" })).status).toBe(303);
    const valid = new Set(await Promise.all([-1, 0, 1].map((a) => codeFor(op.totpSecret, a))));
    const wrong = Array.from({ length: 40 }, (_, i) => String(100000 + i * 7919)).filter((code) => !valid.has(code)).slice(0, 30);
    const statuses = await Promise.all(wrong.map((code, i) => c.post("/operator/login/code", { code, _csrf: token }, { "x-forwarded-for": `198.51.100.${i + 1}` }).then((r) => r.status)));
    const n = statuses.reduce<Record<number, number>>((m, s) => ((m[s] = (m[s] ?? 0) + 1), m), {});
    expect(n[401] ?? 0).toBeLessThanOrEqual(10);
    expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(30);
    // From yet another address, even the right code waits now: the lockout is the operator's.
    expect((await c.post("/operator/login/code", { code: await codeFor(op.totpSecret), _csrf: token }, { "x-forwarded-for": "192.0.2.77" })).status).toBe(429);
  } finally {
    await own.stop();
  }
});

describe("enterprises", () => {
  test("found by name, enterprise ID and an email of its people, with state and seats", async () => {
    const firm = await signUpFirm(srv, { company: "Zeta 搜索测试 公司" });
    const displayId = one<{ display_id: string }>("select display_id from platform_accounts where enterprise_id = ?", firm.enterpriseId).display_id;
    const op = await operatorClient(srv);
    for (const q of ["Zeta 搜索", displayId, firm.form.email!.toUpperCase().slice(0, 12)]) {
      const html = await (await op.client.get(`/operator/enterprises?q=${encodeURIComponent(q)}`)).text();
      expect({ q, found: html.includes(`data-id="${firm.enterpriseId}"`) }).toEqual({ q, found: true });
    }
    const none = await (await op.client.get(`/operator/enterprises?q=${encodeURIComponent("%")}`)).text();
    expect(none).not.toContain(`data-id="${firm.enterpriseId}"`);
    const detail = await (await op.client.get(`/operator/enterprises/${firm.enterpriseId}`)).text();
    expect(detail).toContain(displayId);
    expect(detail).toContain('data-state="trial"');
    expect((await op.client.get("/operator/enterprises/ent_nothere")).status).toBe(404);
  });

  test("suspension: people cannot sign in and are told why, sockets close, the widget is offline and takes messages, nothing is deleted; resumption undoes it", async () => {
    const firm = await signUpFirm(srv, { company: "Suspended 公司" });
    const eid = firm.enterpriseId;
    const admin = getUser(srv.db, eid, one<{ id: string }>("select id from users where enterprise_id = ?", eid).id)!;
    const siteKey = one<{ key: string }>("select key from sites where enterprise_id = ?", eid).key;
    const agent = await agentSocket(srv.wsUrl, createSession(srv.db, admin, 1).cookie);
    const { token: apiToken } = createToken(srv.db, eid, { name: "crm", modules: ["history"] });
    const api = () => fetch(`${srv.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect((await api()).status).toBe(200);
    const config = async () => (await (await fetch(`${srv.url}/api/widget/config?site=${siteKey}`)).json()) as { online: boolean };
    expect((await config()).online).toBe(true);
    const tables = ["users", "sites", "audit_log", "platform_accounts"];
    const counts = () => tables.map((t) => one<{ n: number }>(`select count(*) as n from ${t} where enterprise_id = ?`, eid).n);
    const before = counts();

    const op = await operatorClient(srv);
    const token = await op.client.csrf(`/operator/enterprises/${eid}`);
    expect((await op.client.post(`/operator/enterprises/${eid}/suspend`, { reason: "", _csrf: token })).status).toBe(400);
    const suspended = await op.client.post(`/operator/enterprises/${eid}/suspend`, { reason: "欠费 unpaid", _csrf: token });
    expect(suspended.status).toBe(200);
    expect(await suspended.text()).toContain('data-suspended="yes"');
    await until(() => agent.socket.closed !== null, "the agent socket to close");
    expect((await config()).online).toBe(false);
    // The old session is gone, and signing in again is refused with the reason.
    expect((await firm.client.get("/admin/agents")).status).toBe(302);
    const login = await firm.client.login(firm.form.email!, firm.form.password!);
    expect(login.status).toBe(403);
    const says = await login.text();
    expect(says).toContain("suspended");
    expect(says).toContain("欠费 unpaid");
    // Its API tokens are refused with the reason too.
    const refusedApi = await api();
    expect(refusedApi.status).toBe(403);
    expect(((await refusedApi.json()) as { error: { code: string } }).error.code).toBe("enterprise_suspended");
    // Visitors may still leave a message.
    const lead = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ site: siteKey, name: "访客", phone: "13800138000", message: "请回电" }) });
    expect(lead.status).toBeLessThan(300);
    const after = counts();
    expect(after.map((n, i) => n >= before[i]!)).toEqual(tables.map(() => true));
    expect(after[0]).toBe(before[0]);

    expect((await op.client.post(`/operator/enterprises/${eid}/suspend`, { reason: "again", _csrf: token })).status).toBe(409);
    expect((await op.client.post(`/operator/enterprises/${eid}/resume`, { reason: "paid", _csrf: token })).status).toBe(200);
    expect((await firm.client.login(firm.form.email!, firm.form.password!)).status).toBe(303);
    expect((await api()).status).toBe(200);
    const actions = (srv.db.$client.query("select action from operator_audit where subject_enterprise_id = ? order by id").all(eid) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(["enterprise.suspended", "enterprise.resumed"]);
    expect(one<{ n: number }>("select count(*) as n from audit_log where enterprise_id = ? and action in ('enterprise.suspended', 'enterprise.resumed')", eid).n).toBe(2);
  });
});

test("platform settings: closing sign-up refuses new firms; email confirmation stays off without SMTP", async () => {
  const op = await operatorClient(srv);
  const token = await op.client.csrf("/operator/settings");
  const page = await (await op.client.get("/operator/settings")).text();
  expect(page).toContain('name="emailConfirmation" value="1" disabled');
  expect((await op.client.post("/operator/settings", { emailConfirmation: "1", _csrf: token })).status).toBe(200);
  try {
    const refused = await signUpFirm(srv);
    expect(refused.res.status).toBe(403);
    expect(await refused.res.text()).toContain("Sign-up is closed");
  } finally {
    await op.client.post("/operator/settings", { signupOpen: "1", _csrf: token });
  }
  expect((await signUpFirm(srv)).res.status).toBe(303);
  const log = await (await op.client.get("/operator/audit")).text();
  expect(log).toContain("platform.settings_updated");
});
