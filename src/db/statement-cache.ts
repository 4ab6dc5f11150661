// Drizzle prepares a new SQLite statement for every query it runs that was not prepared by hand
// (bun:sqlite's prepare: SQLite parses and plans the SQL each time), and most of Parley's queries
// are such one-time queries. Preparing was a tenth of the server's time while 5,000 visitors opened
// chats at once (bench/load.ts --visitors 5000, CPU profile): the same few hundred SQL texts, parsed
// again and again. This gives drizzle's session one statement per SQL text instead, kept in a
// bounded map (least recently used first out; a query's values are bound parameters, so the texts
// are the code's own and few). Reusing a statement is safe here: drizzle runs each to completion
// (all, get, run, values) before the next use, and bun:sqlite resets a statement before it binds.
import type { Database, Statement } from "bun:sqlite";
import { PreparedQuery } from "drizzle-orm/bun-sqlite/session";

/** Far more than the code's distinct query texts; a text built with a varying number of parameters (IN lists) still stays bounded. */
const MAX_CACHED_STATEMENTS = 2000;

export function cacheStatements(db: { $client: Database }, max = MAX_CACHED_STATEMENTS): void {
  const session = (db as unknown as { session: DrizzleSession }).session;
  const client = db.$client;
  const cache = new Map<string, Statement>();
  const statementFor = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: the most recently used goes last
    } else {
      stmt = client.prepare(sql);
      // Not finalized when dropped: a query prepared by hand may still hold it (the GC finalizes it).
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  session.prepareQuery = (query, fields, executeMethod, isResponseInArrayMode, customResultMapper) =>
    new PreparedQuery(statementFor(query.sql) as never, query as never, session.logger, fields, executeMethod, isResponseInArrayMode, customResultMapper as never);
}

/** The part of drizzle's SQLiteBunSession this replaces. */
interface DrizzleSession {
  logger: never;
  prepareQuery(query: { sql: string }, fields: never, executeMethod: never, isResponseInArrayMode: boolean, customResultMapper?: unknown): unknown;
}
