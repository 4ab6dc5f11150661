// The push sender never holds up the chat and never grows without bound: with every push service
// hanging, a visitor's messages are still acknowledged at once, at most `concurrency` pushes are in
// flight, at most `maxQueue` wait (the oldest dropped), and a timeout frees the slots.
import { afterEach, expect, test } from "bun:test";
import { createECDH, randomBytes } from "node:crypto";
import { PushSender } from "../../src/push/sender";
import { pushNotifierOf } from "../../src/push/notifier";
import { subscribe } from "../../src/push/subscriptions";
import { vapidKeys } from "../../src/push/vapid";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";
import { until } from "../helpers/wait";

let srv: TestServer;
afterEach(() => srv?.stop());

function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

test("a hanging push service: bounded queue and in-flight count, and the timeout frees them", async () => {
  srv = await startServer();
  const who = { enterpriseId: srv.enterpriseId, id: srv.agent.id };
  const subs = Array.from({ length: 10 }, (_, i) => subscribe(srv.db, who, { endpoint: `https://push.example/d${i}`, keys: browserKeys() }, "desktop", "en", false));
  let started = 0;
  const sender = new PushSender({
    db: srv.db,
    keys: vapidKeys(srv.db),
    subject: "mailto:test@example.com",
    maxQueue: 3,
    concurrency: 2,
    timeoutMs: 200,
    // push.example is no real host: the fake below stands in for it, unresolved.
    allowPrivate: true,
    // A push service that never answers (until the sender's own timeout aborts the request).
    fetch: ((_url: string, init: RequestInit) => {
      started++;
      return new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    }) as unknown as typeof fetch,
  });
  sender.enqueue(subs, { title: "t", body: "b", url: "/workspace", tag: "x" });
  // Whoever enqueues never waits for a push service: the sends start on a later turn (a timing
  // bound here failed under a loaded CI, 71 ms against 50).
  expect(started).toBe(0);
  // Ten jobs for a queue of three: 2 are taken at once, 3 wait, 5 are dropped.
  expect(sender.dropped).toBe(5);
  await until(() => started === 2, "two pushes in flight");
  await sender.idle();
  expect(started).toBe(5);
  expect(sender.sent).toBe(0);
  // Failures other than 404/410 keep the subscription.
  expect((srv.db.$client.query("select count(*) as n from push_subscriptions").get() as { n: number }).n).toBe(10);
});

test("with the agent's push service hanging, visitors' messages are acknowledged as usual", async () => {
  srv = await startServer({ config: { pushAllowPrivate: true } });
  let reached = 0;
  const hanging = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => {
      reached++;
      return new Promise<Response>(() => {});
    },
  });
  try {
    const http = new HttpClient(srv.url);
    await http.login(srv.agent.email, srv.agent.password);
    subscribe(srv.db, { enterpriseId: srv.enterpriseId, id: srv.agent.id }, { endpoint: `http://127.0.0.1:${hanging.port}/x`, keys: browserKeys() }, "desktop", "en", true);
    const agent = await agentSocket(srv.wsUrl, http.session!);
    agent.socket.send({ type: "visibility", visible: false });
    await until(() => !srv.app.chat.presence.hasVisibleTab(srv.agent.id), "hidden");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      v.socket.send({ type: "message", clientId: `c${i}`, text: `message ${i}` });
      await v.socket.next("ack");
      expect(performance.now() - t0).toBeLessThan(250);
    }
    // The alert went out (and hangs, unanswered); the next messages fell in its quiet time.
    await until(() => reached === 1, "the alert to reach the push service");
    expect(pushNotifierOf(srv.app)!.sender.sent).toBe(0);
  } finally {
    hanging.stop(true);
  }
});

test("a push service answering with an endless body costs a few kilobytes, not memory without bound: the answer's body is not read", async () => {
  srv = await startServer();
  const who = { enterpriseId: srv.enterpriseId, id: srv.agent.id };
  let pulled = 0;
  const CHUNK = new Uint8Array(64 * 1024).fill(120);
  // Any agent may register any https endpoint: this one answers 201 and then streams 64 MB (it could stream for ever).
  const hostile = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () =>
      new Response(
        new ReadableStream({
          pull(c) {
            if (pulled >= 64 * 1024 * 1024) return c.close();
            pulled += CHUNK.byteLength;
            c.enqueue(CHUNK);
          },
        }),
        { status: 201 },
      ),
  });
  try {
    const sub = subscribe(srv.db, who, { endpoint: `http://127.0.0.1:${hostile.port}/x`, keys: browserKeys() }, "desktop", "en", true);
    const sender = new PushSender({ db: srv.db, keys: vapidKeys(srv.db), subject: "mailto:test@example.com", timeoutMs: 60_000, allowPrivate: true });
    sender.enqueue([sub], { title: "t", body: "b", url: "/workspace", tag: "x" });
    await sender.idle();
    expect(sender.sent).toBe(1);
    // Before: the whole body was read into memory (all 64 MB; an endless one until the timeout).
    expect(pulled).toBeLessThan(8 * 1024 * 1024);
  } finally {
    hostile.stop(true);
  }
});

test("by default a push goes to no private or loopback address: such endpoints are refused, and a stored name that resolves to one gets nothing", async () => {
  srv = await startServer();
  const who = { enterpriseId: srv.enterpriseId, id: srv.agent.id };
  let reached = 0;
  const internal = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (reached++, new Response(null, { status: 201 })) });
  try {
    // Any signed-in person may subscribe, and the server POSTs to what they named.
    for (const endpoint of [`http://127.0.0.1:${internal.port}/x`, `https://127.0.0.1:${internal.port}/x`, "https://10.1.2.3/x", "https://[::1]/x", "https://localhost/x", "https://169.254.169.254/latest"])
      expect(() => subscribe(srv.db, who, { endpoint, keys: browserKeys() }, "desktop", "en", false)).toThrow("bad_request");
    const http = new HttpClient(srv.url);
    await http.login(srv.agent.email, srv.agent.password);
    const csrf = await http.csrf("/account");
    const refused = await http.request("/api/push/subscriptions", { method: "POST", body: JSON.stringify({ endpoint: `http://127.0.0.1:${internal.port}/x`, keys: browserKeys() }), headers: { "content-type": "application/json", "x-csrf-token": csrf } });
    expect(refused.status).toBe(400);
    // A name is checked when a push goes: one stored when it resolved elsewhere, or from before this check.
    const sub = { ...subscribe(srv.db, who, { endpoint: `http://127.0.0.1:${internal.port}/x`, keys: browserKeys() }, "desktop", "en", true), endpoint: `http://localhost:${internal.port}/x` };
    const sender = new PushSender({ db: srv.db, keys: vapidKeys(srv.db), subject: "mailto:test@example.com" });
    sender.enqueue([sub], { title: "t", body: "b", url: "/workspace", tag: "x" });
    await sender.idle();
    expect(reached).toBe(0);
    // The same with private addresses allowed (a local push service): it arrives.
    const local = new PushSender({ db: srv.db, keys: vapidKeys(srv.db), subject: "mailto:test@example.com", allowPrivate: true });
    local.enqueue([sub], { title: "t", body: "b", url: "/workspace", tag: "x" });
    await local.idle();
    expect(reached).toBe(1);
  } finally {
    internal.stop(true);
  }
});
