// The command-line commands (PRODUCT.md "Contracts"). Each prints JSON or a clear error.
import { initCompany } from "../accounts/setup";
import { addUser } from "../accounts/users";
import { audit, commandLine } from "../accounts/audit";
import { listRoles } from "../accounts/roles";
import { enterprises } from "../db/schema";
import { loadConfig, type Config } from "../config";
import { openDatabase, type Db } from "../db/client";
import { runMigrations } from "../db/migrate";
import { UserError } from "../errors";
import { t } from "../i18n";
import { addOperator, operatorCount } from "../platform/operators";
import { VERSION } from "../version";
import type { ParsedArgs } from "./args";

export class UsageError extends Error {}

function need(flags: ParsedArgs["flags"], name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

export function openData(config: Config): Db {
  const db = openDatabase(config.dataDir, config.synchronous);
  runMigrations(db);
  return db;
}

/** Turns a domain error into the English catalogue message for the terminal. */
export function describeError(e: unknown): string {
  if (e instanceof UserError) return t("en", `common.error.${e.code}`, e.params);
  return (e as Error)?.message ?? String(e);
}

export async function init(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  const db = openData(config);
  const company = need(args.flags, "company");
  const email = need(args.flags, "email");
  const password = need(args.flags, "password");
  const name = typeof args.flags.name === "string" ? args.flags.name : undefined;
  const result = await initCompany(db, { company, email, password, adminName: name });
  console.log(JSON.stringify({ ...result, dataDir: config.dataDir }));
  db.$client.close();
}

export async function agentAdd(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  const db = openData(config);
  const ent = db.select().from(enterprises).all();
  if (ent.length === 0) throw new UsageError("the data directory is not initialised: run `parley init` first");
  if (ent.length > 1) throw new UsageError("this is a platform install with several enterprises; add agents in the admin console");
  const cap = args.flags.cap === undefined ? undefined : Number(args.flags.cap);
  // A built-in role id (admin, supervisor, agent) or a custom role's id or name.
  const given = typeof args.flags.role === "string" ? args.flags.role : "agent";
  const role = listRoles(db, ent[0]!.id).find((r) => r.id === given || (!r.builtIn && r.name === given))?.id ?? given;
  const user = await addUser(db, ent[0]!.id, { email: need(args.flags, "email"), password: need(args.flags, "password"), name: need(args.flags, "name"), role, cap });
  audit(db, commandLine(user.enterpriseId), "seat.added", { type: "seat", id: user.id, name: `${user.name} <${user.email}>` }, { role: user.role, cap: user.cap });
  console.log(JSON.stringify({ id: user.id, email: user.email, name: user.name, role: user.role, cap: user.cap, seatState: user.seatState, enterpriseId: user.enterpriseId }));
  db.$client.close();
}

/** Platform mode: an operator who runs the install; prints the TOTP secret to enrol an authenticator. */
export async function operatorAdd(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  const db = openData(config);
  const name = typeof args.flags.name === "string" ? args.flags.name : undefined;
  const op = await addOperator(db, { email: need(args.flags, "email"), password: need(args.flags, "password"), name });
  console.log(JSON.stringify({ id: op.id, email: op.email, name: op.name, totpSecret: op.totpSecret }));
  db.$client.close();
}

export function version() {
  console.log(VERSION);
}
