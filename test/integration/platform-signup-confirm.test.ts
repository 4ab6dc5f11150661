// Email confirmation at platform sign-up (issue 13 item 2, docs/platform.md): with the platform's
// mail server set up (test/fakes/smtp-server.ts) and the operator's switch on, a new admin reaches
// nothing of the console until they use the link mailed to them in their language; the link works
// once and expires; a resend makes a new link (the old one dies) at most once a minute. Without the
// switch, sign-up works at once (test/integration/platform-signup.test.ts).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mailSenderOf } from "../../src/email/outbox";
import { FakeSmtpServer } from "../fakes/smtp-server";
import { HttpClient } from "../helpers/http";
import { agentSocket } from "../helpers/sockets";
import { operatorClient, signupForm, signUpFirm, startPlatform } from "../helpers/platform";
import type { TestServer } from "../helpers/server";

let srv: TestServer;
let smtp: FakeSmtpServer;
let operator: HttpClient;

beforeAll(async () => {
  srv = await startPlatform();
  smtp = new FakeSmtpServer();
  operator = (await operatorClient(srv)).client;
});
afterAll(async () => {
  await srv.stop();
  smtp.stop();
});

async function setSwitch(on: boolean): Promise<string> {
  const csrf = await operator.csrf("/operator/settings");
  const res = await operator.post("/operator/settings", { _csrf: csrf, signupOpen: "1", ...(on ? { emailConfirmation: "1" } : {}) });
  expect(res.status).toBe(200);
  return res.text();
}

const linkIn = (text: string) => {
  const m = /(https?:\/\/\S+\/signup\/confirm\/([A-Za-z0-9_-]+))/.exec(text);
  if (!m) throw new Error(`no confirmation link in: ${text}`);
  return { url: m[1]!, path: new URL(m[1]!).pathname };
};

async function useLink(client: HttpClient, path: string): Promise<Response> {
  const page = await client.get(path);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('data-testid="confirm-submit"');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  return client.post(path, { _csrf: csrf });
}

test("the switch needs the platform's mail server, which the settings page links to", async () => {
  const before = await (await operator.get("/operator/settings")).text();
  expect(before).toContain('href="/operator/settings/email"');
  expect(before).toContain("which is not configured");
  // Without a mail server the switch cannot be turned on.
  expect(await setSwitch(true)).not.toMatch(/name="emailConfirmation" value="1" checked/);
  const csrf = await operator.csrf("/operator/settings/email");
  const saved = await operator.post("/operator/settings/email", { _csrf: csrf, host: "127.0.0.1", port: String(smtp.port), security: "none", username: "", password: "", fromAddress: "noreply@platform.example", fromName: "Parley" });
  expect(saved.status).toBe(200);
  const on = await setSwitch(true);
  expect(on).toMatch(/name="emailConfirmation" value="1" checked/);
  expect(on).not.toContain("which is not configured");
});

test("sign-up → blocked until the mailed link is used → the link works once → the console opens", async () => {
  await setSwitch(true);
  const sent = smtp.received.length;
  const { client, res, form, enterpriseId } = await signUpFirm(srv);
  expect(res.status).toBe(303);
  expect(enterpriseId).not.toBe("");
  expect(client.session).toBeTruthy();

  // Every console page is "check your mail"; so are the API and the agent socket.
  for (const path of ["/admin/start?welcome=1", "/admin/settings/account", "/workspace", "/account"]) {
    const blocked = await client.get(path);
    expect(blocked.status).toBe(403);
    const html = await blocked.text();
    expect(html).toContain('data-testid="check-mail"');
    expect(html).toContain(form.email!.toLowerCase());
    expect(html).not.toContain('data-testid="quick-start"');
  }
  const hx = await client.get("/admin/start", { "hx-request": "true" });
  expect(hx.status).toBe(403);
  expect(((await hx.json()) as { error: { code: string } }).error.code).toBe("email_unconfirmed");
  await expect(agentSocket(srv.wsUrl, client.session!)).rejects.toThrow(/cannot open/);

  // The mail arrives, in the admin's language (the sign-up page was English), with an absolute link.
  await smtp.waitFor(sent + 1);
  const mail = smtp.received.at(-1)!;
  expect(mail.to).toEqual([form.email!.toLowerCase()]);
  expect(mail.subject).toBe("Confirm your email for Parley");
  const link = linkIn(mail.text);
  expect(link.url.startsWith(srv.url)).toBe(true);
  // Only the hash is stored.
  const stored = srv.db.$client.query("select token_hash from email_confirmations where enterprise_id = ?").get(enterpriseId) as { token_hash: string };
  expect(stored.token_hash).not.toBe(link.path.split("/").at(-1));
  // The outbox went through the platform's server, listed with its kind.
  await mailSenderOf(srv.db)!.idle();
  expect(srv.db.$client.query("select kind, status from email_outbox where enterprise_id = ?").all(enterpriseId)).toEqual([{ kind: "confirm_email", status: "sent" }]);

  // Opening the link uses nothing (a mail scanner may open it); its button does, once.
  expect((await client.get(link.path)).status).toBe(200);
  expect((await client.get("/admin/start")).status).toBe(403);
  const used = await useLink(client, link.path);
  expect(used.status).toBe(303);
  expect(used.headers.get("location")).toBe("/admin/start?welcome=1");
  const again = await client.post(link.path, { _csrf: /name="_csrf" value="([^"]+)"/.exec(await (await client.get("/account")).text())![1]! });
  expect(again.status).toBe(410);
  expect(await again.text()).toContain('data-testid="confirm-error"');
  expect((await client.get(link.path)).status).toBe(410);

  const { socket } = await agentSocket(srv.wsUrl, client.session!);
  socket.ws.close();
  const start = await client.get("/admin/start?welcome=1");
  expect(start.status).toBe(200);
  expect(await start.text()).toContain('data-testid="quick-start"');
  expect((srv.db.$client.query("select count(*) as n from audit_log where enterprise_id = ? and action = 'user.email_confirmed'").get(enterpriseId) as { n: number }).n).toBe(1);
});

test("resend: at most once a minute; the new link replaces the old; an expired link is refused; Chinese mail for a Chinese sign-up", async () => {
  await setSwitch(true);
  const sent = smtp.received.length;
  const { client, enterpriseId } = await signUpFirm(srv);
  await smtp.waitFor(sent + 1);
  const first = linkIn(smtp.received.at(-1)!.text);

  const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await client.get("/admin/start")).text())![1]!;
  const tooSoon = await client.post("/account/email-confirmation/resend", { _csrf: csrf });
  expect(tooSoon.status).toBe(429);
  expect(Number(tooSoon.headers.get("retry-after"))).toBeGreaterThan(0);
  // A minute passes (the last send moved back: the limit is read from the stored time).
  srv.db.$client.query("update email_confirmations set sent_at = sent_at - 61000 where enterprise_id = ?").run(enterpriseId);
  const resent = await client.post("/account/email-confirmation/resend", { _csrf: csrf });
  expect(resent.status).toBe(200);
  expect(await resent.text()).toContain('data-testid="confirm-notice"');
  await smtp.waitFor(sent + 2);
  const second = linkIn(smtp.received.at(-1)!.text);
  expect(second.path).not.toBe(first.path);
  expect((await client.get(first.path)).status).toBe(410);

  // A day later the link is dead.
  srv.db.$client.query("update email_confirmations set expires_at = ?1 where enterprise_id = ?2").run(Date.now() - 1, enterpriseId);
  expect((await client.get(second.path)).status).toBe(410);
  expect((await client.get("/admin/start")).status).toBe(403);

  // Signed up from a Chinese page: the mail is Chinese; used from another browser, it leads to sign-in.
  const zh = new HttpClient(srv.url);
  zh.cookies.set("parley_lang", "zh-CN");
  const before = smtp.received.length;
  const res = await zh.post("/signup", { ...signupForm(), _csrf: await zh.csrf("/signup") });
  expect(res.status).toBe(303);
  await smtp.waitFor(before + 1);
  const cn = smtp.received.at(-1)!;
  expect(cn.subject).toBe("确认您的 Parley 邮箱");
  expect(cn.text).toContain("链接仅可使用一次");
  const other = new HttpClient(srv.url);
  const used = await useLink(other, linkIn(cn.text).path);
  expect(used.status).toBe(303);
  expect(used.headers.get("location")).toBe("/login?next=%2Fadmin%2Fstart");
});

test("with the switch off, a pending admin goes through and a new sign-up works at once", async () => {
  await setSwitch(true);
  const { client } = await signUpFirm(srv);
  expect((await client.get("/admin/start")).status).toBe(403);
  await setSwitch(false);
  expect((await client.get("/admin/start")).status).toBe(200);
  const later = await signUpFirm(srv);
  expect((await later.client.get("/admin/start")).status).toBe(200);
  expect(srv.db.$client.query("select count(*) as n from email_confirmations where enterprise_id = ?").get(later.enterpriseId)).toEqual({ n: 0 });
});
