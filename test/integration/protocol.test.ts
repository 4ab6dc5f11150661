// The real-time protocol against a real server, real SQLite file and real WebSockets.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { databasePath } from "../../src/db/client";
import { ChatConnection } from "../../common/chat-client";
import { LIMITS } from "../../common/protocol";
import { HttpClient } from "../helpers/http";
import { agentUnread, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let agentSession: string;
let adminSession: string;
/** a second connection to the same file, as another process would see it */
let reader: Database;

const countMessages = (conversationId: string) =>
  (reader.query("select count(*) as n from messages where conversation_id = ?").get(conversationId) as { n: number }).n;

beforeAll(async () => {
  srv = await startServer();
  const agent = new HttpClient(srv.url);
  expect((await agent.login(srv.agent.email, srv.agent.password)).status).toBe(303);
  agentSession = agent.session!;
  const admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  adminSession = admin.session!;
  reader = new Database(databasePath(srv.dataDir), { readonly: true });
  // Caps and queues have their own tests (routing.test.ts); here nobody should be full.
  srv.db.$client.run("update users set cap = 100");
});

afterAll(async () => {
  reader.close();
  await srv.stop();
});

describe("acknowledgement", () => {
  test("a message is acknowledged only once it is in the database, with id and seq", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    expect(v.welcome.conversation).toBeNull();
    v.socket.send({ type: "message", clientId: "c-1", text: "你好，我想咨询一下价格" });
    const ack = await v.socket.next("ack");
    // At the moment the ack arrives, another connection already reads the row.
    const row = reader.query("select * from messages where id = ?").get(ack.id) as any;
    expect(row).toBeTruthy();
    expect(row.body).toBe("你好，我想咨询一下价格");
    expect(row.client_id).toBe("c-1");
    expect(ack).toMatchObject({ clientId: "c-1", seq: 1, duplicate: false });
    expect(row.seq).toBe(1);
    expect(row.enterprise_id).toBe(srv.enterpriseId);

    const conv = await agent.socket.next("conversation");
    expect(conv.conversation.agentId).toBe(srv.agent.id);
    const delivered = await agent.socket.next("message");
    expect(delivered).toMatchObject({ id: ack.id, seq: 1, from: "visitor", text: "你好，我想咨询一下价格" });

    agent.socket.send({ type: "message", clientId: "a-1", conversationId: ack.conversationId, text: "您好！" });
    const agentAck = await agent.socket.next("ack");
    expect(agentAck.seq).toBe(2);
    const reply = await v.socket.next("message");
    expect(reply).toMatchObject({ seq: 2, from: "agent", authorName: "Ann Agent", text: "您好！" });
    agent.socket.close();
    v.socket.close();
  });

  test("seqs are per conversation, gapless and in commit order under interleaved senders", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "first", text: "start" });
    const first = await v.socket.next("ack");
    for (let i = 0; i < 10; i++) {
      v.socket.send({ type: "message", clientId: `v${i}`, text: `v${i}` });
      agent.socket.send({ type: "message", clientId: `a${i}`, conversationId: first.conversationId, text: `a${i}` });
    }
    const seqs: number[] = [];
    for (let i = 0; i < 10; i++) seqs.push((await v.socket.next("ack")).seq, (await agent.socket.next("ack")).seq);
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const stored = reader.query("select seq from messages where conversation_id = ? order by seq").all(first.conversationId) as { seq: number }[];
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    agent.socket.close();
    v.socket.close();
  });
});

describe("duplicate client ids", () => {
  test("a re-sent message is acknowledged again with the same id and seq, and stored once", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "dup-1", text: "only once please" });
    const a1 = await v.socket.next("ack");
    await agent.socket.next("message");
    v.socket.send({ type: "message", clientId: "dup-1", text: "only once please" });
    const a2 = await v.socket.next("ack");
    expect(a2).toMatchObject({ id: a1.id, seq: a1.seq, duplicate: true });
    expect(countMessages(a1.conversationId)).toBe(1);
    // The agent is not told twice.
    expect((await agent.socket.collect(150)).filter((f) => f.type === "message")).toHaveLength(0);

    // The same after a reconnect, as a client resending its outbox does.
    v.socket.close();
    const again = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId, a1.seq);
    again.socket.send({ type: "message", clientId: "dup-1", text: "only once please" });
    const a3 = await again.socket.next("ack");
    expect(a3).toMatchObject({ id: a1.id, seq: a1.seq, duplicate: true });
    expect(countMessages(a1.conversationId)).toBe(1);
    agent.socket.close();
    again.socket.close();
  });

  test("the client library resends unacknowledged messages after a drop and they are stored once", async () => {
    const vid = randomVisitorId();
    const conn = new ChatConnection({ url: `${srv.wsUrl}/ws/visitor`, hello: (seqs) => ({ type: "hello", role: "visitor", site: srv.siteKey, visitorId: vid, lastSeq: Object.values(seqs)[0] ?? 0 }) });
    await new Promise<void>((r) => conn.on("welcome", () => r()));
    const first = await conn.sendMessage("one");
    // Queue two while the socket is being dropped: they go out on the new socket, once each.
    conn.drop();
    const [two, three] = await Promise.all([conn.sendMessage("two"), conn.sendMessage("three")]);
    expect([first.seq, two.seq, three.seq]).toEqual([1, 2, 3]);
    expect(countMessages(first.conversationId)).toBe(3);
    conn.close();
  });
});

describe("resume after reconnect", () => {
  test("a visitor who drops and misses 3 agent messages receives exactly those 3, in order, once", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "r-1", text: "hello?" });
    const ack = await v.socket.next("ack");
    await agent.socket.next("message", (m) => m.id === ack.id);
    v.socket.close();
    await Bun.sleep(50);
    for (const text of ["one", "two", "three"]) {
      agent.socket.send({ type: "message", clientId: `r-${text}`, conversationId: ack.conversationId, text });
      await agent.socket.next("ack");
    }
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId, ack.seq);
    expect(back.welcome.conversation).toMatchObject({ id: ack.conversationId, lastSeq: ack.seq + 3 });
    const replayed = [await back.socket.next("message"), await back.socket.next("message"), await back.socket.next("message")];
    expect(replayed.map((m) => m.text)).toEqual(["one", "two", "three"]);
    expect(replayed.map((m) => m.seq)).toEqual([ack.seq + 1, ack.seq + 2, ack.seq + 3]);
    expect((await back.socket.collect(150)).filter((f) => f.type === "message")).toHaveLength(0);
    agent.socket.close();
    back.socket.close();
  });

  test("an agent who reconnects with resume gets what they missed; a fresh visitor tab gets the whole history", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "ar-0", text: "first" });
    const ack = await v.socket.next("ack");
    const m0 = await agent.socket.next("message", (m) => m.id === ack.id);
    agent.socket.close();
    await Bun.sleep(50);
    for (const text of ["x", "y", "z"]) {
      v.socket.send({ type: "message", clientId: `ar-${text}`, text });
      await v.socket.next("ack");
    }
    const back = await agentSocket(srv.wsUrl, agentSession, { [ack.conversationId]: m0.seq }, null);
    const summary = back.welcome.conversations!.find((c) => c.id === ack.conversationId)!;
    expect(summary.unread).toBe(4);
    expect(summary.visitor.page.title).toBe("Product 1");
    expect(summary.visitor.displayId).toHaveLength(6);
    const missed = [await back.socket.next("message"), await back.socket.next("message"), await back.socket.next("message")];
    expect(missed.map((m) => m.text)).toEqual(["x", "y", "z"]);

    const tab = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId);
    const history = [];
    for (let i = 0; i < 4; i++) history.push(await tab.socket.next("message"));
    expect(history.map((m) => m.text)).toEqual(["first", "x", "y", "z"]);
    back.socket.close();
    v.socket.close();
    tab.socket.close();
  });

  test("a lastSeq of a conversation that has since closed replays the whole new conversation", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    for (const t of ["a", "b", "c"]) {
      v.socket.send({ type: "message", clientId: `old-${t}`, text: t });
      await v.socket.next("ack");
    }
    const old = v.welcome.conversation?.id ?? (reader.query("select conversation_id as id from messages where client_id = 'old-a'").get() as any).id;
    v.socket.close();
    srv.db.$client.run("update conversations set status = 'closed' where id = ?", [old]);
    const w = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId);
    w.socket.send({ type: "message", clientId: "new-1", text: "new one" });
    const ack = await w.socket.next("ack");
    expect(ack.conversationId).not.toBe(old);
    expect(ack.seq).toBe(1);
    w.socket.close();
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId, 3);
    expect(back.welcome.conversation?.id).toBe(ack.conversationId);
    // Without naming the conversation, lastSeq 3 would skip the new conversation's first message.
    back.socket.close();
    const named = new (await import("../helpers/sockets")).RawSocket(`${srv.wsUrl}/ws/visitor`);
    await named.opened;
    named.send({ type: "hello", role: "visitor", site: srv.siteKey, visitorId: v.visitorId, lastSeq: 3, conversationId: old });
    await named.next("welcome");
    expect((await named.next("message")).text).toBe("new one");
    named.close();
  });

  test("read resets the agent's unread count", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "u1", text: "a" });
    v.socket.send({ type: "message", clientId: "u2", text: "b" });
    const a2 = (await v.socket.next("ack"), await v.socket.next("ack"));
    await agent.socket.next("message", (m) => m.id === a2.id);
    agent.socket.send({ type: "read", conversationId: a2.conversationId, seq: a2.seq });
    agent.socket.send({ type: "ping" });
    await agent.socket.next("pong");
    expect(agentUnread(reader, a2.conversationId)).toBe(0);
    // Another tab of the same agent hears of it.
    const tab = await agentSocket(srv.wsUrl, agentSession, undefined, null);
    agent.socket.send({ type: "read", conversationId: a2.conversationId, seq: a2.seq });
    expect((await tab.socket.next("conversation", (c) => c.conversation.id === a2.conversationId)).conversation.unread).toBe(0);
    tab.socket.close();
    agent.socket.close();
    v.socket.close();
  });
});

describe("assignment", () => {
  test("waits when nobody is online; the first agent to come online gets it; least busy after that", async () => {
    // Nobody online: the conversation waits, and connected agents see it waiting.
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "w1", text: "anyone there?" });
    const ack = await v.socket.next("ack");
    expect((reader.query("select agent_id from conversations where id = ?").get(ack.conversationId) as any).agent_id).toBeNull();
    const agent = await agentSocket(srv.wsUrl, agentSession, undefined, null);
    expect(agent.welcome.conversations!.some((c) => c.id === ack.conversationId && c.agentId === null && c.queuePosition! >= 1)).toBe(true);
    // Going online gives it to her at once; the visitor learns her name.
    agent.socket.send({ type: "status", status: "online" });
    const taken = await agent.socket.next("conversation", (c) => c.conversation.id === ack.conversationId && c.conversation.agentId !== null);
    expect(taken.conversation.agentName).toBe("Ann Agent");
    expect((await v.socket.next("agent")).name).toBe("Ann Agent");
    const admin = await agentSocket(srv.wsUrl, adminSession);
    // It is hers: the admin (whose role supervises the whole enterprise) sees it but cannot write into it.
    expect(admin.welcome.conversations!.some((c) => c.id === ack.conversationId && c.agentId === srv.agent.id)).toBe(true);
    admin.socket.send({ type: "message", clientId: "steal", conversationId: ack.conversationId, text: "mine?" });
    expect(await admin.socket.next("error")).toMatchObject({ code: "forbidden", clientId: "steal" });

    // The next new conversation goes to whoever has fewer open conversations.
    const open = (id: string) => (reader.query("select count(*) as n from conversations where agent_id = ? and status = 'open'").get(id) as any).n;
    const adaId = admin.welcome.agent!.id;
    const expected = open(adaId) < open(srv.agent.id) ? adaId : open(adaId) > open(srv.agent.id) ? srv.agent.id : null;
    const nv = await visitorSocket(srv.wsUrl, srv.siteKey);
    nv.socket.send({ type: "message", clientId: "n1", text: "new" });
    const nack = await nv.socket.next("ack");
    const assignedTo = (reader.query("select agent_id from conversations where id = ?").get(nack.conversationId) as any).agent_id;
    if (expected) expect(assignedTo).toBe(expected);
    else expect([adaId, srv.agent.id]).toContain(assignedTo);
    // Away agents receive no new conversations.
    const otherId = assignedTo === adaId ? srv.agent.id : adaId;
    (assignedTo === adaId ? admin : agent).socket.send({ type: "status", status: "away" });
    await (assignedTo === adaId ? admin : agent).socket.next("status");
    const third = await visitorSocket(srv.wsUrl, srv.siteKey);
    third.socket.send({ type: "message", clientId: "t1", text: "third" });
    const tack = await third.socket.next("ack");
    expect((reader.query("select agent_id from conversations where id = ?").get(tack.conversationId) as any).agent_id).toBe(otherId);
    for (const s of [admin, agent, v, nv, third]) s.socket.close();
  });
});

describe("bad input gets an error frame; the socket, the server and stored data stay", () => {
  const cases: [string, unknown, string][] = [
    ["non-JSON", "this is not json", "bad_json"],
    ["broken JSON", '{"type": "message", ', "bad_json"],
    ["a JSON array", "[1,2,3]", "bad_frame"],
    ["a frame without type", { text: "hi" }, "bad_frame"],
    ["an unknown type", { type: "launch-missiles" }, "unknown_type"],
    ["a message without clientId", { type: "message", text: "hi" }, "bad_frame"],
    ["a message without text", { type: "message", clientId: "x1" }, "bad_frame"],
    ["a message with a number as text", { type: "message", clientId: "x2", text: 42 }, "bad_frame"],
    ["an empty message", { type: "message", clientId: "x3", text: "   " }, "bad_frame"],
    ["a message over the size limit", { type: "message", clientId: "x4", text: "长".repeat(LIMITS.maxTextLength + 1) }, "too_large"],
    ["typing without a flag", { type: "typing" }, "bad_frame"],
    ["a second hello", { type: "hello", role: "visitor", site: "x", visitorId: "y".repeat(20) }, "conflict"],
    ["a visitor setting a status", { type: "status", status: "online" }, "forbidden"],
    ["a message into another conversation", { type: "message", clientId: "x5", conversationId: "cnv_notyours", text: "hi" }, "not_found"],
  ];

  test.each(cases)("%s", async (_name, frame, code) => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "keep", text: "stored before" });
    const kept = await v.socket.next("ack");
    v.socket.send(frame);
    const err = await v.socket.next("error");
    expect(err.code).toBe(code as typeof err.code);
    expect(err.reason.length).toBeGreaterThan(3);
    // Still up and still working, and what was stored is untouched.
    v.socket.send({ type: "ping" });
    await v.socket.next("pong");
    v.socket.send({ type: "message", clientId: "after", text: "stored after" });
    expect((await v.socket.next("ack")).seq).toBe(kept.seq + 1);
    expect(countMessages(kept.conversationId)).toBe(2);
    v.socket.close();
  });

  test("a frame over the socket's size limit closes that socket (1009) and nothing else; a binary frame is refused", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "keep", text: "stored before" });
    const kept = await v.socket.next("ack");
    v.socket.ws.send(new Uint8Array([1, 2, 3]));
    expect(await v.socket.next("error")).toMatchObject({ code: "bad_json" });
    v.socket.send({ type: "message", clientId: "huge", text: "x".repeat(LIMITS.maxPayloadBytes + 1) });
    for (let i = 0; i < 100 && !v.socket.closed; i++) await Bun.sleep(20);
    expect(v.socket.closed?.code).toBe(1009);
    expect(countMessages(kept.conversationId)).toBe(1);
    // The server carries on.
    const w = await visitorSocket(srv.wsUrl, srv.siteKey);
    w.socket.send({ type: "message", clientId: "next", text: "still here" });
    expect((await w.socket.next("ack")).seq).toBe(1);
    w.socket.close();
  });

  test("frames before hello are refused", async () => {
    const { RawSocket } = await import("../helpers/sockets");
    const s = new RawSocket(`${srv.wsUrl}/ws/visitor`);
    await s.opened;
    s.send({ type: "message", clientId: "early", text: "hi" });
    expect(await s.next("error")).toMatchObject({ code: "hello_required" });
    s.send({ type: "hello", role: "visitor", site: "no-such-site", visitorId: randomVisitorId() });
    expect(await s.next("error")).toMatchObject({ code: "not_found" });
    s.send({ type: "hello", role: "visitor", site: srv.siteKey, visitorId: "short" });
    expect(await s.next("error")).toMatchObject({ code: "bad_frame" });
    s.send({ type: "hello", role: "agent" });
    expect(await s.next("error")).toMatchObject({ code: "bad_frame" });
    s.close();
  });

  test("an agent socket without a session is refused and closed", async () => {
    const { RawSocket } = await import("../helpers/sockets");
    const s = new RawSocket(`${srv.wsUrl}/ws/agent`, { cookie: "parley_session=forged.value" });
    await s.opened;
    expect(await s.next("error")).toMatchObject({ code: "unauthorized" });
    await Bun.sleep(100);
    expect(s.closed?.code).toBe(4401);
  });

  test("an agent cannot read or write a conversation of another enterprise", async () => {
    const { createEnterprise } = await import("../../src/accounts/setup");
    const other = await createEnterprise(srv.db, { company: "Other Co", email: "boss@other.example", password: "other-pass-1" });
    const ov = await visitorSocket(srv.wsUrl, other.siteKey);
    ov.socket.send({ type: "message", clientId: "o1", text: "secret of Other Co" });
    const oack = await ov.socket.next("ack");
    const agent = await agentSocket(srv.wsUrl, agentSession);
    expect(agent.welcome.conversations!.some((c) => c.id === oack.conversationId)).toBe(false);
    agent.socket.send({ type: "message", clientId: "x-ent", conversationId: oack.conversationId, text: "hi" });
    expect(await agent.socket.next("error")).toMatchObject({ code: "not_found" });
    const http = new HttpClient(srv.url);
    http.cookies.set("parley_session", agentSession);
    expect((await http.get(`/api/conversations/${oack.conversationId}/messages`)).status).toBe(404);
    expect(countMessages(oack.conversationId)).toBe(1);
    agent.socket.close();
    ov.socket.close();
  });

  test("a flood over the rate limit is refused message by message, then the socket works again", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    const sent = LIMITS.rateBurst + 20;
    for (let i = 0; i < sent; i++) v.socket.send({ type: "message", clientId: `f${i}`, text: `flood ${i}` });
    const err = await v.socket.next("error", (e) => e.code === "rate_limited");
    expect(err.reason).toContain("per second");
    const frames = [err, ...(await v.socket.collect(300))];
    const acks = frames.filter((f) => f.type === "ack") as { conversationId: string; clientId: string }[];
    const refused = frames.filter((f) => f.type === "error" && f.code === "rate_limited") as { clientId?: string }[];
    // The burst got through; every other message was refused by name, so no sender waits forever.
    expect(acks.length).toBeGreaterThanOrEqual(LIMITS.rateBurst - 2);
    expect(acks.length).toBeLessThanOrEqual(LIMITS.rateBurst + 2);
    expect(acks.length + refused.length).toBe(sent);
    expect(new Set([...acks, ...refused].map((f) => f.clientId)).size).toBe(sent);
    expect(countMessages(acks[0]!.conversationId)).toBe(acks.length);
    // Frames without a client id are refused quietly: at most one error a second.
    for (let i = 0; i < 50; i++) v.socket.send({ type: "typing", typing: true });
    expect((await v.socket.collect(200)).filter((f) => f.type === "error").length).toBeLessThanOrEqual(1);
    srv.clock.advance(1100);
    v.socket.send({ type: "message", clientId: "after-flood", text: "calm again" });
    expect((await v.socket.next("ack")).clientId).toBe("after-flood");
    v.socket.close();
  });

  test("the server is still healthy after all of the above", async () => {
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });
});

describe("typing and presence", () => {
  test("typing travels both ways; the agent learns the visitor's page changes", async () => {
    const agent = await agentSocket(srv.wsUrl, agentSession);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "t0", text: "hi" });
    const ack = await v.socket.next("ack");
    // Ann is the only agent online, so the conversation is hers.
    const conv = await agent.socket.next("conversation", (c) => c.conversation.id === ack.conversationId);
    expect(conv.conversation.agentId).toBe(srv.agent.id);
    v.socket.send({ type: "typing", typing: true });
    expect(await agent.socket.next("typing")).toMatchObject({ conversationId: ack.conversationId, from: "visitor", typing: true });
    agent.socket.send({ type: "typing", conversationId: ack.conversationId, typing: true });
    expect(await v.socket.next("typing")).toMatchObject({ from: "agent", typing: true });
    v.socket.send({ type: "page", page: { url: "https://shop.example/cart", title: "Cart" } });
    const seen = await agent.socket.next("visitor", (f) => f.visitor.page.title === "Cart");
    expect(seen.visitor.online).toBe(true);
    v.socket.close();
    const gone = await agent.socket.next("visitor", (f) => !f.visitor.online);
    expect(gone.visitor.page.url).toBe("https://shop.example/cart");
    agent.socket.close();
  });
});
