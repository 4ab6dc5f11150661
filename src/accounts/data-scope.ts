// Data scope (F4): which records of their enterprise a signed-in person sees. Enterprise scoping is
// src/db/scope.ts's job; this narrows further by the role's scope: own records, those of the
// members of one's groups (工号组), or the whole enterprise's. Every list and every record lookup
// that belongs to a person goes through `canSee` or `scopeFilter`; a record outside the scope is
// answered like a record that does not exist (404).
import { eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import { groupMembers } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { grantOf } from "./roles";
import type { Grant } from "../../common/permissions";
import type { User } from "./users";

/** For the group scope: the person's groups and everyone who shares one with them (themselves included). */
export interface Reach {
  groupIds: readonly string[];
  memberIds: readonly string[];
}

/** A signed-in person: their user row, what their role grants, and how far their data scope reaches. */
export type Member = User & { grant: Grant; reach: Reach };

const NO_REACH: Reach = { groupIds: [], memberIds: [] };

export function reachOf(db: Db, user: Pick<User, "id" | "enterpriseId">): Reach {
  const s = scoped(db, user.enterpriseId);
  const groupIds = s.select(groupMembers, eq(groupMembers.userId, user.id)).all().map((m) => m.groupId);
  if (groupIds.length === 0) return { groupIds, memberIds: [user.id] };
  const memberIds = new Set(s.select(groupMembers, inArray(groupMembers.groupId, groupIds)).all().map((m) => m.userId));
  memberIds.add(user.id);
  return { groupIds, memberIds: [...memberIds] };
}

/** Resolves a user's role and reach; one or two small queries, done once per request or socket. */
export function memberOf(db: Db, user: User): Member {
  const grant = grantOf(db, user);
  return { ...user, grant, reach: grant.scope === "group" ? reachOf(db, user) : NO_REACH };
}

/** What a scoped record says about whose it is. */
export interface Owned {
  /** the person it belongs to (a conversation's agent, a lead's claimer); null: nobody's yet */
  ownerId: string | null;
  /** the group it belongs to, when it has one (a conversation routed to a group) */
  groupId?: string | null;
}

export interface ScopeOptions {
  /** records that belong to nobody yet (a conversation waiting for anyone) are visible to every scope */
  unownedVisible?: boolean;
}

/** May this person see this record of their enterprise? (The caller has already scoped it to the enterprise.) */
export function canSee(member: Pick<Member, "id" | "grant" | "reach">, record: Owned, opts: ScopeOptions = {}): boolean {
  if (member.grant.scope === "enterprise") return true;
  if (record.ownerId === null && opts.unownedVisible) return true;
  if (record.ownerId === member.id) return true;
  if (member.grant.scope === "group")
    return (record.ownerId !== null && member.reach.memberIds.includes(record.ownerId)) || (!!record.groupId && member.reach.groupIds.includes(record.groupId));
  return false;
}

/** The same rule as a SQL condition for list queries; undefined means no narrowing (enterprise scope). */
export function scopeFilter(member: Pick<Member, "id" | "grant" | "reach">, owner: SQLiteColumn, opts: ScopeOptions & { group?: SQLiteColumn } = {}): SQL | undefined {
  if (member.grant.scope === "enterprise") return undefined;
  const conds: (SQL | undefined)[] = [eq(owner, member.id)];
  if (opts.unownedVisible) conds.push(isNull(owner));
  if (member.grant.scope === "group") {
    conds.push(inArray(owner, [...member.reach.memberIds]));
    if (opts.group && member.reach.groupIds.length) conds.push(inArray(opts.group, [...member.reach.groupIds]));
  }
  return or(...conds);
}

/** Looks a record up and refuses it as not found when it is missing or outside the person's scope. */
export function visibleOr404<T>(member: Pick<Member, "id" | "grant" | "reach">, record: T | undefined | null, owned: (r: T) => Owned, opts: ScopeOptions = {}): T {
  if (!record || !canSee(member, owned(record), opts)) throw new UserError("not_found", 404);
  return record;
}
