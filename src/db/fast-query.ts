// Statements of the per-message path, run without drizzle's per-call machinery. Drizzle still
// builds the SQL (with the enterprise filter from scope.ts); this prepares that text once on the
// bun:sqlite connection and reads rows by position, decoding each column as drizzle would. A
// drizzle prepared query spends ~8 µs mapping a conversation row (bench/hot-path.ts), more than
// SQLite spends finding it, and a visitor's message reads or returns three such rows.
import { is, Param, Placeholder, type SQLWrapper } from "drizzle-orm";
import type { Column } from "drizzle-orm";
import type { Db } from "./client";

type Params = Record<string, unknown>;

export interface FastQuery<Row> {
  /** the first row, or undefined */
  get(params: Params): Row | undefined;
  all(params: Params): Row[];
  /** for statements without rows: how many rows changed, and the rowid of the last insert */
  run(params: Params): { changes: number; lastInsertRowid: number | bigint };
}

/**
 * `query`: a drizzle select, `update … returning` or `insert … returning` with sql.placeholder()s;
 * `fields`: what each result column is, in order (the table's columns, or the returning object).
 */
export function fastQuery<Row>(db: Db, query: SQLWrapper & { toSQL(): { sql: string; params: unknown[] } }, fields: Record<string, Column>): FastQuery<Row> {
  const { sql, params } = query.toSQL();
  const stmt = db.$client.prepare(sql);
  // Each parameter: a placeholder's value (encoded as its column would, for insert values), or a constant.
  const bind = params.map((p): ((values: Params) => unknown) => {
    if (is(p, Placeholder)) return (values) => values[p.name as string];
    if (is(p, Param) && is(p.value, Placeholder)) {
      const name = p.value.name as string;
      return (values) => p.encoder.mapToDriverValue(values[name]);
    }
    return () => p;
  });
  const columns = Object.entries(fields);
  const args = (values: Params) => bind.map((b) => b(values)) as any[];
  const row = (v: unknown[]): Row => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const [key, column] = columns[i]!;
      const raw = v[i];
      out[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
    }
    return out as Row;
  };
  return {
    get(values) {
      const first = stmt.values(...args(values))[0];
      return first ? row(first) : undefined;
    },
    all(values) {
      return stmt.values(...args(values)).map(row);
    },
    run(values) {
      return stmt.run(...args(values));
    },
  };
}
