// Banned words (敏感词, issue 16 item 6) over real HTTP and sockets: an admin's list through the
// admin page (audited), visitors' and agents' messages masked (***) or refused (`banned_word`, nothing
// stored), Chinese matched without spaces and Latin as whole words in any case, the message form too.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { leadLimits } from "../../src/leads/submit";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ada: HttpClient;
let token = "";

beforeAll(async () => {
  srv = await startServer();
  ada = new HttpClient(srv.url);
  await ada.login(srv.admin.email, srv.admin.password);
  token = await ada.csrf("/admin/moderation");
});
afterAll(() => srv.stop());

const stored = (conversationId: string) =>
  (srv.db.$client.query("select body from messages where conversation_id = ? order by seq").all(conversationId) as { body: string }[]).map((r) => r.body);

async function setAction(action: "mask" | "refuse") {
  const res = await ada.post("/admin/moderation/action", { action, _csrf: token });
  expect(res.status).toBe(200);
}

describe("banned words", () => {
  test("the admin adds words; the page lists and finds them; the change is audited", async () => {
    const res = await ada.post("/admin/moderation/words", { words: "代开发票\nSpam, 刷单\n  \nspam", _csrf: token });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("data-testid=\"flash-notice\"");
    const page = await (await ada.get("/admin/moderation?q=" + encodeURIComponent("发票"))).text();
    expect(page).toContain("代开发票");
    expect(page).not.toContain("刷单");
    const audit = srv.db.$client.query("select action, details from audit_log where action = 'moderation.words_added'").get() as { details: string };
    expect(JSON.parse(audit.details).count).toBe(4);
    // Too long a word is refused with a message, and what was typed stays in the box.
    const long = await ada.post("/admin/moderation/words", { words: "字".repeat(51), _csrf: token });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("data-testid=\"flash-error\"");
  });

  test("masked: a visitor's and an agent's message are stored and sent with *** in place of the words", async () => {
    await setAction("mask");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    const agent = await agentSocket(srv.wsUrl, (await loginAgent()).session!);
    v.socket.send({ type: "message", clientId: "m1", text: "可以帮我代开发票吗？SPAM spammer" });
    const ack = await v.socket.next("ack");
    // The ack names the stored text, since it is not what the visitor sent.
    expect(ack.text).toBe("可以帮我***吗？*** spammer");
    const seen = await agent.socket.next("message", (m) => m.conversationId === ack.conversationId);
    expect(seen.text).toBe("可以帮我***吗？*** spammer");
    agent.socket.send({ type: "message", clientId: "a1", conversationId: ack.conversationId, text: "不能刷单，也不能代 开发票" });
    const agentAck = await agent.socket.next("ack", (a) => a.clientId === "a1");
    expect(agentAck.text).toBe("不能***，也不能代 开发票");
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("不能***，也不能代 开发票");
    // A clean message's ack carries no text.
    v.socket.send({ type: "message", clientId: "m2", text: "好的谢谢" });
    expect((await v.socket.next("ack", (a) => a.clientId === "m2")).text).toBeUndefined();
    expect(stored(ack.conversationId)).toEqual(["可以帮我***吗？*** spammer", "不能***，也不能代 开发票", "好的谢谢"]);
    v.socket.close();
    agent.socket.close();
  });

  test("refused: the sender gets banned_word with its clientId and nothing is stored (not even a new conversation)", async () => {
    await setAction("refuse");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "bad-1", text: "我要刷单" });
    expect(await v.socket.next("error")).toMatchObject({ code: "banned_word", clientId: "bad-1" });
    expect(srv.db.$client.query("select count(*) as n from conversations where visitor_id = (select id from visitors order by first_seen_at desc limit 1)").get()).toEqual({ n: 0 });
    v.socket.send({ type: "message", clientId: "ok-1", text: "Classy spammers" }); // whole words only
    const ack = await v.socket.next("ack", (a) => a.clientId === "ok-1");
    v.socket.send({ type: "message", clientId: "bad-2", text: "spAM!" });
    expect(await v.socket.next("error")).toMatchObject({ code: "banned_word", clientId: "bad-2" });
    const agent = await agentSocket(srv.wsUrl, (await loginAgent()).session!);
    agent.socket.send({ type: "message", clientId: "a-bad", conversationId: ack.conversationId, text: "代开发票找我" });
    expect(await agent.socket.next("error", (e) => e.clientId === "a-bad")).toMatchObject({ code: "banned_word" });
    expect(stored(ack.conversationId)).toEqual(["Classy spammers"]);
    // The socket goes on: a later clean message is stored with the next seq.
    v.socket.send({ type: "message", clientId: "ok-2", text: "在吗" });
    expect((await v.socket.next("ack", (a) => a.clientId === "ok-2")).seq).toBe(2);
    v.socket.close();
    agent.socket.close();
  });

  test("the message form: refused with banned_word, or stored masked", async () => {
    leadLimits(srv.app).attempts.reset();
    const post = (message: string) =>
      fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, name: "王五", phone: "13800138000", message }) });
    await setAction("refuse");
    const refused = await post("能代开发票吗");
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe("banned_word");
    await setAction("mask");
    expect((await post("能代开发票吗")).status).toBeLessThan(300);
    const fields = (srv.db.$client.query("select fields from leads order by created_at desc limit 1").get() as { fields: string }).fields;
    expect(fields).toContain("能***吗");
    expect(fields).not.toContain("发票");
  });

  test("removing a word takes effect at once (the automaton is rebuilt on change)", async () => {
    const id = (srv.db.$client.query("select id from banned_words where word = '刷单'").get() as { id: string }).id;
    expect((await ada.post("/admin/moderation/words/remove", { id, _csrf: token })).status).toBe(200);
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "m", text: "刷单" });
    expect((await v.socket.next("ack")).text).toBeUndefined();
    v.socket.close();
  });
});

async function loginAgent() {
  const c = new HttpClient(srv.url);
  await c.login(srv.agent.email, srv.agent.password);
  return c;
}
