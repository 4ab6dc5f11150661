// Roles (角色, F4): the built-in Admin, Supervisor and Agent (permissions.ts) and an enterprise's
// custom roles, each a set of function modules and a data scope.
import { and, asc, count, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { roles, users } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { newId } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { audit, type AuditActor } from "./audit";
import { BUILT_IN_ROLES, isBuiltInRole, isModule, isScope, MODULES, mayGrant, type Grant, type Module, type RoleDef } from "../../common/permissions";

type RoleRow = typeof roles.$inferSelect;

function fromRow(r: RoleRow): RoleDef {
  let modules: unknown = [];
  try {
    modules = JSON.parse(r.modules);
  } catch {}
  // Unknown names (a module since removed) grant nothing.
  const list = Array.isArray(modules) ? MODULES.filter((m) => modules.includes(m)) : [];
  return { id: r.id, name: r.name, builtIn: false, modules: list, scope: r.scope };
}

/** A role of the enterprise by id, built-in or custom. */
export function roleById(db: Db, enterpriseId: string, id: string): RoleDef | undefined {
  if (isBuiltInRole(id)) return BUILT_IN_ROLES[id];
  const row = scoped(db, enterpriseId).select(roles, eq(roles.id, id)).get();
  return row ? fromRow(row) : undefined;
}

/** Built-in roles first, then custom ones by name. */
export function listRoles(db: Db, enterpriseId: string): RoleDef[] {
  const custom = scoped(db, enterpriseId).select(roles).orderBy(asc(roles.name)).all().map(fromRow);
  return [...Object.values(BUILT_IN_ROLES), ...custom];
}

/** What a user's role grants. A role that no longer exists grants nothing (fail closed). */
export function grantOf(db: Db, user: { enterpriseId: string; role: string }): Grant {
  const role = roleById(db, user.enterpriseId, user.role);
  return role ? { roleId: role.id, modules: role.modules, scope: role.scope } : { roleId: user.role, modules: [], scope: "own" };
}

/** A role's display name: built-in names come from the catalogue. */
export function roleName(role: RoleDef, t: (key: string) => string): string {
  return role.builtIn ? t(role.name) : role.name;
}

/** How many users hold each role. */
export function roleHolders(db: Db, enterpriseId: string): Map<string, number> {
  const rows = db.select({ role: users.role, n: count() }).from(users).where(ownedBy(users, enterpriseId)).groupBy(users.role).all();
  return new Map(rows.map((r) => [r.role, r.n]));
}

export interface RoleInput {
  name: unknown;
  modules: unknown;
  scope: unknown;
}

function cleanRole(input: RoleInput): { name: string; modules: Module[]; scope: RoleDef["scope"] } {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 60) throw new UserError("invalid_role_name");
  const given = Array.isArray(input.modules) ? input.modules : typeof input.modules === "string" ? [input.modules] : [];
  if (!given.every(isModule)) throw new UserError("invalid_module");
  if (!isScope(input.scope)) throw new UserError("invalid_scope");
  return { name, modules: MODULES.filter((m) => given.includes(m)), scope: input.scope };
}

function nameTaken(db: Db, enterpriseId: string, name: string, except?: string): boolean {
  const builtIn = Object.values(BUILT_IN_ROLES).some((r) => r.id === name.toLowerCase());
  return builtIn || !!scoped(db, enterpriseId).select(roles, except ? and(eq(roles.name, name), ne(roles.id, except)) : eq(roles.name, name)).get();
}

/** The actor may only create roles that grant no more than they hold themselves. */
export function createRole(db: Db, actor: AuditActor, grant: Grant, input: RoleInput): RoleDef {
  const role = cleanRole(input);
  if (!mayGrant(grant, role)) throw new UserError("role_exceeds_own", 403);
  return transaction(db, () => {
    if (nameTaken(db, actor.enterpriseId, role.name)) throw new UserError("role_name_taken", 409);
    const now = Date.now();
    const id = newId("rol");
    scoped(db, actor.enterpriseId).insert(roles, { id, name: role.name, modules: JSON.stringify(role.modules), scope: role.scope, createdAt: now, updatedAt: now }).run();
    audit(db, actor, "role.created", { type: "role", id, name: role.name }, { modules: role.modules, scope: role.scope });
    return roleById(db, actor.enterpriseId, id)!;
  });
}

/** Custom roles only; the change reaches holders at their next request (and their sockets are closed by the caller). */
export function updateRole(db: Db, actor: AuditActor, grant: Grant, id: string, input: RoleInput): RoleDef {
  const before = customRole(db, actor.enterpriseId, id);
  const role = cleanRole(input);
  if (!mayGrant(grant, before) || !mayGrant(grant, role)) throw new UserError("role_exceeds_own", 403);
  return transaction(db, () => {
    if (nameTaken(db, actor.enterpriseId, role.name, id)) throw new UserError("role_name_taken", 409);
    scoped(db, actor.enterpriseId).update(roles, { name: role.name, modules: JSON.stringify(role.modules), scope: role.scope, updatedAt: Date.now() }, eq(roles.id, id)).run();
    audit(db, actor, "role.updated", { type: "role", id, name: role.name }, { before: { name: before.name, modules: before.modules, scope: before.scope }, after: role });
    return roleById(db, actor.enterpriseId, id)!;
  });
}

/** A role still held by someone cannot be deleted: give them another role first. */
export function deleteRole(db: Db, actor: AuditActor, grant: Grant, id: string): void {
  const role = customRole(db, actor.enterpriseId, id);
  if (!mayGrant(grant, role)) throw new UserError("role_exceeds_own", 403);
  transaction(db, () => {
    if ((roleHolders(db, actor.enterpriseId).get(id) ?? 0) > 0) throw new UserError("role_in_use", 409);
    scoped(db, actor.enterpriseId).delete(roles, eq(roles.id, id)).run();
    audit(db, actor, "role.deleted", { type: "role", id, name: role.name }, { modules: role.modules, scope: role.scope });
  });
}

function customRole(db: Db, enterpriseId: string, id: string): RoleDef {
  if (isBuiltInRole(id)) throw new UserError("role_built_in", 409);
  const role = roleById(db, enterpriseId, id);
  if (!role) throw new UserError("not_found", 404);
  return role;
}
