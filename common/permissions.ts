// The role model (F4) as data: the function modules a role can grant, where each module appears in
// the navigation, the data scopes, and the three built-in roles. No database here: the guard, the
// navigation and the chat core all read this one table, so they cannot disagree.

/** Every function module, in navigation order. A route declares the one it belongs to (src/http/route.ts). */
export const MODULES = [
  "workspace",
  "history",
  "leads",
  "customers",
  "robot",
  "styles",
  "sites_groups",
  "agents_roles",
  "settings",
  "reports",
  "billing",
] as const;
export type Module = (typeof MODULES)[number];

/** Whose records a role sees: the person's own, those of their groups' members, or the whole enterprise's. */
export const SCOPES = ["own", "group", "enterprise"] as const;
export type DataScope = (typeof SCOPES)[number];

export interface NavEntry {
  /** "top": a tab in the top bar; "admin": an entry of the admin console's side navigation */
  area: "top" | "admin";
  href: string;
  /** catalogue key of the label */
  label: string;
  /** admin side navigation: catalogue key of the section heading it is listed under */
  section?: string;
}

/**
 * Where each module's pages are reached. The navigation shows an entry exactly when the role grants
 * its module; a module without pages yet has no entries. Areas add their entries here.
 */
export const MODULE_NAV: Record<Module, NavEntry[]> = {
  workspace: [
    { area: "top", href: "/workspace", label: "common.nav.workspace" },
    { area: "top", href: "/visitors", label: "visitors.nav" },
    { area: "top", href: "/quick-replies", label: "quickReplies.nav" },
  ],
  history: [{ area: "top", href: "/history", label: "history.title" }],
  leads: [{ area: "top", href: "/leads", label: "leads.nav" }],
  customers: [{ area: "top", href: "/customers", label: "customers.nav" }],
  robot: [
    { area: "admin", section: "robot.nav.section", href: "/admin/robot", label: "robot.nav.overview" },
    { area: "admin", section: "robot.nav.section", href: "/admin/robot/kb", label: "robot.nav.kb" },
    { area: "admin", section: "robot.nav.section", href: "/admin/robot/unanswered", label: "robot.nav.unanswered" },
    { area: "admin", section: "robot.nav.section", href: "/admin/robot/synonyms", label: "robot.nav.synonyms" },
    { area: "admin", section: "robot.nav.section", href: "/admin/robot/settings", label: "robot.nav.settings" },
  ],
  styles: [
    { area: "admin", section: "admin.nav.style", href: "/admin/styles", label: "style.nav.looks" },
    { area: "admin", section: "admin.nav.style", href: "/admin/branding", label: "style.nav.branding" },
    { area: "admin", section: "admin.nav.style", href: "/admin/embed", label: "admin.nav.embed" },
    { area: "admin", section: "admin.nav.style", href: "/admin/leave-message", label: "leads.settings.nav" },
  ],
  sites_groups: [
    { area: "admin", section: "routing.nav.section", href: "/admin/sites", label: "routing.nav.sites" },
    { area: "admin", section: "routing.nav.section", href: "/admin/groups", label: "routing.nav.groups" },
    { area: "admin", section: "routing.nav.section", href: "/admin/hours", label: "hours.nav" },
  ],
  agents_roles: [
    { area: "admin", section: "team.nav.section", href: "/admin/agents", label: "team.nav.agents" },
    { area: "admin", section: "team.nav.section", href: "/admin/roles", label: "team.nav.roles" },
    { area: "admin", section: "team.nav.section", href: "/admin/audit", label: "team.nav.audit" },
    { area: "admin", section: "team.nav.section", href: "/admin/api-tokens", label: "api.nav.tokens" },
  ],
  settings: [
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/settings", label: "routing.nav.settings" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/settings/account", label: "platform.account.nav" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/customer-fields", label: "customers.fields.title" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/quick-replies", label: "quickReplies.teamTitle" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/webhooks", label: "webhooks.nav" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/email", label: "email.nav" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/moderation", label: "moderation.nav" },
    { area: "admin", section: "routing.nav.settings_section", href: "/admin/blocking", label: "blocking.nav" },
  ],
  reports: [{ area: "top", href: "/reports", label: "reports.nav" }],
  billing: [{ area: "admin", section: "routing.nav.settings_section", href: "/admin/service", label: "service.nav" }],
};

export type BuiltInRoleId = "admin" | "supervisor" | "agent";

export interface RoleDef {
  id: string;
  /** built-in roles have a catalogue key for their name; custom roles their own name */
  name: string;
  builtIn: boolean;
  modules: readonly Module[];
  scope: DataScope;
}

/**
 * The built-in roles. Their ids are what `users.role` holds for them (the values of the earlier
 * admin|agent column, so existing rows needed no rewrite); custom roles hold a `rol_…` id.
 */
export const BUILT_IN_ROLES: Record<BuiltInRoleId, RoleDef> = {
  admin: { id: "admin", name: "team.role.admin", builtIn: true, modules: MODULES, scope: "enterprise" },
  supervisor: {
    id: "supervisor",
    name: "team.role.supervisor",
    builtIn: true,
    modules: ["workspace", "history", "leads", "customers", "reports"],
    scope: "enterprise",
  },
  agent: { id: "agent", name: "team.role.agent", builtIn: true, modules: ["workspace", "history", "leads", "customers"], scope: "own" },
};

/**
 * The modules whose records a data scope narrows (conversations, History, leads, customers, reports).
 * A credential that acts with the enterprise scope (an API token) may carry them only when handed out
 * by someone whose own scope is the enterprise.
 */
export const SCOPED_MODULES: readonly Module[] = ["workspace", "history", "leads", "customers", "reports"];

export const isModule = (m: unknown): m is Module => typeof m === "string" && (MODULES as readonly string[]).includes(m);
export const isScope = (s: unknown): s is DataScope => typeof s === "string" && (SCOPES as readonly string[]).includes(s);
export const isBuiltInRole = (id: unknown): id is BuiltInRoleId => typeof id === "string" && Object.hasOwn(BUILT_IN_ROLES, id);

/** What a signed-in person may do: the modules and data scope of their role. */
export interface Grant {
  roleId: string;
  modules: readonly Module[];
  scope: DataScope;
}

export function grants(grant: Pick<Grant, "modules"> | null | undefined, module: Module): boolean {
  return !!grant && grant.modules.includes(module);
}

/** The navigation a grant allows, in module order. */
export function navFor(grant: Pick<Grant, "modules"> | null | undefined, area: NavEntry["area"]): NavEntry[] {
  return MODULES.filter((m) => grants(grant, m)).flatMap((m) => MODULE_NAV[m].filter((e) => e.area === area));
}

const SCOPE_RANK: Record<DataScope, number> = { own: 0, group: 1, enterprise: 2 };

/**
 * May someone holding `actor` hand out (or act on a holder of) `role`? Only when the role grants
 * nothing the actor lacks, so that managing agents never raises anyone above the manager.
 */
export function mayGrant(actor: Grant, role: Pick<RoleDef, "modules" | "scope">): boolean {
  return role.modules.every((m) => actor.modules.includes(m)) && SCOPE_RANK[role.scope] <= SCOPE_RANK[actor.scope];
}

/** Where a person lands after signing in: their first top tab, else the admin console, else their account. */
export function homeFor(grant: Pick<Grant, "modules">): string {
  return navFor(grant, "top")[0]?.href ?? (navFor(grant, "admin").length ? "/admin" : "/account");
}
