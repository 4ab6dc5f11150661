// Limits at the sockets' door and across sockets (docs/protocol.md, "Limits and errors"): agent
// sockets only from the server's own origin, rates per visitor and per address whatever the number
// of sockets, a cap on open sockets per address, and a deadline for hello. Real server, real sockets.
import { afterEach, expect, test } from "bun:test";
import { CLOSE_CODES, LIMITS } from "../../common/protocol";
import type { Config } from "../../src/config";
import { HttpClient } from "../helpers/http";
import { openPaused } from "../helpers/paused-socket";
import { startServer, type TestServer } from "../helpers/server";
import { RawSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer | null = null;
const open: { close(): void }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await srv?.stop();
  srv = null;
});

async function server(config: Partial<Config> = {}) {
  srv = await startServer({ config });
  return srv;
}

async function agentCookie(s: TestServer): Promise<string> {
  const agent = new HttpClient(s.url);
  expect((await agent.login(s.agent.email, s.agent.password)).status).toBe(303);
  return `parley_session=${agent.session}`;
}

const port = (s: TestServer) => Number(new URL(s.url).port);

/** Waits (polling every 10 ms) until every message sent on these sockets has its answer: an ack or an error with its clientId. */
async function answers(sockets: RawSocket[], each: number): Promise<{ acks: number; limited: number }> {
  const answered = (sock: RawSocket) => sock.frames.filter((f) => f.type === "ack" || (f.type === "error" && !!f.clientId));
  const deadline = Date.now() + 15_000;
  while (!sockets.every((sock) => answered(sock).length >= each)) {
    if (Date.now() > deadline) throw new Error("not every message was answered");
    await Bun.sleep(10);
  }
  const all = sockets.flatMap(answered);
  for (const f of all) if (f.type === "error") expect(f.code).toBe("rate_limited");
  return { acks: all.filter((f) => f.type === "ack").length, limited: all.filter((f) => f.type === "error").length };
}

test("an agent socket from another origin (another port of the same host) is refused before it opens, even with the agent's cookie", async () => {
  const s = await server();
  const cookie = await agentCookie(s);
  const other = `http://127.0.0.1:${port(s) + 1}`;
  const refused = await openPaused(port(s), "/ws/agent", { cookie, origin: other });
  expect(refused.status).toBe(403);
  expect(JSON.parse(refused.body).error.code).toBe("csrf_origin");
  // A subdomain or another scheme is another origin too.
  for (const origin of [`http://shop.127.0.0.1:${port(s)}`, `https://127.0.0.1:${port(s)}`, "null"])
    expect((await openPaused(port(s), "/ws/agent", { cookie, origin })).status).toBe(403);
  // Nothing went online, nothing was stored.
  expect(s.app.chat.presence.isAgentConnected(s.agent.id)).toBe(false);
});

test("an agent socket from the server's own origin works; so does one without Origin (not a browser)", async () => {
  const s = await server();
  const cookie = await agentCookie(s);
  for (const headers of [{ cookie, origin: s.url }, { cookie }] as Record<string, string>[]) {
    const sock = new RawSocket(`${s.wsUrl}/ws/agent`, headers);
    open.push(sock);
    await sock.opened;
    sock.send({ type: "hello", role: "agent" });
    await sock.next("welcome");
  }
  // Visitor sockets come from the sites that embed the widget: any origin.
  const up = await openPaused(port(s), "/ws/visitor", { origin: "https://shop.example" });
  expect(up.status).toBe(101);
  up.socket!.close();
});

test("60 sockets of one visitor together get one visitor's rate: rate_limited errors, nothing over the rate stored, the server fine", async () => {
  const s = await server({ socketsPerAddress: 100 });
  const visitorId = randomVisitorId();
  const sockets = [];
  for (let i = 0; i < 60; i++) {
    const v = await visitorSocket(s.wsUrl, s.siteKey, visitorId);
    open.push(v.socket);
    sockets.push(v.socket);
  }
  const started = Date.now();
  const perSocket = 20;
  for (const [i, sock] of sockets.entries()) for (let j = 0; j < perSocket; j++) sock.send({ type: "message", clientId: `s${i}m${j}`, text: `m${j}` });
  // Every message is answered: an ack or rate_limited with its clientId.
  const { acks, limited } = await answers(sockets, perSocket);
  const seconds = (Date.now() - started) / 1000;
  const allowed = LIMITS.rateBurst + LIMITS.ratePerSecond * seconds + 1;
  expect(acks + limited).toBe(60 * perSocket);
  expect(acks).toBeLessThanOrEqual(allowed); // each socket alone would have been allowed 20: 1,200
  expect(acks).toBeGreaterThan(0);
  const stored = (s.db.$client.query("select count(*) as n from messages where sender = 'visitor'").get() as { n: number }).n;
  expect(stored).toBe(acks);
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
}, 30_000);

test("many visitors on one address together get the address's rate", async () => {
  const s = await server({ socketsPerAddress: 100, framesPerAddress: 20 });
  const sockets = [];
  for (let i = 0; i < 20; i++) {
    const v = await visitorSocket(s.wsUrl, s.siteKey);
    open.push(v.socket);
    sockets.push(v.socket);
  }
  const started = Date.now();
  for (const [i, sock] of sockets.entries()) for (let j = 0; j < 5; j++) sock.send({ type: "message", clientId: `s${i}m${j}`, text: `m${j}` });
  const { acks } = await answers(sockets, 5);
  const seconds = (Date.now() - started) / 1000;
  // 20 visitors × 5 messages are each within a visitor's rate; the address allows bursts of 40 and 20/s.
  expect(acks).toBeLessThanOrEqual(40 + 20 * seconds + 1);
  expect(acks).toBeGreaterThan(0);
}, 30_000);

test("past the open sockets allowed per address the upgrade gets 429; a closed socket frees its place; agents count as themselves", async () => {
  const s = await server({ socketsPerAddress: 3 });
  const held = [];
  for (let i = 0; i < 3; i++) {
    const up = await openPaused(port(s), "/ws/visitor");
    expect(up.status).toBe(101);
    held.push(up.socket!);
    open.push(up.socket!);
  }
  const refused = await openPaused(port(s), "/ws/visitor");
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body).error.code).toBe("too_many_sockets");
  // A signed-in agent on the same address is not counted against it (an office's agents share one).
  const agent = new RawSocket(`${s.wsUrl}/ws/agent`, { cookie: await agentCookie(s) });
  open.push(agent);
  await agent.opened;
  agent.send({ type: "hello", role: "agent" });
  await agent.next("welcome");
  // Closing one frees its place (once the server has seen it close).
  held[0]!.close();
  let again = await openPaused(port(s), "/ws/visitor");
  for (let i = 0; i < 50 && again.status === 429; i++) {
    await Bun.sleep(20);
    again = await openPaused(port(s), "/ws/visitor");
  }
  expect(again.status).toBe(101);
  again.socket!.close();
});

test("a socket that does not say hello in time is closed with 4408 and an error frame; one that did stays open", async () => {
  const s = await server({ helloTimeoutMs: 150 });
  const silent = new RawSocket(`${s.wsUrl}/ws/visitor`);
  open.push(silent);
  const greeted = await visitorSocket(s.wsUrl, s.siteKey);
  open.push(greeted.socket);
  await silent.opened;
  const err = await silent.next("error");
  expect(err.code).toBe("hello_required");
  await silent.next("welcome" as any).catch(() => {}); // waits for the close
  expect(silent.closed?.code).toBe(CLOSE_CODES.helloTimeout);
  // A hello that failed (an unknown site) does not count either.
  const wrong = new RawSocket(`${s.wsUrl}/ws/visitor`);
  open.push(wrong);
  await wrong.opened;
  wrong.send({ type: "hello", role: "visitor", site: "nope", visitorId: randomVisitorId() });
  expect((await wrong.next("error")).code).toBe("not_found");
  await wrong.next("welcome" as any).catch(() => {});
  expect(wrong.closed?.code).toBe(CLOSE_CODES.helloTimeout);
  // The greeted socket outlived both deadlines.
  expect(greeted.socket.closed).toBeNull();
  greeted.socket.send({ type: "ping" });
  await greeted.socket.next("pong");
});

test("a socket that goes on sending after its refusals is closed with 4029, unanswered; the visitor can come back once the rate allows", async () => {
  const s = await server();
  const visitorId = randomVisitorId();
  const v = await visitorSocket(s.wsUrl, s.siteKey, visitorId);
  open.push(v.socket);
  const sent = LIMITS.rateBurst + LIMITS.refusedBeforeClose + 200;
  for (let i = 0; i < sent; i++) v.socket.send({ type: "message", clientId: `f${i}`, text: `flood ${i}` });
  const deadline = Date.now() + 10_000;
  while (!v.socket.closed && Date.now() < deadline) await Bun.sleep(10);
  expect(v.socket.closed?.code).toBe(CLOSE_CODES.flood);
  const acks = v.socket.frames.filter((f) => f.type === "ack").length;
  const limited = v.socket.frames.filter((f) => f.type === "error" && f.code === "rate_limited").length;
  // The burst was stored, at most refusedBeforeClose refusals were answered, then nothing: the
  // socket closed in the middle of the flood. Acks of the burst's last batch may not have gone out
  // before the close (the client resends those, idempotently, when it reconnects).
  const stored = (s.db.$client.query("select count(*) as n from messages where sender = 'visitor'").get() as { n: number }).n;
  expect(stored).toBeGreaterThanOrEqual(LIMITS.rateBurst - 2);
  expect(stored).toBeLessThanOrEqual(LIMITS.rateBurst + 2);
  expect(acks).toBeLessThanOrEqual(stored);
  // The close comes after refusedBeforeClose refusals in a row. Real time flows while the flood
  // arrives (a loaded machine took long enough for a token to refill, and the frame it let through
  // began a new row), so the row is counted from the last frame let through.
  const lastLetThrough = v.socket.frames.findLastIndex((f) => f.type === "ack");
  const refusedInTheLastRow = v.socket.frames.slice(lastLetThrough + 1).filter((f) => f.type === "error" && f.code === "rate_limited").length;
  expect(refusedInTheLastRow).toBeLessThanOrEqual(LIMITS.refusedBeforeClose);
  // Each frame let through after the burst (a refilled token) may begin one more row.
  expect(limited).toBeLessThanOrEqual(LIMITS.refusedBeforeClose * (1 + Math.max(0, stored - LIMITS.rateBurst)));
  expect(acks + limited).toBeLessThan(sent - 100);
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  // Once its rate has refilled, the same visitor writes again.
  s.clock.advance(5_000);
  const back = await visitorSocket(s.wsUrl, s.siteKey, visitorId);
  open.push(back.socket);
  back.socket.send({ type: "message", clientId: "calm", text: "calm again" });
  expect((await back.socket.next("ack")).clientId).toBe("calm");
});
