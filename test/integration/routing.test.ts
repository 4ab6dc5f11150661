// Routing with several agents and visitors at once over real sockets: caps, the queue, closing,
// the grace period, transfers, groups, returning visitors, and the races between them.
import { afterEach, describe, expect, test } from "bun:test";
import { addUser } from "../../src/accounts/users";
import { createGroup, setGroupMembers, setSiteGroups } from "../../src/routing/groups";
import { updateSettings } from "../../src/settings/settings";
import { createSite } from "../../src/sites/sites";
import { visitorKey } from "../../src/chat/visitors";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";
import { until } from "../helpers/wait";

let srv: TestServer;
afterEach(() => srv?.stop());

async function sessionOf(email: string): Promise<string> {
  const c = new HttpClient(srv.url);
  await c.login(email, PASSWORD);
  return c.session!;
}

async function setup(caps: { ann?: number; ada?: number } = {}) {
  srv = await startServer();
  if (caps.ann) srv.db.$client.run("update users set cap = ? where email = 'agent@example.com'", [caps.ann]);
  if (caps.ada) srv.db.$client.run("update users set cap = ? where email = 'admin@example.com'", [caps.ada]);
  const annId = srv.agent.id;
  const adaId = (srv.db.$client.query("select id from users where email = 'admin@example.com'").get() as { id: string }).id;
  return { annId, adaId };
}

const agentOf = (conversationId: string) => (srv.db.$client.query("select agent_id from conversations where id = ?").get(conversationId) as { agent_id: string | null }).agent_id;

async function startChat(site = srv.siteKey, text = "hello") {
  const v = await visitorSocket(srv.wsUrl, site);
  v.socket.send({ type: "message", clientId: `m-${Math.random()}`, text });
  const ack = await v.socket.next("ack");
  return { ...v, conversationId: ack.conversationId };
}

describe("caps and the queue", () => {
  test("two agents with cap 1, three visitors: the third waits at position 1 and is served when a chat closes", async () => {
    const { annId, adaId } = await setup({ ann: 1, ada: 1 });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    const v1 = await startChat();
    const v2 = await startChat();
    expect(new Set([agentOf(v1.conversationId), agentOf(v2.conversationId)])).toEqual(new Set([annId, adaId]));
    const v3 = await startChat();
    expect(agentOf(v3.conversationId)).toBeNull();
    const place = await v3.socket.next("queue");
    expect(place).toMatchObject({ conversationId: v3.conversationId, position: 1 });
    expect(place.estimatedWaitSeconds).toBeGreaterThan(0);

    // v1's agent closes v1: v3 goes to that agent at once.
    const v1Agent = agentOf(v1.conversationId) === annId ? ann : ada;
    v1Agent.socket.send({ type: "close", conversationId: v1.conversationId });
    expect(await v1.socket.next("closed")).toMatchObject({ conversationId: v1.conversationId, reason: "agent" });
    expect((await v1.socket.next("message", (m) => m.from === "system")).text.length).toBeGreaterThan(5);
    expect(await v3.socket.next("queue", (q) => q.position === null)).toBeTruthy();
    expect((await v3.socket.next("agent")).name).toBeTruthy();
    expect(agentOf(v3.conversationId)).toBe(v1Agent === ann ? annId : adaId);
    const row = srv.db.$client.query("select status, close_reason from conversations where id = ?").get(v1.conversationId);
    expect(row).toEqual({ status: "closed", close_reason: "agent" });
    // The visitor of a closed conversation starts a new one with the next message.
    v1.socket.send({ type: "message", clientId: "again", text: "one more question" });
    const again = await v1.socket.next("ack");
    expect(again.conversationId).not.toBe(v1.conversationId);
    expect(again.seq).toBe(1);
  });

  test("a new conversation's first message reaches only the agent it was given to", async () => {
    // Two agents of the own scope (the admin would see every chat as a supervisor).
    const { annId } = await setup();
    const bob = await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob" });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const bobSocket = await agentSocket(srv.wsUrl, await sessionOf("bob@example.com"));
    for (let i = 0; i < 4; i++) {
      const v = await startChat(srv.siteKey, `first ${i}`);
      const [given, other] = agentOf(v.conversationId) === annId ? [ann, bobSocket] : [bobSocket, ann];
      expect([annId, bob.id]).toContain(agentOf(v.conversationId)!);
      expect((await given.socket.next("message", (m) => m.conversationId === v.conversationId)).text).toBe(`first ${i}`);
      // The other agent hears at most that a chat was placed elsewhere, never its messages.
      expect((await other.socket.collect(100)).filter((f) => f.type === "message" && f.conversationId === v.conversationId)).toEqual([]);
    }
  });

  test("positions move up as the queue drains, per site, in arrival order", async () => {
    const { annId } = await setup({ ann: 1 });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const first = await startChat();
    expect(agentOf(first.conversationId)).toBe(annId);
    const w1 = await startChat();
    const w2 = await startChat();
    const w3 = await startChat();
    expect((await w1.socket.next("queue")).position).toBe(1);
    expect((await w2.socket.next("queue")).position).toBe(2);
    expect((await w3.socket.next("queue")).position).toBe(3);
    ann.socket.send({ type: "close", conversationId: first.conversationId });
    expect((await w1.socket.next("agent")).name).toBe("Ann Agent");
    expect((await w2.socket.next("queue", (q) => q.position === 1)).position).toBe(1);
    expect((await w3.socket.next("queue", (q) => q.position === 2)).position).toBe(2);
  });

  test("raising a cap serves the queue at once", async () => {
    const { annId } = await setup({ ann: 1 });
    await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    await startChat();
    const waiting = await startChat();
    expect(agentOf(waiting.conversationId)).toBeNull();
    srv.db.$client.run("update users set cap = 2 where id = ?", [annId]);
    srv.app.chat.capacityChanged(srv.enterpriseId);
    expect((await waiting.socket.next("agent")).name).toBe("Ann Agent");
  });

  test("race: two conversations arriving for the last free slot — exactly one gets it", async () => {
    const { annId } = await setup({ ann: 1 });
    await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const [a, b] = await Promise.all([visitorSocket(srv.wsUrl, srv.siteKey), visitorSocket(srv.wsUrl, srv.siteKey)]);
    a.socket.send({ type: "message", clientId: "a", text: "me first" });
    b.socket.send({ type: "message", clientId: "b", text: "no, me" });
    const [ackA, ackB] = await Promise.all([a.socket.next("ack"), b.socket.next("ack")]);
    const owners = [agentOf(ackA.conversationId), agentOf(ackB.conversationId)];
    expect(owners.filter((o) => o === annId)).toHaveLength(1);
    expect(owners.filter((o) => o === null)).toHaveLength(1);
    const queued = owners[0] === null ? a : b;
    expect((await queued.socket.next("queue")).position).toBe(1);
  });
});

describe("agents coming and going", () => {
  test("an agent who drops keeps their chats for the grace period, then they go to another agent and the visitor is told", async () => {
    const { annId, adaId } = await setup({ ann: 5 });
    updateSettings(srv.db, srv.enterpriseId, { graceSeconds: 1 });
    const annSession = await sessionOf("agent@example.com");
    let ann = await agentSocket(srv.wsUrl, annSession);
    const v = await startChat();
    expect(agentOf(v.conversationId)).toBe(annId);
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    // A short drop within the grace period changes nothing.
    ann.socket.close();
    await until(() => !srv.app.chat.presence.isAgentConnected(annId), "the server to see Ann's socket close");
    srv.clock.advance(300);
    ann = await agentSocket(srv.wsUrl, annSession, undefined, null);
    expect(ann.welcome.agent!.status).toBe("online");
    srv.clock.advance(1000);
    expect(agentOf(v.conversationId)).toBe(annId);
    // A drop past it moves the chat.
    ann.socket.close();
    const moved = await ada.socket.next("conversation", (c) => c.conversation.id === v.conversationId, 4000);
    expect(moved.conversation.agentId).toBe(adaId);
    expect((await v.socket.next("message", (m) => m.from === "system")).text).toMatch(/no longer available|已离线/);
    expect((await v.socket.next("agent", (a) => a.name === "Ada Admin")).name).toBe("Ada Admin");
  });

  test("away keeps current chats but takes no new ones", async () => {
    const { annId, adaId } = await setup();
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    expect(agentOf(v.conversationId)).toBe(annId);
    await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    ann.socket.send({ type: "status", status: "away" });
    await ann.socket.next("status");
    const next = await startChat();
    expect(agentOf(next.conversationId)).toBe(adaId);
    expect(agentOf(v.conversationId)).toBe(annId);
  });

  test("a returning visitor goes to the agent who served them last, when that agent has room", async () => {
    const { annId, adaId } = await setup();
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    expect(agentOf(v.conversationId)).toBe(annId);
    ann.socket.send({ type: "close", conversationId: v.conversationId });
    await v.socket.next("closed");
    // Ann becomes busier than Ada, yet the returning visitor goes back to Ann.
    await startChat();
    await startChat();
    await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    expect(agentOf((await startChat()).conversationId)).toBe(adaId);
    v.socket.send({ type: "message", clientId: "back", text: "I am back" });
    const back = await v.socket.next("ack");
    expect(agentOf(back.conversationId)).toBe(annId);
  });
});

describe("transfer", () => {
  test("to an agent, with a note only agents see", async () => {
    const { annId, adaId } = await setup();
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    expect(agentOf(v.conversationId)).toBe(annId);
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    ann.socket.send({ type: "transfer", conversationId: v.conversationId, toAgentId: adaId, note: "VIP customer, wants a refund" });
    const got = await ada.socket.next("conversation", (c) => c.conversation.id === v.conversationId);
    expect(got.conversation.agentId).toBe(adaId);
    const note = await ada.socket.next("message", (m) => m.internal === true);
    expect(note.text).toBe("VIP customer, wants a refund");
    // Ann learns it left her; the visitor is told who continues, and never sees the note.
    expect((await ann.socket.next("conversation", (c) => c.conversation.id === v.conversationId && c.conversation.agentId !== annId)).conversation.agentId).toBe(adaId);
    expect((await v.socket.next("agent", (a) => a.name === "Ada Admin")).name).toBe("Ada Admin");
    const seen = await v.socket.collect(200);
    expect(seen.some((f) => f.type === "message" && f.text.includes("VIP"))).toBe(false);
    const replay = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId);
    const replayed = await replay.socket.collect(200);
    expect(replayed.some((f) => f.type === "message" && f.text.includes("VIP"))).toBe(false);
    ann.socket.send({ type: "message", clientId: "late", conversationId: v.conversationId, text: "still me?" });
    expect(await ann.socket.next("error")).toMatchObject({ code: "not_found" });
  });

  test("an agent at cap 1 who transfers their chat is free: the head of the queue goes to them at once", async () => {
    const { annId, adaId } = await setup({ ann: 1, ada: 1 });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    const v1 = await startChat();
    const v2 = await startChat();
    const v3 = await startChat();
    expect(agentOf(v3.conversationId)).toBeNull();
    await v3.socket.next("queue", (q) => q.position === 1);
    // Whoever has v1 hands it to the other (who goes above their cap by hand): the giver is free.
    const giverId = agentOf(v1.conversationId)!;
    const [giver, takerId] = giverId === annId ? [ann, adaId] : [ada, annId];
    giver.socket.send({ type: "transfer", conversationId: v1.conversationId, toAgentId: takerId });
    expect((await v3.socket.next("agent")).name).toBeTruthy();
    expect(agentOf(v3.conversationId)).toBe(giverId);
    expect(agentOf(v1.conversationId)).toBe(takerId);
    expect(agentOf(v2.conversationId)).toBe(takerId);
  });

  test("to a group; to an offline agent is refused and changes nothing", async () => {
    const { annId, adaId } = await setup();
    const g = createGroup(srv.db, srv.enterpriseId, "Billing");
    setGroupMembers(srv.db, srv.enterpriseId, g.id, [adaId]);
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    ann.socket.send({ type: "transfer", conversationId: v.conversationId, toAgentId: adaId });
    expect(await ann.socket.next("error")).toMatchObject({ code: "conflict", reason: "agent_unavailable" });
    expect(agentOf(v.conversationId)).toBe(annId);
    // To the group while its only member is offline: it waits for that group.
    ann.socket.send({ type: "transfer", conversationId: v.conversationId, toGroupId: g.id, note: "billing question" });
    await ann.socket.next("conversation", (c) => c.conversation.id === v.conversationId && c.conversation.agentId === null);
    expect((await v.socket.next("queue", (q) => q.position !== null)).position).toBe(1);
    // Ann is not in the group: she cannot take it back from the queue.
    ann.socket.send({ type: "message", clientId: "grab", conversationId: v.conversationId, text: "mine" });
    expect(await ann.socket.next("error")).toMatchObject({ code: "not_found" });
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    expect((await ada.socket.next("conversation", (c) => c.conversation.id === v.conversationId && c.conversation.agentId === adaId)).conversation.agentName).toBe("Ada Admin");
  });

  test("race: the target agent drops while the transfer is in flight — the chat ends up with exactly one agent and nothing is lost", async () => {
    const { annId, adaId } = await setup();
    updateSettings(srv.db, srv.enterpriseId, { graceSeconds: 1 });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat(srv.siteKey, "before");
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    ann.socket.send({ type: "transfer", conversationId: v.conversationId, toAgentId: adaId });
    ada.socket.close();
    await until(() => !srv.app.chat.presence.isAgentConnected(adaId), "the server to see Ada's socket close");
    const owner = agentOf(v.conversationId);
    expect([annId, adaId]).toContain(owner as string);
    // Whatever happened, after Ada's grace period the chat is with someone available: Ann.
    srv.clock.advance(1300);
    expect(agentOf(v.conversationId)).toBe(annId);
    v.socket.send({ type: "message", clientId: "after", text: "after" });
    await v.socket.next("ack");
    const texts = (srv.db.$client.query("select body from messages where conversation_id = ? and sender = 'visitor' order by seq").all(v.conversationId) as { body: string }[]).map((r) => r.body);
    expect(texts).toEqual(["before", "after"]);
  });
});

describe("invitations", () => {
  test("the reply to an agent's invitation goes to the inviting agent, though another is less busy", async () => {
    const { annId, adaId } = await setup();
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const adaHttp = new HttpClient(srv.url);
    await adaHttp.login("admin@example.com", PASSWORD);
    const ada = await agentSocket(srv.wsUrl, adaHttp.session!);
    // Ada is busier: least busy would pick Ann.
    const first = await startChat();
    if (agentOf(first.conversationId) !== adaId) srv.db.$client.run("update conversations set agent_id = ? where id = ?", [adaId, first.conversationId]);
    const vid = randomVisitorId();
    const beacon = await fetch(`${srv.url}/api/widget/beacon`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ site: srv.siteKey, vid, state: "load", url: "https://shop.example/", lang: "en" }) });
    expect(beacon.status).toBe(200);
    const invited = await adaHttp.post(`/visitors/${visitorKey(srv.enterpriseId, vid)}/invite`, { _csrf: await adaHttp.csrf("/visitors"), greeting: "Can I help?" });
    expect(invited.status).toBeLessThan(400);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    v.socket.send({ type: "message", clientId: "reply", text: "Yes please", invited: true });
    const ack = await v.socket.next("ack");
    expect(agentOf(ack.conversationId)).toBe(adaId);
    expect((await v.socket.next("agent")).name).toBe("Ada Admin");
    // Without the invitation, the least busy (Ann) gets a new visitor.
    const other = await startChat();
    expect(agentOf(other.conversationId)).toBe(annId);
    ann.socket.close();
    ada.socket.close();
  });
});

describe("sites and groups", () => {
  test("a site routes to its groups in order; an agent outside them gets nothing from it", async () => {
    const { annId, adaId } = await setup();
    const shop = createSite(srv.db, srv.enterpriseId, "Shop");
    const sales = createGroup(srv.db, srv.enterpriseId, "Sales");
    const support = createGroup(srv.db, srv.enterpriseId, "Support");
    setGroupMembers(srv.db, srv.enterpriseId, sales.id, [adaId]);
    setGroupMembers(srv.db, srv.enterpriseId, support.id, [annId]);
    setSiteGroups(srv.db, srv.enterpriseId, shop.id, [sales.id, support.id]);
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const ada = await agentSocket(srv.wsUrl, await sessionOf("admin@example.com"));
    // Ada (Sales, first) gets the shop's chats even though she is busier.
    for (let i = 0; i < 2; i++) expect(agentOf((await startChat(shop.key)).conversationId)).toBe(adaId);
    // Only Support left for the shop: Ada goes away, Ann gets it.
    ada.socket.send({ type: "status", status: "away" });
    await ada.socket.next("status");
    expect(agentOf((await startChat(shop.key)).conversationId)).toBe(annId);
    // An agent outside the site's groups never gets its chats.
    ann.socket.send({ type: "status", status: "away" });
    await ann.socket.next("status");
    const cy = await addUser(srv.db, srv.enterpriseId, { email: "cy@example.com", password: PASSWORD, name: "Cy" });
    await agentSocket(srv.wsUrl, await sessionOf("cy@example.com"));
    const waiting = await startChat(shop.key);
    expect(agentOf(waiting.conversationId)).toBeNull();
    expect((await startChat()).conversationId).toBeTruthy(); // the default site has no groups: Cy serves it
    expect(srv.db.$client.query("select count(*) as n from conversations where agent_id = ?").get(cy.id)).toEqual({ n: 1 });
  });
});

describe("lifecycle", () => {
  test("idle conversations close by themselves after the basic setting's time; the visitor is told", async () => {
    await setup();
    updateSettings(srv.db, srv.enterpriseId, { idleCloseMinutes: 5 });
    const ann = await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    const flow = srv.app.chat.flow;
    expect(flow.sweep(Date.now() + 4 * 60_000)).toBe(0);
    expect(flow.sweep(Date.now() + 5 * 60_000 + 1000)).toBe(1);
    expect(await v.socket.next("closed")).toMatchObject({ reason: "idle" });
    expect((await ann.socket.next("conversation", (c) => c.conversation.status === "closed")).conversation.closeReason).toBe("idle");
  });

  test("a conversation whose visitor left closes after its own setting", async () => {
    await setup();
    updateSettings(srv.db, srv.enterpriseId, { visitorLeftCloseMinutes: 2, idleCloseMinutes: 60 });
    await agentSocket(srv.wsUrl, await sessionOf("agent@example.com"));
    const v = await startChat();
    const flow = srv.app.chat.flow;
    expect(flow.sweep(Date.now() + 3 * 60_000)).toBe(0); // still on the page
    v.socket.close();
    await Bun.sleep(50);
    expect(flow.sweep(Date.now() + 60_000)).toBe(0);
    expect(flow.sweep(Date.now() + 2 * 60_000 + 1000)).toBe(1);
    expect(srv.db.$client.query("select close_reason from conversations where id = ?").get(v.conversationId)).toEqual({ close_reason: "visitor_left" });
  });

  test("bad settings are refused with the field named", async () => {
    await setup();
    expect(() => updateSettings(srv.db, srv.enterpriseId, { idleCloseMinutes: 0 })).toThrow("invalid_setting");
    expect(() => updateSettings(srv.db, srv.enterpriseId, { graceSeconds: "soon" })).toThrow("invalid_setting");
  });
});

test("a third agent added later shares the load", async () => {
  await setup();
  const u = await addUser(srv.db, srv.enterpriseId, { email: "cy@example.com", password: PASSWORD, name: "Cy" });
  await agentSocket(srv.wsUrl, await sessionOf("cy@example.com"));
  expect(agentOf((await startChat()).conversationId)).toBe(u.id);
});
