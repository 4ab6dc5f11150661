// Retention on an injected clock: closed conversations older than N days go with their messages,
// search rows, attachments and files, in batches; open ones and newer ones stay; stray uploads go.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { searchIndexFor } from "../../src/history/search-index";
import { retentionPass, startRetention } from "../../src/ops/retention";
import { PNG } from "../helpers/files";
import { startServer, type TestServer } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

let srv: TestServer;
const conv: string[] = [];
let keptFile = "";
beforeAll(async () => {
  srv = await startServer();
  for (let i = 0; i < 3; i++) {
    const v = await visitorSocket(srv.wsUrl, srv.siteKey);
    let attachment: { id: string } | undefined;
    if (i === 0) {
      const form = new FormData();
      form.append("site", srv.siteKey);
      form.append("vid", v.visitorId);
      form.append("file", new Blob([PNG]), "a.png");
      attachment = { id: ((await (await fetch(`${srv.url}/api/widget/uploads`, { method: "POST", body: form })).json()) as { attachment: { id: string } }).attachment.id };
    }
    v.socket.send({ type: "message", clientId: "a", text: `first words ${i}`, ...(attachment ? { attachment } : {}) });
    conv.push((await v.socket.next("ack")).conversationId);
    v.socket.send({ type: "message", clientId: "b", text: `retentionword ${i}` });
    await v.socket.next("ack");
    v.socket.close();
  }
  // A stray upload: never sent in a message.
  const form = new FormData();
  form.append("site", srv.siteKey);
  form.append("vid", "strayvisitor00000001");
  form.append("file", new Blob([PNG]), "stray.png");
  expect((await fetch(`${srv.url}/api/widget/uploads`, { method: "POST", body: form })).status).toBe(201);
  // Two closed, the third open; and the search index has read every message.
  for (const id of conv.slice(0, 2)) srv.app.chat.flow.close(srv.app.chat.conversations.get(srv.enterpriseId, id)!, "agent");
  await searchIndexFor(srv.db).background();
  keptFile = readdirSync(join(srv.dataDir, "attachments")).find((name) => {
    const row = srv.db.$client.query("select conversation_id from attachments where stored = ?").get(name) as { conversation_id: string | null };
    return row.conversation_id === conv[0];
  })!;
  expect(keptFile).toBeTruthy();
});
afterAll(() => srv.stop());

const count = (sql: string, ...args: string[]) => (srv.db.$client.query(sql).get(...args) as { n: number }).n;
const DAY = 86_400_000;

test("nothing younger than the retention is touched", async () => {
  const r = await retentionPass(srv.db, srv.dataDir, { days: 30, now: () => Date.now() + 29 * DAY });
  expect(r).toEqual({ conversations: 0, messages: 0, files: 0, batches: 0 });
  expect(count("select count(*) as n from conversations")).toBe(3);
  expect(readdirSync(join(srv.dataDir, "attachments")).length).toBe(2);
});

test("past it, closed conversations go whole, batch by batch; the open one stays; stray uploads go", async () => {
  const searchRows = count("select count(*) as n from message_search");
  expect(searchRows).toBeGreaterThanOrEqual(6);
  const r = await retentionPass(srv.db, srv.dataDir, { days: 30, batch: 1, now: () => Date.now() + 31 * DAY });
  expect(r.conversations).toBe(2);
  expect(r.messages).toBe(6); // two each, and the closing line
  expect(r.files).toBe(2);
  expect(r.batches).toBe(3); // one conversation per batch, then the stray uploads
  expect(count("select count(*) as n from conversations")).toBe(1);
  expect(count("select count(*) as n from conversations where id = ?", conv[2]!)).toBe(1);
  for (const id of conv.slice(0, 2)) {
    expect(count("select count(*) as n from messages where conversation_id = ?", id)).toBe(0);
    expect(count("select count(*) as n from system_lines where conversation_id = ?", id)).toBe(0);
    expect(count("select count(*) as n from attachments where conversation_id = ?", id)).toBe(0);
  }
  expect(count("select count(*) as n from message_search")).toBe(searchRows - 6);
  expect(count("select count(*) as n from message_search where message_search match 'retentionword'")).toBe(1);
  expect(existsSync(join(srv.dataDir, "attachments", keptFile))).toBe(false);
  expect(readdirSync(join(srv.dataDir, "attachments"))).toEqual([]);
  expect(count("select count(*) as n from messages where conversation_id = ?", conv[2]!)).toBe(2);
});

test("the background job does the same on its own, and is off at 0 days", async () => {
  srv.app.chat.flow.close(srv.app.chat.conversations.get(srv.enterpriseId, conv[2]!)!, "agent");
  const later = () => Date.now() + 31 * DAY;
  expect(await retentionPass(srv.db, srv.dataDir, { days: 0, now: later })).toEqual({ conversations: 0, messages: 0, files: 0, batches: 0 });
  expect(count("select count(*) as n from conversations")).toBe(1);
  const stop = startRetention(srv.db, srv.dataDir, { days: 30, now: later, firstAfterMs: 0 });
  try {
    for (let waited = 0; count("select count(*) as n from conversations") > 0; waited += 10) {
      if (waited > 5000) throw new Error("the background pass did not run");
      await Bun.sleep(10);
    }
    expect(count("select count(*) as n from messages")).toBe(0);
  } finally {
    stop();
  }
});
