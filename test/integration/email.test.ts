// Email (docs/email.md) on a real server with a local SMTP server (test/fakes/smtp-server.ts):
// settings with a password never shown back and a test button; the missed-chat and new-lead mails
// to those who want them; a visitor's transcript without internal notes; retries by an injectable
// clock and "failed" after the last try, while the chat goes on.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { visitorKey } from "../../src/chat/visitors";
import { KEEP_MAIL_MS, MAX_IN_FLIGHT as MAIL_IN_FLIGHT, mailSenderOf, PRUNE_BATCH, queueMail } from "../../src/email/outbox";
import { saveEnterpriseEmail } from "../../src/email/settings";
import { signUpFirm } from "../helpers/platform";
import { until } from "../helpers/wait";
import { sendMail } from "../../src/email/smtp";
import { FakeSmtpServer } from "../fakes/smtp-server";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let smtp: FakeSmtpServer;
let ada: HttpClient;
let ann: HttpClient;

beforeEach(async () => {
  srv = await startServer();
  smtp = new FakeSmtpServer();
  smtp.user = { name: "parley", password: "s3cret-pass" };
  ada = new HttpClient(srv.url);
  ada.cookies.set("parley_lang", "en");
  await ada.login(srv.admin.email, srv.admin.password);
  ann = new HttpClient(srv.url);
  ann.cookies.set("parley_lang", "en");
  await ann.login(srv.agent.email, srv.agent.password);
});

afterEach(async () => {
  await srv.stop();
  smtp.stop();
});

async function configure(extra: Record<string, string> = {}) {
  const csrf = await ada.csrf("/admin/email");
  const res = await ada.post("/admin/email", { _csrf: csrf, host: "127.0.0.1", port: String(smtp.port), security: "none", username: "parley", password: "s3cret-pass", fromAddress: "support@acme.example", fromName: "Acme 客服", ...extra });
  expect(res.status).toBe(200);
  return res.text();
}

const sender = () => mailSenderOf(srv.db)!;

test("a raw send speaks SMTP with AUTH PLAIN, UTF-8 subject and body, and dot-stuffing", async () => {
  await sendMail(
    { host: "127.0.0.1", port: smtp.port, security: "none", username: "parley", password: "s3cret-pass", fromAddress: "a@acme.example", fromName: "Acme" },
    { to: "b@example.com", subject: "你好 subject", text: "line one\n.starts with a dot\n中文" },
  );
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0]).toMatchObject({ from: "a@acme.example", to: ["b@example.com"], subject: "你好 subject", text: "line one\n.starts with a dot\n中文", authenticated: "parley" });
  smtp.user = { name: "parley", password: "other" };
  await expect(sendMail({ host: "127.0.0.1", port: smtp.port, security: "none", username: "parley", password: "s3cret-pass", fromAddress: "a@acme.example", fromName: "" }, { to: "b@example.com", subject: "x", text: "y" })).rejects.toThrow(/535/);
});

test("settings: the password is kept but never shown back; the test button sends to the admin", async () => {
  const html = await configure();
  expect(html).toContain("Saved.");
  expect(html).not.toContain("s3cret-pass");
  expect(html).toContain("set — leave empty to keep it");
  // Saving again without a password keeps it.
  await configure({ password: "" });
  const csrf = await ada.csrf("/admin/email");
  const res = await ada.post("/admin/email/test", { _csrf: csrf });
  const page = await res.text();
  expect(page).toContain("Test mail sent to admin@example.com");
  expect(smtp.received.at(-1)).toMatchObject({ to: ["admin@example.com"], subject: "Parley test mail", authenticated: "parley" });
  // A wrong password: the page says why.
  smtp.user = { name: "parley", password: "changed" };
  const failed = await (await ada.post("/admin/email/test", { _csrf: csrf })).text();
  expect(failed).toContain("The test mail could not be sent");
  expect(failed).toContain("535");
  // Bad input is refused with a message.
  const bad = await ada.post("/admin/email", { _csrf: csrf, host: "", port: "99999", security: "none", username: "", password: "", fromAddress: "nope", fromName: "" });
  expect(bad.status).toBe(422);
  // An agent may not open the settings.
  expect((await ann.get("/admin/email")).status).toBe(403);
});

test("settings: the kept password goes to no other server — pointing the form elsewhere asks for it again", async () => {
  await configure();
  // Another server (someone else's): it would accept the saved password, if it were sent.
  const other = new FakeSmtpServer();
  other.user = { name: "parley", password: "s3cret-pass" };
  try {
    const csrf = await ada.csrf("/admin/email");
    const moved = { _csrf: csrf, host: "127.0.0.1", port: String(other.port), security: "none", username: "parley", password: "", fromAddress: "support@acme.example", fromName: "Acme 客服" };
    const res = await ada.post("/admin/email", moved);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("enter the password again");
    // A changed user name on the same server, too.
    expect((await ada.post("/admin/email", { ...moved, port: String(smtp.port), username: "someone-else" })).status).toBe(422);
    // Nothing was changed: the test mail still goes to the first server, and the other heard nothing.
    await ada.post("/admin/email/test", { _csrf: csrf });
    expect(smtp.received.at(-1)).toMatchObject({ to: ["admin@example.com"], authenticated: "parley" });
    expect(other.received).toHaveLength(0);
    // Typing the password for the new server is fine.
    expect((await ada.post("/admin/email", { ...moved, password: "s3cret-pass" })).status).toBe(200);
    await ada.post("/admin/email/test", { _csrf: csrf });
    expect(other.received.at(-1)).toMatchObject({ to: ["admin@example.com"], authenticated: "parley" });
    // Leaving the user name empty (no sign-in) needs no password.
    expect((await ada.post("/admin/email", { ...moved, port: String(smtp.port), username: "" })).status).toBe(200);
  } finally {
    other.stop();
  }
});

test("a chat nobody answered is mailed to its agent, unless they turned it off", async () => {
  await configure();
  const { socket: agent } = await agentSocket(srv.wsUrl, ann.session!);
  const { socket: visitor } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "m1", text: "anyone there? 有人吗" });
  const ack = await visitor.next("ack");
  await agent.next("conversation", (f) => f.conversation.id === ack.conversationId);
  agent.send({ type: "close", conversationId: ack.conversationId });
  await visitor.next("closed");
  await smtp.waitFor(1);
  const mail = smtp.received[0]!;
  expect(mail.to).toEqual(["agent@example.com"]);
  // Ann never saved her choices: her mail is in the default language, Chinese.
  expect(mail.subject).toContain("未接会话");
  expect(mail.text).toContain("anyone there? 有人吗");
  expect(mail.text).toContain(`/history/${ack.conversationId}`);

  // An answered chat sends nothing.
  visitor.send({ type: "message", clientId: "m2", text: "hello again" });
  const ack2 = await visitor.next("ack");
  agent.send({ type: "message", conversationId: ack2.conversationId, clientId: "a1", text: "hi!" });
  await agent.next("ack");
  agent.send({ type: "close", conversationId: ack2.conversationId });
  await visitor.next("closed");

  // Ann turns missed chats off (in Chinese: her mail would be in Chinese).
  const csrf = await ann.csrf("/account/email");
  expect((await ann.post("/account/email", { _csrf: csrf, newLeads: "1" })).status).toBe(200);
  visitor.send({ type: "message", clientId: "m3", text: "third" });
  const ack3 = await visitor.next("ack");
  agent.send({ type: "close", conversationId: ack3.conversationId });
  await visitor.next("closed");
  await sender().idle();
  expect(smtp.received).toHaveLength(1);
  agent.close();
  visitor.close();
});

test("a new lead is mailed to those who read leads and want it", async () => {
  await configure();
  const csrf = await ann.csrf("/account/email");
  await ann.post("/account/email?lang=zh-CN", { _csrf: csrf, missedChats: "1", newLeads: "1" });
  await ada.post("/account/email", { _csrf: await ada.csrf("/account/email"), missedChats: "1", newLeads: "1" });
  const res = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, name: "Li Lei", phone: "13800138000", message: "请回电 call me" }), headers: { origin: "https://shop.example" } });
  expect(res.status).toBe(201);
  await smtp.waitFor(2);
  await sender().idle();
  const byTo = Object.fromEntries(smtp.received.map((m) => [m.to[0]!, m]));
  expect(Object.keys(byTo).sort()).toEqual(["admin@example.com", "agent@example.com"]);
  expect(byTo["admin@example.com"]!.subject).toContain("New lead");
  expect(byTo["admin@example.com"]!.text).toContain("请回电 call me");
  // Each in the language they saved their choices in: Ada English, Ann Chinese.
  expect(byTo["agent@example.com"]!.subject).toContain("新线索");
  // Ada turns leads off: the next lead reaches Ann only.
  const csrf2 = await ada.csrf("/account/email");
  await ada.post("/account/email", { _csrf: csrf2, missedChats: "1" });
  await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid: "b".repeat(32), phone: "13900139000", message: "again" }), headers: { origin: "https://shop.example" } });
  await smtp.waitFor(3);
  await sender().idle();
  expect(smtp.received.slice(2).map((m) => m.to[0])).toEqual(["agent@example.com"]);
});

test("a visitor who gave an email gets the transcript, without internal notes", async () => {
  await configure({ transcriptOnClose: "1" });
  const { socket: agent } = await agentSocket(srv.wsUrl, ann.session!);
  const { socket: visitor, visitorId } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "t1", text: "where is my parcel?" });
  const ack = await visitor.next("ack");
  srv.db.$client.run("update visitors set email = 'li@example.com', lang = 'en' where id = ?", [visitorKey(srv.enterpriseId, visitorId)]);
  agent.send({ type: "message", conversationId: ack.conversationId, clientId: "n1", text: "SECRET internal note", internal: true });
  await agent.next("ack");
  agent.send({ type: "message", conversationId: ack.conversationId, clientId: "a1", text: "It ships today." });
  await agent.next("ack");
  agent.send({ type: "close", conversationId: ack.conversationId });
  await visitor.next("closed");
  await smtp.waitFor(1);
  const mail = smtp.received.find((m) => m.to[0] === "li@example.com")!;
  expect(mail.subject).toContain("Your conversation");
  expect(mail.text).toContain("where is my parcel?");
  expect(mail.text).toContain("It ships today.");
  expect(mail.text).not.toContain("SECRET");
  agent.close();
  visitor.close();
});

test("a mail server that keeps failing: retried by the clock, then shown as failed; a refusal for good fails at once", async () => {
  await configure();
  let offset = 0;
  sender().now = () => Date.now() + offset;
  smtp.refuseNext = 100;
  const submit = (vid: string) => fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid, phone: "13800138000", message: "hi" }), headers: { origin: "https://shop.example" } });
  const t0 = performance.now();
  expect((await submit("c".repeat(32))).status).toBe(201);
  expect(performance.now() - t0).toBeLessThan(1000); // never waits for the mail server
  await sender().idle();
  const statuses = () => srv.db.$client.query("select status, attempts from email_outbox order by id").all() as { status: string; attempts: number }[];
  expect(statuses()).toEqual([{ status: "pending", attempts: 1 }, { status: "pending", attempts: 1 }]);
  for (const minutes of [1, 5, 15, 60]) {
    offset += minutes * 60_000;
    sender().kick();
    await sender().idle();
  }
  expect(statuses()).toEqual([{ status: "failed", attempts: 5 }, { status: "failed", attempts: 5 }]);
  expect(smtp.received).toHaveLength(0);
  const page = await (await ada.get("/admin/email")).text();
  expect(page.match(/data-status="failed"/g)?.length).toBe(2);
  expect(page).toContain("421");

  smtp.refuseNext = 100;
  smtp.refuseCode = 554;
  await submit("d".repeat(32));
  await sender().idle();
  expect(statuses().slice(2)).toEqual([{ status: "failed", attempts: 1 }, { status: "failed", attempts: 1 }]);
});

test("the widget asks for a transcript: sent to the email the visitor gave, only for their ended conversation, a few an hour", async () => {
  await configure();
  const { socket: agent } = await agentSocket(srv.wsUrl, ann.session!);
  const { socket: visitor, visitorId } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "w1", text: "do you ship abroad?" });
  const ack = await visitor.next("ack");
  agent.send({ type: "message", conversationId: ack.conversationId, clientId: "w2", text: "Yes, to 40 countries." });
  await agent.next("ack");
  const ask = (over: Record<string, string> = {}) =>
    fetch(`${srv.url}/api/widget/transcript`, { method: "POST", headers: { "content-type": "application/json", origin: "https://shop.example" }, body: JSON.stringify({ site: srv.siteKey, vid: visitorId, conversation: ack.conversationId, lang: "en", ...over }) });
  // Not while it is open; not without an address; never for someone else's conversation.
  expect((await ask()).status).toBe(409);
  agent.send({ type: "close", conversationId: ack.conversationId });
  await visitor.next("closed");
  const noEmail = await ask();
  expect(noEmail.status).toBe(409);
  expect((await noEmail.json()).error.message).toContain("no email address");
  srv.db.$client.run("update visitors set email = 'wang@example.com' where id = ?", [visitorKey(srv.enterpriseId, visitorId)]);
  expect((await ask({ vid: "e".repeat(32) })).status).toBe(404);
  for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(202);
  expect((await ask()).status).toBe(429);
  await smtp.waitFor(3);
  await sender().idle();
  const transcripts = smtp.received.filter((m) => m.to[0] === "wang@example.com");
  expect(transcripts).toHaveLength(3);
  expect(transcripts[0]!.text).toContain("Yes, to 40 countries.");
  agent.close();
  visitor.close();
});

test("a busy enterprise's sent and failed mail, more than a prune's batch, is all deleted a poll apart, not a batch an hour", () => {
  const now = Date.now();
  const old = now - KEEP_MAIL_MS - 86_400_000;
  const insert = srv.db.$client.prepare(
    "insert into email_outbox (enterprise_id, kind, to_address, subject, body, status, attempts, next_at, created_at, sent_at) values (?1, 'transcript', 'v@example.com', 's', 'words', ?2, 1, ?3, ?3, ?3)",
  );
  srv.db.$client.transaction(() => {
    for (let i = 0; i < 2 * PRUNE_BATCH + 500; i++) insert.run(srv.enterpriseId, i % 2 ? "sent" : "failed", old);
    insert.run(srv.enterpriseId, "sent", now);
  })();
  const count = () => (srv.db.$client.query("select count(*) as n from email_outbox").get() as { n: number }).n;
  // Three polls of the sender's timer: before, the first deleted a batch and the next waited an hour.
  for (let i = 0; i < 3; i++) sender().poll();
  expect(count()).toBe(1);
});

test("platform mode: a firm whose mail server never answers keeps to its share of the sending slots while another firm's mail waits", async () => {
  srv.app.config.mode = "platform";
  // Accepts connections and never says a word (until the test closes them, as the timeout would).
  const held = new Set<import("bun").Socket<undefined>>();
  const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { open: (s) => void held.add(s), data: () => {}, close: (s) => void held.delete(s) } });
  try {
    const [hostile, other] = [await signUpFirm(srv), await signUpFirm(srv)];
    const server = (port: number) => ({ host: "127.0.0.1", port, security: "none" as const, username: "", password: "", fromAddress: "support@acme.example", fromName: "" });
    saveEnterpriseEmail(srv.db, hostile.enterpriseId, { smtp: server(silent.port), transcriptOnClose: false });
    smtp.user = null;
    saveEnterpriseEmail(srv.db, other.enterpriseId, { smtp: server(smtp.port), transcriptOnClose: false });
    for (let i = 0; i < 12; i++) queueMail(srv.db, hostile.enterpriseId, "test", { to: `v${i}@example.com`, subject: "s", text: "t" });
    sender().kick();
    // Nobody else's mail waits: the hostile firm may use every slot.
    await until(() => held.size === MAIL_IN_FLIGHT, "every slot to hang");
    queueMail(srv.db, other.enterpriseId, "test", { to: "customer@example.com", subject: "to the other firm's customer", text: "hello" });
    // The silent server's connections end (as the 15 s timeout would end them). Before: the hostile firm's
    // next mails, older, took every slot again and the other firm's waited behind them.
    for (const s of [...held]) s.end();
    await until(() => smtp.received.length === 1, "the other firm's mail", 3000);
    expect(smtp.received[0]!.subject).toBe("to the other firm's customer");
  } finally {
    for (const s of [...held]) s.end();
    silent.stop(true);
  }
});
