// The one place where enterprise-owned rows are scoped. Areas ask for `scoped(db, enterpriseId)`
// and read and write through it, so no caller can forget the enterprise filter.
import { and, eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

export type OwnedTable = SQLiteTable & { enterpriseId: SQLiteColumn };

export function ownedBy(table: OwnedTable, enterpriseId: string | SQL.Aliased | unknown, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.enterpriseId, enterpriseId as string), ...conditions)!;
}

export function scoped(db: Db, enterpriseId: string) {
  return {
    enterpriseId,
    db,
    /** select rows of `table` owned by this enterprise (and matching `where`) */
    select<T extends OwnedTable>(table: T, where?: SQL): ScopedSelect<T["$inferSelect"]> {
      return db.select().from(table as SQLiteTable).where(ownedBy(table, enterpriseId, where)) as unknown as ScopedSelect<T["$inferSelect"]>;
    },
    insert<T extends OwnedTable>(table: T, values: Omit<T["$inferInsert"], "enterpriseId">) {
      return db.insert(table).values({ ...values, enterpriseId } as T["$inferInsert"]);
    },
    update<T extends OwnedTable>(table: T, set: Partial<T["$inferInsert"]>, where?: SQL) {
      return db.update(table).set(set).where(ownedBy(table, enterpriseId, where));
    },
    delete<T extends OwnedTable>(table: T, where?: SQL) {
      return db.delete(table).where(ownedBy(table, enterpriseId, where));
    },
  };
}

/** The part of drizzle's select builder that scoped reads use (kept small to keep types cheap). */
export interface ScopedSelect<R> {
  all(): R[];
  get(): R | undefined;
  orderBy(...by: (SQL | SQLiteColumn)[]): ScopedSelect<R>;
  limit(n: number): ScopedSelect<R>;
  offset(n: number): ScopedSelect<R>;
}

export type Scoped = ReturnType<typeof scoped>;
