// Routing over HTTP: who a conversation can be transferred to (the workspace's dialog), and the
// admin's agent groups (工号组) with their members and each site's routing order (接待顺序).
import { h } from "preact";
import { GroupsPage, GroupsSection, type GroupsData } from "../../views/admin/routing/groups-page";
import { audit } from "../accounts/audit";
import type { Member } from "../accounts/data-scope";
import { listUsers } from "../accounts/users";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { fragment, json, page, sectionOrPage } from "../http/respond";
import type { Req, Route } from "../http/route";
import { listSites } from "../sites/sites";
import { createGroup, deleteGroup, getGroup, groupsOfSite, listGroups, membershipsByUser, renameGroup, setGroupMembers, setSiteGroups, siteGroupOrder } from "./groups";
import { actorOf, isHtmx, str } from "../http/request";

const SITES_GROUPS = { module: "sites_groups" } as const;

// ---- the groups page --------------------------------------------------------------------

const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x !== "");


function groupsData(req: Req, extra: Partial<GroupsData> = {}): GroupsData {
  const eid = req.user!.enterpriseId;
  const db = req.app.db;
  const memberships = membershipsByUser(db, eid);
  const members = new Map<string, string[]>();
  for (const [userId, groupIds] of memberships) for (const g of groupIds) members.set(g, [...(members.get(g) ?? []), userId]);
  const order = siteGroupOrder(db, eid);
  return {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    groups: listGroups(db, eid).map((g) => ({ id: g.id, name: g.name, memberIds: members.get(g.id) ?? [] })),
    agents: listUsers(db, eid)
      .filter((u) => u.seatState !== "disabled" || memberships.has(u.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => ({ id: u.id, name: u.name, state: u.seatState })),
    sites: listSites(db, eid).map((s) => ({ id: s.id, name: s.name, groupIds: order.get(s.id) ?? [] })),
    ...extra,
  };
}

function groupsResponse(req: Req, data: GroupsData, status = 200): Response {
  return sectionOrPage(req, () => h(GroupsSection, data), () => h(GroupsPage, { ...data, user: req.user! }), status);
}

/**
 * Runs a change and answers with the section (htmx) or the page. Changes that can move chats
 * (members, routing order, a deleted group) tell the router, which may serve waiting visitors now.
 */
function groupsAction(req: Req, act: () => { notice: string; capacity?: boolean }): Response {
  try {
    const done = act();
    if (done.capacity) req.app.chat.capacityChanged(req.user!.enterpriseId);
    return groupsResponse(req, groupsData(req, { notice: done.notice }));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return groupsResponse(req, groupsData(req, { error: req.t(`common.error.${e.code}`, e.params), name: str(req.body.name) }), e.status);
  }
}

/** The site's groups after one step of the admin's editing. */
export function reorder(current: readonly string[], op: string, group: string): string[] {
  const out = [...current];
  const i = out.indexOf(group);
  const swap = (a: number, b: number) => ([out[a], out[b]] = [out[b]!, out[a]!]);
  if (op === "add") return i >= 0 ? out : [...out, group];
  if (op === "remove") return out.filter((g) => g !== group);
  if (op === "up" && i > 0) swap(i - 1, i);
  else if (op === "down" && i >= 0 && i < out.length - 1) swap(i, i + 1);
  else if (op !== "up" && op !== "down") throw new UserError("bad_request", 400, { reason: "op" });
  return out;
}

const groupId = (req: Req) => req.params.id ?? "";

/** A POST of the groups page: the change, then the section (or page) as it is now. */
const groupsChange = (path: string, act: (req: Req, enterpriseId: string) => { notice: string; capacity?: boolean }): Route => ({
  method: "POST",
  path,
  access: SITES_GROUPS,
  handle: (req) => groupsAction(req, () => act(req, req.user!.enterpriseId)),
});
const groupTarget = (id: string, name: string) => ({ type: "group", id, name });

export const routingRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/transfer-targets",
    access: { module: "workspace" },
    api: true,
    handle: (req) => json(req.app.chat.transferTargets(req.user!)),
  },
  { method: "GET", path: "/admin/groups", access: SITES_GROUPS, handle: (req) => groupsResponse(req, groupsData(req)) },
  groupsChange("/admin/groups", (req, eid) => {
    const g = createGroup(req.app.db, eid, req.body.name);
    audit(req.app.db, actorOf(req), "group.created", groupTarget(g.id, g.name));
    return { notice: req.t("routing.groups.created", { name: g.name }) };
  }),
  groupsChange("/admin/groups/:id", (req, eid) => {
    const before = getGroup(req.app.db, eid, groupId(req))?.name;
    renameGroup(req.app.db, eid, groupId(req), req.body.name);
    const name = getGroup(req.app.db, eid, groupId(req))!.name;
    audit(req.app.db, actorOf(req), "group.renamed", groupTarget(groupId(req), name), { from: before });
    return { notice: req.t("routing.groups.renamed", { name }) };
  }),
  groupsChange("/admin/groups/:id/members", (req, eid) => {
    const ids = list(req.body.members);
    setGroupMembers(req.app.db, eid, groupId(req), ids);
    const name = getGroup(req.app.db, eid, groupId(req))!.name;
    audit(req.app.db, actorOf(req), "group.members_changed", groupTarget(groupId(req), name), { members: ids });
    return { notice: req.t("routing.groups.members_saved", { name }), capacity: true };
  }),
  groupsChange("/admin/groups/:id/delete", (req, eid) => {
    const name = getGroup(req.app.db, eid, groupId(req))?.name ?? "";
    deleteGroup(req.app.db, eid, groupId(req));
    audit(req.app.db, actorOf(req), "group.deleted", groupTarget(groupId(req), name));
    return { notice: req.t("routing.groups.deleted", { name }), capacity: true };
  }),
  groupsChange("/admin/sites/:id/groups", (req, eid) => {
    const siteId = req.params.id ?? "";
    const site = listSites(req.app.db, eid).find((x) => x.id === siteId);
    if (!site) throw new UserError("not_found", 404);
    const before = groupsOfSite(req.app.db, eid, siteId);
    const after = reorder(before, str(req.body.op), str(req.body.group));
    setSiteGroups(req.app.db, eid, siteId, after);
    audit(req.app.db, actorOf(req), "site.groups_changed", { type: "site", id: siteId, name: site.name }, { from: before, to: after });
    return { notice: req.t("routing.order.saved", { site: site.name }), capacity: true };
  }),
];
