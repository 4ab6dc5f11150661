// Platform sign-up (注册) and the trial (试用期): a firm signs up at /signup, lands signed in on the
// quick start, and may not add agent seats until it is verified; the enterprise company mode made
// before the switch to platform mode keeps working as verified (the upgrade).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { LoginLimiter } from "../../src/accounts/login-limit";
import { setSignupLimiter, SIGNUP_LIMITS } from "../../src/platform/signup";
import { HttpClient } from "../helpers/http";
import { englishClient, signupForm, signUpFirm, startPlatform } from "../helpers/platform";
import type { TestServer } from "../helpers/server";

let srv: TestServer;
const count = (table: string) => (srv.db.$client.query(`select count(*) as n from ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  srv = await startPlatform();
});
afterAll(() => srv.stop());

describe("sign-up", () => {
  test("a firm signs up: enterprise on trial with an enterprise ID, its admin signed in, a default site, the quick start", async () => {
    const page = await (await new HttpClient(srv.url).get("/signup")).text();
    expect(page).toContain('data-testid="signup-form"');
    for (const field of ["company", "name", "email", "password", "phone"]) expect(page).toContain(`name="${field}"`);

    const { client, res, enterpriseId, form } = await signUpFirm(srv, { company: "福州好运 <b>贸易</b>" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/start?welcome=1");
    expect(client.session).toBeTruthy();
    const account = srv.db.$client.query("select * from platform_accounts where enterprise_id = ?").get(enterpriseId) as { state: string; display_id: string; phone: string };
    expect(account.state).toBe("trial");
    expect(account.display_id).toMatch(/^[1-9]\d{7}$/);
    expect(account.phone).toBe(form.phone!);
    expect(count(`sites where enterprise_id = '${enterpriseId}'`)).toBe(1);
    const admin = srv.db.$client.query("select role, name, seat_state from users where enterprise_id = ?").all(enterpriseId);
    expect(admin).toEqual([{ role: "admin", name: form.name!, seat_state: "active" }]);

    const start = await (await client.get("/admin/start?welcome=1")).text();
    expect(start).toContain('data-testid="quick-start"');
    expect(start).toContain(account.display_id);
    expect(start).toContain('data-state="trial"');
    for (const step of ["embed", "online", "verify", "recharge", "seats"]) expect(start).toContain(`data-testid="start-${step}"`);
    expect(start).toContain('href="/admin/embed"');
    expect(start).toContain('href="/admin/settings/account"');
    // The company name is escaped wherever it shows.
    expect(start).not.toContain("<b>贸易</b>");
    // Sign-up is in the enterprise's audit log.
    expect(count(`audit_log where enterprise_id = '${enterpriseId}' and action = 'enterprise.signed_up'`)).toBe(1);
  });

  test("a duplicate email is refused clearly and creates nothing", async () => {
    const first = await signUpFirm(srv);
    expect(first.res.status).toBe(303);
    const before = count("enterprises");
    const again = await signUpFirm(srv, { email: first.form.email!.toUpperCase(), company: "Another" });
    expect(again.res.status).toBe(409);
    const html = await again.res.text();
    expect(html).toContain('data-testid="signup-error"');
    expect(html).toContain("already in use");
    expect(html).toContain('value="Another"'); // what was typed is kept
    expect(count("enterprises")).toBe(before);
  });

  test("bad input gets a clear message and creates nothing", async () => {
    const before = count("enterprises");
    const cases: [Record<string, string>, string][] = [
      [{ company: "" }, "Enter a company name"],
      [{ name: "" }, "Enter a name"],
      [{ email: "not-an-email" }, "valid email"],
      [{ password: "short" }, "at least 8"],
      [{ phone: "call me" }, "phone number"],
    ];
    for (const [over, words] of cases) {
      const { res } = await signUpFirm(srv, over);
      const html = await res.text();
      expect({ over, status: res.status }).toEqual({ over, status: 400 });
      expect({ over, says: html.includes(words) }).toEqual({ over, says: true });
    }
    expect(count("enterprises")).toBe(before);
  });

  test("sign-ups are limited per address, and the allowance comes back after the window", async () => {
    let now = Date.now();
    setSignupLimiter(srv.app, new LoginLimiter({ ...SIGNUP_LIMITS, perPair: 2, perAddress: 2 }, () => now));
    try {
      expect((await signUpFirm(srv)).res.status).toBe(303);
      expect((await signUpFirm(srv, { phone: "x" })).res.status).toBe(400); // a refused attempt counts too
      const before = count("enterprises");
      const limited = await signUpFirm(srv);
      expect(limited.res.status).toBe(429);
      expect(Number(limited.res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.res.text()).toContain("Too many attempts");
      expect(count("enterprises")).toBe(before);
      now += SIGNUP_LIMITS.windowMs + 1000;
      expect((await signUpFirm(srv)).res.status).toBe(303);
    } finally {
      setSignupLimiter(srv.app, new LoginLimiter(SIGNUP_LIMITS));
    }
  });

  test("the limiter remembers a bounded number of addresses", () => {
    const l = new LoginLimiter({ ...SIGNUP_LIMITS, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) l.attempt(`10.0.${i >> 8}.${i & 255}`, "signup");
    expect(l.size).toBeLessThanOrEqual(100);
  });

  test("the sign-in page links to sign-up in platform mode only; company mode has no sign-up", async () => {
    expect(await (await new HttpClient(srv.url).get("/login")).text()).toContain('data-testid="signup-link"');
    srv.app.config.mode = "company";
    try {
      expect(await (await new HttpClient(srv.url).get("/login")).text()).not.toContain('data-testid="signup-link"');
      expect((await new HttpClient(srv.url).get("/signup")).status).toBe(404);
    } finally {
      srv.app.config.mode = "platform";
    }
  });
});

describe("trial", () => {
  test("a trial enterprise cannot add an agent seat, and is told why on Admin → Agents; its admin can receive chats", async () => {
    const { client, enterpriseId } = await signUpFirm(srv);
    const token = await client.csrf("/admin/agents");
    const res = await client.post("/admin/agents", { name: "New Agent", email: `new-${Date.now()}@firm.example`, cap: "5", role: "agent", _csrf: token });
    expect(res.status).toBe(402);
    const html = await res.text();
    expect(html).toContain("on trial");
    expect(html).toContain("Settings → Account");
    expect(count(`users where enterprise_id = '${enterpriseId}'`)).toBe(1);
    // The admin's own seat is active and may open the workspace.
    expect((await client.get("/workspace")).status).toBe(200);
  });

  test("the enterprise company mode made keeps working after the switch: verified, seats open, an enterprise ID on its account page", async () => {
    const admin = englishClient(srv.url);
    expect((await admin.login(srv.admin.email, srv.admin.password)).status).toBe(303);
    const token = await admin.csrf("/admin/agents");
    const res = await admin.post("/admin/agents", { name: "Upgraded Agent", email: `up-${Date.now()}@example.com`, cap: "5", role: "agent", _csrf: token });
    expect(res.status).toBeLessThan(300);
    const account = await (await admin.get("/admin/settings/account")).text();
    expect(account).toContain('data-testid="account-page"');
    expect(account).toContain('data-state="verified"');
    expect(account).not.toContain('data-testid="verification-form"');
    const row = srv.db.$client.query("select state, display_id from platform_accounts where enterprise_id = ?").get(srv.enterpriseId) as { state: string; display_id: string };
    expect(row.state).toBe("verified");
    expect(account).toContain(row.display_id);
  });
});

test("sign-up form fields are what the contract says", () => {
  expect(Object.keys(signupForm()).sort()).toEqual(["company", "email", "name", "password", "phone"]);
});
