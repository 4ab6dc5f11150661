// Admin → Team: agents (seats), roles and the audit log; and the public page behind a verification
// link. Every route here needs the agents_roles module, except the link (the token is the credential).
import { asc, eq } from "drizzle-orm";
import { AgentsPage, SeatsSection, type SeatsData } from "../../views/admin/team/agents-page";
import { AuditPage } from "../../views/admin/team/audit-page";
import { RolesPage, RolesSection, type RolesData } from "../../views/admin/team/roles-page";
import { VerifyPage } from "../../views/admin/team/verify-page";
import { auditLog, users } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { fragment, page, redirect, sectionOrPage } from "../http/respond";
import type { Req, Route } from "../http/route";
import { listGroups, membershipsByUser } from "../routing/groups";
import { auditActions, queryAudit } from "./audit";
import { canSee, scopeFilter, type Member } from "./data-scope";
import { MODULE_NAV, MODULES, mayGrant, navFor } from "../../common/permissions";
import { createRole, deleteRole, listRoles, roleHolders, roleName, updateRole, type RoleInput } from "./roles";
import { activateSeat, checkLink, completeVerification, disableSeat, inviteSeat, linkUrl, openLink, reissueLink, resetSeatPassword, revokeLink, updateSeat } from "./seats";
import { expiryDate, seatServiceStates } from "../billing/service/overview";
import { actorOf, dayStart, isHtmx, str } from "../http/request";

const TEAM = { module: "agents_roles" } as const;
/** The admin console's entry: any module that has a page in it. */
const ADMIN_MODULES = MODULES.filter((m) => MODULE_NAV[m].some((e) => e.area === "admin"));


// ---- agents ---------------------------------------------------------------------------

function seatsData(req: Req, extra: Partial<SeatsData> = {}): SeatsData {
  const me = req.user!;
  const db = req.app.db;
  const roles = listRoles(db, me.enterpriseId);
  const byId = new Map(roles.map((r) => [r.id, r]));
  const groups = listGroups(db, me.enterpriseId);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const memberships = membershipsByUser(db, me.enterpriseId);
  // The list is narrowed by the viewer's data scope, like every list.
  const seats = scoped(db, me.enterpriseId).select(users, scopeFilter(me, users.id)).orderBy(asc(users.createdAt)).all();
  // Platform mode: each seat's service (F15), so that active seats without it can be opened here.
  const service = req.app.config.mode === "platform" ? seatServiceStates(req.app, me.enterpriseId) : null;
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    roles: roles.filter((r) => mayGrant(me.grant, r)).map((r) => ({ id: r.id, name: roleName(r, req.t) })),
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    rows: seats.map((u) => {
      const role = byId.get(u.role);
      return {
        id: u.id,
        name: u.name,
        email: u.email,
        roleId: u.role,
        roleName: role ? roleName(role, req.t) : u.role,
        state: u.seatState,
        cap: u.cap,
        groups: groups.length ? (memberships.get(u.id) ?? []).map((g) => groupName.get(g) ?? g) : null,
        linkUntil: u.seatState === "invited" ? (openLink(db, u.enterpriseId, u.id)?.expiresAt ?? null) : null,
        self: u.id === me.id,
        manageable: u.id !== me.id && (!role || mayGrant(me.grant, role)),
        service: service?.get(u.id) ?? null,
      };
    }),
    serviceExpiry: service ? expiryDate(req.app, me.enterpriseId) : undefined,
    ...extra,
  };
}

function seatsResponse(req: Req, data: SeatsData, status = 200): Response {
  return sectionOrPage(req, () => SeatsSection(data), () => AgentsPage({ ...data, user: req.user! }), status);
}

/** Runs a seat action and answers with the seats section (htmx) or the page; refusals keep the form's values. */
async function seatAction(req: Req, act: () => Partial<SeatsData> | Promise<Partial<SeatsData>>): Promise<Response> {
  try {
    return seatsResponse(req, seatsData(req, await act()));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const values = { name: str(req.body.name), email: str(req.body.email), cap: str(req.body.cap), role: str(req.body.role) };
    return seatsResponse(req, seatsData(req, { error: req.t(`common.error.${e.code}`, e.params), values }), e.status);
  }
}

const seatId = (req: Req) => req.params.id ?? "";

/** A link just made for a seat, shown once on the page. */
function shownLink(req: Req, made: { seat: { name: string; enterpriseId: string; id: string }; token: string }, reset = false): Partial<SeatsData> {
  const until = openLink(req.app.db, made.seat.enterpriseId, made.seat.id)!.expiresAt;
  return { link: { url: linkUrl(req.origin, made.token), name: made.seat.name, until, reset } };
}

// ---- roles ----------------------------------------------------------------------------

function rolesData(req: Req, extra: Partial<RolesData> = {}): RolesData {
  const me = req.user!;
  const holders = roleHolders(req.app.db, me.enterpriseId);
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    roles: listRoles(req.app.db, me.enterpriseId).map((r) => ({
      id: r.id,
      name: roleName(r, req.t),
      builtIn: r.builtIn,
      modules: r.modules,
      scope: r.scope,
      holders: holders.get(r.id) ?? 0,
      editable: !r.builtIn && mayGrant(me.grant, r),
    })),
    ...extra,
  };
}

function roleAction(req: Req, act: () => Partial<RolesData>): Response {
  let data: RolesData;
  let status = 200;
  try {
    data = rolesData(req, act());
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    data = rolesData(req, { error: req.t(`common.error.${e.code}`, e.params) });
    status = e.status;
  }
  return sectionOrPage(req, () => RolesSection(data), () => RolesPage({ ...data, user: req.user! }), status);
}

const roleInput = (req: Req): RoleInput => ({ name: req.body.name, modules: req.body.modules ?? [], scope: req.body.scope });

/** Holders of a changed role reconnect their sockets, so that the new grant applies there too. */
function dropHolders(req: Req, roleId: string): void {
  for (const u of scoped(req.app.db, req.user!.enterpriseId).select(users, eq(users.role, roleId)).all()) req.app.chat.closeAgentSockets(u.id);
}

// ---- the audit log ----------------------------------------------------------------------

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const teamRoutes: Route[] = [
  {
    method: "GET",
    path: "/admin",
    access: { module: ADMIN_MODULES },
    handle: (req) => redirect(navFor(req.user!.grant, "admin")[0]!.href, 302),
  },
  { method: "GET", path: "/admin/agents", access: TEAM, handle: (req) => seatsResponse(req, seatsData(req)) },
  {
    method: "POST",
    path: "/admin/agents",
    access: TEAM,
    handle: (req) =>
      seatAction(req, () => shownLink(req, inviteSeat(req.app, req.user!, { name: req.body.name, email: req.body.email, cap: req.body.cap, role: req.body.role, groups: req.body.groups }))),
  },
  {
    method: "POST",
    path: "/admin/agents/:id",
    access: TEAM,
    handle: (req) =>
      seatAction(req, () => {
        updateSeat(req.app, req.user!, seatId(req), { role: req.body.role, cap: req.body.cap });
        return { notice: req.t("team.agents.saved") };
      }),
  },
  {
    method: "POST",
    path: "/admin/agents/:id/activate",
    access: TEAM,
    handle: (req) => seatAction(req, () => ({ notice: req.t("team.agents.activated", { name: activateSeat(req.app, req.user!, seatId(req)).name }) })),
  },
  {
    method: "POST",
    path: "/admin/agents/:id/disable",
    access: TEAM,
    handle: (req) => seatAction(req, () => ({ notice: req.t("team.agents.disabled", { name: disableSeat(req.app, req.user!, seatId(req)).name }) })),
  },
  {
    method: "POST",
    path: "/admin/agents/:id/link",
    access: TEAM,
    handle: (req) =>
      seatAction(req, () => shownLink(req, reissueLink(req.app, req.user!, seatId(req)))),
  },
  {
    method: "POST",
    path: "/admin/agents/:id/link/revoke",
    access: TEAM,
    handle: (req) => seatAction(req, () => ({ notice: req.t("team.agents.revoked", { name: revokeLink(req.app, req.user!, seatId(req)).name }) })),
  },
  {
    method: "POST",
    path: "/admin/agents/:id/reset",
    access: TEAM,
    handle: (req) =>
      seatAction(req, () => shownLink(req, resetSeatPassword(req.app, req.user!, seatId(req)), true)),
  },
  { method: "GET", path: "/admin/roles", access: TEAM, handle: (req) => page(RolesPage({ ...rolesData(req), user: req.user! })) },
  {
    method: "POST",
    path: "/admin/roles",
    access: TEAM,
    handle: (req) => roleAction(req, () => ({ notice: req.t("team.roles.created", { name: createRole(req.app.db, actorOf(req), req.user!.grant, roleInput(req)).name }) })),
  },
  {
    method: "POST",
    path: "/admin/roles/:id",
    access: TEAM,
    handle: (req) =>
      roleAction(req, () => {
        const role = updateRole(req.app.db, actorOf(req), req.user!.grant, req.params.id ?? "", roleInput(req));
        dropHolders(req, role.id);
        return { notice: req.t("team.roles.updated", { name: role.name }) };
      }),
  },
  {
    method: "POST",
    path: "/admin/roles/:id/delete",
    access: TEAM,
    handle: (req) =>
      roleAction(req, () => {
        deleteRole(req.app.db, actorOf(req), req.user!.grant, req.params.id ?? "");
        return { notice: req.t("team.roles.deleted") };
      }),
  },
  {
    method: "GET",
    path: "/admin/audit",
    access: TEAM,
    handle: (req) => {
      const me = req.user!;
      const q = req.query;
      const filter = { actor: q.actor ?? "", action: q.action ?? "", from: DAY.test(q.from ?? "") ? q.from! : "", to: DAY.test(q.to ?? "") ? q.to! : "" };
      const result = queryAudit(req.app.db, me.enterpriseId, {
        actorId: filter.actor || undefined,
        action: filter.action || undefined,
        from: dayStart(filter.from),
        to: dayStart(filter.to, 1),
        page: Math.max(1, Number.parseInt(q.page ?? "1", 10) || 1),
        scope: scopeFilter(me, auditLog.actorId),
      });
      const actors = scoped(req.app.db, me.enterpriseId)
        .select(users)
        .orderBy(asc(users.name))
        .all()
        .filter((u) => canSee(me, { ownerId: u.id }));
      return page(
        AuditPage({
          t: req.t,
          locale: req.locale,
          csrfToken: req.csrfToken,
          user: me,
          entries: result.entries,
          page: result.page,
          pages: result.pages,
          total: result.total,
          filter,
          actors: actors.map((u) => ({ id: u.id, name: u.name })),
          actions: auditActions(req.app.db, me.enterpriseId),
        }),
      );
    },
  },
  {
    method: "GET",
    path: "/verify/:token",
    access: "public",
    handle: (req) => {
      const token = req.params.token ?? "";
      const check = checkLink(req.app.db, token);
      const base = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, token };
      if (!check.ok) return page(VerifyPage({ ...base, state: "invalid" }), check.reason === "unknown" ? 404 : 410);
      return page(VerifyPage({ ...base, state: "form", email: check.seat.email, name: check.seat.name }));
    },
  },
  {
    method: "POST",
    path: "/verify/:token",
    access: "public",
    handle: async (req) => {
      const token = req.params.token ?? "";
      const base = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, token };
      const check = checkLink(req.app.db, token);
      if (!check.ok) return page(VerifyPage({ ...base, state: "invalid" }), check.reason === "unknown" ? 404 : 410);
      const form = { ...base, state: "form" as const, email: check.seat.email, name: str(req.body.name) };
      try {
        if (str(req.body.password) !== str(req.body.repeat)) throw new UserError("password_mismatch");
        await completeVerification(req.app.db, token, { password: req.body.password, name: req.body.name });
        return page(VerifyPage({ ...base, state: "done" }));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        if (e.code === "link_unusable" || e.code === "not_found") return page(VerifyPage({ ...base, state: "invalid" }), e.status);
        return page(VerifyPage({ ...form, error: req.t(`common.error.${e.code}`, e.params) }), e.status);
      }
    },
  },
];
