// `parley backup FILE`: a consistent copy of a data directory, taken while the server runs.
//
// The database is copied with `VACUUM INTO`, which reads one snapshot of it (a WAL read
// transaction: the server keeps writing meanwhile) into a compact new file. The uploads are copied
// after it: files are written before the rows that name them are committed and never change, so
// every file the snapshot refers to already exists; files newer than the snapshot come along as
// harmless orphans. The result is one tar archive (docs/operations.md describes its layout).
import { Database } from "bun:sqlite";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { databasePath } from "../db/client";
import { randomToken } from "../db/ids";
import { VERSION } from "../version";
import { TarWriter } from "./tar";

export const MANIFEST = "parley-backup.json";
export const DATABASE_ENTRY = "parley.sqlite";
/** the folders of the data directory that hold uploaded files (src/files/store.ts) */
export const FILE_AREAS = ["attachments", "public"] as const;
export const BACKUP_FORMAT = 1;

export interface Manifest {
  format: number;
  version: string;
  createdAt: string;
  /** migrations applied to the copied database: a binary that knows fewer cannot open it */
  migrations: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  databaseBytes: number;
  files: number;
  migrations: number;
}

export function appliedMigrations(db: Database): number {
  try {
    return (db.query("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
  } catch {
    return 0;
  }
}

export function backup(dataDir: string, file: string, now = new Date()): BackupResult {
  const target = resolve(file);
  const dbPath = databasePath(dataDir);
  if (!existsSync(dbPath)) throw new Error(`no Parley database in ${dataDir}`);
  if (existsSync(target)) throw new Error(`${target} already exists; choose another name`);
  // Temporary files sit beside the target, so the final rename is atomic and a failed backup never
  // leaves a half-written archive under the requested name.
  const tag = `.${basename(target)}.${randomToken(8)}`;
  const dbCopy = join(dirname(target), `${tag}.sqlite`);
  const partial = join(dirname(target), `${tag}.partial`);
  try {
    const source = new Database(dbPath, { readonly: false, create: false, strict: true });
    let migrations = 0;
    try {
      source.exec("PRAGMA busy_timeout = 10000");
      migrations = appliedMigrations(source);
      source.query("VACUUM INTO ?").run(dbCopy);
    } finally {
      source.close();
    }
    const manifest: Manifest = { format: BACKUP_FORMAT, version: VERSION, createdAt: now.toISOString(), migrations };
    const tar = new TarWriter(partial);
    let files = 0;
    try {
      tar.addBytes(MANIFEST, new TextEncoder().encode(JSON.stringify(manifest, null, 2)), now.getTime());
      tar.addFile(DATABASE_ENTRY, dbCopy);
      for (const area of FILE_AREAS) {
        const dir = join(dataDir, area);
        if (!existsSync(dir)) continue;
        const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
        for (const name of names) if (tar.addFile(`${area}/${name}`, join(dir, name))) files++;
      }
    } finally {
      tar.close();
    }
    const databaseBytes = statSync(dbCopy).size;
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, databaseBytes, files, migrations };
  } finally {
    rmSync(dbCopy, { force: true });
    rmSync(partial, { force: true });
  }
}
