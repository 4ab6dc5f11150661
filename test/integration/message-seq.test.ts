// How a message gets its seq and what a conversation's row keeps of its messages (src/chat/store.ts),
// on a real SQLite file: seqs stay gapless through a rolled-back batch and a second writer, a resend
// takes no seq, and the conversation's activity time, written once a step, never closes a chat early.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { initCompany } from "../../src/accounts/setup";
import { GroupCommit } from "../../src/chat/group-commit";
import { ChatService } from "../../src/chat/service";
import { ACTIVITY_STEP_MS, MessageStore, type NewMessage } from "../../src/chat/store";
import type { Conversation } from "../../src/chat/conversations";
import { HashSet32 } from "../../src/chat/conversation-tails";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { transaction } from "../../src/db/transaction";
import { siteByKey } from "../../src/sites/sites";
import { tempDir } from "../helpers/server";

let dir = "";
let db: Db;
let chat: ChatService;
let conversation: Conversation;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(dir);
  runMigrations(db);
  const setup = await initCompany(db, { company: "Seq", email: "admin@seq.test", password: "seqpass-1" });
  chat = new ChatService(db);
  conversation = chat.conversations.create(setup.enterpriseId, siteByKey(db, setup.siteKey)!.id, "visitor-seq-000000001");
});
afterEach(() => {
  chat.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (clientId: string, t = clientId): NewMessage => ({ sender: "visitor", authorId: null, authorName: null, clientId, text: t });
const seqs = () => (db.$client.query("select seq from messages where conversation_id = ? order by seq").all(conversation.id) as { seq: number }[]).map((r) => r.seq);
const turn = () => new Promise((r) => setImmediate(r));
const row = () => db.$client.query("select last_message_at as at, status, close_reason as reason from conversations where id = ?").get(conversation.id) as { at: number; status: string; reason: string | null };

test("a batch that does not commit gives its seqs back: the next message takes the next stored seq", async () => {
  // A deferred foreign key makes COMMIT itself fail, as a full disk would.
  db.$client.exec("create table parents (id integer primary key); create table children (parent integer references parents (id) deferrable initially deferred)");
  const commits = new GroupCommit(db);
  const lost: string[] = [];
  commits.add(() => void chat.store.append(conversation, text("m1")), () => lost.push("m1"));
  await turn();
  commits.add(() => void chat.store.append(conversation, text("m2")), () => lost.push("m2"));
  commits.add(() => void db.$client.exec("insert into children values (42)"), () => lost.push("orphan"));
  await turn();
  expect(lost).toEqual(["m2", "orphan"]);
  expect(seqs()).toEqual([1]);
  commits.add(() => void chat.store.append(conversation, text("m3")), () => lost.push("m3"));
  await turn();
  expect(seqs()).toEqual([1, 2]);
  expect(chat.store.lastSeq(conversation.enterpriseId, conversation.id)).toBe(2);
});

test("a savepoint rolled back around a message gives its seq back too", () => {
  chat.store.append(conversation, text("kept"));
  expect(() =>
    transaction(db, () => {
      chat.store.append(conversation, text("undone"));
      throw new Error("refused after storing");
    }),
  ).toThrow("refused after storing");
  expect(chat.store.append(conversation, text("next")).message.seq).toBe(2);
  expect(seqs()).toEqual([1, 2]);
});

test("another writer on the same file: the remembered seq is read again, no gap and no repeat", () => {
  expect(chat.store.append(conversation, text("a")).message.seq).toBe(1);
  const other = new MessageStore(db);
  expect(other.append(conversation, text("b")).message.seq).toBe(2);
  expect(chat.store.append(conversation, text("c")).message.seq).toBe(3);
  expect(seqs()).toEqual([1, 2, 3]);
});

test("a resend returns the stored message and takes no seq", () => {
  const first = chat.store.append(conversation, text("same", "你好"));
  const again = chat.store.append(conversation, text("same", "changed on resend"));
  expect(again.duplicate).toBe(true);
  expect(again.message).toMatchObject({ id: first.message.id, seq: 1, text: "你好" });
  expect(chat.store.append(conversation, text("other")).message.seq).toBe(2);
});

test("a resend is found after a restart and after another writer stored it: the client ids are read from the rows", () => {
  const first = chat.store.append(conversation, text("before-restart"));
  // A new store is a restarted process: it knows nothing of the conversation until it reads its rows.
  const restarted = new MessageStore(db);
  expect(restarted.append(conversation, text("before-restart"))).toMatchObject({ duplicate: true, message: { id: first.message.id, seq: 1 } });
  // Another writer stores a message; this store's remembered seq is now stale, and the resend of
  // that message is found when the seq index refuses the stale seq and the tail is read again.
  const other = new MessageStore(db);
  const theirs = other.append(conversation, text("from-elsewhere"));
  expect(restarted.append(conversation, text("from-elsewhere"))).toMatchObject({ duplicate: true, message: { id: theirs.message.id, seq: 2 } });
  expect(restarted.append(conversation, text("new")).message.seq).toBe(3);
  expect(seqs()).toEqual([1, 2, 3]);
});

test("two client ids with the same 32-bit hash are two messages: the rows decide", () => {
  // A birthday search finds a pair within ~2^16 tries.
  const seen = new Map<number, string>();
  let pair: [string, string] | null = null;
  for (let i = 0; !pair; i++) {
    const id = `collide-${i}`;
    const h = HashSet32.of(id);
    const other = seen.get(h);
    if (other) pair = [other, id];
    else seen.set(h, id);
  }
  const first = chat.store.append(conversation, text(pair[0]));
  const second = chat.store.append(conversation, text(pair[1]));
  expect(second.duplicate).toBe(false);
  expect(second.message.seq).toBe(2);
  expect(chat.store.append(conversation, text(pair[0]))).toMatchObject({ duplicate: true, message: { id: first.message.id } });
  expect(chat.store.append(conversation, text(pair[1]))).toMatchObject({ duplicate: true, message: { id: second.message.id } });
  expect(seqs()).toEqual([1, 2]);
});

test("a closed conversation's tail is dropped; messages without a client id are never duplicates", () => {
  const system = { sender: "system" as const, authorId: null, authorName: null, clientId: null, text: "note" };
  chat.store.append(conversation, text("v1"));
  const tails = (chat.store as unknown as { tails: { size: number } }).tails;
  expect(tails.size).toBe(1);
  expect(chat.store.append(conversation, system).duplicate).toBe(false);
  expect(chat.store.append(conversation, system).duplicate).toBe(false);
  chat.conversations.close(conversation.enterpriseId, conversation.id, "agent");
  expect(seqs()).toEqual([1, 2, 3]);
  expect(tails.size).toBe(0);
});

test("the unread count and newest seq come from the messages; reading never goes past the newest", () => {
  for (const id of ["u1", "u2", "u3"]) chat.store.append(conversation, text(id));
  const read = () => chat.conversations.get(conversation.enterpriseId, conversation.id)!;
  expect(chat.store.unread(read())).toBe(3);
  chat.conversations.markRead(conversation.enterpriseId, conversation.id, 2);
  expect(chat.store.unread(read())).toBe(1);
  chat.conversations.markRead(conversation.enterpriseId, conversation.id, 99);
  expect(read().agentReadSeq).toBe(3);
  expect(chat.store.unread(read())).toBe(0);
  chat.conversations.markRead(conversation.enterpriseId, conversation.id, 1); // never backwards
  expect(read().agentReadSeq).toBe(3);
});

test("the activity time is written once a step; the idle sweep checks the newest message; closing makes it exact", () => {
  const created = row().at;
  chat.store.append(conversation, text("early"));
  expect(row().at).toBe(created); // within the step: the conversation's row is not written
  // A conversation whose row lags (its last write a step ago) but whose visitor has just written:
  db.$client.query("update conversations set last_message_at = ? where id = ?").run(created - ACTIVITY_STEP_MS, conversation.id);
  conversation = chat.conversations.get(conversation.enterpriseId, conversation.id)!;
  const latest = chat.store.append(conversation, text("now")).message;
  expect(row().at).toBe(latest.at); // a step behind: written
  db.$client.query("update conversations set last_message_at = ? where id = ?").run(latest.at - 40 * 60_000, conversation.id);
  // The visitor's page is open (so only idleness can close it). The row says idle for 40 minutes
  // (the setting is 30); the newest message is 29 minutes old.
  chat.presence.add({ kind: "visitor", enterpriseId: conversation.enterpriseId, id: conversation.visitorId, send: () => {} });
  expect(chat.flow.sweep(latest.at + 29 * 60_000)).toBe(0);
  expect(row().status).toBe("open");
  expect(chat.flow.sweep(latest.at + 31 * 60_000)).toBe(1);
  const closed = row();
  expect(closed).toMatchObject({ status: "closed", reason: "idle" });
  const newest = db.$client.query("select created_at as at from messages where conversation_id = ? order by seq desc limit 1").get(conversation.id) as { at: number };
  expect(closed.at).toBe(newest.at);
});
