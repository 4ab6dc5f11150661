// Agent groups (工号组), their members, and which groups serve each site in what order.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { agentGroups, conversations, groupMembers, siteGroups, sites, users } from "../db/schema";
import { scoped } from "../db/scope";
import { newId } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";

export type Group = typeof agentGroups.$inferSelect;

function cleanName(name: unknown): string {
  const n = typeof name === "string" ? name.trim() : "";
  if (!n || n.length > 80) throw new UserError("invalid_name");
  return n;
}

export function listGroups(db: Db, enterpriseId: string): Group[] {
  return scoped(db, enterpriseId).select(agentGroups).orderBy(asc(agentGroups.name)).all();
}

export function getGroup(db: Db, enterpriseId: string, id: string): Group | undefined {
  return scoped(db, enterpriseId).select(agentGroups, eq(agentGroups.id, id)).get();
}

export function createGroup(db: Db, enterpriseId: string, name: unknown): Group {
  const row = { id: newId("grp"), name: cleanName(name), createdAt: Date.now() };
  scoped(db, enterpriseId).insert(agentGroups, row).run();
  return getGroup(db, enterpriseId, row.id)!;
}

export function renameGroup(db: Db, enterpriseId: string, id: string, name: unknown): void {
  if (!getGroup(db, enterpriseId, id)) throw new UserError("not_found", 404);
  scoped(db, enterpriseId).update(agentGroups, { name: cleanName(name) }, eq(agentGroups.id, id)).run();
}

/** Deletes a group; conversations transferred to it that still wait go back to their site's queue. */
export function deleteGroup(db: Db, enterpriseId: string, id: string): void {
  if (!getGroup(db, enterpriseId, id)) throw new UserError("not_found", 404);
  const s = scoped(db, enterpriseId);
  transaction(db, () => {
    s.update(conversations, { groupId: null }, and(eq(conversations.groupId, id), eq(conversations.status, "open"))).run();
    s.delete(agentGroups, eq(agentGroups.id, id)).run();
  });
}

/** Replaces a group's members; every id must be a user of the enterprise. */
export function setGroupMembers(db: Db, enterpriseId: string, groupId: string, userIds: string[]): void {
  if (!getGroup(db, enterpriseId, groupId)) throw new UserError("not_found", 404);
  const ids = [...new Set(userIds)];
  const known = ids.length ? scoped(db, enterpriseId).select(users, inArray(users.id, ids)).all().length : 0;
  if (known !== ids.length) throw new UserError("not_found", 404);
  const s = scoped(db, enterpriseId);
  transaction(db, () => {
    s.delete(groupMembers, eq(groupMembers.groupId, groupId)).run();
    for (const userId of ids) s.insert(groupMembers, { groupId, userId }).run();
  });
}

/** Replaces the groups that serve a site, in the given order. */
export function setSiteGroups(db: Db, enterpriseId: string, siteId: string, groupIds: string[]): void {
  const s = scoped(db, enterpriseId);
  if (!s.select(sites, eq(sites.id, siteId)).get()) throw new UserError("not_found", 404);
  const ids = [...new Set(groupIds)];
  if (ids.some((g) => !getGroup(db, enterpriseId, g))) throw new UserError("not_found", 404);
  transaction(db, () => {
    s.delete(siteGroups, eq(siteGroups.siteId, siteId)).run();
    ids.forEach((groupId, position) => s.insert(siteGroups, { siteId, groupId, position }).run());
  });
}

/** userId → the groups they belong to. */
export function membershipsByUser(db: Db, enterpriseId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of scoped(db, enterpriseId).select(groupMembers).all()) {
    const list = out.get(m.userId) ?? [];
    list.push(m.groupId);
    out.set(m.userId, list);
  }
  return out;
}

export function membersOf(db: Db, enterpriseId: string, groupId: string): string[] {
  return scoped(db, enterpriseId).select(groupMembers, eq(groupMembers.groupId, groupId)).all().map((m) => m.userId);
}

/** siteId → its groups in routing order. */
export function siteGroupOrder(db: Db, enterpriseId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = scoped(db, enterpriseId).select(siteGroups).orderBy(asc(siteGroups.siteId), asc(siteGroups.position)).all();
  for (const r of rows) {
    const list = out.get(r.siteId) ?? [];
    list.push(r.groupId);
    out.set(r.siteId, list);
  }
  return out;
}

export function groupsOfSite(db: Db, enterpriseId: string, siteId: string): string[] {
  return scoped(db, enterpriseId)
    .select(siteGroups, and(eq(siteGroups.siteId, siteId)))
    .orderBy(asc(siteGroups.position))
    .all()
    .map((r) => r.groupId);
}
