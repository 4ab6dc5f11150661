// Internal notes (内部备注, issue 16 item 7) over real sockets: an agent's `message` with
// `internal: true` is stored as a note that the other agents and supervisors who see the
// conversation receive (marked internal) and that reaches the visitor by no path: not live, not in
// the replay after a reconnect or a resume, not as a typing notice; visitors cannot write one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/accounts/sessions";
import { addUser, getUser } from "../../src/accounts/users";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ann: Awaited<ReturnType<typeof agentSocket>>;
let sue: Awaited<ReturnType<typeof agentSocket>>;
let annHttp: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  annHttp = new HttpClient(srv.url);
  await annHttp.login(srv.agent.email, srv.agent.password);
  ann = await agentSocket(srv.wsUrl, annHttp.session!);
  const supervisor = await addUser(srv.db, srv.enterpriseId, { email: "sue@example.com", password: PASSWORD, name: "Sue Supervisor", role: "supervisor" });
  sue = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, srv.enterpriseId, supervisor.id)!, 1).cookie, undefined, "away");
});
afterAll(() => srv.stop());

const SECRET = "备注：此客户上次退款被拒，注意语气 (internal only)";

describe("internal notes", () => {
  test("agents and supervisors see a note, marked internal; the visitor never does, live or replayed", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "v1", text: "我要退款" });
    const { conversationId } = await v.socket.next("ack");
    await ann.socket.next("message", (m) => m.conversationId === conversationId);

    // The note: acknowledged, sent to the supervisor who watches (not echoed to the writer's socket).
    ann.socket.send({ type: "message", clientId: "n1", conversationId, text: SECRET, internal: true });
    const ack = await ann.socket.next("ack", (a) => a.clientId === "n1");
    expect(ack.seq).toBe(2);
    const seen = await sue.socket.next("message", (m) => m.clientId === "n1");
    expect(seen).toMatchObject({ internal: true, from: "agent", authorName: "Ann Agent", text: SECRET });

    // A supervisor may add a note to a conversation they only watch (no take-over needed).
    sue.socket.send({ type: "message", clientId: "n2", conversationId, text: "收到，我跟进", internal: true });
    expect((await sue.socket.next("ack", (a) => a.clientId === "n2")).seq).toBe(3);
    expect(await ann.socket.next("message", (m) => m.clientId === "n2")).toMatchObject({ internal: true });

    // Then an ordinary reply, which the visitor does get.
    ann.socket.send({ type: "message", clientId: "r1", conversationId, text: "您好，我来帮您看看" });
    expect((await v.socket.next("message", (m) => m.from === "agent")).text).toBe("您好，我来帮您看看");
    const live = await v.socket.collect(200);
    expect(JSON.stringify(live)).not.toContain("internal");
    expect(JSON.stringify(live)).not.toContain("收到");

    // Reconnecting: the visitor's replay (all, or after a seq before the notes) holds no note.
    v.socket.close();
    for (const lastSeq of [0, 1]) {
      const again = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId, lastSeq);
      expect(again.welcome.conversation?.id).toBe(conversationId);
      const replayed = await again.socket.collect(250);
      const messages = replayed.filter((f) => f.type === "message");
      expect(messages.map((m) => (m as { text: string }).text)).toEqual(lastSeq === 0 ? ["我要退款", "您好，我来帮您看看"] : ["您好，我来帮您看看"]);
      expect(JSON.stringify(replayed)).not.toContain(SECRET);
      again.socket.close();
    }

    // Agents read it in the transcript (the messages API), marked internal.
    const api = await (await annHttp.get(`/api/conversations/${conversationId}/messages`)).json();
    expect(api.messages.filter((m: { internal?: boolean }) => m.internal).map((m: { text: string }) => m.text)).toEqual([SECRET, "收到，我跟进"]);
    // An agent resuming gets the notes replayed.
    const tab = await agentSocket(srv.wsUrl, annHttp.session!, { [conversationId]: 1 }, null);
    expect(await tab.socket.next("message", (m) => m.clientId === "n1")).toMatchObject({ internal: true });
    tab.socket.close();
  });

  test("refusals: a visitor's note is forbidden, a note with a file or a non-true flag is a bad frame", async () => {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    v.socket.send({ type: "message", clientId: "vn", text: "hi", internal: true });
    expect(await v.socket.next("error")).toMatchObject({ code: "forbidden", clientId: "vn" });
    v.socket.send({ type: "message", clientId: "v2", text: "你好" });
    const { conversationId } = await v.socket.next("ack");
    ann.socket.send({ type: "message", clientId: "bad", conversationId, text: "x", internal: false });
    expect(await ann.socket.next("error", (e) => e.clientId === "bad")).toMatchObject({ code: "bad_frame" });
    ann.socket.send({ type: "message", clientId: "bad2", conversationId, text: "x", internal: true, attachment: { id: "f_1" } });
    expect(await ann.socket.next("error", (e) => e.clientId === "bad2")).toMatchObject({ code: "bad_frame" });
    expect(srv.db.$client.query("select count(*) as n from messages where conversation_id = ?").get(conversationId)).toEqual({ n: 1 });
    v.socket.close();
  });
});
