// The operations commands: backup and restore of a data directory (docs/operations.md), API tokens (docs/api.md).
import { audit, commandLine } from "../accounts/audit";
import { createToken, TOKEN_MODULES } from "../api/tokens";
import { loadConfig } from "../config";
import { openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import { backup } from "../ops/backup";
import { restore } from "../ops/restore";
import type { ParsedArgs } from "./args";
import { UsageError } from "./commands";
import { enterpriseOf } from "./robot-commands";
import { DAY_MS } from "../../common/time";

function fileArg(args: ParsedArgs, command: string): string {
  const file = args.positionals[1];
  if (!file) throw new UsageError(`parley ${command} needs a FILE: parley ${command} FILE [--data DIR]`);
  return file;
}

export function backupCommand(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  console.log(JSON.stringify(backup(config.dataDir, fileArg(args, "backup"))));
}

export function restoreCommand(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  console.log(JSON.stringify(restore(fileArg(args, "restore"), config.dataDir, { force: args.flags.force === true })));
}

/** `parley token add --name N [--modules m1,m2] [--expires-days N]`: every module when --modules is not given. */
export function tokenAdd(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  const name = args.flags.name;
  if (typeof name !== "string" || !name) throw new UsageError("--name is required");
  const raw = args.flags.modules;
  if (raw === true) throw new UsageError(`--modules takes a comma-separated list of: ${TOKEN_MODULES.join(", ")}`);
  const modules = typeof raw === "string" ? raw.split(",").map((m) => m.trim()).filter(Boolean) : [...TOKEN_MODULES];
  let expiresAt: number | null = null;
  if (args.flags["expires-days"] !== undefined) {
    const days = Number(args.flags["expires-days"]);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError("--expires-days must be a whole number from 1 to 3650");
    expiresAt = Date.now() + days * DAY_MS;
  }
  const db = openDatabase(config.dataDir, config.synchronous);
  try {
    runMigrations(db);
    const enterpriseId = enterpriseOf(db, args);
    const { token, info } = createToken(db, enterpriseId, { name, modules, expiresAt });
    audit(db, commandLine(enterpriseId), "api_token.created", { type: "api_token", id: info.id, name: info.name }, { modules: info.modules, expiresAt: info.expiresAt });
    console.log(JSON.stringify({ token, id: info.id, name: info.name, modules: info.modules, expiresAt: info.expiresAt, enterpriseId }));
  } finally {
    db.$client.close();
  }
}
