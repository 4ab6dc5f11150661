// Runs fn in a transaction on the one connection; nested calls become savepoints, so an area's
// write can join a larger one (e.g. create a conversation and its first message, or the socket
// layer's group commit). bun:sqlite's db.transaction(fn) does the same but builds its wrappers on
// every call, which the per-message hot path felt; these statements are prepared once.
import type { Database, Statement } from "bun:sqlite";
import type { Db } from "./client";
import { log } from "../log";
import { onePer } from "../one-per";

interface Statements {
  begin: Statement;
  beginImmediate: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

/** what onRollback was given, per connection */
const rollbackHooksOf = onePer((_sqlite: Database) => new Set<() => void>());
// The two maps below are replaced or removed as transactions end, so they are WeakMaps of their own, not onePer.
/** work waiting for the open transaction to commit, in order (src/events: subscribers see only committed facts) */
const commitQueues = new WeakMap<Database, (() => void)[]>();
/** per open savepoint, the length of the commit queue when it began: undoing it drops what it queued */
const savepointMarks = new WeakMap<Database, number[]>();

/**
 * Runs `fn` once the open transaction (the outermost one) has committed, or at once when none is
 * open (the statement that wrote has committed already). Dropped if the work is rolled back, the
 * savepoint's own share when only a savepoint is undone. `fn` must not throw: it is logged if it does.
 */
export function afterCommit(db: Db, fn: () => void): void {
  const sqlite = db.$client;
  if (!sqlite.inTransaction) return runSafely(fn);
  let queue = commitQueues.get(sqlite);
  if (!queue) commitQueues.set(sqlite, (queue = []));
  queue.push(fn);
}

/**
 * The outermost transaction committed: runs what afterCommit queued. transaction() calls it; so does
 * any code that commits with its own BEGIN/COMMIT (src/chat/group-commit.ts).
 */
export function committed(db: Db): void {
  const sqlite = db.$client;
  const queue = commitQueues.get(sqlite);
  savepointMarks.delete(sqlite);
  if (!queue?.length) return;
  commitQueues.set(sqlite, []);
  for (const fn of queue) runSafely(fn);
}

function runSafely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error("after-commit work failed", { error: e });
  }
}

/**
 * Runs `forget` whenever work on this connection is rolled back (a savepoint or a whole
 * transaction): for what is kept in memory about rows that may have just been undone.
 */
export function onRollback(db: Db, forget: () => void): void {
  rollbackHooksOf(db.$client).add(forget);
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
    rolledBack(sqlite, sqlite.inTransaction);
  }
}

function rolledBack(sqlite: Database, savepoint = false): void {
  const queue = commitQueues.get(sqlite);
  if (queue?.length) queue.length = savepoint ? Math.min(queue.length, savepointMarks.get(sqlite)?.at(-1) ?? queue.length) : 0;
  if (!savepoint) savepointMarks.delete(sqlite);
  for (const forget of rollbackHooksOf(sqlite)) forget();
}

/** Prepared once per connection. */
const statementsOf = onePer(
  (sqlite: Database): Statements => ({
    begin: sqlite.prepare("BEGIN"),
    beginImmediate: sqlite.prepare("BEGIN IMMEDIATE"),
    commit: sqlite.prepare("COMMIT"),
    rollback: sqlite.prepare("ROLLBACK"),
    savepoint: sqlite.prepare("SAVEPOINT nested"),
    release: sqlite.prepare("RELEASE nested"),
    rollbackTo: sqlite.prepare("ROLLBACK TO nested"),
  }),
);

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
  let marks: number[] | undefined;
  if (nested) {
    marks = savepointMarks.get(sqlite);
    if (!marks) savepointMarks.set(sqlite, (marks = []));
    marks.push(commitQueues.get(sqlite)?.length ?? 0);
  }
  try {
    const result = fn();
    (nested ? s.release : s.commit).run();
    if (!nested) committed(db);
    return result;
  } catch (e) {
    if (nested) undoSavepoint(sqlite, s);
    else rollback(db);
    throw e;
  } finally {
    marks?.pop();
  }
}
