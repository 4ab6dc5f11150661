// Keeps the message search index up to date, never holding the event loop for long. Messages are
// indexed in small slices off the hot path (a message is acknowledged without waiting for it). A
// search first indexes what little is new (one slice, a few milliseconds); when more is waiting
// (the first search after an upgrade or an import: hundreds of thousands of messages took 1.9 s on
// the request path), the rest is indexed in the background, slice by slice with the event loop
// free in between, and the search answers from what is indexed so far and says so.
import { databaseClosed, type Db } from "../db/client";
import { indexTokens } from "./search-tokens";
import { log } from "../log";
import { onePer } from "../one-per";

/** Messages per slice at most: a few milliseconds of tokenizing and writing for ordinary messages. */
export const SLICE = 1000;
/** A slice also stops after this long (long messages take longer to tokenize). */
const SLICE_MS = 8;

export class SearchIndex {
  private last: number | null = null;
  private running: ReturnType<typeof setTimeout> | null = null;
  private waiters: (() => void)[] = [];

  constructor(private db: Db) {}

  private position(): number {
    return (this.last ??= (this.db.$client.query("select value from search_state where key = 'messages'").get() as { value: number } | null)?.value ?? 0);
  }

  /** Indexes up to `max` messages stored since the last call, for at most `budgetMs`; returns how many it indexed. */
  private slice(max: number, budgetMs = SLICE_MS): number {
    const sqlite = this.db.$client;
    const rows = sqlite.query("select id, body from messages where id > ? order by id limit ?").all(this.position(), max) as { id: number; body: string }[];
    if (rows.length === 0) return 0;
    const insert = sqlite.query("insert into message_search (rowid, tokens) values (?, ?)");
    const save = sqlite.query("insert into search_state (key, value) values ('messages', ?) on conflict(key) do update set value = excluded.value");
    const started = performance.now();
    let last = this.position();
    let n = 0;
    sqlite.transaction(() => {
      for (const r of rows) {
        insert.run(r.id, indexTokens(r.body));
        last = r.id;
        n++;
        if (performance.now() - started > budgetMs) break;
      }
      save.run(last);
    })();
    this.last = last;
    return n;
  }

  /** Are there stored messages the index has not read yet? */
  behind(): boolean {
    return !!this.db.$client.query("select 1 from messages where id > ? limit 1").get(this.position());
  }

  /**
   * Before a search: indexes what is new when that is at most a slice's worth (the usual case: a
   * few messages since the last search), and answers true; otherwise indexes one slice, continues
   * in the background and answers false (the search sees only what is indexed so far).
   */
  ready(): boolean {
    if (this.running) return false;
    const waiting = (this.db.$client.query("select count(*) as n from (select 1 from messages where id > ? limit ?)").get(this.position(), SLICE + 1) as { n: number }).n;
    if (waiting <= SLICE) {
      this.slice(SLICE, Infinity);
      return true;
    }
    this.slice(SLICE);
    void this.background();
    return false;
  }

  /** Indexes everything in the background, a slice at a time; resolves once caught up. */
  background(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) return done;
    const step = () => {
      let more = false;
      try {
        more = this.slice(SLICE) > 0 && this.behind();
      } catch (e) {
        // the database went away (the server stopped): nothing left to index into
        if (!databaseClosed(e)) log.error("search index", { error: e });
      }
      if (more) this.running = setTimeout(step, 0);
      else {
        this.running = null;
        for (const w of this.waiters.splice(0)) w();
      }
    };
    this.running = setTimeout(step, 0);
    return done;
  }

  /** Indexes everything now, on this thread (benchmarks, tools); returns how many it indexed. */
  catchUp(): number {
    let total = 0;
    for (let n; (n = this.slice(5000, Infinity)) > 0; ) total += n;
    return total;
  }
}

/** The one index of a database (it remembers how far it has read). */
export const searchIndexFor = onePer((db: Db) => new SearchIndex(db));
