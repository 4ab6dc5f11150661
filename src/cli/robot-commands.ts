// `parley kb import|export` and `parley robot ask` (PRODUCT.md "Contracts"): the knowledge base as a
// file, and the robot's decision on one text, for scripts and for checking a knowledge base.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadConfig } from "../config";
import { openDatabase, type Db } from "../db/client";
import { runMigrations } from "../db/migrate";
import { enterprises } from "../db/schema";
import { t } from "../i18n";
import { detectFormat, placeLabel, type Format } from "../robot/exchange";
import { robotService } from "../robot/service";
import type { ParsedArgs } from "./args";
import { UsageError } from "./commands";

function open(args: ParsedArgs): Db {
  const config = loadConfig(args.flags);
  const db = openDatabase(config.dataDir, config.synchronous);
  runMigrations(db);
  return db;
}

/** The enterprise the command works on: the only one, or the one --enterprise names. */
export function enterpriseOf(db: Db, args: ParsedArgs): string {
  const all = db.select({ id: enterprises.id }).from(enterprises).all();
  if (all.length === 0) throw new UsageError("the data directory is not initialised: run `parley init` first");
  const wanted = args.flags.enterprise;
  if (typeof wanted === "string") {
    if (!all.some((e) => e.id === wanted)) throw new UsageError(`no enterprise with id ${wanted}`);
    return wanted;
  }
  if (all.length > 1) throw new UsageError("this install has several enterprises: name one with --enterprise ID");
  return all[0]!.id;
}

function formatFlag(args: ParsedArgs): Format | undefined {
  const f = args.flags.format;
  if (f === undefined) return undefined;
  if (f !== "json" && f !== "csv") throw new UsageError("--format must be json or csv");
  return f;
}

export function kbImport(args: ParsedArgs): void {
  const file = args.positionals[2];
  if (!file) throw new UsageError("name the file to import: parley kb import FILE");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const db = open(args);
  try {
    const result = robotService(db).importFile(enterpriseOf(db, args), text, formatFlag(args) ?? detectFormat(basename(file), text));
    if (result.rejected.length) {
      for (const r of result.rejected) console.error(`${r.line ? `line ${placeLabel(r)}` : basename(file)}: ${t("en", r.problem.key, r.problem.params)}`);
      throw new Error(`nothing was imported: ${result.rejected.length} ${result.rejected.length === 1 ? "problem" : "problems"} in ${basename(file)}`);
    }
    console.log(JSON.stringify({ created: result.created, updated: result.updated }));
  } finally {
    db.$client.close();
  }
}

export function kbExport(args: ParsedArgs): void {
  const db = open(args);
  try {
    process.stdout.write(robotService(db).exportFile(enterpriseOf(db, args), formatFlag(args) ?? "json"));
  } finally {
    db.$client.close();
  }
}

export function robotAsk(args: ParsedArgs): void {
  const text = args.positionals.slice(2).join(" ");
  if (!text.trim()) throw new UsageError('give the text to ask: parley robot ask "TEXT"');
  const db = open(args);
  try {
    console.log(JSON.stringify(robotService(db).ask(enterpriseOf(db, args), text)));
  } finally {
    db.$client.close();
  }
}
