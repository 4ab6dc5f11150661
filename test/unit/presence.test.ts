// Who is connected (src/chat/presence.ts): several sockets per person, iteration undisturbed by a
// socket closing meanwhile, and a bounded memory of when visitors left.
import { expect, test } from "bun:test";
import { Presence, type Peer } from "../../src/chat/presence";

const peer = (id: string, kind: Peer["kind"] = "visitor"): Peer => ({ kind, enterpriseId: "ent_1", id, send: () => {} });

test("a person is connected while any of their sockets is, and the last one to close says so", () => {
  const p = new Presence();
  const [a, b] = [peer("v1"), peer("v1")];
  p.add(a);
  p.add(b);
  p.add(b); // twice: still one socket
  expect([...p.visitorPeers("v1")]).toEqual([a, b]);
  expect(p.remove(a)).toBe(false);
  expect(p.isVisitorOnline("v1")).toBe(true);
  expect(p.remove(a)).toBe(false); // not there any more
  expect(p.remove(b)).toBe(true);
  expect(p.isVisitorOnline("v1")).toBe(false);
  expect(p.leftSince("v1")).not.toBeNull();
  const agent = peer("u1", "agent");
  p.add(agent);
  expect([...p.connectedAgents("ent_1")]).toEqual(["u1"]);
  expect(p.remove(agent)).toBe(true);
  expect([...p.connectedAgents("ent_1")]).toEqual([]);
});

test("closing a socket while its person's sockets are being gone through does not skip one", () => {
  const p = new Presence();
  const tabs = [peer("v2"), peer("v2"), peer("v2")];
  for (const t of tabs) p.add(t);
  const seen: Peer[] = [];
  for (const t of p.visitorPeers("v2")) {
    seen.push(t);
    p.remove(t); // as a send that fails and closes its socket would
  }
  expect(seen).toEqual(tabs);
  expect(p.isVisitorOnline("v2")).toBe(false);
});

test("the leave times kept are bounded: the earliest are forgotten", () => {
  const p = new Presence();
  for (let i = 0; i < 100_010; i++) {
    const v = peer(`v-${i}`);
    p.add(v);
    p.remove(v);
  }
  expect(p.leftSince("v-0")).toBeNull();
  expect(p.leftSince("v-9")).toBeNull();
  expect(p.leftSince("v-10")).not.toBeNull();
  expect(p.leftSince("v-100009")).not.toBeNull();
});
