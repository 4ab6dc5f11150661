// The optional second factor over real HTTP: enrolment on /account, sign-in asks for the code after
// the password, codes work once, recovery codes, the rate limit, and turning it off.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { base32Decode, totp } from "../../src/accounts/totp";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ loginLimits: { perPair: 5, perAddress: 1000, windowMs: 60_000 } });
});
afterAll(() => srv.stop());

const codeAt = (secret: string, offsetSteps = 0) => totp(base32Decode(secret), Date.now() + offsetSteps * 30_000);

async function codeStep(c: HttpClient, code: string) {
  return c.post("/login/code", { _csrf: await c.csrf("/login"), code });
}

test("enrol, then sign in with password and code; codes and recovery codes work once; too many wrong codes wait", async () => {
  const ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  const csrf = await ann.csrf("/account");
  expect(await (await ann.get("/account")).text()).toContain('data-state="off"');
  const started = await (await ann.post("/account/totp/start", { _csrf: csrf })).text();
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(started)![1]!;
  expect(started).toContain(`otpauth://totp/Parley%3Aagent%40example.com?secret=${secret}`);
  expect((await ann.post("/account/totp/confirm", { _csrf: csrf, code: "000000" })).status).toBe(400);
  // Codes are computed once and reused as strings, so a 30-second boundary mid-test changes nothing.
  const enrolCode = await codeAt(secret);
  const nextCode = await codeAt(secret, 1);
  const confirmed = await ann.post("/account/totp/confirm", { _csrf: csrf, code: enrolCode });
  expect(confirmed.status).toBe(200);
  const recovery = /data-testid="totp-recovery-codes">([^<]+)</.exec(await confirmed.text())![1]!.split("\n");
  expect(recovery).toHaveLength(10);

  // The password alone is no session: the code is asked next.
  const c = new HttpClient(srv.url);
  const first = await c.login(srv.agent.email, srv.agent.password);
  expect(first.status).toBe(303);
  expect(first.headers.get("location")).toBe("/login/code");
  expect(c.session).toBeUndefined();
  expect((await c.get("/workspace")).status).toBe(302);
  expect((await c.get("/login/code")).status).toBe(200);
  expect((await codeStep(c, "123456")).status).toBe(401);
  // The code used to confirm enrolment does not work again; the next step's does.
  expect((await codeStep(c, enrolCode)).status).toBe(401);
  const ok = await codeStep(c, nextCode);
  expect(ok.status).toBe(303);
  expect(ok.headers.get("location")).toBe("/workspace");
  expect((await c.get("/workspace")).status).toBe(200);

  // Another browser: the same code is spent; a recovery code works, once.
  const d = new HttpClient(srv.url);
  await d.login(srv.agent.email, srv.agent.password);
  expect((await codeStep(d, nextCode)).status).toBe(401);
  expect((await codeStep(d, recovery[0]!)).status).toBe(303);
  const e = new HttpClient(srv.url);
  await e.login(srv.agent.email, srv.agent.password);
  expect((await codeStep(e, recovery[0]!)).status).toBe(401);
  // Guessing is limited like passwords.
  for (let i = 0; i < 5; i++) await codeStep(e, String(100000 + i));
  const limited = await codeStep(e, recovery[1]!);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);

  // Without a pending sign-in there is nothing to enter a code for.
  const stranger = new HttpClient(srv.url);
  expect((await stranger.get("/login/code")).headers.get("location")).toBe("/login");
  stranger.cookies.set("parley_2fa", "forged.value");
  expect((await codeStep(stranger, recovery[2]!)).headers.get("location")).toBe("/login");

  // Turning it off needs the password.
  const token = await c.csrf("/account");
  expect((await c.post("/account/totp/disable", { _csrf: token, password: "wrong-password" })).status).toBe(403);
  expect((await c.post("/account/totp/disable", { _csrf: token, password: srv.agent.password })).status).toBe(200);
  const plain = new HttpClient(srv.url);
  expect((await plain.login(srv.agent.email, srv.agent.password)).headers.get("location")).toBe("/workspace");
  const audit = await (async () => {
    const admin = new HttpClient(srv.url);
    await admin.login(srv.admin.email, srv.admin.password);
    return (await admin.get("/admin/audit")).text();
  })();
  expect(audit).toContain('data-action="account.totp_enabled"');
  expect(audit).toContain('data-action="account.totp_disabled"');
});
