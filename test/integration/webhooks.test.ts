// Webhooks (docs/webhooks.md) on a real server, a real SQLite file and a real receiver: signed
// deliveries from the outbox, retries by an injectable clock (no sleeping), per-conversation order,
// the delivery log and redelivery, a restart with 100 deliveries waiting, and SSRF refusals at
// registration and again at delivery.
import { afterEach, expect, test } from "bun:test";
import { createLead } from "../../src/leads/leads";
import { retentionPass } from "../../src/ops/retention";
import { backoffMs, EXCERPT_BYTES, KEEP_FINISHED_MS, MAX_IN_FLIGHT, MAX_IN_FLIGHT_PER_ENDPOINT, PRUNE_BATCH, RETRY_FOR_MS } from "../../src/webhooks/dispatcher";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { signUpFirm, startPlatform } from "../helpers/platform";
import { until } from "../helpers/wait";
import { isPrivateAddress } from "../../src/webhooks/address";
import { webhooksOf } from "../../src/webhooks/service";
import { WebhookReceiver } from "../fakes/webhook-receiver";
import { HttpClient } from "../helpers/http";
import { startServer, tempDir, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function server(opts: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const srv = await startServer(opts);
  cleanup.push(() => srv.stop());
  return srv;
}

function receiver(): WebhookReceiver {
  const r = new WebhookReceiver();
  cleanup.push(() => r.stop());
  return r;
}

async function admin(srv: TestServer): Promise<HttpClient> {
  const ada = new HttpClient(srv.url);
  ada.cookies.set("parley_lang", "en");
  await ada.login(srv.admin.email, srv.admin.password);
  return ada;
}

/** Registers an endpoint through the admin page; returns its id and the secret shown once. */
async function register(ada: HttpClient, url: string, events: string[]): Promise<{ status: number; html: string; id?: string; secret?: string }> {
  const csrf = await ada.csrf("/admin/webhooks");
  const form = new URLSearchParams({ _csrf: csrf, url });
  for (const e of events) form.append("events", e);
  const res = await ada.request("/admin/webhooks", { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } });
  const html = await res.text();
  const secret = /data-testid="webhook-secret">([^<]+)</.exec(html)?.[1];
  const id = [...html.matchAll(/data-testid="webhook-item" data-id="([^"]+)"/g)].at(-1)?.[1];
  return { status: res.status, html, id, secret };
}

const attemptsOf = (srv: TestServer, deliveryId: number) => (srv.db.$client.query("select count(*) as n from webhook_attempts where delivery_id = ?").get(deliveryId) as { n: number }).n;

test("addresses webhooks may not reach by default", () => {
  for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "224.0.0.1"])
    expect({ ip, private: isPrivateAddress(ip) }).toEqual({ ip, private: true });
  for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) expect({ ip, private: isPrivateAddress(ip) }).toEqual({ ip, private: false });
});

test("private, loopback and link-local endpoints are refused by default, with a clear message", async () => {
  const srv = await server();
  const ada = await admin(srv);
  const r = receiver();
  for (const url of [r.url, "http://localhost:9/x", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/", "http://10.0.0.5/hook"]) {
    const res = await register(ada, url, ["message.created"]);
    expect({ url, status: res.status }).toEqual({ url, status: 422 });
    expect(res.html).toContain("private, loopback or link-local");
  }
  const bad = await register(ada, "ftp://example.com/x", ["message.created"]);
  expect(bad.status).toBe(422);
  expect(bad.html).toContain("http:// or https://");
  const none = await register(ada, "https://example.com/x", []);
  expect(none.status).toBe(422);
  expect((srv.db.$client.query("select count(*) as n from webhook_endpoints").get() as { n: number }).n).toBe(0);
  // An agent (no settings module) may not see the page.
  const ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  expect((await ann.get("/admin/webhooks")).status).toBe(403);
});

test("a chat's events arrive signed, in order; a failing receiver gets its delivery retried by the clock, the log shows 4 attempts, the next one waited", async () => {
  const srv = await server({ config: { webhooksAllowPrivate: true } });
  const r = receiver();
  const ada = await admin(srv);
  const reg = await register(ada, r.url, ["message.created", "conversation.created"]);
  expect(reg.status).toBe(200);
  expect(reg.secret).toMatch(/^whsec_/);
  r.secret = reg.secret!;
  // The secret is shown once: not on the list, nor on the endpoint's page.
  expect(await (await ada.get("/admin/webhooks")).text()).not.toContain(reg.secret!);
  expect(await (await ada.get(`/admin/webhooks/${reg.id}`)).text()).not.toContain(reg.secret!);

  const dispatcher = webhooksOf(srv.db)!.dispatcher;
  let offset = 0;
  dispatcher.now = () => Date.now() + offset;
  r.failNext = 3;
  r.failBody = "x".repeat(5000);

  const ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  const { socket: agent } = await agentSocket(srv.wsUrl, ann.session!);
  const { socket: visitor } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "c1", text: "first" });
  const ack = await visitor.next("ack");
  await r.waitFor(1); // conversation.created, failed
  visitor.send({ type: "message", clientId: "c2", text: "second" });
  await visitor.next("ack");
  await dispatcher.idle();
  // Nothing of this conversation went past the failing delivery.
  expect(r.received.map((x) => x.type)).toEqual(["conversation.created"]);
  for (let failures = 1; failures <= 3; failures++) {
    offset += backoffMs(failures);
    dispatcher.kick();
    await r.waitFor(failures + 1);
    await dispatcher.idle();
  }
  await r.waitFor(5);
  await dispatcher.idle();
  expect(r.received.map((x) => `${x.type}:${x.answered}`)).toEqual(["conversation.created:500", "conversation.created:500", "conversation.created:500", "conversation.created:200", "message.created:200", "message.created:200"]);
  expect(r.received.every((x) => x.signatureValid)).toBe(true);
  const texts = r.delivered.filter((x) => x.type === "message.created").map((x) => x.body.data.text);
  expect(texts).toEqual(["first", "second"]);
  const created = r.delivered[0]!;
  expect(created.body).toMatchObject({ type: "conversation.created", enterpriseId: srv.enterpriseId, data: { conversationId: ack.conversationId } });
  expect(created.eventId).toBe(created.body.id);
  // All four tries of the first delivery carry the same event id (receivers deduplicate by it).
  expect(new Set(r.received.slice(0, 4).map((x) => x.eventId)).size).toBe(1);

  // The log: delivered after 4 attempts, each with its answer; the failure's body cut to 1 KB.
  const deliveryId = Number(created.delivery);
  expect(attemptsOf(srv, deliveryId)).toBe(4);
  const log = await (await ada.get(`/admin/webhooks/${reg.id}`)).text();
  expect(log).toContain(`data-id="${deliveryId}" data-status="delivered" data-attempts="4"`);
  const detail = await (await ada.get(`/admin/webhooks/${reg.id}/deliveries/${deliveryId}`)).text();
  expect(detail.match(/data-testid="webhook-attempt"/g)?.length).toBe(4);
  const excerpts = srv.db.$client.query("select body_excerpt as b, status_code as code from webhook_attempts where delivery_id = ? order by id").all(deliveryId) as { b: string; code: number }[];
  expect(excerpts.map((e) => e.code)).toEqual([500, 500, 500, 200]);
  expect(excerpts[0]!.b.length).toBe(EXCERPT_BYTES);
  expect(excerpts[3]!.b).toBe("ok");

  // Redeliver: the same event again, once.
  const csrf = await ada.csrf(`/admin/webhooks/${reg.id}`);
  const res = await ada.post(`/admin/webhooks/${reg.id}/deliveries/${deliveryId}/redeliver`, { _csrf: csrf });
  expect(res.status).toBe(200);
  await r.waitFor(7);
  await dispatcher.idle();
  expect(r.received.at(-1)!.eventId).toBe(created.eventId);
  expect(r.received.length).toBe(7);
  agent.close();
  visitor.close();
});

test("the server restarts with 100 deliveries waiting: each is delivered once after it", async () => {
  const dataDir = tempDir();
  const r = receiver();
  const first = await startServer({ dataDir, config: { webhooksAllowPrivate: true } });
  const ada = await admin(first);
  const reg = await register(ada, r.url, ["lead.created"]);
  r.secret = reg.secret!;
  // The dispatcher is stopped: the deliveries stay in the outbox as the server goes down.
  webhooksOf(first.db)!.dispatcher.stop();
  const site = first.db.$client.query("select id from sites limit 1").get() as { id: string };
  const leadIds: string[] = [];
  for (let i = 0; i < 100; i++) leadIds.push(createLead(first.db, first.enterpriseId, { siteId: site.id, visitorId: null, fields: [{ key: "message", label: "Message", value: `lead ${i}` }], pageUrl: "", lang: "en" }).id);
  // All 100 wait in the outbox (as events not yet fanned out to the endpoint).
  expect((first.db.$client.query("select count(*) as n from webhook_events").get() as { n: number }).n).toBe(100);
  expect(r.received.length).toBe(0);
  await first.stop(true);

  const second = await server({ dataDir, config: { webhooksAllowPrivate: true } });
  // 100 signed requests after a start: seconds on a loaded CI machine (98 had come at 5 s once).
  await r.waitFor(100, 20_000);
  await webhooksOf(second.db)!.dispatcher.idle();
  expect(r.received.length).toBe(100);
  expect(r.received.every((x) => x.signatureValid && x.answered === 200)).toBe(true);
  expect(new Set(r.received.map((x) => x.body.data.leadId)).size).toBe(100);
  expect([...new Set(r.received.map((x) => x.body.data.leadId as string))].sort()).toEqual(leadIds.sort());
  expect((second.db.$client.query("select count(*) as n from webhook_deliveries where status = 'delivered'").get() as { n: number }).n).toBe(100);
});

test("an endpoint allowed when registered is checked again at delivery: restarted without the setting, nothing is sent to it", async () => {
  const dataDir = tempDir();
  const r = receiver();
  const first = await startServer({ dataDir, config: { webhooksAllowPrivate: true } });
  const reg = await register(await admin(first), r.url, ["lead.created"]);
  expect(reg.status).toBe(200);
  webhooksOf(first.db)!.dispatcher.stop();
  await first.stop(true);

  const second = await server({ dataDir });
  const site = second.db.$client.query("select id from sites limit 1").get() as { id: string };
  createLead(second.db, second.enterpriseId, { siteId: site.id, visitorId: null, fields: [], pageUrl: "", lang: "en" });
  await webhooksOf(second.db)!.dispatcher.idle();
  expect(r.received.length).toBe(0);
  const attempt = second.db.$client.query("select error, status_code as code from webhook_attempts").get() as { error: string; code: number | null };
  expect(attempt).toEqual({ error: "webhook_url_private", code: null });
  const d = second.db.$client.query("select status, attempts from webhook_deliveries").get();
  expect(d).toEqual({ status: "pending", attempts: 1 });
});

test("finished deliveries and their attempts are deleted with retention (they hold what visitors wrote); waiting ones stay", async () => {
  const srv = await server({ config: { webhooksAllowPrivate: true } });
  const r = receiver();
  const reg = await register(await admin(srv), r.url, ["lead.created"]);
  r.secret = reg.secret!;
  const site = srv.db.$client.query("select id from sites limit 1").get() as { id: string };
  createLead(srv.db, srv.enterpriseId, { siteId: site.id, visitorId: null, fields: [{ key: "message", label: "Message", value: "private words" }], pageUrl: "", lang: "en" });
  await r.waitFor(1);
  await webhooksOf(srv.db)!.dispatcher.idle();
  webhooksOf(srv.db)!.dispatcher.stop();
  createLead(srv.db, srv.enterpriseId, { siteId: site.id, visitorId: null, fields: [], pageUrl: "", lang: "en" });
  const count = (table: string) => (srv.db.$client.query(`select count(*) as n from ${table}`).get() as { n: number }).n;
  expect([count("webhook_deliveries"), count("webhook_attempts"), count("webhook_events")]).toEqual([1, 1, 1]);
  await retentionPass(srv.db, srv.dataDir, { days: 1, now: () => Date.now() + 2 * 86_400_000 });
  // The delivered one goes; the one still waiting stays.
  expect([count("webhook_deliveries"), count("webhook_attempts"), count("webhook_events")]).toEqual([0, 0, 1]);
});

test("a busy enterprise's finished deliveries, more than a prune's batch, are all deleted a poll apart, not a batch an hour", async () => {
  const srv = await server();
  const dispatcher = webhooksOf(srv.db)!.dispatcher;
  const now = Date.now();
  const old = now - KEEP_FINISHED_MS - 86_400_000;
  const insert = srv.db.$client.prepare(
    "insert into webhook_deliveries (enterprise_id, endpoint_id, event_id, type, order_key, payload, status, attempts, next_at, created_at, finished_at) values (?1, 'whk_x', ?2, 'lead.created', ?2, '{}', ?3, 1, ?4, ?4, ?5)",
  );
  const attempt = srv.db.$client.prepare("insert into webhook_attempts (enterprise_id, delivery_id, at, duration_ms, status_code) values (?1, ?2, ?3, 1, 200)");
  // 2,500 finished a month ago (a day of an enterprise with 20 endpoints), one finished just now.
  srv.db.$client.transaction(() => {
    for (let i = 0; i < 2 * PRUNE_BATCH + 500; i++) {
      const id = Number(insert.run(srv.enterpriseId, `evt_${i}`, i % 2 ? "delivered" : "failed", old, old).lastInsertRowid);
      attempt.run(srv.enterpriseId, id, old);
    }
    insert.run(srv.enterpriseId, "evt_new", "delivered", now, now);
  })();
  const count = (table: string) => (srv.db.$client.query(`select count(*) as n from ${table}`).get() as { n: number }).n;
  // Three polls (three seconds of the dispatcher's timer): before, the first deleted a batch and the next waited an hour.
  for (let i = 0; i < 3; i++) dispatcher.poll();
  expect([count("webhook_deliveries"), count("webhook_attempts")]).toEqual([1, 0]);
  // Nothing left to prune: the hourly rhythm again.
  dispatcher.poll();
  expect(count("webhook_deliveries")).toBe(1);
});

test("a dead endpoint's backlog is bounded: deliveries due for longer than the day they are retried are given up untried, shown as expired", async () => {
  const srv = await server();
  const dispatcher = webhooksOf(srv.db)!.dispatcher;
  const now = Date.now();
  const stale = now - RETRY_FOR_MS - 60_000;
  const insert = srv.db.$client.prepare(
    "insert into webhook_deliveries (enterprise_id, endpoint_id, event_id, type, order_key, payload, status, attempts, next_at, created_at) values (?1, 'whk_x', ?2, 'lead.created', ?2, '{}', 'pending', 0, ?3, ?3)",
  );
  // Queued behind a dead endpoint more than a day (events came faster than its attempts), and one of today, due later.
  srv.db.$client.transaction(() => {
    for (let i = 0; i < 3; i++) insert.run(srv.enterpriseId, `evt_old_${i}`, stale - i);
    insert.run(srv.enterpriseId, "evt_today", now + 3_600_000);
  })();
  dispatcher.prune();
  const rows = srv.db.$client.query("select event_id, status, attempts, last_error from webhook_deliveries order by event_id").all();
  expect(rows).toEqual([
    { event_id: "evt_old_0", status: "failed", attempts: 0, last_error: "expired" },
    { event_id: "evt_old_1", status: "failed", attempts: 0, last_error: "expired" },
    { event_id: "evt_old_2", status: "failed", attempts: 0, last_error: "expired" },
    { event_id: "evt_today", status: "pending", attempts: 0, last_error: null },
  ]);
});

test("endpoints that never answer take a share of the sending slots each, not all: another endpoint's deliveries go at once", async () => {
  const srv = await server({ config: { webhooksAllowPrivate: true } });
  const r = receiver();
  let hung = 0;
  const hanging = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => {
      hung++;
      return new Promise<Response>(() => {});
    },
  });
  cleanup.push(() => hanging.stop(true));
  const ada = await admin(srv);
  // Three hanging endpoints first: each event's deliveries to them come before the healthy one's.
  for (const path of ["a", "b", "c"]) expect((await register(ada, `http://127.0.0.1:${hanging.port}/${path}`, ["lead.created"])).status).toBe(200);
  const reg = await register(ada, r.url, ["lead.created"]);
  r.secret = reg.secret!;
  const site = srv.db.$client.query("select id from sites limit 1").get() as { id: string };
  // 30 leads: 30 deliveries to each endpoint, every one of them due now (a lead has no conversation to keep in order).
  for (let i = 0; i < 30; i++) createLead(srv.db, srv.enterpriseId, { siteId: site.id, visitorId: null, fields: [], pageUrl: "", lang: "en" });
  // Before: the hanging endpoints' deliveries filled all 16 slots, and the healthy one waited for their 10 s timeouts.
  // (One enterprise alone: past its share of the slots, as no other enterprise's deliveries wait.)
  await r.waitFor(30, 3000);
  expect(hung).toBeLessThanOrEqual(3 * MAX_IN_FLIGHT_PER_ENDPOINT);
  expect(r.received.every((x) => x.signatureValid && x.answered === 200)).toBe(true);
});

test("platform mode: a firm whose endpoints never answer keeps to its share of the sending slots while another firm's deliveries wait", async () => {
  const srv = await startPlatform({ config: { webhooksAllowPrivate: true } });
  cleanup.push(() => srv.stop());
  const r = receiver();
  // Answers nothing until the test lets the requests held so far fail (500).
  const held: ((res: Response) => void)[] = [];
  const hanging = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Promise<Response>((resolve) => held.push(resolve)) });
  cleanup.push(() => hanging.stop(true));
  const [hostile, other] = [await signUpFirm(srv), await signUpFirm(srv)];
  // Four endpoints of one firm that never answer: their endpoints' shares add up to all 16 slots.
  for (const path of ["a", "b", "c", "d"]) await createEndpoint(srv.db, hostile.enterpriseId, { url: `http://127.0.0.1:${hanging.port}/${path}`, events: ["lead.created"], createdBy: null }, true);
  r.secret = (await createEndpoint(srv.db, other.enterpriseId, { url: r.url, events: ["lead.created"], createdBy: null }, true)).secret;
  const siteOf = (enterpriseId: string) => (srv.db.$client.query("select id from sites where enterprise_id = ? limit 1").get(enterpriseId) as { id: string }).id;
  const lead = (enterpriseId: string) => createLead(srv.db, enterpriseId, { siteId: siteOf(enterpriseId), visitorId: null, fields: [], pageUrl: "", lang: "en" });
  for (let i = 0; i < 30; i++) lead(hostile.enterpriseId);
  // Nobody else's deliveries are due: the hostile firm may use every slot.
  await until(() => held.length === MAX_IN_FLIGHT, "every slot to hang");
  for (let i = 0; i < 10; i++) lead(other.enterpriseId);
  // The hanging requests fail (as a timeout would end them). Before: the hostile firm's next 16, older, took
  // the slots again and the other firm waited behind its 120 deliveries; now it is past its share.
  for (const answer of held.splice(0)) answer(new Response("no", { status: 500 }));
  await r.waitFor(10, 3000);
  expect(r.received.every((x) => x.signatureValid && x.answered === 200)).toBe(true);
  for (const answer of held.splice(0)) answer(new Response("no", { status: 500 }));
});
