// Each visitor's open conversation is kept in memory (src/chat/open-conversations.ts): what
// openForVisitor returns must equal the table's row after anything that writes conversations,
// whoever writes it and however: the conversation store, a message's activity time, drizzle
// elsewhere, raw SQL on the same connection, another connection, a transaction that rolls back.
import { Database } from "bun:sqlite";
import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { ChatService } from "../../src/chat/service";
import { OpenConversations } from "../../src/chat/open-conversations";
import type { Conversation } from "../../src/chat/conversations";
import { ACTIVITY_STEP_MS } from "../../src/chat/store";
import { databasePath, type Db } from "../../src/db/client";
import { conversations } from "../../src/db/schema";
import { transaction } from "../../src/db/transaction";
import { expectedWrite } from "../../src/db/write-watch";
import { companyDatabase, type CompanyDatabase } from "../helpers/server";

let t: CompanyDatabase;
let db: Db;
let chat: ChatService;
let eid = "";
let siteId = "";

beforeEach(async () => {
  t = await companyDatabase("Kept");
  ({ db, enterpriseId: eid, siteId } = t);
  chat = new ChatService(db);
});
afterEach(() => {
  chat.stop();
  t.close();
});

const visitor = (n: number) => `visitor-kept-${String(n).padStart(10, "0")}`;
/** The row as the table has it now, read by id (never kept). */
const truth = (visitorId: string): Conversation | undefined => {
  const r = db.$client.query("select id from conversations where enterprise_id = ? and visitor_id = ? and status = 'open'").get(eid, visitorId) as { id: string } | null;
  return r ? chat.conversations.get(eid, r.id) : undefined;
};
const lookup = (visitorId: string) => chat.conversations.openForVisitor(eid, visitorId);
const same = (visitorId: string) => expect(lookup(visitorId)).toEqual(truth(visitorId));
/** Changes a row without telling anyone: only a test does this, to see whether a lookup reads the table. */
const behindItsBack = (id: string, groupId: string) => expectedWrite(db.$client, () => db.update(conversations).set({ groupId }).where(eq(conversations.id, id)).run());

test("a visitor's open conversation is read once, then kept", () => {
  const c = chat.conversations.create(eid, siteId, visitor(1));
  expect(lookup(visitor(1))?.groupId).toBeNull();
  behindItsBack(c.id, "grp_hidden");
  expect(lookup(visitor(1))?.groupId).toBeNull(); // kept: the table was not read again
  expect(truth(visitor(1))?.groupId).toBe("grp_hidden");
});

test("the conversation store's writes drop the kept row: create, assign, requeue, read mark, close", () => {
  const v = visitor(2);
  expect(lookup(v)).toBeUndefined();
  const c = chat.conversations.create(eid, siteId, v);
  same(v);
  chat.conversations.assign(eid, c.id, "usr_someone");
  same(v);
  expect(lookup(v)?.agentId).toBe("usr_someone");
  chat.conversations.enqueue(eid, c.id, 123, null);
  same(v);
  chat.store.append(lookup(v)!, { sender: "visitor", authorId: null, authorName: null, clientId: "m1", text: "hi" });
  chat.conversations.markRead(eid, c.id, 1);
  same(v);
  expect(lookup(v)?.agentReadSeq).toBe(1);
  chat.conversations.close(eid, c.id, "agent");
  expect(lookup(v)).toBeUndefined();
  same(v);
  const next = chat.conversations.create(eid, siteId, v);
  expect(lookup(v)?.id).toBe(next.id);
});

test("a message that moves the activity time moves the kept row's", () => {
  const v = visitor(3);
  const c = chat.conversations.create(eid, siteId, v);
  const old = Date.now() - 2 * ACTIVITY_STEP_MS;
  db.$client.run("update conversations set last_message_at = ? where id = ?", [old, c.id]);
  expect(lookup(v)?.lastMessageAt).toBe(old);
  const appended = chat.store.append(lookup(v)!, { sender: "visitor", authorId: null, authorName: null, clientId: "m1", text: "hi" });
  expect(appended.conversation.lastMessageAt).toBeGreaterThan(old);
  same(v);
  expect(lookup(v)?.lastMessageAt).toBe(appended.conversation.lastMessageAt);
});

test("any other write of the table in this process drops every kept row: drizzle, prepared, cached and raw SQL", () => {
  const vs = [visitor(4), visitor(5)];
  const ids = vs.map((v) => chat.conversations.create(eid, siteId, v).id);
  const writes: ((id: string, group: string) => void)[] = [
    (id, g) => void db.update(conversations).set({ groupId: g }).where(eq(conversations.id, id)).run(),
    (id, g) => void db.$client.prepare("update conversations set group_id = ? where id = ?").run(g, id),
    (id, g) => void db.$client.query("update `conversations` set group_id = ? where id = ?").run(g, id),
    (id, g) => void db.$client.run(`update "conversations" set group_id = '${g}' where id = '${id}'`),
    (id, g) => void db.$client.exec(`update conversations set group_id = '${g}' where id = '${id}'`),
  ];
  writes.forEach((write, i) => {
    for (const v of vs) same(v); // both kept
    write(ids[1]!, `grp_${i}`);
    for (const v of vs) same(v);
    expect(lookup(vs[1]!)?.groupId).toBe(`grp_${i}`);
  });
});

test("another connection's commit drops every kept row", () => {
  const v = visitor(6);
  const c = chat.conversations.create(eid, siteId, v);
  same(v);
  const other = new Database(databasePath(t.dir));
  other.run("update conversations set agent_id = 'usr_elsewhere' where id = ?", [c.id]);
  other.close();
  same(v);
  expect(lookup(v)?.agentId).toBe("usr_elsewhere");
});

test("a rollback drops what was kept inside the transaction", () => {
  const v = visitor(7);
  expect(() =>
    transaction(db, () => {
      chat.conversations.create(eid, siteId, v);
      expect(lookup(v)).toBeDefined(); // kept, but only this transaction made it
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(lookup(v)).toBeUndefined();
  same(v);
});

test("kept rows are frozen, scoped by enterprise, and bounded", () => {
  const v = visitor(8);
  chat.conversations.create(eid, siteId, v);
  const c = lookup(v)!;
  expect(() => ((c as { agentId: string | null }).agentId = "usr_changed")).toThrow();
  expect(chat.conversations.openForVisitor("ent_another", v)).toBeUndefined();
  const few = new OpenConversations(db, 3);
  for (let i = 0; i < 5; i++) few.keep(chat.conversations.create(eid, siteId, visitor(100 + i)));
  expect(few.size).toBe(3);
  expect(few.kept(eid, visitor(100))).toBeUndefined(); // the earliest kept went first
  expect(few.kept(eid, visitor(104))?.visitorId).toBe(visitor(104));
});
