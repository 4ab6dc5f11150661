// Rows of a table kept in memory by a key, for reads made on every frame or widget request. A kept
// row is the table's as long as nobody has written the table since it was read, so all of them are
// dropped when this process writes it (src/db/write-watch.ts sees every statement, drizzle's or
// raw; a value made from several tables watches each of them), when a transaction rolls back (what
// was read inside may be undone), and when another connection has committed (PRAGMA data_version,
// read at each lookup: 0.1 µs inside a transaction, about 1 µs outside). A writer that knows what it
// changed may drop or replace single rows instead, inside expectedWrite. At most `max` rows (the
// earliest kept go first); rows are frozen, since a caller that changed one would change what the
// next reader gets.
import type { Statement } from "bun:sqlite";
import type { Db } from "./client";
import { onePer } from "../one-per";
import { onRollback } from "./transaction";
import { onWrite } from "./write-watch";

export interface KeptRowsOptions<K, V> {
  /** the table whose writes drop every row; several when a kept value is made from more than one */
  table: string | readonly string[];
  max: number;
  /** told of each row dropped alone (by `drop` or the bound); `clear` tells `cleared` instead */
  dropped?: (key: K, row: V) => void;
  cleared?: () => void;
}

export class KeptRows<K, V extends object> {
  private rows = new Map<K, V>();
  private dataVersion: Statement;
  private seenVersion: unknown;

  constructor(
    db: Db,
    private opts: KeptRowsOptions<K, V>,
  ) {
    this.dataVersion = db.$client.prepare("PRAGMA data_version");
    this.seenVersion = this.version();
    for (const table of typeof opts.table === "string" ? [opts.table] : opts.table) onWrite(db.$client, table, () => this.clear());
    onRollback(db, () => this.clear());
  }

  /** The kept row, if any (another connection's commit since the last look drops them all first). */
  get(key: K): V | undefined {
    const version = this.version();
    if (version !== this.seenVersion) {
      this.clear();
      this.seenVersion = version;
    }
    return this.rows.get(key);
  }

  /** Keeps a row just read from the table (or made by its writer); returns it frozen. */
  keep(key: K, row: V): V {
    if (!this.rows.has(key) && this.rows.size >= this.opts.max) {
      const [oldest, oldRow] = this.rows.entries().next().value!;
      this.drop(oldest, oldRow);
    }
    const frozen = Object.freeze(row);
    this.rows.set(key, frozen);
    return frozen;
  }

  has(key: K): boolean {
    return this.rows.has(key);
  }

  drop(key: K, row = this.rows.get(key)): void {
    if (row === undefined || !this.rows.delete(key)) return;
    this.opts.dropped?.(key, row);
  }

  clear(): void {
    this.rows.clear();
    this.opts.cleared?.();
  }

  get size(): number {
    return this.rows.size;
  }

  /** Changes when another connection commits (not when this one does). */
  private version(): unknown {
    return (this.dataVersion.values() as unknown[][])[0]![0];
  }
}

/** One KeptRows per connection (whose writes and rollbacks it watches), made on first use: what a module keeps rows in. */
export function keptRowsPerConnection<K, V extends object>(opts: KeptRowsOptions<K, V>): (db: Db) => KeptRows<K, V> {
  return onePer((db: Db) => new KeptRows<K, V>(db, opts), (db) => db.$client);
}
