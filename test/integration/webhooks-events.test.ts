// The domain event hub (src/events) that webhooks and reports subscribe to: after-commit subscribers
// see only committed facts (a rolled-back savepoint's events are dropped, the rest kept), recorders
// run inside the transaction, and a real chat emits its conversation's life in order.
import { afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { openDatabase, type Db } from "../../src/db/client";
import { transaction } from "../../src/db/transaction";
import { events } from "../../src/events/hub";
import type { DomainEvent } from "../../src/events/types";
import { HttpClient } from "../helpers/http";
import { startServer, tempDir, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let dir = "";
let db: Db | null = null;
let srv: TestServer | null = null;
afterEach(async () => {
  db?.$client.close();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
  await srv?.stop();
  srv = null;
});

const rating = (conversationId: string, score: number) => ({ conversationId, siteId: "s", visitorId: "v", agentId: null, score, comment: null, at: 1 });

test("after-commit subscribers hear only what committed; a rolled-back savepoint's events are dropped", () => {
  dir = tempDir();
  db = openDatabase(dir);
  const hub = events(db);
  const heard: string[] = [];
  const recorded: { id: string; inTransaction: boolean }[] = [];
  hub.on("rating.created", (e) => heard.push(e.data.conversationId));
  hub.record("rating.created", (e) => recorded.push({ id: e.data.conversationId, inTransaction: db!.$client.inTransaction }));
  transaction(db, () => {
    hub.emit("rating.created", "ent", rating("kept", 5));
    expect(heard).toEqual([]); // not before the commit
    try {
      transaction(db!, () => {
        hub.emit("rating.created", "ent", rating("undone", 1));
        throw new Error("roll this savepoint back");
      });
    } catch {}
    hub.emit("rating.created", "ent", rating("after", 4));
  });
  expect(heard).toEqual(["kept", "after"]);
  expect(recorded).toEqual([
    { id: "kept", inTransaction: true },
    { id: "undone", inTransaction: true },
    { id: "after", inTransaction: true },
  ]);
  // A whole transaction rolled back: nothing is heard.
  try {
    transaction(db, () => {
      hub.emit("rating.created", "ent", rating("lost", 3));
      throw new Error("roll back");
    });
  } catch {}
  expect(heard).toEqual(["kept", "after"]);
  // Outside a transaction the fact is already stored: heard at once.
  hub.emit("rating.created", "ent", rating("now", 2));
  expect(heard).toEqual(["kept", "after", "now"]);
  // Unsubscribed: nothing more; nobody listening is a lookup.
  expect(hub.wants("lead.created")).toBe(false);
});

test("a chat emits created, assigned, message, closed and rating, in order, each once its transaction committed", async () => {
  srv = await startServer();
  const seen: DomainEvent[] = [];
  events(srv.db).on(["conversation.created", "conversation.assigned", "message.created", "conversation.closed", "rating.created"], (e) => {
    expect(srv!.db.$client.inTransaction).toBe(false);
    seen.push(e);
  });
  const ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  const { socket: agent } = await agentSocket(srv.wsUrl, ann.session!);
  const { socket: visitor, visitorId } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "c1", text: "hello" });
  const ack = await visitor.next("ack");
  agent.send({ type: "message", conversationId: ack.conversationId, clientId: "a1", text: "hi, how can I help?" });
  await agent.next("ack");
  agent.send({ type: "close", conversationId: ack.conversationId });
  await visitor.next("closed");
  const res = await fetch(`${srv.url}/api/widget/rating`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ site: srv.siteKey, vid: visitorId, conversation: ack.conversationId, score: 4, comment: "quick" }) });
  expect(res.status).toBe(200);
  const types = seen.map((e) => `${e.type}${e.type === "message.created" ? `:${(e as DomainEvent<"message.created">).data.sender}` : ""}`);
  expect(types).toEqual(["conversation.created", "conversation.assigned", "message.created:visitor", "message.created:agent", "message.created:system", "conversation.closed", "rating.created"]);
  expect(seen.every((e) => e.enterpriseId === srv!.enterpriseId)).toBe(true);
  const closed = seen.find((e) => e.type === "conversation.closed") as DomainEvent<"conversation.closed">;
  expect(closed.data).toMatchObject({ conversationId: ack.conversationId, agentId: srv.agent.id, reason: "agent" });
  const rated = seen.at(-1) as DomainEvent<"rating.created">;
  expect(rated.data).toMatchObject({ score: 4, comment: "quick", agentId: srv.agent.id });
  agent.close();
  visitor.close();
});
