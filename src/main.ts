#!/usr/bin/env bun
// The parley command: parse, dispatch, and turn failures into one clear line and an exit code.
import { parseArgs } from "./cli/args";
import { agentAdd, describeError, init, operatorAdd, UsageError, version } from "./cli/commands";
import { serve } from "./cli/serve";
import { HELP } from "./cli/help";
import { kbExport, kbImport, robotAsk } from "./cli/robot-commands";
import { backupCommand, restoreCommand, tokenAdd } from "./cli/ops-commands";
import { billingCheck } from "./cli/billing-commands";

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const [command, sub] = args.positionals;
  if (args.flags.version && !command) return version();
  if (args.flags.help || !command || command === "help") return void console.log(HELP);
  switch (command) {
    case "serve":
      await serve(args);
      return;
    case "init":
      return init(args);
    case "agent":
      if (sub === "add") return agentAdd(args);
      throw new UsageError(`unknown agent command: ${sub ?? "(none)"}; try: parley agent add`);
    case "operator":
      if (sub === "add") return operatorAdd(args);
      throw new UsageError(`unknown operator command: ${sub ?? "(none)"}; try: parley operator add`);
    case "kb":
      if (sub === "import") return kbImport(args);
      if (sub === "export") return kbExport(args);
      throw new UsageError(`unknown kb command: ${sub ?? "(none)"}; try: parley kb import FILE, parley kb export`);
    case "robot":
      if (sub === "ask") return robotAsk(args);
      throw new UsageError(`unknown robot command: ${sub ?? "(none)"}; try: parley robot ask "TEXT"`);
    case "token":
      if (sub === "add") return tokenAdd(args);
      throw new UsageError(`unknown token command: ${sub ?? "(none)"}; try: parley token add --name N`);
    case "billing":
      if (sub === "check") return billingCheck(args);
      throw new UsageError(`unknown billing command: ${sub ?? "(none)"}; try: parley billing check`);
    case "backup":
      return backupCommand(args);
    case "restore":
      return restoreCommand(args);
    case "version":
      return version();
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`parley: ${describeError(e)}`);
  if (e instanceof UsageError) console.error("Run `parley --help` for usage.");
  process.exit(e instanceof UsageError ? 2 : 1);
});
