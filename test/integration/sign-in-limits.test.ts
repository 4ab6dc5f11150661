// Sign-in limits under attack, over real HTTP: simultaneous guesses are counted before they are
// checked (at most the limit is verified, the rest hear 429), a TOTP code works once however many
// copies arrive together, and inputs longer than any email or password are refused before the
// limiter remembers anything.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { confirmEnrolment, startEnrolment } from "../../src/accounts/second-factor";
import { base32Decode, totp } from "../../src/accounts/totp";
import { addUser } from "../../src/accounts/users";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
beforeAll(async () => {
  // The per-address limit is out of the way: each test is about one account's limit.
  srv = await startServer({ loginLimits: { perPair: 5, perAddress: 10_000, windowMs: 60_000 } });
});
afterAll(() => srv.stop());

const count = (statuses: number[]) => statuses.reduce<Record<number, number>>((n, s) => ((n[s] = (n[s] ?? 0) + 1), n), {});
const sessionsOf = (userId: string) => (srv.db.$client.query("select count(*) as n from sessions where user_id = ?").get(userId) as { n: number }).n;

/** A user with the second factor on; returns them, their secret, and a browser past the password step. */
async function withSecondFactor(email: string) {
  const user = await addUser(srv.db, srv.enterpriseId, { email, password: PASSWORD, name: "Tess" });
  const secret = startEnrolment(srv.db, user);
  // Enrolled with the code of a minute ago, so that the codes of now are all still unused.
  await confirmEnrolment(srv.db, user, await totp(base32Decode(secret), Date.now() - 60_000), Date.now() - 60_000);
  const c = new HttpClient(srv.url);
  const res = await c.login(email, PASSWORD);
  expect(res.headers.get("location")).toBe("/login/code");
  return { user, secret, c, csrf: await c.csrf("/login") };
}

test("60 simultaneous wrong passwords for one account: at most the limit are checked, the rest hear 429", async () => {
  const c = new HttpClient(srv.url);
  const csrf = await c.csrf("/login");
  const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => c.post("/login", { _csrf: csrf, email: srv.agent.email, password: `wrong-guess-${i}` }).then((r) => r.status)));
  expect(count(statuses)).toEqual({ 401: 5, 429: 55 });
  // The right password waits too, now.
  expect((await c.login(srv.agent.email, srv.agent.password)).status).toBe(429);
});

test("200 simultaneous wrong codes: at most the limit are checked", async () => {
  const { c, csrf } = await withSecondFactor("tess@example.com");
  const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => c.post("/login/code", { _csrf: csrf, code: String(100000 + i) }).then((r) => r.status)));
  const n = count(statuses);
  expect(n[401]).toBeLessThanOrEqual(5);
  expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(200);
});

test("one valid code sent 8 times at once gives exactly one session", async () => {
  const { user, secret, c, csrf } = await withSecondFactor("tom@example.com");
  const code = await totp(base32Decode(secret), Date.now());
  const statuses = await Promise.all(Array.from({ length: 8 }, () => c.post("/login/code", { _csrf: csrf, code }).then((r) => r.status)));
  expect(statuses.filter((s) => s === 303)).toHaveLength(1);
  expect(sessionsOf(user.id)).toBe(1);
});

test("emails and passwords longer than any can be are refused at once and not remembered", async () => {
  const c = new HttpClient(srv.url);
  const csrf = await c.csrf("/login");
  const before = srv.app.loginLimiter.size;
  for (let i = 0; i < 20; i++) {
    const res = await c.post("/login", { _csrf: csrf, email: `${"a".repeat(20_000)}${i}@example.com`, password: "whatever-1" });
    expect(res.status).toBe(400);
  }
  const longPassword = await c.post("/login", { _csrf: csrf, email: "someone@example.com", password: "p".repeat(257) });
  expect(longPassword.status).toBe(400);
  expect(srv.app.loginLimiter.size).toBe(before);
  // A 254-character address is still an address.
  const longest = `${"a".repeat(64)}@${"b".repeat(185)}.com`;
  expect(longest).toHaveLength(254);
  expect((await c.post("/login", { _csrf: csrf, email: longest, password: "whatever-1" })).status).toBe(401);
});

test("a signed-in session guessing the current password is limited the same way", async () => {
  await addUser(srv.db, srv.enterpriseId, { email: "sam@example.com", password: PASSWORD, name: "Sam" });
  const c = new HttpClient(srv.url);
  expect((await c.login("sam@example.com", PASSWORD)).status).toBe(303);
  const csrf = await c.csrf("/account");
  const statuses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => c.post("/account/password", { _csrf: csrf, current: `guess-${i}-xyz`, password: "a-new-passphrase-7" }).then((r) => r.status)),
  );
  expect(count(statuses)).toEqual({ 403: 5, 429: 15 });
  const disable = await c.post("/account/totp/disable", { _csrf: csrf, password: "another-guess-1" });
  expect(disable.status).toBe(429);
});

test("an invited seat (no password yet) costs the same hashing time as an unknown email", async () => {
  srv.db.$client.run("insert into users (id, enterprise_id, email, name, password_hash, role, seat_state, status, created_at, password_changed_at) values ('usr_invited_time', ?, 'ivy@example.com', 'Ivy', '', 'agent', 'invited', 'offline', 0, 0)", [srv.enterpriseId]);
  const c = new HttpClient(srv.url);
  const csrf = await c.csrf("/login");
  const timed = async (email: string) => {
    const t0 = performance.now();
    expect((await c.post("/login", { _csrf: csrf, email, password: "whatever-pass-1" })).status).toBe(401);
    return performance.now() - t0;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  const unknown: number[] = [];
  const invited: number[] = [];
  for (let i = 0; i < 3; i++) {
    unknown.push(await timed(`nobody${i}@example.com`));
    invited.push(await timed("ivy@example.com"));
  }
  // Without the burn an invited seat answers in well under a millisecond; argon2 takes tens.
  expect(median(invited)).toBeGreaterThan(median(unknown) * 0.3);
});
