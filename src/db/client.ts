// Opens the SQLite file with the pragmas we rely on, and wraps it in drizzle.
import { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as schema from "./schema";
import { cacheStatements } from "./statement-cache";
import { watchWrites } from "./write-watch";

export type Db = BunSQLiteDatabase<typeof schema> & { $client: Database };

export function databasePath(dataDir: string): string {
  return join(dataDir, "parley.sqlite");
}

export function openDatabase(dataDir: string, synchronous: "NORMAL" | "FULL" = "NORMAL"): Db {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databasePath(dataDir), { create: true, strict: true });
  // Before any statement is prepared: copies of rows in memory hear of every write (src/db/write-watch.ts).
  watchWrites(sqlite);
  // WAL lets readers run beside the single writer; NORMAL syncs at checkpoints, not every commit,
  // which keeps committed data safe across a process crash (FULL: also across power loss).
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec(`PRAGMA synchronous = ${synchronous}`);
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA temp_store = MEMORY");
  // 64 MiB of page cache instead of SQLite's 2 MiB: at a few thousand open chats the per-message
  // lookups of conversations and the ends of the message indexes no longer fit in 2 MiB, and every
  // miss is a read through the WAL index (bench/load.ts --saturate: the visitor lookup took half as
  // long). Pages are cached as they are read, so an idle server does not pay for it.
  sqlite.exec("PRAGMA cache_size = -65536");
  const db = drizzle(sqlite, { schema }) as Db;
  cacheStatements(db);
  return db;
}

/**
 * Did a statement fail because the database was closed (the server stopping under a background
 * job's timer)? Such a job then stops instead of logging an error.
 */
export const databaseClosed = (e: unknown): boolean => String(e).includes("closed");
