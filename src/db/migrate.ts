// Applies drizzle-kit's migrations (embedded in the executable) at start-up.
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { migrationsDir } from "../paths";
import type { Db } from "./client";

export function runMigrations(db: Db): void {
  migrate(db, { migrationsFolder: migrationsDir });
}
