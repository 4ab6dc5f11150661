// `parley restore FILE`: puts a backup (src/ops/backup.ts) back into a data directory.
//
// Everything is first unpacked into a staging folder inside the target and the database checked
// (PRAGMA integrity_check); only then are the old database and uploads replaced, by renames. A data
// directory whose database a running server has open is refused: SQLite itself says so, because a
// connection in WAL mode holds a shared lock on the file for as long as it is open, so switching the
// file out of WAL mode (which needs the exclusive lock) fails with "database is locked".
import { Database } from "bun:sqlite";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { databasePath } from "../db/client";
import { randomToken } from "../db/ids";
import { migrationsDir } from "../paths";
import { BACKUP_FORMAT, DATABASE_ENTRY, FILE_AREAS, MANIFEST, type Manifest } from "./backup";
import { readTar } from "./tar";

export class RestoreRefused extends Error {}

export interface RestoreResult {
  dataDir: string;
  version: string;
  createdAt: string;
  files: number;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Is a server (or any other process) holding this database open? */
export function databaseInUse(dataDir: string): boolean {
  const path = databasePath(dataDir);
  if (!existsSync(path)) return false;
  const db = new Database(path, { create: false });
  try {
    db.exec("PRAGMA busy_timeout = 0");
    db.query("PRAGMA journal_mode = DELETE").get();
    return false;
  } catch (e) {
    if (/locked|busy/i.test((e as Error).message)) return true;
    throw e;
  } finally {
    db.close();
  }
}

function knownMigrations(): number {
  try {
    return (JSON.parse(readFileSync(join(migrationsDir, "meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Which entries a backup may hold: the manifest, the database and files of the known areas. */
function placeOf(name: string): string | null {
  if (name === MANIFEST || name === DATABASE_ENTRY) return name;
  const [area, file, ...rest] = name.split("/");
  if (rest.length || !file || !(FILE_AREAS as readonly string[]).includes(area!) || !SAFE_NAME.test(file)) return null;
  return `${area}/${file}`;
}

export function restore(file: string, dataDir: string, opts: { force?: boolean } = {}): RestoreResult {
  if (!existsSync(file)) throw new RestoreRefused(`${file} does not exist`);
  if (existsSync(dataDir)) {
    if (databaseInUse(dataDir)) throw new RestoreRefused(`the database in ${dataDir} is in use (is the server running?); stop it first`);
    const present = readdirSync(dataDir).filter((n) => !n.startsWith(".restore-"));
    if (present.length && !opts.force) throw new RestoreRefused(`${dataDir} is not empty; pass --force to replace its data`);
  }
  mkdirSync(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-${randomToken(8)}`);
  mkdirSync(staging);
  try {
    let manifest: Manifest | null = null;
    let files = 0;
    let first = true;
    for (const entry of readTar(file)) {
      if (first && entry.name !== MANIFEST) throw new RestoreRefused(`${file} is not a Parley backup`);
      first = false;
      const place = placeOf(entry.name);
      if (!place) throw new RestoreRefused(`${file} holds an unexpected entry: ${entry.name}`);
      if (place === MANIFEST) {
        manifest = JSON.parse(entry.bytes().toString("utf8")) as Manifest;
        if (manifest.format !== BACKUP_FORMAT) throw new RestoreRefused(`backup format ${manifest.format} is not supported (this Parley reads format ${BACKUP_FORMAT})`);
        if (manifest.migrations > knownMigrations()) throw new RestoreRefused(`the backup was made by a newer Parley (${manifest.version}); upgrade before restoring it`);
        continue;
      }
      if (place !== DATABASE_ENTRY) {
        mkdirSync(join(staging, place.split("/")[0]!), { recursive: true });
        files++;
      }
      const out = openSync(join(staging, place), "wx");
      try {
        entry.copyTo(out);
      } finally {
        closeSync(out);
      }
    }
    if (first) throw new RestoreRefused(`${file} is empty`);
    if (!manifest || !existsSync(join(staging, DATABASE_ENTRY))) throw new RestoreRefused(`${file} holds no database`);
    const check = new Database(join(staging, DATABASE_ENTRY), { create: false });
    try {
      const rows = check.query("PRAGMA integrity_check").all() as { integrity_check: string }[];
      if (rows.length !== 1 || rows[0]!.integrity_check !== "ok") throw new RestoreRefused(`the backup's database is damaged: ${rows.map((r) => r.integrity_check).join("; ").slice(0, 300)}`);
    } finally {
      check.close();
    }
    // Checked again just before the swap: a server may have been started meanwhile.
    if (databaseInUse(dataDir)) throw new RestoreRefused(`the database in ${dataDir} is in use (is the server running?); stop it first`);
    const db = databasePath(dataDir);
    for (const leftover of [db, `${db}-wal`, `${db}-shm`]) rmSync(leftover, { force: true });
    for (const area of FILE_AREAS) rmSync(join(dataDir, area), { recursive: true, force: true });
    renameSync(join(staging, DATABASE_ENTRY), db);
    for (const area of FILE_AREAS) if (existsSync(join(staging, area))) renameSync(join(staging, area), join(dataDir, area));
    return { dataDir, version: manifest.version, createdAt: manifest.createdAt, files };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
