// Visitors (F11) over real HTTP: the loader's beacon feeds the live list (page, referrer, device,
// time on site, new or returning, in chat), tabs leave and expire, and an agent's invitation
// reaches the visitor's page once. A visitor's page shows their conversations and messages left.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { visitorKey } from "../../src/chat/visitors";
import { beaconLimit } from "../../src/visitors/beacon";
import { visitorsOnline } from "../../src/visitors/online";
import { parseProxyRules } from "../../src/http/client-address";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ann: HttpClient;
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

beforeAll(async () => {
  srv = await startServer();
  ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
});
afterAll(() => srv.stop());

function beacon(fields: Record<string, string>, ua = IPHONE) {
  return fetch(`${srv.url}/api/widget/beacon`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, ...fields }), headers: { "user-agent": ua, origin: "https://shop.example" } });
}

async function row(vid: string): Promise<string | null> {
  const html = await (await ann.get("/visitors", { "hx-request": "true" })).text();
  const id = visitorKey(srv.enterpriseId, vid);
  const m = new RegExp(`<tr data-testid="visitor-item" data-visitor="${id}"[\\s\\S]*?</tr>`).exec(html);
  return m ? m[0] : null;
}

describe("the beacon", () => {
  test("answers any origin, refuses unknown sites and bad ids, needs no cookies or CSRF token", async () => {
    const ok = await beacon({ vid: randomVisitorId(), tab: "t1", state: "load", url: "https://shop.example/", title: "Shop" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.getSetCookie()).toEqual([]);
    expect(await ok.json()).toEqual({ ok: true });
    expect((await beacon({ site: "nope", vid: randomVisitorId() })).status).toBe(404);
    expect((await beacon({ vid: "bad id!" })).status).toBe(400);
  });

  test("its limiter remembers a bounded number of addresses, however many come within a window", async () => {
    // Behind a trusted proxy every beacon names an address of its own (as an IPv6 network can).
    const limit = beaconLimit(srv.app);
    const { max, maxKeys } = limit;
    const proxies = srv.app.config.trustedProxies;
    srv.app.config.trustedProxies = parseProxyRules("127.0.0.1");
    limit.max = 2;
    limit.maxKeys = 50;
    limit.reset();
    try {
      const from = (address: string) =>
        fetch(`${srv.url}/api/widget/beacon`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid: randomVisitorId(), state: "ping" }), headers: { "x-forwarded-for": address } });
      for (let i = 0; i < 200; i++) expect((await from(`2001:db8::${i.toString(16)}`)).status).toBe(200);
      // What the limiter holds in memory (its own table, not what it reports of itself).
      expect((limit as unknown as { hits: Map<string, number[]> }).hits.size).toBeLessThanOrEqual(50);
      expect(limit.size).toBeLessThanOrEqual(50);
      // The bound forgets the least recently used: an address still beaconing keeps its count.
      expect((await from("2001:db8::c7")).status).toBe(200);
      expect((await from("2001:db8::c7")).status).toBe(429);
    } finally {
      srv.app.config.trustedProxies = proxies;
      limit.max = max;
      limit.maxKeys = maxKeys;
      limit.reset();
    }
  });

  test("is rate-limited per address", async () => {
    const limit = beaconLimit(srv.app);
    const max = limit.max;
    limit.max = 3;
    limit.reset();
    try {
      const vid = randomVisitorId();
      for (let i = 0; i < 3; i++) expect((await beacon({ vid, state: "ping" })).status).toBe(200);
      const refused = await beacon({ vid, state: "ping" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      limit.max = max;
      limit.reset();
    }
  });
});

describe("the live list", () => {
  test("shows page, title, referrer, device, time on site, new or returning, chat; agents only", async () => {
    expect((await new HttpClient(srv.url).get("/visitors")).status).toBe(302);
    const vid = randomVisitorId();
    await beacon({ vid, tab: "a", state: "load", url: "https://shop.example/p/7", title: "<b>红色</b>连衣裙", ref: "https://search.example/?q=dress", lang: "zh-CN" });
    const r = (await row(vid))!;
    expect(r).toContain("https://shop.example/p/7");
    expect(r).toContain("&lt;b>红色&lt;/b>连衣裙");
    expect(r).toContain("https://search.example/?q=dress");
    expect(r).toMatch(/mobile|手机|iPhone|iOS/i);
    expect(r).toContain('data-returning="false"');
    expect(r).toContain('data-in-chat="false"');
    expect(r).toContain('data-testid="invite-visitor"');
    const page = await (await ann.get("/visitors")).text();
    expect(page).toContain('hx-trigger="every 5s"');
    expect(page).toContain('data-testid="visitor-item"');

    // A later visit (after 30 minutes of silence) makes a returning visitor.
    srv.db.$client.query("update visitor_visits set last_beacon_at = last_beacon_at - 3600000 where visitor_id = ?").run(visitorKey(srv.enterpriseId, vid));
    await beacon({ vid, tab: "b", state: "load", url: "https://shop.example/", title: "Shop" });
    expect(await row(vid)).toContain('data-returning="true"');
  });

  test("a visitor who writes is in chat", async () => {
    const vid = randomVisitorId();
    await beacon({ vid, tab: "a", state: "load", url: "https://shop.example/", title: "Shop" });
    const { socket } = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    socket.send({ type: "message", clientId: "c1", text: "在吗" });
    await socket.next("ack");
    expect(await row(vid)).toContain('data-in-chat="true"');
    socket.close();
  });

  test("closing the last tab removes the visitor; a silent tab expires", async () => {
    const vid = randomVisitorId();
    await beacon({ vid, tab: "one", state: "load", url: "https://shop.example/a" });
    await beacon({ vid, tab: "two", state: "load", url: "https://shop.example/b" });
    await beacon({ vid, tab: "one", state: "left" });
    expect(await row(vid)).not.toBeNull();
    await beacon({ vid, tab: "two", state: "left" });
    expect(await row(vid)).toBeNull();

    const tracker = visitorsOnline(srv.app);
    const ttl = tracker.ttlMs;
    tracker.ttlMs = 300;
    try {
      const quiet = randomVisitorId();
      await beacon({ vid: quiet, tab: "x", state: "load", url: "https://shop.example/c" });
      expect(await row(quiet)).not.toBeNull();
      srv.clock.advance(400);
      expect(await row(quiet)).toBeNull();
    } finally {
      tracker.ttlMs = ttl;
    }
  });
});

describe("the live list's memory", () => {
  /** Everything the tracker holds: visits, and tabs per visit (its own tables, not what it reports). */
  const held = () => {
    const byEnterprise = (visitorsOnline(srv.app) as unknown as { byEnterprise: Map<string, Map<string, { tabs: Map<string, number> }>> }).byEnterprise;
    const visits = [...byEnterprise.values()].flatMap((m) => [...m.values()]);
    return { visits: visits.length, tabs: Math.max(0, ...visits.map((v) => v.tabs.size)) };
  };

  test("made-up visitor ids and tab names within the live time cannot grow it without end", async () => {
    const tracker = visitorsOnline(srv.app);
    const limit = beaconLimit(srv.app);
    const { max } = limit;
    const maxVisits = (tracker as { maxVisits?: number }).maxVisits;
    limit.max = 10_000; // the per-address limit is another test's; here one address stands for many
    (tracker as { maxVisits?: number }).maxVisits = 50;
    try {
      let last = "";
      for (let i = 0; i < 200; i++) expect((await beacon({ vid: (last = randomVisitorId()), tab: "t", state: "load", url: "https://shop.example/" })).status).toBe(200);
      expect(held().visits).toBeLessThanOrEqual(50);
      // The least recently beaconed go first: the latest visitor is listed.
      expect(await row(last)).not.toBeNull();
      // One visitor's made-up tabs are bounded too.
      for (let i = 0; i < 100; i++) await beacon({ vid: last, tab: `tab-${i}`, state: "ping" });
      expect(held().tabs).toBeLessThanOrEqual(32);
      expect(await row(last)).not.toBeNull();
      // What it counts is what it holds, after evictions and a visit that left.
      await beacon({ vid: last, tab: "tab-99", state: "left" });
      expect(tracker.size).toBe(held().visits);
    } finally {
      limit.max = max;
      limit.reset();
      (tracker as { maxVisits?: number }).maxVisits = maxVisits;
    }
  });
});

describe("invitations", () => {
  test("an agent invites; the next beacon carries the greeting once; the list says it was shown", async () => {
    const vid = randomVisitorId();
    const id = visitorKey(srv.enterpriseId, vid);
    await beacon({ vid, tab: "a", state: "load", url: "https://shop.example/", lang: "zh-CN" });
    const token = await ann.csrf("/visitors");
    const res = await ann.post(`/visitors/${id}/invite`, { _csrf: token, greeting: "您好，需要帮忙吗？" }, { "hx-request": "true" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="visitor-invited"');

    const first = await (await beacon({ vid, tab: "a", state: "ping", url: "https://shop.example/" })).json();
    expect(first).toEqual({ ok: true, invite: { agentName: "Ann Agent", greeting: "您好，需要帮忙吗？" } });
    const second = await (await beacon({ vid, tab: "a", state: "ping", url: "https://shop.example/" })).json();
    expect(second).toEqual({ ok: true });
    expect(await row(vid)).toContain("Ann Agent");

    // Without a greeting the visitor's language's default is used; a visitor who left cannot be invited.
    const other = randomVisitorId();
    await beacon({ vid: other, tab: "a", state: "load", url: "https://shop.example/", lang: "en" });
    expect((await ann.post(`/visitors/${visitorKey(srv.enterpriseId, other)}/invite`, { _csrf: token })).status).toBe(303);
    expect((await (await beacon({ vid: other, tab: "a" })).json()).invite.greeting).toBe("Hello! Can I help you with anything?");
    await beacon({ vid: other, tab: "a", state: "left" });
    expect((await ann.post(`/visitors/${visitorKey(srv.enterpriseId, other)}/invite`, { _csrf: token })).status).toBe(404);
  });
});

describe("a visitor's page", () => {
  test("shows the visitor id, their conversations with transcripts and the messages they left, escaped", async () => {
    const vid = randomVisitorId();
    const id = visitorKey(srv.enterpriseId, vid);
    await beacon({ vid, tab: "a", state: "load", url: "https://shop.example/x", title: "X" });
    const { socket } = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    socket.send({ type: "message", clientId: "c1", text: "<script>alert(1)</script>有人吗" });
    await socket.next("ack");
    socket.close();
    const lead = await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid, phone: "13800138000", message: "请联系我" }) });
    expect(lead.status).toBe(201);

    const html = await (await ann.get(`/visitors/${id}`)).text();
    expect(html).toContain('data-testid="visitor-detail-id"');
    expect(html).toContain(id);
    expect(html).toContain("&lt;script>alert(1)&lt;/script>有人吗");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain('data-testid="visitor-conversation"');
    expect(html).toContain('data-testid="visitor-lead"');
    expect(html).toContain("请联系我");
    expect((await ann.get("/visitors/vis_nosuchvisitor")).status).toBe(404);
  });
});
