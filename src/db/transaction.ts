// Runs fn in a transaction on the one connection; nested calls become savepoints, so an area's
// write can join a larger one (e.g. create a conversation and its first message, or the socket
// layer's group commit). bun:sqlite's db.transaction(fn) does the same but builds its wrappers on
// every call, which the per-message hot path felt; these statements are prepared once.
import type { Database, Statement } from "bun:sqlite";
import type { Db } from "./client";

interface Statements {
  begin: Statement;
  beginImmediate: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

const prepared = new WeakMap<Database, Statements>();
const rollbackHooks = new WeakMap<Database, Set<() => void>>();

/**
 * Runs `forget` whenever work on this connection is rolled back (a savepoint or a whole
 * transaction): for what is kept in memory about rows that may have just been undone.
 */
export function onRollback(db: Db, forget: () => void): void {
  let hooks = rollbackHooks.get(db.$client);
  if (!hooks) rollbackHooks.set(db.$client, (hooks = new Set()));
  hooks.add(forget);
}

/**
 * Rolls back the open transaction (unless a failed statement already ended it: SQLite does for
 * some errors) and tells onRollback's listeners.
 */
export function rollback(db: Db): void {
  const sqlite = db.$client;
  try {
    if (sqlite.inTransaction) statementsOf(sqlite).rollback.run();
  } finally {
    rolledBack(sqlite);
  }
}

/** Undoes the innermost savepoint (if SQLite has not ended the whole transaction already) and tells onRollback's listeners. */
function undoSavepoint(sqlite: Database, s: Statements): void {
  try {
    if (sqlite.inTransaction) {
      s.rollbackTo.run();
      s.release.run();
    }
  } finally {
    rolledBack(sqlite);
  }
}

function rolledBack(sqlite: Database): void {
  for (const forget of rollbackHooks.get(sqlite) ?? []) forget();
}

function statementsOf(sqlite: Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      begin: sqlite.prepare("BEGIN"),
      beginImmediate: sqlite.prepare("BEGIN IMMEDIATE"),
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

/**
 * `immediate`: take the write lock at BEGIN (BEGIN IMMEDIATE), so that what fn reads cannot be
 * changed by another connection (the command line, a second process) before fn writes: for money
 * (src/billing/ledger.ts). Nested, it is a savepoint of the outer transaction as always.
 */
export function transaction<T>(db: Db, fn: () => T, opts: { immediate?: boolean } = {}): T {
  const sqlite = db.$client;
  const s = statementsOf(sqlite);
  const nested = sqlite.inTransaction;
  (nested ? s.savepoint : opts.immediate ? s.beginImmediate : s.begin).run();
  try {
    const result = fn();
    (nested ? s.release : s.commit).run();
    return result;
  } catch (e) {
    if (nested) undoSavepoint(sqlite, s);
    else rollback(db);
    throw e;
  }
}
