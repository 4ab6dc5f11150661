// Admin → Team → Roles (角色, F4): built-in roles (read-only) and custom roles, each a set of function
// modules (权限) and a data scope (数据范围: 本人 / 本组 / 全企业).
import { Csrf } from "../../parts/csrf-field";
import { Flash } from "../../parts/flash";
import { MODULES, SCOPES, type DataScope, type Module } from "../../../common/permissions";
import { listOf, type Locale, type Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { AdminFrame, swapsSection } from "./admin-frame";

export interface RoleRow {
  id: string;
  name: string;
  builtIn: boolean;
  modules: readonly Module[];
  scope: DataScope;
  holders: number;
  /** custom, and within the viewer's own grant */
  editable: boolean;
}

export interface RolesData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  roles: RoleRow[];
  error?: string;
  notice?: string;
}


/** Module checkboxes and scope choices, for a new role or an existing one. */
function RoleFields(p: { t: Translate; role?: RoleRow }) {
  const t = p.t;
  return (
    <>
      <label>
        {t("team.roles.name")}
        <input name="name" required maxLength={60} value={p.role?.name ?? ""} data-testid="role-name" />
      </label>
      <fieldset class="checks">
        <legend>{t("team.roles.modules")}</legend>
        {MODULES.map((m) => (
          <label class="check">
            <input type="checkbox" name="modules" value={m} checked={p.role?.modules.includes(m) ?? false} data-testid={`role-module-${m}`} /> {t(`team.module.${m}`)}
          </label>
        ))}
      </fieldset>
      <fieldset class="checks">
        <legend>{t("team.roles.scope")}</legend>
        {SCOPES.map((s) => (
          <label class="check" title={t(`team.scope.${s}_hint`)}>
            <input type="radio" name="scope" value={s} checked={(p.role?.scope ?? "own") === s} data-testid={`role-scope-${s}`} /> {t(`team.scope.${s}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}

export function RolesSection(d: RolesData) {
  const t = d.t;
  return (
    <section id="roles" {...swapsSection("roles")}>
      <Flash error={d.error} notice={d.notice} />
      {d.roles.map((r) => (
        <article class="card role" data-testid="role" data-role={r.id}>
          {r.editable ? (
            <>
              <form method="post" action={`/admin/roles/${r.id}`} hx-post={`/admin/roles/${r.id}`} class="stack">
                <Csrf token={d.csrfToken} />
                <RoleFields t={t} role={r} />
                <p class="muted small">
                  {t("team.roles.holders")}: {r.holders}
                </p>
                <button type="submit" class="primary">
                  {t("team.roles.save")}
                </button>
              </form>
              <form method="post" action={`/admin/roles/${r.id}/delete`} hx-post={`/admin/roles/${r.id}/delete`} hx-confirm={t("team.roles.confirm_delete")} class="inline">
                <Csrf token={d.csrfToken} />
                <button type="submit" class="link danger" data-testid="role-delete">
                  {t("team.roles.delete")}
                </button>
              </form>
            </>
          ) : (
            <>
              <h2>
                {r.name} {r.builtIn && <span class="tag">{t("team.roles.built_in")}</span>}
              </h2>
              <p>
                <span class="muted">{t("team.roles.modules")}: </span>
                {listOf(d.locale, r.modules.map((m) => t(`team.module.${m}`)))}
              </p>
              <p>
                <span class="muted">{t("team.roles.scope")}: </span>
                {t(`team.scope.${r.scope}`)} <span class="muted small">({t(`team.scope.${r.scope}_hint`)})</span>
              </p>
              <p class="muted small">
                {t("team.roles.holders")}: {r.holders}
              </p>
            </>
          )}
        </article>
      ))}
      <form method="post" action="/admin/roles" hx-post="/admin/roles" class="card stack" data-testid="new-role">
        <h2>{t("team.roles.new")}</h2>
        <Csrf token={d.csrfToken} />
        <RoleFields t={t} />
        <button type="submit" class="primary" data-testid="role-create">
          {t("team.roles.create")}
        </button>
      </form>
    </section>
  );
}

export function RolesPage(p: RolesData & { user: NavUser }) {
  return (
    <AdminFrame t={p.t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={p.t("team.roles.title")} path="/admin/roles">
      <h1>{p.t("team.roles.title")}</h1>
      <p class="muted">{p.t("team.roles.intro")}</p>
      <RolesSection {...p} />
    </AdminFrame>
  );
}
