// Drizzle's one-time queries reuse one statement per SQL text (src/db/statement-cache.ts), and the
// cache stays bounded.
import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { eq, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cacheStatements } from "../../src/db/statement-cache";

const things = sqliteTable("things", { id: integer("id").primaryKey(), name: text("name").notNull() });

test("the same query text is prepared once; values are bound each time; the cache holds at most its bound", () => {
  const client = new Database(":memory:");
  client.exec("create table things (id integer primary key, name text not null)");
  let prepared = 0;
  const prepare = client.prepare.bind(client);
  client.prepare = ((q: string) => (prepared++, prepare(q))) as typeof client.prepare;
  const db = drizzle(client);
  cacheStatements(db, 2);
  for (let i = 1; i <= 5; i++) db.insert(things).values({ id: i, name: `n${i}` }).run();
  expect(prepared).toBe(1);
  expect(db.select().from(things).where(eq(things.id, 2)).get()).toEqual({ id: 2, name: "n2" });
  expect(db.select().from(things).where(eq(things.id, 4)).get()).toEqual({ id: 4, name: "n4" });
  expect(prepared).toBe(2);
  // A third text pushes out the least recently used (the insert); using it again prepares it again.
  expect(db.select({ n: sql<number>`count(*)` }).from(things).get()).toEqual({ n: 5 });
  expect(prepared).toBe(3);
  db.select().from(things).where(eq(things.id, 1)).get();
  expect(prepared).toBe(3);
  db.insert(things).values({ id: 6, name: "n6" }).run();
  expect(prepared).toBe(4);
  // Transactions still work through the same session.
  db.transaction((tx) => void tx.insert(things).values({ id: 7, name: "n7" }).run());
  expect(db.select({ n: sql<number>`count(*)` }).from(things).get()).toEqual({ n: 7 });
  client.close();
});
