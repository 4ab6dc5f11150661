// Runs fn in a transaction on the one connection; nested calls become savepoints, so an area's
// write can join a larger one (e.g. create a conversation and its first message, or the socket
// layer's group commit). bun:sqlite's db.transaction(fn) does the same but builds its wrappers on
// every call, which the per-message hot path felt; these statements are prepared once.
import type { Database, Statement } from "bun:sqlite";
import type { Db } from "./client";

interface Statements {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

const prepared = new WeakMap<Database, Statements>();

function statementsOf(sqlite: Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      begin: sqlite.prepare("BEGIN"),
      commit: sqlite.prepare("COMMIT"),
      rollback: sqlite.prepare("ROLLBACK"),
      savepoint: sqlite.prepare("SAVEPOINT nested"),
      release: sqlite.prepare("RELEASE nested"),
      rollbackTo: sqlite.prepare("ROLLBACK TO nested"),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

export function transaction<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  const s = statementsOf(sqlite);
  const nested = sqlite.inTransaction;
  (nested ? s.savepoint : s.begin).run();
  try {
    const result = fn();
    (nested ? s.release : s.commit).run();
    return result;
  } catch (e) {
    // A failed statement may already have ended the transaction (SQLite does for some errors).
    if (sqlite.inTransaction) {
      if (nested) {
        s.rollbackTo.run();
        s.release.run();
      } else s.rollback.run();
    }
    throw e;
  }
}
