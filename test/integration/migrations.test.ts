// Migrations bring an empty database (or one with chats, from an earlier schema) to the current
// schema, and every enterprise-owned table is scoped.
import { ConversationStore } from "../../src/chat/conversations";
import { expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { databasePath, openDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { MessageStore } from "../../src/chat/store";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { tempDir } from "../helpers/server";

test("an empty database migrates from zero, twice harmlessly, with WAL and NORMAL sync", () => {
  const dir = tempDir();
  try {
    const db = openDatabase(dir);
    runMigrations(db);
    runMigrations(db);
    const tables = (db.$client.query("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string }[]).map((t) => t.name);
    for (const t of ["enterprises", "users", "sessions", "sites", "visitors", "conversations", "messages", "instance"]) expect(tables).toContain(t);
    // Every table but the instance-wide ones carries its enterprise. The search index holds only
    // message ids (it is read joined to messages), so it is derived data, not owned rows. Platform
    // operators, their sessions and their log belong to no enterprise (docs/platform.md).
    const instanceWide = ["enterprises", "instance", "search_state", "operators", "operator_sessions", "operator_audit"];
    for (const t of tables.filter((t) => !instanceWide.includes(t) && !t.startsWith("message_search"))) {
      const cols = (db.$client.query(`pragma table_info(${t})`).all() as { name: string; notnull: number }[]).filter((c) => c.name === "enterprise_id");
      expect({ table: t, owned: cols.length === 1 && cols[0]!.notnull === 1 }).toEqual({ table: t, owned: true });
    }
    expect((db.$client.query("pragma journal_mode").get() as any).journal_mode).toBe("wal");
    expect((db.$client.query("pragma synchronous").get() as any).synchronous).toBe(1);
    db.$client.close();
    const full = openDatabase(dir, "FULL");
    expect((full.$client.query("pragma synchronous").get() as any).synchronous).toBe(2);
    full.$client.close();
    // Every migration in the journal was applied exactly once.
    const journal = JSON.parse(readFileSync(join(import.meta.dir, "../../migrations/meta/_journal.json"), "utf8"));
    expect(new Database(databasePath(dir)).query("select count(*) as n from __drizzle_migrations").get()).toEqual({ n: journal.entries.length });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("optimize gives the query planner statistics (so enterprise filters do not walk whole tables)", async () => {
  const { optimizeDatabase } = await import("../../src/db/maintenance");
  const dir = tempDir();
  try {
    const db = openDatabase(dir);
    runMigrations(db);
    db.$client.run("insert into enterprises (id, name, created_at) values ('e1', 'E', 0)");
    for (let i = 0; i < 50; i++) db.$client.run("insert into conversations (id, enterprise_id, site_id, visitor_id, status, created_at, last_message_at) values (?, 'e1', 's', 'v', 'open', 0, 0)", [`c${i}`]);
    optimizeDatabase(db, true);
    const stats = db.$client.query("select count(*) as n from sqlite_stat1 where tbl = 'conversations'").get() as { n: number };
    expect(stats.n).toBeGreaterThan(0);
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a database with chats migrates to one without per-message conversation counters, and its seqs go on", async () => {
  const dir = tempDir();
  const before = tempDir("parley-migrations-");
  try {
    // The migrations as they were before 0010 (conversations kept last_seq and agent_unread).
    const root = join(import.meta.dir, "../../migrations");
    const journal = JSON.parse(readFileSync(join(root, "meta/_journal.json"), "utf8"));
    const old = journal.entries.filter((e: { idx: number }) => e.idx < 10);
    mkdirSync(join(before, "meta"));
    writeFileSync(join(before, "meta/_journal.json"), JSON.stringify({ ...journal, entries: old }));
    for (const e of old) copyFileSync(join(root, `${e.tag}.sql`), join(before, `${e.tag}.sql`));
    const db = openDatabase(dir);
    migrate(db, { migrationsFolder: before });
    db.$client.run("insert into enterprises (id, name, created_at) values ('e1', 'E', 0)");
    db.$client.run("insert into conversations (id, enterprise_id, site_id, visitor_id, status, last_seq, agent_unread, agent_read_seq, created_at, last_message_at) values ('c1', 'e1', 's', 'v', 'open', 3, 2, 1, 0, 0)");
    for (const [seq, sender] of [[1, "visitor"], [2, "visitor"], [3, "visitor"]] as const)
      db.$client.run("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, body, created_at) values ('e1', 'c1', ?, ?, ?, 'hi', ?)", [seq, `k${seq}`, sender, seq]);

    runMigrations(db);
    const columns = (db.$client.query("pragma table_info(conversations)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain("last_seq");
    expect(columns).not.toContain("agent_unread");
    const store = new MessageStore(db);
    const c = new ConversationStore(db).get("e1", "c1")!;
    expect(store.lastSeq("e1", "c1")).toBe(3);
    expect(store.unread(c)).toBe(2); // read up to 1 of 3
    const next = store.append(c, { sender: "agent", authorId: null, authorName: "Ann", clientId: "k4", text: "hello" });
    expect(next.message.seq).toBe(4);
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(before, { recursive: true, force: true });
  }
});
