// Roles in the real-time core (F4): which conversations a person sees beyond routing's rule (their
// own, and the waiting ones of sites they serve — fanout.ts). A role with the group or enterprise
// data scope supervises: it sees every conversation in that scope live (welcome snapshot and
// frames), may read it and take it over, the robot's included (enterprise scope: every one; group
// scope: those of the sites their groups serve). The rule itself is src/accounts/data-scope.ts's `canSee`;
// this module applies it to conversations and keeps the grants of connected agents at hand, so
// that fanning a frame out costs no database reads.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { conversations } from "../db/schema";
import { scoped } from "../db/scope";
import { canSee, scopeFilter, type Member } from "../accounts/data-scope";
import { grants } from "../../common/permissions";
import type { Conversation } from "./conversations";

type Viewer = Pick<Member, "id" | "enterpriseId" | "grant" | "reach">;

/**
 * Does this person's scope reach the conversation as a supervisor (beyond their own chats)?
 * `servesSite`: do the person's groups serve the conversation's site (routing knows); it decides
 * for a group scope whether a conversation the robot serves (nobody's yet) is within reach.
 */
export function supervises(viewer: Viewer, c: Conversation, servesSite: () => boolean = () => false): boolean {
  if (viewer.grant.scope === "own" || !grants(viewer.grant, "workspace") || viewer.enterpriseId !== c.enterpriseId) return false;
  if (c.servedByRobot) return viewer.grant.scope === "enterprise" || servesSite();
  return canSee(viewer, { ownerId: c.agentId, groupId: c.groupId });
}

/**
 * The open conversations a person's data scope reaches: their own and waiting ones (routing then
 * narrows the waiting ones to the sites they serve), plus, for supervisors, every other in scope,
 * the robot's included (narrowed the same way).
 */
export function openInScope(db: Db, viewer: Viewer): Conversation[] {
  const robots = viewer.grant.scope === "own" ? eq(conversations.servedByRobot, false) : undefined;
  return scoped(db, viewer.enterpriseId)
    .select(conversations, and(eq(conversations.status, "open"), robots, scopeFilter(viewer, conversations.agentId, { unownedVisible: true, group: conversations.groupId })))
    .all();
}

/**
 * Which of these visitors the person's scope reaches: those with a conversation that is theirs (group:
 * their groups' members' or routed to their groups) or still waiting for anyone. What a visitor told
 * the pre-chat form (name, email), and their customer record's panel, are for those people only, as in
 * the workspace. Enterprise scope: all of them.
 */
export function visitorsInScope(db: Db, viewer: Viewer, visitorIds: readonly string[]): Set<string> {
  if (viewer.grant.scope === "enterprise" || visitorIds.length === 0) return new Set(visitorIds);
  const rows = db
    .selectDistinct({ visitorId: conversations.visitorId })
    .from(conversations)
    .where(and(eq(conversations.enterpriseId, viewer.enterpriseId), inArray(conversations.visitorId, [...visitorIds]), scopeFilter(viewer, conversations.agentId, { unownedVisible: true, group: conversations.groupId })))
    .all();
  return new Set(rows.map((r) => r.visitorId));
}

/** The grants of connected supervisors, by enterprise: who else hears about a conversation. */
export class Supervision {
  private byEnterprise = new Map<string, Map<string, Viewer>>();

  /** `servesSite`: do this person's groups serve the conversation's site (routing's rule) */
  constructor(private servesSite: (viewerId: string, c: Conversation) => boolean = () => false) {}

  /** An agent's socket said hello: supervisors are remembered until their last socket closes. */
  join(viewer: Viewer): void {
    if (viewer.grant.scope === "own") return this.leave(viewer.enterpriseId, viewer.id);
    let m = this.byEnterprise.get(viewer.enterpriseId);
    if (!m) this.byEnterprise.set(viewer.enterpriseId, (m = new Map()));
    m.set(viewer.id, viewer);
  }

  leave(enterpriseId: string, userId: string): void {
    this.byEnterprise.get(enterpriseId)?.delete(userId);
  }

  /** Reads connected supervisors' grant and reach again (groups or roles changed); null drops one. */
  refresh(enterpriseId: string, resolve: (userId: string) => Viewer | null): void {
    for (const id of [...(this.byEnterprise.get(enterpriseId)?.keys() ?? [])]) {
      const v = resolve(id);
      if (v) this.join(v);
      else this.leave(enterpriseId, id);
    }
  }

  /** Connected supervisors who see the conversation. */
  watchers(c: Conversation): string[] {
    const out: string[] = [];
    for (const v of this.byEnterprise.get(c.enterpriseId)?.values() ?? []) if (supervises(v, c, () => this.servesSite(v.id, c))) out.push(v.id);
    return out;
  }

  sees(enterpriseId: string, userId: string, c: Conversation): boolean {
    const v = this.byEnterprise.get(enterpriseId)?.get(userId);
    return !!v && supervises(v, c, () => this.servesSite(userId, c));
  }
}
