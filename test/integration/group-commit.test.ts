// Group commit (src/chat/group-commit.ts) on a real SQLite file: frames of one turn share one
// transaction, nothing they send leaves before it commits, and a batch that cannot be stored tells
// its senders instead of acknowledging anything.
import { afterEach, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { GroupCommit } from "../../src/chat/group-commit";
import { databasePath, openDatabase, type Db } from "../../src/db/client";
import { tempDir } from "../helpers/server";

let dir = "";
let db: Db;
afterEach(() => {
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup() {
  dir = tempDir();
  db = openDatabase(dir);
  db.$client.exec("create table notes (id integer primary key, text text not null)");
  const sent: string[] = [];
  const socket = { send: (data: string) => sent.push(data) };
  return { commits: new GroupCommit(db), sent, socket };
}

const count = () => (db.$client.query("select count(*) as n from notes").get() as { n: number }).n;
const turn = () => new Promise((r) => setImmediate(r));

test("the frames of one turn are stored in one transaction; what they send waits for the commit, in order", async () => {
  const { commits, sent, socket } = setup();
  const seenInTransaction: boolean[] = [];
  for (const text of ["a", "b", "c"])
    commits.add(() => {
      seenInTransaction.push(db.$client.inTransaction);
      db.$client.query("insert into notes (text) values (?)").run(text);
      commits.send(socket, `ack ${text}`);
      expect(sent).toEqual([]); // held: not stored yet
    }, () => commits.send(socket, `lost ${text}`));
  expect(count()).toBe(0); // nothing runs before the end of the turn
  await turn();
  await turn();
  expect(seenInTransaction).toEqual([true, true, true]);
  expect(count()).toBe(3);
  expect(sent).toEqual(["ack a", "ack b", "ack c"]);
  // Between batches, sends go out at once.
  commits.send(socket, "direct");
  expect(sent.at(-1)).toBe("direct");
});

test("a socket that gets several frames in a batch gets them in one corked write, in order", async () => {
  const { commits } = setup();
  const writes: string[][] = [];
  let corked: string[] | null = null;
  const socket = {
    send: (data: string) => (corked ? corked.push(data) : writes.push([data])),
    cork: (fn: () => void) => {
      corked = [];
      fn();
      writes.push(corked);
      corked = null;
    },
  };
  const lone = { sent: [] as string[], send(data: string) { this.sent.push(data); } };
  commits.add(() => {
    commits.send(socket, "one");
    commits.send(lone, "only");
    commits.send(socket, "two");
  }, () => {});
  commits.add(() => commits.send(socket, "three"), () => {});
  await turn();
  await turn();
  expect(writes).toEqual([["one", "two", "three"]]);
  expect(lone.sent).toEqual(["only"]);
});

test("a failing frame loses only its own savepoint; the others are stored", async () => {
  const { commits, sent, socket } = setup();
  commits.add(() => db.$client.query("insert into notes (text) values ('kept')").run(), () => {});
  commits.add(() => {
    try {
      db.$client.transaction(() => {
        db.$client.query("insert into notes (text) values ('undone')").run();
        throw new Error("refused");
      })();
    } catch {
      commits.send(socket, "error frame");
    }
  }, () => {});
  await turn();
  await turn();
  expect(db.$client.query("select text from notes").all()).toEqual([{ text: "kept" }]);
  expect(sent).toEqual(["error frame"]);
});

test("a batch that cannot start (the database is locked elsewhere) acknowledges nothing and tells every sender", async () => {
  const { commits, sent, socket } = setup();
  db.$client.exec("PRAGMA busy_timeout = 50");
  const other = new Database(databasePath(dir));
  other.exec("BEGIN IMMEDIATE");
  const lost: string[] = [];
  for (const text of ["x", "y"])
    commits.add(() => {
      db.$client.query("insert into notes (text) values (?)").run(text);
      commits.send(socket, `ack ${text}`);
    }, () => lost.push(text));
  await turn();
  await turn();
  other.exec("ROLLBACK");
  other.close();
  expect(lost).toEqual(["x", "y"]);
  expect(sent).toEqual([]);
  expect(count()).toBe(0);
});

test("flushNow runs waiting frames at once (a socket's close comes after its last frames)", () => {
  const { commits } = setup();
  const order: string[] = [];
  commits.add(() => order.push("hello"), () => {});
  commits.flushNow();
  order.push("disconnect");
  expect(order).toEqual(["hello", "disconnect"]);
});
