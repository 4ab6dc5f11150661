// The operations commands: backup and restore of a data directory (docs/operations.md).
import { loadConfig } from "../config";
import { backup } from "../ops/backup";
import { restore } from "../ops/restore";
import type { ParsedArgs } from "./args";
import { UsageError } from "./commands";

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
