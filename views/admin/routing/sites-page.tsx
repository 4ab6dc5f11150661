// Admin → Sites & groups → Sites (终端管理, F5): every website with its key, the groups that serve it,
// a link to its embed code; add a site, rename one.
import { Flash } from "../../parts/flash";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { swapsSection } from "../team/admin-frame";
import { Csrf, RoutingPage } from "./parts";

export interface SiteRow {
  id: string;
  name: string;
  key: string;
  /** names of the groups that serve it, in routing order; empty: every agent */
  groups: string[];
}

export interface SitesData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  sites: SiteRow[];
  /** the viewer may open the embed-code page */
  embedLink: boolean;
  /** the viewer may open the groups page (routing order) */
  groupsLink: boolean;
  error?: string;
  notice?: string;
  /** the add form's value after a refused add */
  name?: string;
}

export function SitesSection(d: SitesData) {
  const t = d.t;
  return (
    <section id="sites" {...swapsSection("sites")}>
      <Flash error={d.error} notice={d.notice} />
      <table class="table" data-testid="sites">
        <thead>
          <tr>
            <th>{t("routing.sites.col.name")}</th>
            <th>{t("routing.sites.col.key")}</th>
            <th>{t("routing.sites.col.groups")}</th>
          </tr>
        </thead>
        <tbody>
          {d.sites.map((s) => (
            <tr data-testid="site-row" data-site={s.id}>
              <td>
                <form method="post" action={`/admin/sites/${s.id}`} hx-post={`/admin/sites/${s.id}`} class="inline inline-edit">
                  <Csrf token={d.csrfToken} />
                  <input name="name" value={s.name} maxLength={80} required aria-label={t("routing.sites.name")} data-testid="site-name" />
                  <button type="submit" class="small-button">
                    {t("routing.sites.rename")}
                  </button>
                </form>
              </td>
              <td>
                <code data-testid="site-key">{s.key}</code>
                {d.embedLink && (
                  <div class="small">
                    <a href={`/admin/embed#embed-${s.id}`}>{t("routing.sites.embed")}</a>
                  </div>
                )}
              </td>
              <td>
                {s.groups.length ? s.groups.join(" → ") : <span class="muted">{t("routing.sites.all_agents")}</span>}
                {d.groupsLink && (
                  <div class="small">
                    <a href={`/admin/groups#order-${s.id}`}>{t("routing.sites.order")}</a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/sites" hx-post="/admin/sites" class="card form-row add-form" data-testid="add-site">
        <Csrf token={d.csrfToken} />
        <label>
          {t("routing.sites.name")}
          <input name="name" value={d.name ?? ""} maxLength={80} required />
        </label>
        <button type="submit" class="primary">
          {t("routing.sites.add_button")}
        </button>
      </form>
    </section>
  );
}

export function SitesPage(d: SitesData & { user: NavUser }) {
  return (
    <RoutingPage t={d.t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/sites" title={d.t("routing.sites.title")} intro={d.t("routing.sites.intro")}>
      <SitesSection {...d} />
    </RoutingPage>
  );
}
