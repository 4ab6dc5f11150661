// Races and edges of the chat core found by its audit (docs/protocol.md's guarantees), over a real
// server, real SQLite and real sockets.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../common/protocol";
import { robotService } from "../../src/robot/service";
import { setSiteRobot } from "../../src/robot/switch";
import kb from "../robot/fixtures/shop-kb.json";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";
import { robotSettingsOf, saveRobotSettings } from "../../src/robot/settings";
import { until } from "../helpers/wait";
import { createGroup, setGroupMembers } from "../../src/routing/groups";

let srv: TestServer;
let siteId: string;

beforeEach(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
});
afterEach(() => srv?.stop());

async function agentOnline(email = srv.agent.email) {
  const http = new HttpClient(srv.url);
  await http.login(email, PASSWORD);
  return { http, ...(await agentSocket(srv.wsUrl, http.session!)) };
}

const row = (id: string) =>
  srv.db.$client.query("select served_by_robot as robot, agent_id as agentId, status from conversations where id = ?").get(id) as { robot: number; agentId: string | null; status: string };

describe("the robot's conversations", () => {
  beforeEach(() => {
    expect(robotService(srv.db).importFile(srv.enterpriseId, JSON.stringify(kb), "json").rejected).toEqual([]);
    setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
  });

  test("a supervisor transferring the robot's conversation to an agent hands it over: the agent gets it and the robot stops", async () => {
    const ann = await agentOnline();
    const ada = await agentOnline(srv.admin.email); // enterprise scope: a supervisor
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, randomVisitorId());
    v.socket.send({ type: "message", clientId: "first", text: "运费怎么算" });
    const ack = await v.socket.next("ack");
    await v.socket.next("message", (m) => m.seq === 3);
    await ada.socket.next("conversation", (f) => f.conversation.id === ack.conversationId);

    ada.socket.send({ type: "transfer", conversationId: ack.conversationId, toAgentId: srv.agent.id });
    // Ann is told it is hers, and the visitor who serves them.
    const mine = await ann.socket.next("conversation", (f) => f.conversation.id === ack.conversationId);
    expect(mine.conversation.agentId).toBe(srv.agent.id);
    expect(await v.socket.next("agent")).toMatchObject({ conversationId: ack.conversationId, name: "Ann Agent" });
    expect(row(ack.conversationId)).toMatchObject({ robot: 0, agentId: srv.agent.id });
    // The visitor's next message reaches Ann; the robot says nothing more; Ann may answer.
    v.socket.frames.splice(0);
    v.socket.send({ type: "message", clientId: "q2", text: "还在吗" });
    expect((await ann.socket.next("message", (m) => m.conversationId === ack.conversationId && m.from === "visitor")).text).toBe("还在吗");
    expect((await v.socket.collect(150)).filter((f) => f.type === "message" && (f as ChatMessage).from === "robot")).toEqual([]);
    ann.socket.send({ type: "message", clientId: "r1", conversationId: ack.conversationId, text: "您好" });
    expect((await ann.socket.next("ack")).clientId).toBe("r1");
  });
});

describe("the robot's late reply", () => {
  test("an LLM reply that comes after a supervisor closed the robot's conversation is dropped, not stored after the close", async () => {
    expect(robotService(srv.db).importFile(srv.enterpriseId, JSON.stringify(kb), "json").rejected).toEqual([]);
    setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
    // A local fake model that answers only when the test lets it.
    let release!: () => void;
    let asked!: () => void;
    const modelAsked = new Promise<void>((resolve) => (asked = resolve));
    const fake = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(Response.json({ choices: [{ message: { role: "assistant", content: '{"answer":"满 88 元包邮。","id":"ship-fee"}' } }], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
          asked();
        }),
    });
    try {
      saveRobotSettings(srv.db, srv.enterpriseId, { llmMode: "answer", llmBaseUrl: `http://127.0.0.1:${fake.port}/v1`, llmModel: "fake-model", llmKey: "sk-test-1234567890", llmTimeoutMs: 5000 });
      const ada = await agentOnline(srv.admin.email); // enterprise scope: a supervisor
      const v = await visitorSocket(srv.wsUrl, srv.siteKey, { lang: "zh-CN" });
      v.socket.send({ type: "message", clientId: "c1", text: "买多少包邮" });
      const ack = await v.socket.next("ack");
      await modelAsked;
      ada.socket.send({ type: "close", conversationId: ack.conversationId });
      await v.socket.next("closed");
      const closedAt = (srv.db.$client.query("select max(seq) as n from messages where conversation_id = ?").get(ack.conversationId) as { n: number }).n;
      v.socket.frames.splice(0);
      const calls = robotSettingsOf(srv.db, srv.enterpriseId).llmCalls;
      release();
      await until(() => robotSettingsOf(srv.db, srv.enterpriseId).llmCalls > calls, "the model's reply to be counted");
      // The model's reply arrives and is dropped: nothing more in the closed conversation, nothing to the visitor.
      expect((await v.socket.collect(300)).filter((f) => f.type === "message")).toEqual([]);
      expect((srv.db.$client.query("select max(seq) as n from messages where conversation_id = ?").get(ack.conversationId) as { n: number }).n).toBe(closedAt);
    } finally {
      release?.();
      fake.stop(true);
    }
  });
});

describe("a resend after the conversation closed", () => {
  const conversationCount = () => (srv.db.$client.query("select count(*) as n from conversations").get() as { n: number }).n;
  const copies = (clientId: string) => (srv.db.$client.query("select count(*) as n from messages where client_id = ?").get(clientId) as { n: number }).n;

  test("a visitor's message resent after an agent closed its conversation gets the stored message's ack, not a new conversation", async () => {
    const ann = await agentOnline();
    const visitorId = randomVisitorId();
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, visitorId);
    await v.say("hello", "m1");
    const ack = await v.say("thanks, bye", "m2"); // its ack is lost on the way: the socket drops
    v.socket.close();
    ann.socket.send({ type: "close", conversationId: ack.conversationId });
    await ann.socket.next("conversation", (f) => f.conversation.id === ack.conversationId && f.conversation.status === "closed");
    expect(conversationCount()).toBe(1);
    ann.socket.frames.splice(0);

    // The widget reconnects and resends what it holds no ack for, with the same client id.
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, { visitorId, lastSeq: 2 });
    expect(back.welcome.conversation).toBeNull();
    back.socket.send({ type: "message", clientId: "m2", text: "thanks, bye" });
    expect(await back.socket.next("ack", (a) => a.clientId === "m2")).toMatchObject({ conversationId: ack.conversationId, id: ack.id, seq: ack.seq, duplicate: true });
    expect(conversationCount()).toBe(1);
    expect(copies("m2")).toBe(1);
    // Ann is not handed a new chat holding the old goodbye.
    expect((await ann.socket.collect(150)).filter((f) => f.type === "conversation" || f.type === "message")).toEqual([]);
    // A new client id starts a new conversation, as before.
    const next = await back.say("one more question", "m3");
    expect(next.conversationId).not.toBe(ack.conversationId);
    expect(next.seq).toBe(1);
  });

  test("an agent's reply resent after the conversation closed gets its ack, not a conflict", async () => {
    const ann = await agentOnline();
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, randomVisitorId());
    const first = await v.say("hello", "m1");
    ann.socket.send({ type: "message", clientId: "r1", conversationId: first.conversationId, text: "hi, how can I help" });
    const ack = await ann.socket.next("ack", (a) => a.clientId === "r1");
    ann.socket.send({ type: "close", conversationId: first.conversationId });
    await ann.socket.next("conversation", (f) => f.conversation.id === first.conversationId && f.conversation.status === "closed");
    ann.socket.send({ type: "message", clientId: "r1", conversationId: first.conversationId, text: "hi, how can I help" });
    expect(await ann.socket.next("ack", (a) => a.clientId === "r1")).toMatchObject({ id: ack.id, seq: ack.seq, duplicate: true });
    expect(copies("r1")).toBe(1);
    // A new reply to the closed conversation is still refused.
    ann.socket.send({ type: "message", clientId: "r2", conversationId: first.conversationId, text: "anything else?" });
    expect(await ann.socket.next("error")).toMatchObject({ code: "conflict", clientId: "r2" });
  });
});

describe("the idle sweep", () => {
  test("a waiting chat the sweep's own close gave to an agent, closed idle in the same sweep, frees that agent's room for the next visitor", async () => {
    srv.db.$client.run("update users set cap = 1 where id = ?", [srv.agent.id]);
    const ann = await agentOnline();
    const chat = async () => {
      const v = await visitorSocket(srv.wsUrl, srv.siteKey, randomVisitorId());
      return { ...v, ack: await v.say("hello") };
    };
    const v1 = await chat(); // Ann's
    const v2 = await chat(); // waits
    const v3 = await chat(); // waits behind v2
    expect(row(v1.ack.conversationId).agentId).toBe(srv.agent.id);
    expect(row(v2.ack.conversationId).agentId).toBeNull();
    // v1 and v2 have been quiet for 40 minutes (idle after 30); v3 wrote just now.
    const ago = 40 * 60_000;
    for (const id of [v1.ack.conversationId, v2.ack.conversationId]) {
      srv.db.$client.run("update messages set created_at = created_at - ? where conversation_id = ?", [ago, id]);
      srv.db.$client.run("update conversations set last_message_at = last_message_at - ?, created_at = created_at - ?, queued_at = queued_at - ? where id = ?", [ago, ago, ago, id]);
    }
    // Closing v1 gives Ann v2, which is idle too and closes as well: Ann's room then goes to v3.
    expect(srv.app.chat.flow.sweep(Date.now())).toBe(2);
    expect(row(v1.ack.conversationId).status).toBe("closed");
    expect(row(v2.ack.conversationId).status).toBe("closed");
    expect(row(v3.ack.conversationId)).toMatchObject({ status: "open", agentId: srv.agent.id });
    expect(await v3.socket.next("agent")).toMatchObject({ conversationId: v3.ack.conversationId, name: "Ann Agent" });
    ann.socket.close();
  });
});

describe("a transfer to a group", () => {
  test("with no other member available it waits for the group, and never goes straight back to the agent who transferred it", async () => {
    const adaId = (srv.db.$client.query("select id from users where email = 'admin@example.com'").get() as { id: string }).id;
    const g = createGroup(srv.db, srv.enterpriseId, "Billing");
    setGroupMembers(srv.db, srv.enterpriseId, g.id, [srv.agent.id, adaId]);
    srv.app.chat.capacityChanged(srv.enterpriseId);
    const ann = await agentOnline();
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, randomVisitorId());
    const ack = await v.say("a billing question");
    expect(row(ack.conversationId).agentId).toBe(srv.agent.id);
    // Ada, the group's other member, is offline: the chat waits for the group.
    ann.socket.send({ type: "transfer", conversationId: ack.conversationId, toGroupId: g.id, note: "billing" });
    await ann.socket.next("conversation", (f) => f.conversation.id === ack.conversationId && f.conversation.agentId === null);
    expect((await v.socket.next("queue", (q) => q.position !== null)).position).toBe(1);
    expect(row(ack.conversationId).agentId).toBeNull();
    // Room freeing elsewhere (another chat of Ann's closing) does not hand it back to Ann either.
    const other = await visitorSocket(srv.wsUrl, srv.siteKey, randomVisitorId());
    const otherAck = await other.say("hello");
    ann.socket.send({ type: "close", conversationId: otherAck.conversationId });
    await other.socket.next("closed");
    expect(row(ack.conversationId).agentId).toBeNull();
    // Ada comes online: it is hers.
    const ada = await agentOnline(srv.admin.email);
    await ada.socket.next("conversation", (f) => f.conversation.id === ack.conversationId && f.conversation.agentId === adaId);
    expect(row(ack.conversationId).agentId).toBe(adaId);
  });
});
