// What the widget does besides chatting, over real HTTP and sockets: the pre-chat form (agents see
// the name and email), read receipts (the agent's read reaches the visitor, live and after a
// reconnect), and the rating of a conversation that ended (stored once, shown in History).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/accounts/sessions";
import { getUser } from "../../src/accounts/users";
import { profileLimit } from "../../src/chat/visitor-routes";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ann: Awaited<ReturnType<typeof agentSocket>>;
let admin: HttpClient;
let siteId = "";

beforeAll(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  ann = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, srv.enterpriseId, srv.agent.id)!, 1).cookie);
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => {
  ann.socket.close();
  return srv.stop();
});

const widgetPost = (path: string, form: Record<string, string>) =>
  fetch(`${srv.url}/api/widget/${path}`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, lang: "en", ...form }), headers: { origin: "https://shop.example" } });

async function options(form: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries({ _csrf: await admin.csrf("/admin/branding"), site: siteId, attachments: "1", ...form })) body.append(k, v);
  expect((await admin.request("/admin/branding", { method: "POST", body })).status).toBe(303);
}

/** A visitor's conversation with Ann: the visitor's socket and the conversation's id. */
async function chat(vid = randomVisitorId()) {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
  v.socket.send({ type: "message", clientId: `c-${vid.slice(0, 6)}`, text: "Hello" });
  const ack = await v.socket.next("ack");
  await ann.socket.next("message", (m) => m.conversationId === ack.conversationId);
  return { v, vid, conversationId: ack.conversationId };
}

describe("the pre-chat form", () => {
  test("checked against the site's fields; the agent sees the name and email with the visitor", async () => {
    await options({ "preChat.name": "required", "preChat.email": "optional", rating: "1" });
    const vid = randomVisitorId();
    const missing = await widgetPost("profile", { vid, email: "li@example.com" });
    expect(missing.status).toBe(422);
    expect(missing.headers.get("access-control-allow-origin")).toBe("*");
    expect((await missing.json()).error.fields).toEqual([{ key: "name", problem: "required" }]);
    expect((await widgetPost("profile", { vid, name: "李雷", email: "not-an-email" })).status).toBe(422);
    expect((await widgetPost("profile", { vid: "bad", name: "李雷" })).status).toBe(404);

    const ok = await widgetPost("profile", { vid, name: "李雷", email: "li@example.com" });
    expect(ok.status).toBe(200);
    const { v, conversationId } = await chat(vid);
    const summary = await ann.socket.next("conversation", (f) => f.conversation.id === conversationId).catch(() => null);
    const visitor = summary?.conversation.visitor ?? (await ann.socket.next("visitor")).visitor;
    expect(visitor).toMatchObject({ name: "李雷", email: "li@example.com" });
    v.socket.close();
  });
});

describe("the pre-chat form's limit", () => {
  test("made-up visitors posting the form are limited per address, and may post again once the window has passed", async () => {
    await options({ "preChat.name": "required", "preChat.email": "optional", rating: "1" });
    const limit = profileLimit(srv.app);
    const { max } = limit;
    limit.max = 3;
    limit.reset();
    const customers = () => (srv.db.$client.query("select count(*) as n from customers where enterprise_id = ?").get(srv.enterpriseId) as { n: number }).n;
    try {
      for (let i = 0; i < 3; i++) expect((await widgetPost("profile", { vid: randomVisitorId(), name: `Bot ${i}`, email: `bot${i}@spam.example` })).status).toBe(200);
      const before = customers();
      const refused = await widgetPost("profile", { vid: randomVisitorId(), name: "Bot 4", email: "bot4@spam.example" });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error.message).toContain("Try again in");
      // Nothing was written for the refused one.
      expect(customers()).toBe(before);
      srv.clock.advance(limit.windowMs + 1);
      expect((await widgetPost("profile", { vid: randomVisitorId(), name: "Later", email: "later@example.com" })).status).toBe(200);
    } finally {
      limit.max = max;
      limit.reset();
    }
  });
});

describe("read receipts", () => {
  test("the agent's read reaches the visitor's sockets, and a reconnecting visitor learns it from welcome", async () => {
    const { v, vid, conversationId } = await chat();
    const other = await visitorSocket(srv.wsUrl, srv.siteKey, vid); // a second tab
    ann.socket.send({ type: "read", conversationId, seq: 1 });
    expect(await v.socket.next("read")).toEqual({ type: "read", conversationId, seq: 1 });
    expect(await other.socket.next("read")).toEqual({ type: "read", conversationId, seq: 1 });
    // Reading the same again, or less, tells nobody anything new.
    ann.socket.send({ type: "read", conversationId, seq: 1 });
    expect((await v.socket.collect(200)).filter((f) => f.type === "read")).toEqual([]);
    // A read beyond the last message counts only what exists.
    ann.socket.send({ type: "read", conversationId, seq: 99 });
    expect((await v.socket.collect(200)).filter((f) => f.type === "read")).toEqual([]);
    v.socket.close();
    other.socket.close();
    const again = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    expect(again.welcome.conversation).toMatchObject({ id: conversationId, readSeq: 1, agentName: "Ann Agent" });
    again.socket.close();
  });
});

describe("rating a conversation", () => {
  test("only its own visitor, only once it has ended, only once; History shows it", async () => {
    const { v, vid, conversationId } = await chat();
    const rate = (form: Record<string, string>) => widgetPost("rating", { vid, conversation: conversationId, ...form });
    const early = await rate({ score: "5" });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("not_rateable");

    ann.socket.send({ type: "close", conversationId });
    await v.socket.next("closed");
    expect((await rate({ score: "6" })).status).toBe(422);
    expect((await rate({ score: "two" })).status).toBe(422);
    expect((await widgetPost("rating", { vid: randomVisitorId(), conversation: conversationId, score: "1" })).status).toBe(404);
    const ok = await rate({ score: "4", comment: "  Quick and friendly <b>thanks</b>  " });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const again = await rate({ score: "1" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("already_rated");
    expect(srv.db.$client.query("select rating, rating_comment from conversations where id = ?").get(conversationId)).toEqual({ rating: 4, rating_comment: "Quick and friendly <b>thanks</b>" });

    const list = await (await admin.get("/history?lang=en")).text();
    expect(list).toContain('data-score="4"');
    const page = await (await admin.get(`/history/${conversationId}?lang=en`)).text();
    expect(page).toContain('data-testid="transcript-rating"');
    expect(page).toContain("4 of 5");
    expect(page).toContain("Quick and friendly &lt;b>thanks&lt;/b>");
    v.socket.close();
  });

  test("asked again after a reload: the welcome of a visitor with an ended, unrated conversation carries it until they rate", async () => {
    await options({ rating: "1" });
    const { v, vid, conversationId } = await chat();
    ann.socket.send({ type: "close", conversationId });
    await v.socket.next("closed");
    v.socket.close();
    // The page is reloaded before rating: the new socket's welcome asks again.
    const reloaded = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    expect(reloaded.welcome.conversation ?? null).toBeNull();
    expect(reloaded.welcome.rating).toEqual({ conversationId });
    reloaded.socket.close();
    expect((await widgetPost("rating", { vid, conversation: conversationId, score: "5" })).status).toBe(200);
    const rated = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    expect(rated.welcome.rating).toBeUndefined();
    rated.socket.close();
    // A visitor who started another conversation is not asked about the one before.
    const second = await chat();
    ann.socket.send({ type: "close", conversationId: second.conversationId });
    await second.v.socket.next("closed");
    second.v.socket.send({ type: "message", clientId: "next", text: "one more thing" });
    await second.v.socket.next("ack");
    second.v.socket.close();
    const later = await visitorSocket(srv.wsUrl, srv.siteKey, second.vid);
    expect(later.welcome.rating).toBeUndefined();
    later.socket.close();
  });

  test("a site with ratings off refuses them", async () => {
    await options({ rating: "" });
    const { v, vid, conversationId } = await chat();
    ann.socket.send({ type: "close", conversationId });
    await v.socket.next("closed");
    const res = await widgetPost("rating", { vid, conversation: conversationId, score: "5" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("rating_off");
    v.socket.close();
  });
});
