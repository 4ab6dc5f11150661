// Which tables a statement writes, read from its text (src/db/write-watch.ts), and who hears of it.
import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { expectedWrite, onWrite, tablesWritten, watchWrites } from "../../src/db/write-watch";

test("the tables a SQL text writes, whatever its quoting and form", () => {
  expect(tablesWritten('insert into "conversations" ("id") values (?)')).toEqual(["conversations"]);
  expect(tablesWritten("INSERT OR REPLACE INTO `t` VALUES (1)")).toEqual(["t"]);
  expect(tablesWritten("replace into t values (1)")).toEqual(["t"]);
  expect(tablesWritten('update "conversations" set "agent_id" = ? where "id" = ?')).toEqual(["conversations"]);
  expect(tablesWritten("UPDATE OR IGNORE conversations SET x = 1")).toEqual(["conversations"]);
  expect(tablesWritten("delete from [conversations] where id = ?")).toEqual(["conversations"]);
  expect(tablesWritten("update a set x = 1; delete from b")).toEqual(["a", "b"]);
  expect(tablesWritten('select * from "conversations" where "status" = ?')).toEqual([]);
  expect(tablesWritten("PRAGMA data_version")).toEqual([]);
  expect(tablesWritten("BEGIN IMMEDIATE")).toEqual([]);
});

test("a write is told to the table's listeners however it is run, a read or an expected write is not", () => {
  const sqlite = new Database(":memory:");
  watchWrites(sqlite);
  sqlite.run("create table watched (x)");
  sqlite.run("create table other (x)");
  let told = 0;
  const stop = onWrite(sqlite, "watched", () => told++);
  sqlite.prepare("insert into watched values (?)").run(1);
  sqlite.query("update watched set x = 2").run();
  sqlite.query("update watched set x = 2").run(); // the cached statement, again
  sqlite.run("delete from watched where x = 3");
  sqlite.exec("insert into watched values (4)");
  expect(told).toBe(5);
  sqlite.prepare("insert into other values (1)").run();
  sqlite.query("select * from watched").all();
  expect(expectedWrite(sqlite, () => sqlite.prepare("insert into watched values (5)").run().changes)).toBe(1);
  expect(told).toBe(5);
  stop();
  sqlite.run("delete from watched");
  expect(told).toBe(5);
  sqlite.close();
});
