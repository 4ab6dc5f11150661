// Web Push end to end: a "push service" on this machine holds the test's own browser keys (P-256 key
// pair and auth secret). The server's alert for a new conversation reaches it, carries a valid
// VAPID token, decrypts (RFC 8291, done here independently of src/push/encrypt.ts) and names the
// conversation; a 410 from the push service removes the subscription; sending never holds up chat.
import { afterEach, describe, expect, test } from "bun:test";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { pushNotifierOf } from "../../src/push/notifier";
import { VAPID_KEY } from "../../src/push/vapid";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";
import { until } from "../helpers/wait";

let srv: TestServer;
let pushService: ReturnType<typeof Bun.serve> | null = null;
afterEach(async () => {
  pushService?.stop(true);
  pushService = null;
  await srv?.stop();
});

interface Received {
  headers: Headers;
  body: Buffer;
}

/** A browser's side of Web Push: its keys, and a push service that answers `status` and keeps what it got. */
function testBrowser(status = 201) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const received: Received[] = [];
  pushService = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (req) => {
      received.push({ headers: req.headers, body: Buffer.from(await req.arrayBuffer()) });
      return new Response(null, { status });
    },
  });
  return {
    received,
    subscription: { endpoint: `http://127.0.0.1:${pushService.port}/push/device-1`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } },
    /** RFC 8291 §3 / RFC 8188 from the receiving end. */
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const rs = body.readUInt32BE(16);
      const idlen = body[20]!;
      const asPublic = body.subarray(21, 21 + idlen);
      const sealed = body.subarray(21 + idlen);
      expect(rs).toBeGreaterThanOrEqual(sealed.length);
      const shared = ecdh.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), asPublic]);
      const ikm = Buffer.from(hkdfSync("sha256", shared, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
      const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
      const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
      // The last record ends with 0x02 and padding zeros.
      let end = plain.length - 1;
      while (plain[end] === 0) end--;
      expect(plain[end]).toBe(2);
      return plain.subarray(0, end).toString("utf8");
    },
  };
}

/** RFC 8292: `vapid t=<JWT>, k=<key>`, the JWT signed by k for the push service's origin. */
function checkVapid(header: string, endpoint: string) {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header);
  expect(m).not.toBeNull();
  const [, h, c, sig, k] = m!;
  const raw = Buffer.from(k!, "base64url");
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33).toString("base64url") }, format: "jwk" });
  expect(verify("sha256", Buffer.from(`${h}.${c}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(sig!, "base64url"))).toBe(true);
  const claims = JSON.parse(Buffer.from(c!, "base64url").toString());
  expect(claims.aud).toBe(new URL(endpoint).origin);
  expect(claims.exp * 1000).toBeGreaterThan(Date.now());
  expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600 * 1000);
  return k!;
}

async function signedInAgent() {
  const http = new HttpClient(srv.url);
  await http.login(srv.agent.email, PASSWORD);
  const csrf = await http.csrf("/account");
  return { http, csrf };
}

async function subscribeDevice(http: HttpClient, csrf: string, subscription: unknown) {
  return http.request("/api/push/subscriptions", { method: "POST", body: JSON.stringify(subscription), headers: { "content-type": "application/json", "x-csrf-token": csrf } });
}

describe("Web Push", () => {
  test("VAPID keys are made at first start, kept in the database (so in backups), and the same after a restart", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const stored = () => srv.db.$client.query("select value from instance where key = ?").get(VAPID_KEY) as { value: string } | null;
    expect(JSON.parse(stored()!.value).d).toBeTruthy();
    const { http } = await signedInAgent();
    const first = (await (await http.get("/api/push/key")).json()).publicKey;
    expect(Buffer.from(first, "base64url").length).toBe(65);
    await srv.stop(true);
    srv = await startServer({ dataDir: srv.dataDir, config: { pushAllowPrivate: true } });
    const again = new HttpClient(srv.url);
    await again.login(srv.agent.email, PASSWORD);
    expect((await (await again.get("/api/push/key")).json()).publicKey).toBe(first);
  });

  test("a new conversation given to an agent with no tab on screen reaches their device, encrypted, and names the conversation", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const device = testBrowser();
    const { http, csrf } = await signedInAgent();
    const res = await subscribeDevice(http, csrf, device.subscription);
    expect(res.status).toBe(201);
    const publicKey = (await (await http.get("/api/push/key")).json()).publicKey;

    const agent = await agentSocket(srv.wsUrl, http.session!);
    // The agent's tab says it is not on screen (a phone in a pocket).
    agent.socket.send({ type: "visibility", visible: false });
    await until(() => !srv.app.chat.presence.hasVisibleTab(srv.agent.id), "the tab to count as hidden");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "c1", text: "Is the blue one in stock?" });
    const ack = await v.socket.next("ack");
    const summary = (await agent.socket.next("conversation", (f) => f.conversation.id === ack.conversationId && f.conversation.agentId === srv.agent.id)).conversation;

    await until(() => device.received.length >= 1, "the push to arrive");
    const got = device.received[0]!;
    expect(got.headers.get("content-encoding")).toBe("aes128gcm");
    expect(Number(got.headers.get("ttl"))).toBeGreaterThan(0);
    expect(checkVapid(got.headers.get("authorization")!, device.subscription.endpoint)).toBe(publicKey);
    const alert = JSON.parse(device.decrypt(got.body));
    expect(alert.url).toBe(`/workspace?c=${ack.conversationId}`);
    expect(alert.tag).toBe(ack.conversationId);
    expect(alert.title).toContain(summary.visitor.displayId);
    expect(alert.body).toContain("Is the blue one in stock?");
    // Sent in the language the agent subscribed in (the server's default for this client: zh-CN).
    expect(alert.title).toContain("新会话");
    // One alert: the visitor's first message falls in the new conversation's alert's quiet time.
    await new Promise((r) => setTimeout(r, 50));
    await pushNotifierOf(srv.app)!.sender.idle();
    expect(device.received.length).toBe(1);
    expect(pushNotifierOf(srv.app)!.sender.sent).toBe(1);
  });

  test("nothing is pushed while a tab of the agent is on screen; a visitor's next words are, once it is hidden", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const device = testBrowser();
    const { http, csrf } = await signedInAgent();
    await subscribeDevice(http, csrf, device.subscription);
    const agent = await agentSocket(srv.wsUrl, http.session!);
    agent.socket.send({ type: "visibility", visible: true });
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "c1", text: "hello" });
    const ack = await v.socket.next("ack");
    await agent.socket.next("message", (m) => m.conversationId === ack.conversationId);
    await pushNotifierOf(srv.app)!.sender.idle();
    expect(device.received.length).toBe(0);

    agent.socket.send({ type: "visibility", visible: false });
    await until(() => !srv.app.chat.presence.hasVisibleTab(srv.agent.id), "the tab to count as hidden");
    v.socket.send({ type: "message", clientId: "c2", text: "are you there?" });
    await until(() => device.received.length === 1, "the message's push");
    const alert = JSON.parse(device.decrypt(device.received[0]!.body));
    expect(alert.body).toBe("are you there?");
    expect(alert.url).toBe(`/workspace?c=${ack.conversationId}`);
  });

  test("a new lead reaches the devices of those who read leads and have no tab on screen, and opens the leads page", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const device = testBrowser();
    const { http, csrf } = await signedInAgent();
    await subscribeDevice(http, csrf, device.subscription);
    // No tab at all (the agent closed the workspace): alerted.
    const res = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, name: "王小姐", phone: "13800138000", message: "请回电" }), headers: { origin: "https://shop.example" } });
    expect(res.status).toBeLessThan(300);
    await until(() => device.received.length === 1, "the lead's push");
    const alert = JSON.parse(device.decrypt(device.received[0]!.body));
    expect(alert.url).toBe("/leads");
    expect(alert.tag).toStartWith("lead-");
    expect(alert.body).toContain("请回电");
  });

  test("a subscription the push service answers 410 for is removed", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const device = testBrowser(410);
    const { http, csrf } = await signedInAgent();
    await subscribeDevice(http, csrf, device.subscription);
    const count = () => (srv.db.$client.query("select count(*) as n from push_subscriptions").get() as { n: number }).n;
    expect(count()).toBe(1);
    const agent = await agentSocket(srv.wsUrl, http.session!);
    agent.socket.send({ type: "visibility", visible: false });
    await until(() => !srv.app.chat.presence.hasVisibleTab(srv.agent.id), "the tab to count as hidden");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "c1", text: "hi" });
    await v.socket.next("ack");
    await until(() => device.received.length === 1, "the push attempt");
    await until(() => count() === 0, "the dead subscription to be removed");
  });

  test("subscriptions are checked: endpoints https (or this machine), keys a P-256 point and a 16-byte secret; the account page lists and removes devices", async () => {
    srv = await startServer({ config: { pushAllowPrivate: true } });
    const device = testBrowser();
    const { http, csrf } = await signedInAgent();
    const bad = [
      { ...device.subscription, endpoint: "http://push.example/x" },
      { ...device.subscription, endpoint: "file:///etc/passwd" },
      { ...device.subscription, keys: { p256dh: "AAAA", auth: device.subscription.keys.auth } },
      { ...device.subscription, keys: { p256dh: device.subscription.keys.p256dh, auth: "AAAA" } },
      { endpoint: device.subscription.endpoint },
    ];
    for (const b of bad) expect((await subscribeDevice(http, csrf, b)).status).toBe(400);
    // Without the CSRF token: refused.
    expect((await http.request("/api/push/subscriptions", { method: "POST", body: JSON.stringify(device.subscription), headers: { "content-type": "application/json" } })).status).toBe(403);
    const first = await (await subscribeDevice(http, csrf, device.subscription)).json();
    // The same endpoint again (the workspace saves it on every load) is the same device, same id.
    const again = await subscribeDevice(http, csrf, device.subscription);
    expect(again.status).toBe(201);
    expect((await again.json()).device.id).toBe(first.device.id);
    const page = await (await http.get("/account")).text();
    const ids = [...page.matchAll(/data-testid="push-device" data-device-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(1);
    // Another person cannot remove it.
    const admin = new HttpClient(srv.url);
    await admin.login(srv.admin.email, PASSWORD);
    const adminCsrf = await admin.csrf("/account");
    expect((await admin.post(`/account/devices/${ids[0]}/remove`, { _csrf: adminCsrf })).status).toBe(404);
    const removed = await http.post(`/account/devices/${ids[0]}/remove`, { _csrf: csrf });
    expect(removed.status).toBe(303);
    expect((srv.db.$client.query("select count(*) as n from push_subscriptions").get() as { n: number }).n).toBe(0);
    // Signing out unsubscribes the device (static/js/app.js): only one's own endpoint goes.
    await subscribeDevice(http, csrf, device.subscription);
    const unsubscribe = (c: HttpClient, token: string) => c.request("/api/push/unsubscribe", { method: "POST", body: JSON.stringify({ endpoint: device.subscription.endpoint }), headers: { "content-type": "application/json", "x-csrf-token": token } });
    expect((await unsubscribe(admin, adminCsrf)).status).toBe(200);
    expect((srv.db.$client.query("select count(*) as n from push_subscriptions").get() as { n: number }).n).toBe(1);
    expect((await unsubscribe(http, csrf)).status).toBe(200);
    expect((srv.db.$client.query("select count(*) as n from push_subscriptions").get() as { n: number }).n).toBe(0);
    // A shared computer: whoever subscribes with an endpoint last gets its alerts, nobody else.
    await subscribeDevice(http, csrf, device.subscription);
    expect((await subscribeDevice(admin, adminCsrf, device.subscription)).status).toBe(201);
    const owners = srv.db.$client.query("select user_id from push_subscriptions").all() as { user_id: string }[];
    expect(owners.length).toBe(1);
    expect(owners[0]!.user_id).not.toBe(srv.agent.id);
  });
});
