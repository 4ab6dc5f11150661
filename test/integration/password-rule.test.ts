// Every form where a password is chosen states the rule (src/accounts/passwords.ts) in the reader's
// language: first-run set-up, the verification link, and the account page.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../src/accounts/passwords";
import { memberOf } from "../../src/accounts/data-scope";
import { inviteSeat } from "../../src/accounts/seats";
import { getUser } from "../../src/accounts/users";
import { t, type Locale } from "../../src/i18n";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let fresh: TestServer;
let srv: TestServer;
beforeAll(async () => {
  fresh = await startServer({ setup: false });
  srv = await startServer();
});
afterAll(async () => {
  await fresh.stop();
  await srv.stop();
});

const LOCALES: Locale[] = ["en", "zh-CN"];
const ruleIn = (html: string) => /data-testid="password-rule">([^<]*)</.exec(html)?.[1];
const rule = (locale: Locale) => t(locale, "common.password.rule", { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });

test("the rule says what passwordProblem checks", () => {
  for (const locale of LOCALES) expect(rule(locale)).toContain(String(MIN_PASSWORD_LENGTH));
});

test("the set-up form states the rule, in both languages", async () => {
  for (const locale of LOCALES) {
    const html = await (await fetch(`${fresh.url}/setup?lang=${locale}`)).text();
    expect(ruleIn(html)).toBe(rule(locale));
    expect(html).toMatch(/data-testid="setup-password"[^>]*aria-describedby="password-rule"|aria-describedby="password-rule"[^>]*data-testid="setup-password"/);
  }
});

test("the verification link's form and the account page state it too", async () => {
  const admin = getUser(srv.db, srv.enterpriseId, (srv.db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id)!;
  const { token } = inviteSeat(srv.app, memberOf(srv.db, admin), { name: "Rita", email: "rita@example.com" });
  const c = new HttpClient(srv.url);
  expect((await c.login(srv.agent.email, srv.agent.password)).status).toBe(303);
  for (const locale of LOCALES) {
    expect(ruleIn(await (await fetch(`${srv.url}/verify/${token}?lang=${locale}`)).text())).toBe(rule(locale));
    expect(ruleIn(await (await c.get(`/account?lang=${locale}`)).text())).toBe(rule(locale));
  }
});
