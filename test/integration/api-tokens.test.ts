// API tokens: created on the admin page (shown once) or with `parley token add`, stored hashed, revoked.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { MODULES } from "../../common/permissions";
import { createRole } from "../../src/accounts/roles";
import { addUser } from "../../src/accounts/users";
import { createToken } from "../../src/api/tokens";
import { t } from "../../src/i18n";
import { HttpClient } from "../helpers/http";
import { runCli } from "../helpers/process";
import { PASSWORD, startServer, tempDir, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;
beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

const createForm = async (http: HttpClient, fields: [string, string][]) => {
  const csrf = await http.csrf("/admin/api-tokens");
  return http.request("/admin/api-tokens", { method: "POST", body: new URLSearchParams([...fields, ["_csrf", csrf]]), headers: { "content-type": "application/x-www-form-urlencoded" } });
};
const shownToken = (html: string) => /data-testid="api-token-value">(pat_[a-z0-9]+)</.exec(html)?.[1];

describe("the admin page", () => {
  test("creates a token shown once, stored only as its hash, listed with its modules, and revokes it", async () => {
    const res = await createForm(admin, [["name", "CRM sync"], ["modules", "history"], ["modules", "metrics"]]);
    expect(res.status).toBe(200);
    const token = shownToken(await res.text());
    expect(token).toMatch(/^pat_[a-z2-9]{40}$/);
    const row = srv.db.$client.query("select * from api_tokens where name = 'CRM sync'").get() as Record<string, unknown>;
    expect(JSON.parse(row.modules as string)).toEqual(["history", "metrics"]);
    expect(row.token_hash).toBe(new Bun.CryptoHasher("sha256").update(token!).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token!);

    const list = await (await admin.get("/admin/api-tokens")).text();
    expect(list).toContain("CRM sync");
    expect(list).not.toContain(token!);
    // The audit log names it.
    expect(srv.db.$client.query("select count(*) as n from audit_log where action = 'api_token.created'").get()).toEqual({ n: 1 });

    const csrf = await admin.csrf("/admin/api-tokens");
    const revoked = await admin.post(`/admin/api-tokens/${row.id}/revoke`, { _csrf: csrf });
    expect(revoked.status).toBe(303);
    expect(srv.db.$client.query("select count(*) as n from api_tokens where id = ?").get(row.id as string)).toEqual({ n: 0 });
    expect((await admin.post(`/admin/api-tokens/${row.id}/revoke`, { _csrf: csrf })).status).toBe(404);
  });

  test("refuses a token without a name, without modules, with an unknown module or a past expiry", async () => {
    for (const [fields, code] of [
      [[["name", ""], ["modules", "history"]], "token_name"],
      [[["name", "x"]], "token_modules_none"],
      [[["name", "x"], ["modules", "everything"]], "token_module"],
      [[["name", "x"], ["modules", "history"], ["expires", "2001-01-01"]], "token_expiry"],
    ] as [[string, string][], string][]) {
      const res = await createForm(admin, fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(shownToken(html)).toBeUndefined();
      expect(html).toContain(t("zh-CN", `common.error.${code}`, { max: 80, module: "everything" }));
    }
    expect(srv.db.$client.query("select count(*) as n from api_tokens where name = 'x'").get()).toEqual({ n: 0 });
  });

  test("is the agents_roles module's: an agent is refused", async () => {
    const agent = new HttpClient(srv.url);
    await agent.login(srv.agent.email, srv.agent.password);
    expect((await agent.get("/admin/api-tokens")).status).toBe(403);
  });
});

describe("a team lead whose own data scope is narrower than the enterprise", () => {
  test("cannot mint a token that reads further than they may (a token's scope is the enterprise), nor revoke one that grants more", async () => {
    // A custom role: manages the team, reads leads and keeps the robot, but sees only their own records.
    const adaId = (srv.db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id;
    const role = createRole(srv.db, { id: adaId, name: "Ada", enterpriseId: srv.enterpriseId }, { roleId: "admin", modules: MODULES, scope: "enterprise" }, { name: "Team lead", modules: ["agents_roles", "leads", "robot"], scope: "own" });
    await addUser(srv.db, srv.enterpriseId, { email: "lead@example.com", password: PASSWORD, name: "Lee Lead", role: role.id });
    const lee = new HttpClient(srv.url);
    await lee.login("lead@example.com", PASSWORD);
    const page = await (await lee.get("/admin/api-tokens")).text();
    expect(page).toContain('value="robot"');
    expect(page).not.toContain('value="leads"');

    const refused = await createForm(lee, [["name", "All the leads"], ["modules", "leads"]]);
    expect(refused.status).toBe(403);
    expect(shownToken(await refused.text())).toBeUndefined();
    expect(srv.db.$client.query("select count(*) as n from api_tokens where name = 'All the leads'").get()).toEqual({ n: 0 });
    const robot = await createForm(lee, [["name", "KB sync"], ["modules", "robot"]]);
    expect(robot.status).toBe(200);
    expect(shownToken(await robot.text())).toMatch(/^pat_/);

    // A token the admin made for leads is not Lee's to revoke; Lee's own is.
    const adminsToken = createToken(srv.db, srv.enterpriseId, { name: "CRM leads", modules: ["leads"] }).info.id;
    const csrf = await lee.csrf("/admin/api-tokens");
    expect((await lee.post(`/admin/api-tokens/${adminsToken}/revoke`, { _csrf: csrf })).status).toBe(403);
    expect(srv.db.$client.query("select count(*) as n from api_tokens where id = ?").get(adminsToken)).toEqual({ n: 1 });
    const kbId = (srv.db.$client.query("select id from api_tokens where name = 'KB sync'").get() as { id: string }).id;
    expect((await lee.post(`/admin/api-tokens/${kbId}/revoke`, { _csrf: csrf })).status).toBe(303);
  });
});

describe("parley token add", () => {
  const data = tempDir();
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  test("prints JSON with the token; --modules narrows it; bad input fails clearly", async () => {
    await runCli(["init", "--company", "Token Co", "--email", "t@example.com", "--password", "token-pass", "--data", data]);
    const r = await runCli(["token", "add", "--name", "Grafana", "--modules", "metrics,history", "--data", data]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.token).toMatch(/^pat_/);
    expect(out).toMatchObject({ name: "Grafana", modules: ["history", "metrics"], expiresAt: null });
    const all = JSON.parse((await runCli(["token", "add", "--name", "Everything", "--expires-days", "30", "--data", data])).stdout);
    expect(all.modules).toContain("workspace");
    expect(all.modules).toContain("metrics");
    expect(all.expiresAt).toBeGreaterThan(Date.now());
    const bad = await runCli(["token", "add", "--name", "X", "--modules", "root", "--data", data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Unknown module: root");
    expect((await runCli(["token", "add", "--data", data])).code).toBe(2);
  });
});
