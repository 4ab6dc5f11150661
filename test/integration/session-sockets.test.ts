// Ending a session ends its sockets, over real HTTP and real agent sockets: signing out closes the
// sockets opened with that session (4401) and nothing they send afterwards is stored; a password
// change closes every socket of the person; a socket whose session ended before its hello is
// refused; expired sessions are deleted by the accounts' sweep, which closes their sockets too.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sweepAccounts } from "../../src/accounts/housekeeping";
import { createSession, findSession } from "../../src/accounts/sessions";
import { getUser } from "../../src/accounts/users";
import { newConnection } from "../../src/chat/connection";
import type { ServerFrame } from "../../common/protocol";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, RawSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ loginLimits: { perPair: 50, perAddress: 1000, windowMs: 60_000 } });
});
afterAll(() => srv.stop());

const storedByClientId = (clientId: string) => (srv.db.$client.query("select count(*) as n from messages where client_id = ?").get(clientId) as { n: number }).n;
const closeOf = (s: RawSocket) => (s.closed ? Promise.resolve(s.closed.code) : new Promise<number>((r) => s.ws.addEventListener("close", (e) => r(e.code))));

async function signedIn(email = srv.agent.email, password = srv.agent.password) {
  const c = new HttpClient(srv.url);
  expect((await c.login(email, password)).status).toBe(303);
  return c;
}

/** A visitor's new conversation, placed with the agent: its id. */
async function conversationFor(agent: RawSocket): Promise<{ id: string; visitor: RawSocket }> {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: crypto.randomUUID(), text: "hello?" });
  const ack = await v.socket.next("ack");
  await agent.next("conversation", (f) => f.conversation.id === ack.conversationId);
  return { id: ack.conversationId, visitor: v.socket };
}

test("signing out closes that session's sockets with 4401, and a reply sent after is not stored", async () => {
  const here = await signedIn();
  const elsewhere = await signedIn();
  const a = await agentSocket(srv.wsUrl, here.session!);
  const b = await agentSocket(srv.wsUrl, elsewhere.session!);
  const { id } = await conversationFor(a.socket);

  const out = await here.post("/logout", { _csrf: await here.csrf("/account") });
  expect(out.status).toBe(303);
  a.socket.send({ type: "message", clientId: "after-sign-out", conversationId: id, text: "still here?" });
  expect(await closeOf(a.socket)).toBe(4401);
  // The other browser's socket goes on: its replies are stored.
  b.socket.send({ type: "message", clientId: "other-browser", conversationId: id, text: "I am" });
  await b.socket.next("ack", (f) => f.clientId === "other-browser");
  expect(storedByClientId("after-sign-out")).toBe(0);
  expect(storedByClientId("other-browser")).toBe(1);
  b.socket.close();
});

test("a password change closes every socket of the person, and what they send after is not stored", async () => {
  const here = await signedIn();
  const elsewhere = await signedIn();
  const a = await agentSocket(srv.wsUrl, here.session!);
  const b = await agentSocket(srv.wsUrl, elsewhere.session!);
  const { id } = await conversationFor(a.socket);

  const newPassword = "a-new-passphrase-7";
  const changed = await here.post("/account/password", { _csrf: await here.csrf("/account"), current: srv.agent.password, password: newPassword, repeat: newPassword });
  expect(changed.status).toBe(303);
  b.socket.send({ type: "message", clientId: "after-password-change", conversationId: id, text: "still here?" });
  expect(await closeOf(a.socket)).toBe(4401);
  expect(await closeOf(b.socket)).toBe(4401);
  expect(storedByClientId("after-password-change")).toBe(0);
  // The browser that changed it signed in again at once; a socket with that new session works.
  const again = await agentSocket(srv.wsUrl, here.session!);
  again.socket.send({ type: "message", clientId: "new-session", conversationId: id, text: "back" });
  await again.socket.next("ack", (f) => f.clientId === "new-session");
  again.socket.close();
  srv.agent.password = newPassword;
});

test("a socket whose session ended before its hello is refused", async () => {
  const c = await signedIn();
  const s = new RawSocket(`${srv.wsUrl}/ws/agent`, { cookie: `parley_session=${c.session}` });
  await s.opened;
  await c.post("/logout", { _csrf: await c.csrf("/account") });
  s.send({ type: "hello", role: "agent" });
  expect(await closeOf(s)).toBe(4401);
  expect(s.frames.some((f) => f.type === "welcome")).toBe(false);
});

test("expired sessions are deleted by the sweep, and their sockets closed", async () => {
  const c = await signedIn();
  const a = await agentSocket(srv.wsUrl, c.session!);
  const id = findSession(srv.db, decodeURIComponent(c.session!))!.id;
  srv.db.$client.run("update sessions set expires_at = ? where id = ?", [Date.now() - 1000, id]);
  const live = (srv.db.$client.query("select count(*) as n from sessions").get() as { n: number }).n;
  expect(sweepAccounts(srv.app)).toBe(1);
  expect((srv.db.$client.query("select count(*) as n from sessions").get() as { n: number }).n).toBe(live - 1);
  expect(await closeOf(a.socket)).toBe(4401);
});

test("a socket goes no further than its session's expiry, even before anything deletes it", () => {
  const user = getUser(srv.db, srv.enterpriseId, srv.agent.id)!;
  const { cookie } = createSession(srv.db, user, 1);
  const session = findSession(srv.db, cookie)!;
  const sent: ServerFrame[] = [];
  const closed: number[] = [];
  const conn = newConnection("agent", (f) => sent.push(f), "", user, (code) => closed.push(code));
  conn.session = { id: session.id, expiresAt: session.expiresAt };
  srv.app.chat.receive(conn, { type: "hello", role: "agent" });
  expect(sent[0]?.type).toBe("welcome");
  conn.session.expiresAt = Date.now() - 1; // as if a day had passed
  sent.length = 0;
  srv.app.chat.receive(conn, { type: "ping" });
  expect(sent).toEqual([]);
  expect(closed).toEqual([4401]);
  srv.app.chat.disconnect(conn);
});
