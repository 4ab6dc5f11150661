// History's search index is built off the request path: with thousands of messages not yet indexed,
// the first search answers from what is indexed so far and says indexing is under way, while the
// rest is indexed in the background in small slices; later searches find everything.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { searchIndexFor, SLICE } from "../../src/history/search-index";
import { openDatabase } from "../../src/db/client";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

const TOTAL = 6 * SLICE;
let srv: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: "first", text: "haystack" });
  const { conversationId } = await v.socket.next("ack");
  v.socket.close();
  // Thousands of messages the index has never seen (as after an upgrade); the newest says "needle".
  const insert = srv.db.$client.query("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, body, internal, created_at) values (?, ?, ?, ?, 'visitor', ?, 0, ?)");
  srv.db.$client.transaction(() => {
    for (let seq = 2; seq <= TOTAL; seq++) insert.run(srv.enterpriseId, conversationId, seq, `c${seq}`, seq === TOTAL ? "needle in the haystack" : `haystack number ${seq}`, Date.now());
  })();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

test("the first search answers from what is indexed so far and says so; once indexed, every message is found", async () => {
  const first = await admin.get("/history/results?q=needle", { "hx-request": "true" });
  expect(first.status).toBe(200);
  const html = await first.text();
  expect(html).toContain('data-testid="history-indexing"');
  expect(html).toContain('data-testid="history-empty"');
  // The server stays responsive while the background indexing goes on.
  expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);

  await searchIndexFor(srv.db).background();
  const indexed = srv.db.$client.query("select (select value from search_state where key = 'messages') = (select max(id) from messages) as done").get() as { done: number };
  expect(indexed.done).toBe(1);
  const later = await (await admin.get("/history/results?q=needle", { "hx-request": "true" })).text();
  expect(later).not.toContain('data-testid="history-indexing"');
  expect(later).toContain("needle in the haystack");
});

test("a search with only a few new messages indexes them at once: nothing is missing and no note", async () => {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: "fresh", text: "brandnewword" });
  await v.socket.next("ack");
  v.socket.close();
  const html = await (await admin.get("/history/results?q=brandnewword", { "hx-request": "true" })).text();
  expect(html).not.toContain('data-testid="history-indexing"');
  expect(html).toContain("brandnewword");
});

test("a server started on messages the index has not read indexes them in the background, before any search", async () => {
  const dataDir = srv.dataDir;
  const conversationId = (srv.db.$client.query("select conversation_id as id from messages limit 1").get() as { id: string }).id;
  const enterpriseId = srv.enterpriseId;
  await srv.stop(true);
  // Written while it was down (as by an upgrade or an import): unindexed.
  const db = openDatabase(dataDir);
  const insert = db.$client.query("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, body, internal, created_at) values (?, ?, ?, ?, 'visitor', ?, 0, ?)");
  db.$client.transaction(() => {
    for (let seq = TOTAL + 100; seq < TOTAL + 100 + 3 * SLICE; seq++) insert.run(enterpriseId, conversationId, seq, `late${seq}`, `late ${seq}`, Date.now());
  })();
  db.$client.close();
  srv = await startServer({ dataDir });
  const done = () => (srv.db.$client.query("select (select value from search_state where key = 'messages') = (select max(id) from messages) as done").get() as { done: number }).done === 1;
  expect(done()).toBe(false);
  for (let i = 0; i < 500 && !done(); i++) await Bun.sleep(10);
  expect(done()).toBe(true);
});
