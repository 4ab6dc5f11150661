// Slow readers (docs/protocol.md, "Slow readers"): a socket whose reader stops taking frames gets
// every frame in order once it reads again, or a close (4008) after which its resume from the
// highest seq it holds fills everything in. Never a silent gap. Real server, real TCP sockets that
// really stop reading (test/helpers/paused-socket.ts).
import { afterEach, expect, test } from "bun:test";
import { CLOSE_CODES } from "../../common/protocol";
import { transaction } from "../../src/db/transaction";
import { openPaused, type PausedSocket } from "../helpers/paused-socket";
import { startServer, type TestServer } from "../helpers/server";
import { ChatConnection, visitorSocket } from "../helpers/sockets";

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

/** A conversation of `n` visitor messages of ~1 KB: the first through the protocol, the rest stored directly. */
async function longConversation(s: TestServer, n: number) {
  const v = await visitorSocket(s.wsUrl, s.siteKey);
  v.socket.send({ type: "message", clientId: "first", text: "hello" });
  const ack = await v.socket.next("ack");
  v.socket.close();
  const store = s.app.chat.store;
  const c = s.app.chat.conversations.get(s.enterpriseId, ack.conversationId)!;
  const text = "x".repeat(1000);
  transaction(s.db, () => {
    for (let i = 2; i <= n; i++) store.append(c, { sender: "agent", authorId: null, authorName: "Ann", clientId: null, text: `${i} ${text}` });
  });
  return { visitorId: v.visitorId, conversationId: c.id, conversation: c };
}

const port = (s: TestServer) => Number(new URL(s.url).port);

async function pausedVisitor(s: TestServer, visitorId: string, lastSeq: number) {
  const up = await openPaused(port(s), "/ws/visitor");
  expect(up.status).toBe(101);
  const sock = up.socket!;
  sock.send({ type: "hello", role: "visitor", site: s.siteKey, visitorId, lastSeq });
  return sock;
}

const seqs = (sock: PausedSocket) => sock.frames.filter((f) => f.type === "message").map((f) => f.seq as number);

function expectContiguous(got: number[], from: number, to: number) {
  expect(got.length).toBe(to - from + 1);
  expect(got[0]).toBe(from);
  expect(got[got.length - 1]).toBe(to);
  for (let i = 1; i < got.length; i++) if (got[i] !== got[i - 1]! + 1) throw new Error(`gap after seq ${got[i - 1]}: next is ${got[i]}`);
}

test("a reader that stops reading during a resume of 40,000 messages (~48 MB) gets all of them, in order, once it reads again", async () => {
  srv = await startServer();
  const n = 40_000;
  const { visitorId } = await longConversation(srv, n);
  const sock = await pausedVisitor(srv, visitorId, 0);
  sock.pause();
  // The server meets backpressure as soon as the kernel's buffers are full; before the fix it went
  // on sending into Bun's buffer, which dropped every frame past 16 MB.
  await Bun.sleep(250);
  sock.resume();
  await sock.until(() => seqs(sock).length >= n || sock.closed !== null, 30_000);
  expect(sock.closed).toBeNull();
  expectContiguous(seqs(sock), 1, n);
  // The socket is still a working socket.
  sock.send({ type: "ping" });
  await sock.until(() => sock.frames.some((f) => f.type === "pong"));
  sock.close();
}, 60_000);

test("a reader that falls further behind than the backlog limit on live messages is closed with 4008; resuming from its highest seq fills everything in", async () => {
  srv = await startServer({ config: { socketBacklogBytes: 64 * 1024 } });
  const { visitorId, conversation } = await longConversation(srv, 1);
  const sock = await pausedVisitor(srv, visitorId, 0);
  await sock.until(() => sock.frames.some((f) => f.type === "welcome") && seqs(sock).length === 1);
  sock.pause();
  // Live messages to it, as an agent's would reach it (stored, then fanned out), far over what the
  // kernel's buffers hold: the server cannot send them all and must not skip any.
  const n = 30_000;
  const store = srv.app.chat.store;
  const text = "y".repeat(1000);
  for (let i = 2; i <= n; i++) {
    const m = transaction(srv.db, () => store.append(conversation, { sender: "agent", authorId: null, authorName: "Ann", clientId: null, text: `${i} ${text}` })).message;
    srv.app.chat.fanout.toVisitor(conversation, m);
  }
  sock.resume();
  await sock.until(() => sock.closed !== null, 30_000);
  expect(sock.closed!.code).toBe(CLOSE_CODES.slowReader);
  const first = seqs(sock);
  const held = first[first.length - 1]!;
  expect(held).toBeLessThan(n);
  expectContiguous(first, 1, held); // no gap before the close
  // The client resumes after the highest seq it holds, as common/chat-client.ts does.
  const again = await pausedVisitor(srv, visitorId, held);
  await again.until(() => seqs(again).length >= n - held || again.closed !== null, 30_000);
  expectContiguous(seqs(again), held + 1, n);
  again.close();
}, 60_000);

test("the replay comes before live messages sent meanwhile, and a visitor's replay leaves agents' notes out", async () => {
  srv = await startServer();
  const { visitorId, conversation } = await longConversation(srv, 3000);
  const store = srv.app.chat.store;
  transaction(srv.db, () => store.append(conversation, { sender: "agent", authorId: null, authorName: "Ann", clientId: null, text: "a note", internal: true }));
  const sock = await pausedVisitor(srv, visitorId, 0);
  sock.pause();
  await Bun.sleep(100);
  // A live message while the replay waits for the reader.
  const live = transaction(srv.db, () => store.append(conversation, { sender: "agent", authorId: null, authorName: "Ann", clientId: null, text: "live" })).message;
  srv.app.chat.fanout.toVisitor(conversation, live);
  sock.resume();
  await sock.until(() => seqs(sock).includes(live.seq));
  const got = seqs(sock);
  expectContiguous(got.slice(0, -1), 1, 3000);
  expect(got[got.length - 1]).toBe(3002); // 3001 is the note
  expect(sock.frames.some((f) => f.text === "a note")).toBe(false);
  sock.close();
}, 60_000);

test("the reference client (common/chat-client.ts), closed with 4008, resumes where the frames stopped and ends with every message once", async () => {
  srv = await startServer({ config: { socketBacklogBytes: 64 * 1024 } });
  const { visitorId, conversationId, conversation } = await longConversation(srv, 1);
  const s = srv;
  const got: number[] = [];
  const client = new ChatConnection({
    url: `${s.wsUrl}/ws/visitor`,
    hello: (lastSeqs) => ({ type: "hello", role: "visitor", site: s.siteKey, visitorId, conversationId, lastSeq: lastSeqs[conversationId] ?? 0 }),
  });
  client.on("message", (m) => got.push(m.seq));
  let welcomes = 0;
  client.on("welcome", () => welcomes++);
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out with ${got.length} messages, ${welcomes} welcomes`);
      await Bun.sleep(10);
    }
  };
  await until(() => got.length === 1);
  // Live messages sent in one go: this process (the client's too) reads nothing meanwhile, so the
  // server's buffers for the socket fill and it falls behind past the 64 KiB backlog.
  const n = 20_000;
  const store = s.app.chat.store;
  const text = "z".repeat(1000);
  for (let i = 2; i <= n; i++) {
    const m = transaction(s.db, () => store.append(conversation, { sender: "agent", authorId: null, authorName: "Ann", clientId: null, text: `${i} ${text}` })).message;
    s.app.chat.fanout.toVisitor(conversation, m);
  }
  await until(() => got.length >= n);
  client.close();
  expect(welcomes).toBeGreaterThan(1); // it was closed and came back
  expect(got).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}, 60_000);
