// Keeps the message search index up to date. Indexing happens in batches off the hot path (a
// message is acknowledged without waiting for it); a search first catches up, so it always sees
// every stored message.
import type { Db } from "../db/client";
import { indexTokens } from "./search-tokens";

const BATCH = 5000;

export class SearchIndex {
  private last: number | null = null;

  constructor(private db: Db) {}

  /** Indexes every message stored since the last call; returns how many it indexed. */
  catchUp(): number {
    const sqlite = this.db.$client;
    this.last ??= (sqlite.query("select value from search_state where key = 'messages'").get() as { value: number } | null)?.value ?? 0;
    let total = 0;
    const select = sqlite.query("select id, body from messages where id > ? order by id limit ?");
    const insert = sqlite.query("insert into message_search (rowid, tokens) values (?, ?)");
    const save = sqlite.query("insert into search_state (key, value) values ('messages', ?) on conflict(key) do update set value = excluded.value");
    for (;;) {
      const rows = select.all(this.last, BATCH) as { id: number; body: string }[];
      if (rows.length === 0) return total;
      sqlite.transaction(() => {
        for (const r of rows) insert.run(r.id, indexTokens(r.body));
        save.run(rows[rows.length - 1]!.id);
      })();
      this.last = rows[rows.length - 1]!.id;
      total += rows.length;
    }
  }
}

const indexes = new WeakMap<Db, SearchIndex>();

/** The one index of a database (it remembers how far it has read). */
export function searchIndexFor(db: Db): SearchIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = new SearchIndex(db)));
  return index;
}
