// The robot (F8) inside the live conversation, over real sockets and a real server: the greeting,
// typed and picked questions, suggestions when it is unsure, hand-off to routing (by the button's
// frame and by typing 人工), agents never seeing the robot's conversations (supervisors do, and take
// them over), the whole transcript for
// the agent who takes over, resume after a reconnect, the switch and the paid add-on, nobody online,
// and the outcomes behind the overview's figure. The knowledge base is the shop fixture.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../common/protocol";
import { robotService } from "../../src/robot/service";
import { setSiteRobot } from "../../src/robot/switch";
import kb from "../robot/fixtures/shop-kb.json";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";
import { runRenewals } from "../../src/billing/service/renewal";

let srv: TestServer;
let siteId: string;

beforeEach(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  expect(robotService(srv.db).importFile(srv.enterpriseId, JSON.stringify(kb), "json").rejected).toEqual([]);
  setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
});
afterEach(() => srv?.stop());

const robot = () => robotService(srv.db);

async function signedIn(email = srv.agent.email) {
  const http = new HttpClient(srv.url);
  await http.login(email, PASSWORD);
  return http;
}

async function agentOnline(email = srv.agent.email) {
  const http = await signedIn(email);
  return { http, ...(await agentSocket(srv.wsUrl, http.session!)) };
}

const row = (id: string) =>
  srv.db.$client.query("select served_by_robot as robot, agent_id as agentId, queued_at as queuedAt, (select max(seq) from messages where conversation_id = conversations.id) as lastSeq, status from conversations where id = ?").get(id) as {
    robot: number;
    agentId: string | null;
    queuedAt: number | null;
    lastSeq: number;
    status: string;
  };
const conversationCount = () => (srv.db.$client.query("select count(*) as n from conversations").get() as { n: number }).n;
const outcome = (id: string) => srv.db.$client.query("select answers, unanswered, handed_off_at is not null as handedOff from robot_outcomes where conversation_id = ?").get(id);
const robotSays = (kind: string) => (m: ChatMessage) => m.from === "robot" && m.robot?.kind === kind;

/** A visitor asks a first question: the stored greeting (seq 1), the ack (seq 2), then the robot's turn (seq 3). */
async function ask(text: string, visitorId = randomVisitorId()) {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey, visitorId);
  v.socket.send({ type: "message", clientId: "first", text });
  const reply = await v.socket.next("message", (m) => m.seq === 3);
  const greeting = await v.socket.next("message", (m) => m.seq === 1);
  const ack = await v.socket.next("ack");
  return { ...v, conversationId: ack.conversationId, greeting, ack, reply };
}

describe("the robot serves a new conversation first", () => {
  test("a new visitor is greeted with the most asked questions; nothing is stored until they start", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    expect(v.welcome.conversation).toBeNull();
    const g = v.welcome.robotGreeting!;
    expect(g.text).toContain("智能助手");
    expect(g.robot).toMatchObject({ kind: "greeting", human: true, leaveMessage: false });
    // Before anyone asked, the knowledge base's own order.
    expect(g.robot.questions).toEqual(kb.slice(0, 5).map((e) => ({ key: e.key, question: e.question })));
    expect(conversationCount()).toBe(0);

    // The most asked questions come first once visitors have asked.
    robot().reply(srv.enterpriseId, { conversationId: "cnv_earlier1", text: "运费怎么算" });
    robot().reply(srv.enterpriseId, { conversationId: "cnv_earlier2", text: "邮费多少" });
    robot().reply(srv.enterpriseId, { conversationId: "cnv_earlier3", text: "发票怎么开" });
    const later = await visitorSocket(srv.wsUrl, srv.siteKey);
    expect(later.welcome.robotGreeting!.robot.questions.slice(0, 2).map((q) => q.key)).toEqual(["ship-fee", "invoice-issue"]);
  });

  test("a question typed in Chinese gets its answer and related questions; a picked one is answered too", async () => {
    const v = await ask("运费怎么算？");
    expect(v.greeting).toMatchObject({ from: "robot", seq: 1, robot: { kind: "greeting" } });
    expect(v.ack).toMatchObject({ clientId: "first", seq: 2, duplicate: false });
    expect(v.reply.text).toContain("满 99 元包邮");
    expect(v.reply.robot).toMatchObject({ kind: "answer", key: "ship-fee", human: true });
    expect(v.reply.robot!.questions).toEqual([
      { key: "ship-remote", question: "偏远地区能配送吗？" },
      { key: "return-shipping-fee", question: "退货的运费谁承担？" },
    ]);
    expect(row(v.conversationId)).toMatchObject({ robot: 1, agentId: null, queuedAt: null, lastSeq: 3 });

    // The related question, picked: stored as its own wording, whatever the client showed.
    v.socket.send({ type: "message", clientId: "pick1", text: "(shown text)", pick: "ship-remote" });
    expect(await v.socket.next("ack")).toMatchObject({ clientId: "pick1", seq: 4 });
    const picked = await v.socket.next("message", (m) => m.seq === 5);
    expect(picked.robot).toMatchObject({ kind: "answer", key: "ship-remote" });
    expect(picked.text).toContain("EMS");
    expect(picked.robot!.questions.map((q) => q.key)).toEqual(["ship-fee", "ship-overseas"]);
    expect(srv.db.$client.query("select body from messages where conversation_id = ? and seq = 4").get(v.conversationId)).toEqual({ body: "偏远地区能配送吗？" });
    // The same client id again is an idempotent resend: the first ack, and no second answer.
    v.socket.send({ type: "message", clientId: "pick1", text: "(shown text)", pick: "ship-remote" });
    expect(await v.socket.next("ack")).toMatchObject({ clientId: "pick1", seq: 4, duplicate: true });
    expect((await v.socket.collect(150)).filter((f) => f.type === "message")).toEqual([]);
    expect(outcome(v.conversationId)).toEqual({ answers: 2, unanswered: 0, handedOff: 0 });
    expect(robot().stored(srv.enterpriseId, "ship-remote")!.hits).toBe(1);
  });

  test("the greeting reaches the visitor before the ack of the message after it", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "c1", text: "退款多久到账" });
    await v.socket.next("message", (m) => m.seq === 3);
    expect(v.socket.frames.map((f) => (f.type === "message" ? `message ${f.seq}` : f.type))).toEqual(["message 1", "ack"]);
  });

  test("unsure: the closest questions and a person; nothing known: a person; both are kept for the admin", async () => {
    const decision = robot().ask(srv.enterpriseId, "快递");
    expect(decision.match).toBeNull();
    expect(decision.suggestions.length).toBeGreaterThan(1);
    const v = await ask("快递");
    expect(v.reply.robot).toMatchObject({ kind: "unsure", human: true, leaveMessage: false });
    expect(v.reply.robot!.questions).toEqual(decision.suggestions.map((s) => ({ key: s.key, question: s.question })));
    expect(v.reply.text).toContain("不太确定");

    v.socket.send({ type: "message", clientId: "q2", text: "你们老板叫什么名字" });
    const unknown = await v.socket.next("message", (m) => m.seq === 5);
    expect(unknown.robot).toMatchObject({ kind: "unsure", questions: [], human: true });
    expect(unknown.text).toContain("转人工");
    expect(robot().unanswered(srv.enterpriseId).map((u) => u.example)).toEqual(expect.arrayContaining(["快递", "你们老板叫什么名字"]));
    expect(outcome(v.conversationId)).toEqual({ answers: 0, unanswered: 2, handedOff: 0 });
  });

  test("a picked key that is not an enabled question is refused with an error frame, and nothing is stored", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "bad1", text: "?", pick: "no-such-question" });
    expect(await v.socket.next("error")).toMatchObject({ code: "not_found", clientId: "bad1" });
    expect(conversationCount()).toBe(0);

    const started = await ask("运费怎么算", v.visitorId);
    robot().setEnabled(srv.enterpriseId, "cod", false);
    started.socket.send({ type: "message", clientId: "bad2", text: "支持货到付款吗？", pick: "cod" });
    expect(await started.socket.next("error")).toMatchObject({ code: "not_found", clientId: "bad2" });
    started.socket.send({ type: "message", clientId: "bad3", text: "x", pick: 42 });
    expect(await started.socket.next("error")).toMatchObject({ code: "bad_frame", clientId: "bad3" });
    started.socket.send({ type: "message", clientId: "bad4", text: "x", pick: "k".repeat(65) });
    expect(await started.socket.next("error")).toMatchObject({ code: "bad_frame", clientId: "bad4" });
    expect(row(started.conversationId).lastSeq).toBe(3);
    // The socket stays up and the robot still answers.
    started.socket.send({ type: "message", clientId: "ok", text: "发票怎么开" });
    expect((await started.socket.next("message", (m) => m.seq === 5)).robot).toMatchObject({ key: "invoice-issue" });
  });
});

describe("agents and the robot's conversations", () => {
  test("agents of their own scope never see a conversation the robot serves: not in frames, lists, history API or take-over", async () => {
    const ann = await agentOnline();
    const v = await ask("运费怎么算");
    v.socket.send({ type: "typing", typing: true });
    v.socket.send({ type: "message", clientId: "q2", text: "我想退货" });
    await v.socket.next("message", (m) => m.seq === 5);
    expect((await ann.socket.collect(100)).filter((f) => f.type !== "pong")).toEqual([]);
    const again = await agentSocket(srv.wsUrl, (await signedIn(srv.agent.email)).session!);
    expect(again.welcome.conversations).toEqual([]);
    again.socket.close();
    expect((await ann.http.get(`/api/conversations/${v.conversationId}/messages`)).status).toBe(404);
    const token = await ann.http.csrf("/workspace");
    expect((await ann.http.request(`/api/conversations/${v.conversationId}/take`, { method: "POST", headers: { "x-csrf-token": token } })).status).toBe(404);
    // Replying to it by id is refused like any conversation the agent may not see.
    ann.socket.send({ type: "message", clientId: "a1", conversationId: v.conversationId, text: "hi" });
    expect(await ann.socket.next("error")).toMatchObject({ code: "not_found", clientId: "a1" });
    // Agents do not pick the robot's questions.
    ann.socket.send({ type: "message", clientId: "a2", conversationId: v.conversationId, text: "x", pick: "ship-fee" });
    expect(await ann.socket.next("error")).toMatchObject({ code: "forbidden", clientId: "a2" });
    expect(row(v.conversationId)).toMatchObject({ robot: 1, agentId: null });
  });

  test("a supervisor sees the robot's conversations live and takes one over; the robot stops and the visitor is told", async () => {
    const ann = await agentOnline();
    const ada = await agentOnline(srv.admin.email); // enterprise scope: a supervisor
    const v = await ask("运费怎么算");
    // The new conversation reaches the supervisor, marked as the robot's, with what is said in it.
    const seen = await ada.socket.next("conversation", (f) => f.conversation.id === v.conversationId);
    expect(seen.conversation).toMatchObject({ robot: true, agentId: null, queuePosition: null });
    expect((await ada.socket.next("message", (m) => m.conversationId === v.conversationId && m.from === "visitor")).text).toBe("运费怎么算");
    await ada.socket.next("message", (m) => m.conversationId === v.conversationId && m.from === "robot" && m.seq === 3);
    v.socket.send({ type: "message", clientId: "q2", text: "我想退货" });
    await ada.socket.next("message", (m) => m.conversationId === v.conversationId && m.seq === 5);
    // Not the own-scope agent's, and not in the queue.
    expect((await ann.socket.collect(100)).filter((f) => f.type !== "pong")).toEqual([]);
    // In the supervisor's list after a reconnect, and readable over HTTP.
    const again = await agentSocket(srv.wsUrl, (await signedIn(srv.admin.email)).session!);
    expect(again.welcome.conversations!.map((c) => [c.id, c.robot])).toEqual([[v.conversationId, true]]);
    again.socket.close();
    expect((await ada.http.get(`/api/conversations/${v.conversationId}/messages`)).status).toBe(200);

    // The supervisor takes it over: theirs, the robot's no more; the visitor hears who serves them.
    const token = await ada.http.csrf("/workspace");
    const took = await ada.http.request(`/api/conversations/${v.conversationId}/take`, { method: "POST", headers: { "x-csrf-token": token, accept: "application/json" } });
    expect(took.status).toBe(200);
    expect(row(v.conversationId)).toMatchObject({ robot: 0, agentId: (await ada.welcome).agent!.id, queuedAt: null });
    expect(await v.socket.next("agent")).toMatchObject({ conversationId: v.conversationId, name: "Ada Admin" });
    expect(outcome(v.conversationId)).toMatchObject({ handedOff: 1 });
    // The visitor's next message is the supervisor's to answer; the robot says nothing more.
    v.socket.frames.splice(0);
    v.socket.send({ type: "message", clientId: "q3", text: "还在吗" });
    await ada.socket.next("message", (m) => m.conversationId === v.conversationId && m.text === "还在吗");
    expect((await v.socket.collect(150)).filter((f) => f.type === "message" && f.from === "robot")).toEqual([]);
    ada.socket.send({ type: "message", clientId: "r1", conversationId: v.conversationId, text: "您好，我来帮您" });
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("您好，我来帮您");
  });

  test("the reply to an agent's invitation (invited: true) goes to a person, a new conversation or the robot's", async () => {
    const ann = await agentOnline();
    const fresh = await visitorSocket(srv.wsUrl, srv.siteKey);
    expect(fresh.welcome.robotGreeting).toBeTruthy();
    fresh.socket.send({ type: "message", clientId: "inv1", text: "Hi Ann", invited: true });
    const ack = await fresh.socket.next("ack");
    expect(ack.seq).toBe(1);
    expect(row(ack.conversationId)).toMatchObject({ robot: 0, agentId: srv.agent.id });
    expect((await ann.socket.next("message", (m) => m.conversationId === ack.conversationId)).text).toBe("Hi Ann");
    // A visitor the robot already serves: the invited reply hands the conversation over.
    const v = await ask("运费怎么算");
    v.socket.send({ type: "message", clientId: "inv2", text: "想找人工", invited: true });
    await v.socket.next("ack", (a) => a.clientId === "inv2");
    expect(await v.socket.next("agent")).toMatchObject({ conversationId: v.conversationId, name: "Ann Agent" });
    expect(row(v.conversationId)).toMatchObject({ robot: 0, agentId: srv.agent.id });
    // Anything but true is refused.
    fresh.socket.send({ type: "message", clientId: "inv3", text: "x", invited: "yes" });
    expect(await fresh.socket.next("error")).toMatchObject({ code: "bad_frame", clientId: "inv3" });
  });

  test("a supervisor replying to the robot's conversation takes it over", async () => {
    const ada = await agentOnline(srv.admin.email);
    const v = await ask("运费怎么算");
    await ada.socket.next("conversation", (f) => f.conversation.id === v.conversationId);
    ada.socket.send({ type: "message", clientId: "r1", conversationId: v.conversationId, text: "我是客服小王" });
    await ada.socket.next("ack");
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("我是客服小王");
    expect(row(v.conversationId)).toMatchObject({ robot: 0, queuedAt: null });
    expect(row(v.conversationId).agentId).not.toBeNull();
  });

  test("the to-human frame hands over to routing; the agent gets the whole transcript, the robot's part included", async () => {
    const ann = await agentOnline();
    const v = await ask("运费怎么算？");
    v.socket.send({ type: "message", clientId: "pick", text: "x", pick: "ship-remote" });
    await v.socket.next("message", (m) => m.seq === 5);
    expect((await ann.socket.collect(100)).filter((f) => f.type !== "pong")).toEqual([]);

    v.socket.send({ type: "handoff" });
    const note = await v.socket.next("message", robotSays("handoff"));
    expect(note).toMatchObject({ seq: 6, text: "好的，正在为您转接人工客服，请稍候。" });
    expect(await v.socket.next("agent")).toMatchObject({ conversationId: v.conversationId, name: "Ann Agent" });
    const offered = await ann.socket.next("conversation");
    expect(offered.conversation).toMatchObject({ id: v.conversationId, agentId: srv.agent.id, lastSeq: 6, lastMessage: { from: "robot" } });
    expect(row(v.conversationId)).toMatchObject({ robot: 0, agentId: srv.agent.id, queuedAt: null });

    // What the workspace loads when the agent opens it: every message, the robot's with their cards.
    const history = (await (await ann.http.get(`/api/conversations/${v.conversationId}/messages`)).json()) as { messages: ChatMessage[] };
    expect(history.messages.map((m) => [m.seq, m.from])).toEqual([
      [1, "robot"],
      [2, "visitor"],
      [3, "robot"],
      [4, "visitor"],
      [5, "robot"],
      [6, "robot"],
    ]);
    expect(history.messages[1]!.text).toBe("运费怎么算？");
    expect(history.messages[2]).toMatchObject({ text: expect.stringContaining("99 元"), robot: { kind: "answer", key: "ship-fee" } });
    expect(history.messages[0]!.robot!.questions.length).toBe(5);
    // History labels the robot's lines too.
    const admin = await signedIn(srv.admin.email);
    const page = await (await admin.get(`/history/${v.conversationId}`)).text();
    expect(page.match(/<span class="tm-who">机器人<\/span>/g)?.length).toBe(4);

    // From now on it is a conversation with a person: the agent answers, the robot is silent.
    ann.socket.send({ type: "message", clientId: "a1", conversationId: v.conversationId, text: "您好，我是 Ann" });
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("您好，我是 Ann");
    v.socket.send({ type: "message", clientId: "q3", text: "发票怎么开" });
    expect((await ann.socket.next("message", (m) => m.seq === 8)).text).toBe("发票怎么开");
    expect((await v.socket.collect(150)).filter((f) => f.type === "message")).toEqual([]);
    v.socket.send({ type: "message", clientId: "late-pick", text: "x", pick: "ship-fee" });
    expect(await v.socket.next("error")).toMatchObject({ code: "conflict", clientId: "late-pick" });
    v.socket.send({ type: "handoff" });
    expect(await v.socket.next("error")).toMatchObject({ code: "conflict" });
    expect(outcome(v.conversationId)).toEqual({ answers: 2, unanswered: 0, handedOff: 1 });
  });

  test("typing 人工 hands over too; with every agent busy it waits in the queue like any new chat", async () => {
    srv.db.$client.run("update users set cap = 1 where id = ?", [srv.agent.id]);
    const ann = await agentOnline();
    // Ann's one seat is taken by another visitor who asked for a person first.
    const other = await ask("运费怎么算");
    other.socket.send({ type: "handoff" });
    await other.socket.next("agent");
    await ann.socket.next("conversation", (f) => f.conversation.id === other.conversationId);

    const v = await ask("快递");
    v.socket.send({ type: "message", clientId: "human", text: "转人工！" });
    expect(await v.socket.next("ack")).toMatchObject({ clientId: "human", seq: 4 });
    await v.socket.next("message", robotSays("handoff"));
    expect(await v.socket.next("queue")).toMatchObject({ conversationId: v.conversationId, position: 1 });
    const waiting = await ann.socket.next("conversation", (f) => f.conversation.id === v.conversationId);
    expect(waiting.conversation).toMatchObject({ agentId: null, queuePosition: 1 });
    expect(row(v.conversationId)).toMatchObject({ robot: 0, agentId: null });
    expect(row(v.conversationId).queuedAt).toBeGreaterThan(0);
    // 转人工 was a request, not a question the robot failed to answer.
    expect(robot().unanswered(srv.enterpriseId).map((u) => u.example)).not.toContain("转人工！");

    // A seat frees up: the waiting visitor is served, as any queued chat is.
    ann.socket.send({ type: "close", conversationId: other.conversationId });
    expect(await v.socket.next("agent")).toMatchObject({ name: "Ann Agent" });
  });

  test("asking for a person straight from the greeting starts the conversation and hands it over", async () => {
    const ann = await agentOnline();
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "handoff" });
    expect(await v.socket.next("message", (m) => m.seq === 1)).toMatchObject({ from: "robot", robot: { kind: "greeting" } });
    expect(await v.socket.next("message", (m) => m.seq === 2)).toMatchObject({ from: "robot", robot: { kind: "handoff" } });
    const offered = await ann.socket.next("conversation");
    expect(offered.conversation.agentId).toBe(srv.agent.id);
    expect(await v.socket.next("agent")).toMatchObject({ conversationId: offered.conversation.id });
  });
});

describe("reconnects, the switch and nobody online", () => {
  test("resume after a reconnect replays the robot's messages with their cards", async () => {
    const vid = randomVisitorId();
    const first = await ask("运费怎么算", vid);
    first.socket.close();
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, vid, 1);
    expect(back.welcome.conversation).toMatchObject({ id: first.conversationId, lastSeq: 3, robot: true });
    expect(back.welcome.robotGreeting).toBeUndefined();
    const replayed = [await back.socket.next("message"), await back.socket.next("message")];
    expect(replayed.map((m) => [m.seq, m.from])).toEqual([
      [2, "visitor"],
      [3, "robot"],
    ]);
    expect(replayed[1]!.robot).toMatchObject({ kind: "answer", key: "ship-fee" });
    const fresh = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    expect((await fresh.socket.next("message")).robot).toMatchObject({ kind: "greeting" });
  });

  test("with the robot off for the site, or not allowed in platform mode, nothing changes", async () => {
    for (const off of ["switch", "platform"] as const) {
      if (off === "switch") setSiteRobot(srv.db, srv.enterpriseId, siteId, false);
      else {
        setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
        srv.app.config.mode = "platform";
        // What the server does at start-up in platform mode: the company-made enterprise's seats keep service (the upgrade month).
        runRenewals(srv.app, Date.now());
      }
      try {
        const ann = await agentOnline();
        const config = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`)).json();
        expect(config.robot).toBe(false);
        const v = await visitorSocket(srv.wsUrl, srv.siteKey);
        expect(v.welcome.robotGreeting).toBeUndefined();
        v.socket.send({ type: "message", clientId: "c1", text: "运费怎么算" });
        const ack = await v.socket.next("ack");
        expect(ack.seq).toBe(1);
        expect((await ann.socket.next("conversation")).conversation).toMatchObject({ id: ack.conversationId, agentId: srv.agent.id });
        expect((await ann.socket.next("message")).text).toBe("运费怎么算");
        expect(await v.socket.next("agent")).toMatchObject({ name: "Ann Agent" });
        expect((await v.socket.collect(150)).filter((f) => f.type === "message")).toEqual([]);
        v.socket.send({ type: "message", clientId: "c2", text: "x", pick: "ship-fee" });
        expect(await v.socket.next("error")).toMatchObject({ code: "conflict", clientId: "c2" });
        const fresh = await visitorSocket(srv.wsUrl, srv.siteKey);
        fresh.socket.send({ type: "handoff" });
        expect(await fresh.socket.next("error")).toMatchObject({ code: "conflict" });
        expect(row(ack.conversationId).robot).toBe(0);
        ann.socket.close();
      } finally {
        srv.app.config.mode = "company";
      }
    }
  });

  test("switched off while the robot serves: the visitor's next message goes to a person", async () => {
    const ann = await agentOnline();
    const v = await ask("运费怎么算");
    setSiteRobot(srv.db, srv.enterpriseId, siteId, false);
    v.socket.send({ type: "message", clientId: "c2", text: "还有别的问题" });
    const offered = await ann.socket.next("conversation");
    expect(offered.conversation).toMatchObject({ id: v.conversationId, agentId: srv.agent.id });
    expect((await ann.socket.next("message")).text).toBe("还有别的问题");
    expect(await v.socket.next("agent")).toMatchObject({ name: "Ann Agent" });
    expect((await v.socket.collect(150)).filter((f) => f.type === "message")).toEqual([]);
    expect(outcome(v.conversationId)).toEqual({ answers: 1, unanswered: 0, handedOff: 1 });
  });

  test("with nobody online the robot keeps answering, and asking for a person offers the message form", async () => {
    const config = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`)).json();
    expect(config).toMatchObject({ robot: true, online: false, offerLeaveMessage: true });
    const v = await ask("运费怎么算");
    v.socket.send({ type: "handoff" });
    const form = await v.socket.next("message", (m) => m.seq === 4);
    expect(form).toMatchObject({ from: "robot", robot: { kind: "no_agent", leaveMessage: true, human: false } });
    expect(form.text).toContain("留言");
    v.socket.send({ type: "message", clientId: "h", text: "人工" });
    expect(await v.socket.next("message", (m) => m.seq === 6)).toMatchObject({ robot: { kind: "no_agent" } });
    // Still the robot's: it answers the next question.
    v.socket.send({ type: "message", clientId: "q", text: "发票怎么开" });
    expect((await v.socket.next("message", (m) => m.seq === 8)).robot).toMatchObject({ kind: "answer", key: "invoice-issue" });
    expect(row(v.conversationId)).toMatchObject({ robot: 1, agentId: null, queuedAt: null });

    // An agent coming online is not given it (the visitor did not get a person)…
    const ann = await agentOnline();
    expect(ann.welcome.conversations).toEqual([]);
    expect((await ann.socket.collect(150)).filter((f) => f.type === "conversation")).toEqual([]);
    // …until the visitor asks again.
    v.socket.send({ type: "handoff" });
    expect(await v.socket.next("message", robotSays("handoff"))).toBeTruthy();
    expect((await ann.socket.next("conversation")).conversation).toMatchObject({ id: v.conversationId, agentId: srv.agent.id });
  });

  test("outcomes feed the overview's share of conversations resolved without a person", async () => {
    const ann = await agentOnline();
    const resolved = await ask("运费怎么算");
    resolved.socket.send({ type: "message", clientId: "p", text: "x", pick: "ship-remote" });
    await resolved.socket.next("message", (m) => m.seq === 5);
    const handed = await ask("发票怎么开");
    handed.socket.send({ type: "message", clientId: "h", text: "human" });
    await handed.socket.next("agent");
    const neverAnswered = await ask("你们老板叫什么名字");
    expect(neverAnswered.reply.robot!.kind).toBe("unsure");
    // Only the greeting, nothing asked: not a conversation the robot took part in.
    await visitorSocket(srv.wsUrl, srv.siteKey);
    expect(robot().resolvedShare(srv.enterpriseId)).toEqual({ conversations: 3, resolved: 1, share: 1 / 3 });
    const admin = await signedIn(srv.admin.email);
    expect(await (await admin.get("/admin/robot")).text()).toContain('data-testid="robot-resolved-share">33 %');
    ann.socket.close();
  });
});
