// Who keeps a table's rows in memory must hear when this process writes that table, however the
// write is made: drizzle's builders, a statement prepared by hand (fast-query.ts), raw SQL. So the
// connection itself is watched: every statement's text is read once, when it is prepared, for the
// tables it writes (INSERT / REPLACE INTO t, UPDATE t, DELETE FROM t), and a statement that writes a
// watched table tells the table's listeners each time it runs (before it runs: nothing reads between). Other connections' writes are not
// seen here: a copy checks PRAGMA data_version for those (src/chat/open-conversations.ts).
//
// Not seen either: rows a trigger writes in another table. No trigger writes a watched table today
// (the only triggers keep agent_open_counts: migrations/0033); one that does must be watched here.
import type { Database, Statement } from "bun:sqlite";

type Listener = () => void;

interface Watch {
  listeners: Map<string, Set<Listener>>;
  /** >0 while a writer that updates the copies itself runs (expectedWrite) */
  expected: number;
}

const watches = new WeakMap<Database, Watch>();

/** The tables a SQL text writes (lower case, unquoted); any statement of a multi-statement text counts. */
export function tablesWritten(sql: string): string[] {
  const out: string[] = [];
  const re = /\b(?:into|update(?:\s+or\s+\w+)?|delete\s+from)\s+[`"[]?(\w+)/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) out.push(m[1]!.toLowerCase());
  return out;
}

/** Installs the watch on a connection (openDatabase does, before any statement is prepared). */
export function watchWrites(sqlite: Database): void {
  if (watches.has(sqlite)) return;
  const watch: Watch = { listeners: new Map(), expected: 0 };
  watches.set(sqlite, watch);
  const tell = (tables: string[]) => {
    if (watch.expected > 0) return;
    for (const t of tables) for (const l of watch.listeners.get(t) ?? []) l();
  };
  const wrap = (stmt: Statement, sql: string): Statement => {
    const tables = tablesWritten(sql);
    if (!tables.length) return stmt;
    for (const method of ["run", "all", "get", "values", "iterate"] as const) {
      const original = (stmt as any)[method];
      if (typeof original !== "function") continue;
      (stmt as any)[method] = function (this: Statement, ...args: unknown[]) {
        tell(tables);
        return original.apply(stmt, args);
      };
    }
    return stmt;
  };
  const prepare = sqlite.prepare.bind(sqlite);
  const query = sqlite.query.bind(sqlite);
  const run = sqlite.run.bind(sqlite);
  // query() hands out one cached statement per text: it is wrapped once.
  const wrapped = new WeakSet<Statement>();
  sqlite.prepare = ((sql: string, ...rest: unknown[]) => wrap((prepare as any)(sql, ...rest), sql)) as typeof sqlite.prepare;
  sqlite.query = ((sql: string) => {
    const stmt = query(sql);
    if (wrapped.has(stmt)) return stmt;
    wrapped.add(stmt);
    return wrap(stmt, sql);
  }) as typeof sqlite.query;
  sqlite.run = sqlite.exec = ((sql: string, ...params: unknown[]) => {
    tell(tablesWritten(sql));
    return (run as any)(sql, ...params);
  }) as typeof sqlite.run;
}

/** `fn` is told of each statement of this process that writes `table` (except expected ones); returns the unsubscribe. */
export function onWrite(sqlite: Database, table: string, fn: Listener): () => void {
  const watch = watches.get(sqlite);
  if (!watch) throw new Error("the connection is not watched (open it with openDatabase)");
  let set = watch.listeners.get(table);
  if (!set) watch.listeners.set(table, (set = new Set()));
  set.add(fn);
  return () => set!.delete(fn);
}

/** Runs a write whose effect on the copies its caller applies itself: the listeners are not told. */
export function expectedWrite<T>(sqlite: Database, fn: () => T): T {
  const watch = watches.get(sqlite);
  if (!watch) return fn();
  watch.expected++;
  try {
    return fn();
  } finally {
    watch.expected--;
  }
}
