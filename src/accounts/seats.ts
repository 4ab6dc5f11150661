// Seats (工号, F3): an admin adds an agent, who verifies themselves through a personal link (set a
// password and display name); the admin then activates the seat. States:
//
//   invited ──(agent opens the link)──▶ verified ──(admin activates)──▶ active ◀──▶ disabled
//      ▲                                                                  │
//      └──────────────(admin resets the password: a new link)─────────────┘
//
// Only active seats sign in and receive visitors. Leaving `active` ends the seat's sessions and
// sockets and hands its open conversations on (the chat core's handOverConversationsOf).
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { groupMembers, seatLinks, userTotp, users } from "../db/schema";
import { seatRefusal } from "../platform/plan";
import { getGroup } from "../routing/groups";
import { scoped } from "../db/scope";
import { newId, randomToken, sha256 } from "../db/ids";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { audit, type AuditActor } from "./audit";
import { canSee, type Member } from "./data-scope";
import { mayGrant } from "../../common/permissions";
import { hashPassword, passwordProblem } from "./passwords";
import { roleById } from "./roles";
import { revokeUserSessions } from "./sessions";
import { findUserByEmail, getUser, normaliseEmail, type User } from "./users";
import { DAY_MS } from "../../common/time";

export type SeatState = User["seatState"];
export type SeatLink = typeof seatLinks.$inferSelect;

/**
 * May the enterprise add (or open) one more seat? The plan module decides (src/platform/plan.ts):
 * unlimited in company mode; in platform mode a trial enterprise may not (seed FAQ 2).
 */
function requireSeatAllowed(app: AppContext, enterpriseId: string): void {
  const refusal = seatRefusal(app.config.mode, app.db, enterpriseId);
  if (refusal) throw refusal;
}

const seatTarget = (u: User) => ({ type: "seat", id: u.id, name: `${u.name} <${u.email}>` });

/**
 * The seat an actor may manage: in their data scope (else it does not exist for them: 404), holding
 * a role that grants no more than theirs (403), and not their own (403: nobody locks themselves out).
 */
export function manageableSeat(db: Db, actor: Member, userId: string, opts: { self?: boolean } = {}): User {
  const seat = getUser(db, actor.enterpriseId, userId);
  if (!seat || !canSee(actor, { ownerId: seat.id })) throw new UserError("not_found", 404);
  if (!opts.self && seat.id === actor.id) throw new UserError("own_seat", 403);
  const role = roleById(db, seat.enterpriseId, seat.role);
  if (role && !mayGrant(actor.grant, role)) throw new UserError("role_exceeds_own", 403);
  return seat;
}

function cleanCap(cap: unknown): number {
  const n = typeof cap === "string" && cap.trim() !== "" ? Number(cap) : typeof cap === "number" ? cap : 5;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UserError("invalid_cap");
  return n;
}

function grantableRole(db: Db, actor: Member, roleId: unknown) {
  const role = typeof roleId === "string" ? roleById(db, actor.enterpriseId, roleId) : undefined;
  if (!role) throw new UserError("invalid_role");
  if (!mayGrant(actor.grant, role)) throw new UserError("role_exceeds_own", 403);
  return role;
}

// ---- verification links --------------------------------------------------------

/** Creates a link for the seat and revokes any earlier unused one. Returns the token (shown once). */
function newLink(db: Db, actor: AuditActor, seat: User, purpose: SeatLink["purpose"], days: number): string {
  const token = randomToken(32);
  const now = Date.now();
  const s = scoped(db, seat.enterpriseId);
  s.update(seatLinks, { revokedAt: now }, and(eq(seatLinks.userId, seat.id), isNull(seatLinks.usedAt), isNull(seatLinks.revokedAt))).run();
  s.insert(seatLinks, { id: newId("lnk"), userId: seat.id, tokenHash: sha256(token), purpose, createdBy: actor.id, createdAt: now, expiresAt: now + days * DAY_MS }).run();
  audit(db, actor, "seat.link_issued", seatTarget(seat), { purpose, expiresAt: now + days * DAY_MS });
  return token;
}

export function linkUrl(origin: string, token: string): string {
  return `${origin}/verify/${token}`;
}

/** The seat's link that still works, if any (for the agents page: "a link is out, valid until …"). */
export function openLink(db: Db, enterpriseId: string, userId: string): SeatLink | undefined {
  return scoped(db, enterpriseId)
    .select(seatLinks, and(eq(seatLinks.userId, userId), isNull(seatLinks.usedAt), isNull(seatLinks.revokedAt)))
    .all()
    .find((l) => l.expiresAt > Date.now());
}

export type LinkCheck = { ok: true; link: SeatLink; seat: User } | { ok: false; reason: "unknown" | "used" | "revoked" | "expired" };

/** What a token from a link is worth. Lookup is by hash across enterprises: the token is the credential. */
export function checkLink(db: Db, token: string): LinkCheck {
  if (typeof token !== "string" || token.length < 16 || token.length > 128) return { ok: false, reason: "unknown" };
  const link = db.select().from(seatLinks).where(eq(seatLinks.tokenHash, sha256(token))).get();
  if (!link) return { ok: false, reason: "unknown" };
  if (link.usedAt) return { ok: false, reason: "used" };
  if (link.revokedAt) return { ok: false, reason: "revoked" };
  if (link.expiresAt <= Date.now()) return { ok: false, reason: "expired" };
  const seat = getUser(db, link.enterpriseId, link.userId);
  if (!seat || seat.seatState !== "invited") return { ok: false, reason: "used" };
  return { ok: true, link, seat };
}

/** The agent completes their link: password and display name; the seat becomes verified. */
export async function completeVerification(db: Db, token: string, input: { password: unknown; name: unknown }): Promise<User> {
  const first = checkLink(db, token);
  if (!first.ok) throw new UserError(first.reason === "unknown" ? "not_found" : "link_unusable", first.reason === "unknown" ? 404 : 410);
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 80) throw new UserError("invalid_name");
  const password = typeof input.password === "string" ? input.password : "";
  const problem = passwordProblem(password, { email: first.seat.email });
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(password);
  return transaction(db, () => {
    // Checked again inside the write: a link works once, even when two tabs submit together.
    const again = checkLink(db, token);
    if (!again.ok) throw new UserError("link_unusable", 410);
    const { link, seat } = again;
    const now = Date.now();
    const s = scoped(db, seat.enterpriseId);
    s.update(seatLinks, { usedAt: now }, eq(seatLinks.id, link.id)).run();
    s.update(users, { passwordHash, name, seatState: "verified", passwordChangedAt: now }, eq(users.id, seat.id)).run();
    audit(db, { id: seat.id, name, enterpriseId: seat.enterpriseId }, "seat.verified", seatTarget({ ...seat, name }), { purpose: link.purpose });
    return getUser(db, seat.enterpriseId, seat.id)!;
  });
}

// ---- the admin's actions -----------------------------------------------------------

export interface InviteInput {
  name: unknown;
  email: unknown;
  cap?: unknown;
  role?: unknown;
  /** ids of agent groups (工号组) the new agent joins */
  groups?: unknown;
}

/** Adds an invited seat and its first link. Returns the seat and the link's token. */
export function inviteSeat(app: AppContext, actor: Member, input: InviteInput): { seat: User; token: string } {
  const db = app.db;
  requireSeatAllowed(app, actor.enterpriseId);
  const email = normaliseEmail(input.email);
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 80) throw new UserError("invalid_name");
  const cap = cleanCap(input.cap);
  const role = grantableRole(db, actor, input.role ?? "agent");
  const groupIds = [...new Set(Array.isArray(input.groups) ? input.groups : typeof input.groups === "string" && input.groups ? [input.groups] : [])];
  if (groupIds.some((g) => typeof g !== "string" || !getGroup(db, actor.enterpriseId, g))) throw new UserError("not_found", 404);
  return transaction(db, () => {
    if (findUserByEmail(db, email)) throw new UserError("email_taken", 409);
    const now = Date.now();
    const id = newId("usr");
    scoped(db, actor.enterpriseId)
      .insert(users, { id, email, name, passwordHash: "", role: role.id, cap, seatState: "invited", status: "offline", createdAt: now, passwordChangedAt: now })
      .run();
    for (const groupId of groupIds as string[]) scoped(db, actor.enterpriseId).insert(groupMembers, { groupId, userId: id }).run();
    const seat = getUser(db, actor.enterpriseId, id)!;
    audit(db, actor, "seat.invited", seatTarget(seat), { role: role.id, cap, groups: groupIds });
    return { seat, token: newLink(db, actor, seat, "invite", app.config.inviteDays) };
  });
}

/** A new link for a seat still waiting for verification (the old one stops working). */
export function reissueLink(app: AppContext, actor: Member, userId: string): { seat: User; token: string } {
  const seat = manageableSeat(app.db, actor, userId);
  if (seat.seatState !== "invited") throw new UserError("seat_state", 409);
  return transaction(app.db, () => ({ seat, token: newLink(app.db, actor, seat, "invite", app.config.inviteDays) }));
}

export function revokeLink(app: AppContext, actor: Member, userId: string): User {
  const seat = manageableSeat(app.db, actor, userId);
  const open = and(eq(seatLinks.userId, seat.id), isNull(seatLinks.usedAt), isNull(seatLinks.revokedAt));
  transaction(app.db, () => {
    const s = scoped(app.db, seat.enterpriseId);
    if (!s.select(seatLinks, open).get()) return;
    s.update(seatLinks, { revokedAt: Date.now() }, open).run();
    audit(app.db, actor, "seat.link_revoked", seatTarget(seat));
  });
  return seat;
}

/** verified → active, and disabled → active. */
export function activateSeat(app: AppContext, actor: Member, userId: string): User {
  const seat = manageableSeat(app.db, actor, userId);
  if (seat.seatState !== "verified" && seat.seatState !== "disabled") throw new UserError("seat_state", 409);
  requireSeatAllowed(app, seat.enterpriseId);
  transaction(app.db, () => {
    scoped(app.db, seat.enterpriseId).update(users, { seatState: "active" }, eq(users.id, seat.id)).run();
    audit(app.db, actor, seat.seatState === "verified" ? "seat.activated" : "seat.enabled", seatTarget(seat), { from: seat.seatState });
  });
  app.chat.capacityChanged(seat.enterpriseId); // routing reads its seats again
  return getUser(app.db, seat.enterpriseId, seat.id)!;
}

/** Ends what an active seat has running: sessions, sockets, and its conversations go elsewhere. */
function endSeatActivity(app: AppContext, seat: User): void {
  revokeUserSessions(app.db, seat.id);
  app.chat.closeAgentSockets(seat.id);
  app.chat.capacityChanged(seat.enterpriseId); // routing forgets the seat before handing its chats on
  app.chat.handOverConversationsOf(seat.enterpriseId, seat.id);
}

/** active (or verified) → disabled. */
export function disableSeat(app: AppContext, actor: Member, userId: string): User {
  const seat = manageableSeat(app.db, actor, userId);
  if (seat.seatState !== "active" && seat.seatState !== "verified") throw new UserError("seat_state", 409);
  transaction(app.db, () => {
    scoped(app.db, seat.enterpriseId).update(users, { seatState: "disabled", status: "offline" }, eq(users.id, seat.id)).run();
    audit(app.db, actor, "seat.disabled", seatTarget(seat), { from: seat.seatState });
  });
  endSeatActivity(app, seat);
  return getUser(app.db, seat.enterpriseId, seat.id)!;
}

/**
 * The admin resets a password: the old one stops working, the seat needs verification again (a new
 * link), its sessions end, and its second factor is removed (a lost phone is a common reason).
 */
export function resetSeatPassword(app: AppContext, actor: Member, userId: string): { seat: User; token: string } {
  const seat = manageableSeat(app.db, actor, userId);
  const result = transaction(app.db, () => {
    const s = scoped(app.db, seat.enterpriseId);
    s.update(users, { passwordHash: "", seatState: "invited", status: "offline", passwordChangedAt: Date.now() }, eq(users.id, seat.id)).run();
    s.delete(userTotp, eq(userTotp.userId, seat.id)).run();
    audit(app.db, actor, "seat.password_reset", seatTarget(seat), { from: seat.seatState });
    return { seat: getUser(app.db, seat.enterpriseId, seat.id)!, token: newLink(app.db, actor, seat, "reset", app.config.inviteDays) };
  });
  endSeatActivity(app, seat);
  return result;
}

/** Role and chat cap. A role change applies at the seat's next request; its sockets reconnect with it. */
export function updateSeat(app: AppContext, actor: Member, userId: string, input: { role?: unknown; cap?: unknown }): User {
  const seat = manageableSeat(app.db, actor, userId);
  const set: Partial<typeof users.$inferInsert> = {};
  if (input.role !== undefined && input.role !== seat.role) set.role = grantableRole(app.db, actor, input.role).id;
  if (input.cap !== undefined && cleanCap(input.cap) !== seat.cap) set.cap = cleanCap(input.cap);
  if (Object.keys(set).length === 0) return seat;
  transaction(app.db, () => {
    scoped(app.db, seat.enterpriseId).update(users, set, eq(users.id, seat.id)).run();
    if (set.role) audit(app.db, actor, "seat.role_changed", seatTarget(seat), { from: seat.role, to: set.role });
    if (set.cap) audit(app.db, actor, "seat.cap_changed", seatTarget(seat), { from: seat.cap, to: set.cap });
  });
  if (set.role) app.chat.closeAgentSockets(seat.id);
  if (set.cap) app.chat.capacityChanged(seat.enterpriseId);
  return getUser(app.db, seat.enterpriseId, seat.id)!;
}
