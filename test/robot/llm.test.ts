// The optional LLM stage against a local fake endpoint (a Bun.serve speaking chat completions, which
// checks the key): rerank decides answer / suggest / hand over among the robot's candidates; answer
// words a grounded answer citing its entry, or refuses; timeouts, errors, a wrong key and unusable
// replies fall back to the offline robot within the configured time; usage is counted per
// enterprise; the key is never shown back; LLM answers are marked in the transcript.
import { afterAll, beforeAll, beforeEach, expect, test } from "bun:test";
import { LLM_IN_FLIGHT, robotService } from "../../src/robot/service";
import { robotSettingsOf, saveRobotSettings } from "../../src/robot/settings";
import { setSiteRobot } from "../../src/robot/switch";
import { answerTurn } from "../../src/robot/turns";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";
import { until } from "../helpers/wait";

const KEY = "sk-test-9f8e7d6c5b4a1234";
const KB = [
  { key: "ship-fee", question: "运费怎么算？", answer: "满 88 元包邮，不满 88 元收 8 元运费。", keywords: ["运费", "邮费", "包邮"] },
  { key: "return-fee", question: "退货运费谁出？", answer: "质量问题我们承担，无理由退货由您承担。", keywords: ["退货运费", "运费险"] },
  { key: "invoice", question: "能开发票吗？", answer: "可以开电子普通发票。", keywords: ["发票", "开票"] },
];

/** What the fake endpoint does with the next request; it records what it was sent. */
let behaviour: (body: { model: string; messages: { role: string; content: string }[] }) => Response | Promise<Response>;
let seen: { authorization: string | null; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
let hang: (() => void)[] = [];
const completion = (content: string) => Response.json({ choices: [{ message: { role: "assistant", content } }], usage: { prompt_tokens: 120, completion_tokens: 15 } });

let fake: ReturnType<typeof Bun.serve>;
let srv: TestServer;
let siteId: string;

beforeAll(async () => {
  fake = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") return new Response("not found", { status: 404 });
      const body = await req.json();
      seen.push({ authorization: req.headers.get("authorization"), body });
      if (req.headers.get("authorization") !== `Bearer ${KEY}`) return Response.json({ error: { message: "invalid api key" } }, { status: 401 });
      return behaviour(body);
    },
  });
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  expect(robotService(srv.db).importFile(srv.enterpriseId, JSON.stringify(KB), "json").rejected).toEqual([]);
  setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
});
afterAll(() => {
  for (const release of hang) {
    try {
      release();
    } catch {
      // the client gave up on that reply and its stream is closed already
    }
  }
  fake.stop(true);
  srv.stop();
});
beforeEach(() => {
  seen = [];
  configure("rerank");
  saveRobotSettings(srv.db, srv.enterpriseId, { llmCalls: 0, llmFailures: 0, llmPromptTokens: 0, llmCompletionTokens: 0 });
});

const robot = () => robotService(srv.db);
const baseUrl = () => `http://127.0.0.1:${fake.port}/v1`;
function configure(mode: "off" | "rerank" | "answer", extra: { key?: string; timeoutMs?: number } = {}) {
  saveRobotSettings(srv.db, srv.enterpriseId, { llmMode: mode, llmBaseUrl: baseUrl(), llmModel: "fake-model", llmKey: extra.key ?? KEY, llmTimeoutMs: extra.timeoutMs ?? 3000 });
}
const usage = () => {
  const s = robotSettingsOf(srv.db, srv.enterpriseId);
  return { calls: s.llmCalls, failures: s.llmFailures, prompt: s.llmPromptTokens, completion: s.llmCompletionTokens };
};
const ask = (text: string) => robot().replyWithLlm(srv.enterpriseId, { conversationId: "cnv_llm", text });

test("rerank: the model picks the entry the offline robot could not decide on; the key is sent as a bearer token; usage counted", async () => {
  // (退回来的运费你们报销吗, used here before, the offline robot now answers: 退回 says 退货运费's 退货.)
  const text = "寄回来的邮费你们报销吗";
  expect(robot().ask(srv.enterpriseId, text).match?.key).not.toBe("return-fee");
  behaviour = () => completion('好的：{"decision":"answer","id":"return-fee"}');
  const reply = await ask(text);
  expect(reply.answer).toMatchObject({ key: "return-fee", answer: "质量问题我们承担，无理由退货由您承担。", llm: "rerank" });
  expect(seen).toHaveLength(1);
  expect(seen[0]!.authorization).toBe(`Bearer ${KEY}`);
  expect(seen[0]!.body.model).toBe("fake-model");
  // The model reads the visitor's message and the candidates, nothing else.
  const prompt = seen[0]!.body.messages.map((m) => m.content).join("\n");
  expect(prompt).toContain(text);
  expect(prompt).toContain('"id":"return-fee"');
  expect(usage()).toEqual({ calls: 1, failures: 0, prompt: 120, completion: 15 });
});

test("rerank: suggest offers the entries it names (known ones only); hand over offers a person", async () => {
  behaviour = () => completion('{"decision":"suggest","ids":["ship-fee","no-such-entry","return-fee"]}');
  expect(await ask("运费和退货的邮费怎么算")).toEqual({ answer: null, suggestions: [{ key: "ship-fee", question: "运费怎么算？" }, { key: "return-fee", question: "退货运费谁出？" }] });
  behaviour = () => completion('{"decision":"handover"}');
  expect(await ask("运费险怎么理赔保险公司不赔")).toEqual({ answer: null, suggestions: [] });
});

test("answer: the model's own words, citing the entry, marked as an LLM answer; a refusal offers the closest questions", async () => {
  configure("answer");
  behaviour = () => completion('{"answer":"买满 88 元就包邮啦，不满收 8 元。","id":"ship-fee"}');
  const reply = await ask("买多少钱免运费");
  expect(reply.answer).toMatchObject({ key: "ship-fee", question: "运费怎么算？", answer: "买满 88 元就包邮啦，不满收 8 元。", llm: "answer" });
  const turn = answerTurn(reply.answer!, "zh-CN");
  expect(turn.text).toBe("买满 88 元就包邮啦，不满收 8 元。\n\n（AI 根据“运费怎么算？”作答）");
  expect(turn.card).toMatchObject({ kind: "answer", key: "ship-fee", llm: "answer" });
  expect(seen[0]!.body.messages.map((m) => m.content).join("\n")).toContain("满 88 元包邮，不满 88 元收 8 元运费。");
  behaviour = () => completion('{"answer": null}');
  const refused = await ask("运费险怎么理赔");
  expect(refused.answer).toBeNull();
  expect(refused.suggestions.map((s) => s.key)).toContain("return-fee");
  expect(robot().unanswered(srv.enterpriseId).some((g) => g.example === "运费险怎么理赔")).toBe(true);
});

test("failures fall back to the offline robot and are counted: a wrong key, an HTTP error, an answer citing no given entry, prose without JSON", async () => {
  const offline = robot().ask(srv.enterpriseId, "运费怎么算").match!.key;
  configure("answer", { key: "sk-wrong" });
  expect((await ask("运费怎么算")).answer?.key).toBe(offline);
  expect(seen.at(-1)!.authorization).toBe("Bearer sk-wrong");
  configure("answer");
  behaviour = () => new Response("overloaded", { status: 503 });
  expect((await ask("运费怎么算")).answer).toMatchObject({ key: offline });
  behaviour = () => completion('{"answer":"随便编的答案","id":"made-up"}');
  const grounded = await ask("运费怎么算");
  expect(grounded.answer).toMatchObject({ key: offline, answer: "满 88 元包邮，不满 88 元收 8 元运费。" });
  expect(grounded.answer!.llm).toBeUndefined();
  behaviour = () => completion("I think it is the shipping entry.");
  expect((await ask("运费怎么算")).answer?.llm).toBeUndefined();
  expect(usage()).toMatchObject({ calls: 4, failures: 4 });
});

test("a model that does not answer in time: the offline robot replies once the configured wait is over", async () => {
  configure("rerank", { timeoutMs: 250 });
  behaviour = () => new Promise<Response>((resolve) => hang.push(() => resolve(completion('{"decision":"handover"}'))));
  const started = performance.now();
  const reply = await ask("运费怎么算");
  const waited = performance.now() - started;
  expect(reply.answer?.key).toBe("ship-fee");
  expect(reply.answer?.llm).toBeUndefined();
  expect(waited).toBeGreaterThanOrEqual(200);
  expect(waited).toBeLessThan(2000);
  expect(usage()).toMatchObject({ calls: 1, failures: 1 });
});

test("at most LLM_IN_FLIGHT requests per enterprise wait on the model; beyond, the offline robot answers at once", async () => {
  configure("rerank", { timeoutMs: 2000 });
  const waiting: (() => void)[] = [];
  let arrived!: () => void;
  const allArrived = new Promise<void>((resolve) => (arrived = resolve));
  behaviour = () =>
    new Promise<Response>((resolve) => {
      waiting.push(() => resolve(completion('{"decision":"answer","id":"ship-fee"}')));
      if (waiting.length === LLM_IN_FLIGHT) arrived();
    });
  const slow = Array.from({ length: LLM_IN_FLIGHT }, () => ask("买多少包邮"));
  await allArrived;
  // One more: answered offline, without a request.
  const extra = await ask("运费怎么算");
  expect(extra.answer).toMatchObject({ key: "ship-fee" });
  expect(extra.answer!.llm).toBeUndefined();
  expect(seen).toHaveLength(LLM_IN_FLIGHT);
  for (const release of waiting) release();
  for (const r of await Promise.all(slow)) expect(r.answer).toMatchObject({ key: "ship-fee", llm: "rerank" });
  // The slots are free again.
  behaviour = () => completion('{"decision":"answer","id":"ship-fee"}');
  expect((await ask("买多少包邮")).answer?.llm).toBe("rerank");
});

test("a model that sends its headers at once and its body a byte at a time: the wait covers the whole reply", async () => {
  configure("answer", { timeoutMs: 250 });
  behaviour = () => {
    let send!: (chunk: string) => void;
    const body = new ReadableStream<string>({ start: (c) => void (send = (chunk) => c.enqueue(chunk)) });
    send('{"choices":[{"message":{"content":"');
    hang.push(() => send('"}}]}'));
    return new Response(body.pipeThrough(new TextEncoderStream()), { headers: { "content-type": "application/json" } });
  };
  const started = performance.now();
  const reply = await ask("运费怎么算");
  expect(performance.now() - started).toBeLessThan(2000);
  expect(reply.answer).toMatchObject({ key: "ship-fee" });
  expect(reply.answer!.llm).toBeUndefined();
  expect(usage()).toMatchObject({ calls: 1, failures: 1 });
});

test("small talk and a switched-off stage never call the model", async () => {
  expect((await ask("好的谢谢")).answer).toBeNull();
  configure("off");
  expect(robot().usesLlm(srv.enterpriseId)).toBe(false);
  await ask("运费怎么算");
  expect(seen).toHaveLength(0);
});

test("settings: the key is stored but never shown back (only its last four characters), kept when left empty, removable; incomplete settings are refused", async () => {
  const admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
  const token = await admin.csrf("/admin/robot/settings");
  configure("off", { key: "" });
  const save = (fields: Record<string, string>) => admin.post("/admin/robot/settings/llm", { _csrf: token, mode: "answer", baseUrl: baseUrl(), model: "fake-model", timeoutMs: "3000", ...fields });
  expect((await save({ key: "" })).status).toBe(422);
  expect((await save({ key: KEY, baseUrl: "ftp://x" })).status).toBe(422);
  expect((await save({ key: KEY })).status).toBe(303);
  expect(robotSettingsOf(srv.db, srv.enterpriseId).llmKey).toBe(KEY);
  const page = await (await admin.get("/admin/robot/settings?lang=en")).text();
  expect(page).not.toContain(KEY);
  expect(page).not.toContain(KEY.slice(0, -4));
  expect(page).toContain("A key ending in …1234 is stored.");
  expect(page).toContain('name="key" type="password" value autocomplete="off"');
  // Saving again without typing the key keeps it; the audit never holds it.
  expect((await save({ key: "", model: "fake-model-2" })).status).toBe(303);
  expect(robotSettingsOf(srv.db, srv.enterpriseId)).toMatchObject({ llmKey: KEY, llmModel: "fake-model-2" });
  expect(JSON.stringify(srv.db.$client.query("select * from audit_log").all())).not.toContain(KEY);
  // Another endpoint does not get the kept key: it must be typed again for it.
  const moved = await save({ key: "", baseUrl: "https://elsewhere.example/v1" });
  expect(moved.status).toBe(422);
  expect(await moved.text()).toContain("请重新填写密钥");
  expect(robotSettingsOf(srv.db, srv.enterpriseId)).toMatchObject({ llmKey: KEY, llmBaseUrl: baseUrl() });
  expect((await save({ key: "sk-other-5678", baseUrl: "https://elsewhere.example/v1" })).status).toBe(303);
  expect(robotSettingsOf(srv.db, srv.enterpriseId)).toMatchObject({ llmKey: "sk-other-5678", llmBaseUrl: "https://elsewhere.example/v1" });
  expect((await save({ key: "", clearKey: "1", mode: "off" })).status).toBe(303);
  expect(robotSettingsOf(srv.db, srv.enterpriseId).llmKey).toBe("");
});

test("in the conversation: an LLM answer is the robot's message, marked in its card and in the text the agent reads", async () => {
  configure("answer");
  behaviour = () => completion('{"answer":"满 88 元包邮。","id":"ship-fee"}');
  const { socket: s } = await visitorSocket(srv.wsUrl, srv.siteKey, { lang: "zh-CN" });
  s.send({ type: "message", clientId: "c1", text: "买多少包邮" });
  const reply = await s.next("message", (m) => m.from === "robot" && m.seq === 3);
  expect(reply.text).toBe("满 88 元包邮。\n\n（AI 根据“运费怎么算？”作答）");
  expect(reply.robot).toMatchObject({ kind: "answer", key: "ship-fee", llm: "answer" });
  const stored = srv.db.$client.query("select card from robot_cards where message_id = ?").get(reply.id) as { card: string };
  expect(JSON.parse(stored.card)).toMatchObject({ llm: "answer" });
});

test("a visitor who asks for a person while the model thinks is handed over, and the model's late reply is dropped", async () => {
  configure("answer", { timeoutMs: 5000 });
  const agent = new HttpClient(srv.url);
  await agent.login(srv.agent.email, PASSWORD);
  const online = await agentSocket(srv.wsUrl, agent.session!);
  let release!: () => void;
  let asked!: () => void;
  const modelAsked = new Promise<void>((resolve) => (asked = resolve));
  behaviour = () =>
    new Promise<Response>((resolve) => {
      release = () => resolve(completion('{"answer":"满 88 元包邮。","id":"ship-fee"}'));
      asked();
    });
  const { socket: s } = await visitorSocket(srv.wsUrl, srv.siteKey, { lang: "zh-CN" });
  s.send({ type: "message", clientId: "c1", text: "买多少包邮" });
  const ack = await s.next("ack");
  await modelAsked;
  s.send({ type: "handoff" });
  await s.next("message", (m) => m.from === "robot" && m.robot?.kind === "handoff");
  const before = usage().calls;
  release();
  await until(() => usage().calls > before, "the model's reply to be counted");
  const robotMessages = srv.db.$client
    .query("select c.card from messages m join robot_cards c on c.message_id = m.id where m.conversation_id = ? order by m.seq")
    .all(ack.conversationId) as { card: string }[];
  expect(robotMessages.map((r) => JSON.parse(r.card).kind)).toEqual(["greeting", "handoff"]);
  online.socket.close();
});
