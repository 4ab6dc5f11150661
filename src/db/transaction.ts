// Runs fn in a transaction on the one connection; nested calls become savepoints (bun:sqlite does
// this), so an area's write can join a larger one (e.g. create a conversation and its first message).
import type { Db } from "./client";

export function transaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn)();
}
