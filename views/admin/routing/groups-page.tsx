// Admin → Sites & groups → Agent groups (工号组, F5/F6): groups with their members, and for each
// site the ordered list of groups that serve it (接待顺序).
import { Flash } from "../../parts/flash";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { swapsSection } from "../team/admin-frame";
import { ActionButton, Csrf, RoutingPage } from "./parts";

export interface GroupsData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  groups: { id: string; name: string; memberIds: string[] }[];
  /** the enterprise's seats a group may hold */
  agents: { id: string; name: string; state: "invited" | "verified" | "active" | "disabled" }[];
  /** every site with its groups in routing order */
  sites: { id: string; name: string; groupIds: string[] }[];
  error?: string;
  notice?: string;
  /** the add form's value after a refused add */
  name?: string;
}

function GroupCard(p: { g: GroupsData["groups"][number]; d: GroupsData }) {
  const { g, d } = p;
  const t = d.t;
  const members = new Set(g.memberIds);
  return (
    <article class="card group" data-testid="group" data-group={g.id} aria-label={g.name}>
      <div class="group-head">
        <form method="post" action={`/admin/groups/${g.id}`} hx-post={`/admin/groups/${g.id}`} class="inline inline-edit">
          <Csrf token={d.csrfToken} />
          <input name="name" value={g.name} maxLength={80} required aria-label={t("routing.groups.name")} data-testid="group-name" />
          <button type="submit" class="small-button">
            {t("routing.groups.rename")}
          </button>
        </form>
        <span class="muted small">{t("routing.groups.member_count", { count: g.memberIds.length })}</span>
        <ActionButton
          action={`/admin/groups/${g.id}/delete`}
          token={d.csrfToken}
          values={{}}
          label={t("routing.groups.delete")}
          confirm={t("routing.groups.confirm_delete", { name: g.name })}
          testid="delete-group"
          danger
        />
      </div>
      <form method="post" action={`/admin/groups/${g.id}/members`} hx-post={`/admin/groups/${g.id}/members`} class="stack">
        <Csrf token={d.csrfToken} />
        {/* an empty list must still reach the server: no box checked means "no members" */}
        <input type="hidden" name="members" value="" />
        <fieldset class="checks" data-testid="group-members">
          <legend>{t("routing.groups.members_of", { name: g.name })}</legend>
          {d.agents.length === 0 && <span class="muted small">{t("routing.groups.no_agents")}</span>}
          {d.agents.map((a) => (
            <label class="check">
              <input type="checkbox" name="members" value={a.id} checked={members.has(a.id)} data-testid="member-choice" />
              {a.name}
              {a.state !== "active" && <span class="tag">{t(`routing.groups.state.${a.state}`)}</span>}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" class="small-button" data-testid="save-members">
            {t("routing.groups.save_members")}
          </button>
        </p>
      </form>
    </article>
  );
}

function SiteOrder(p: { s: GroupsData["sites"][number]; d: GroupsData }) {
  const { s, d } = p;
  const t = d.t;
  const name = new Map(d.groups.map((g) => [g.id, g.name]));
  const addable = d.groups.filter((g) => !s.groupIds.includes(g.id));
  const action = `/admin/sites/${s.id}/groups`;
  return (
    <article class="card site-order" id={`order-${s.id}`} data-testid="site-order" data-site={s.id} aria-label={s.name}>
      <h3>{s.name}</h3>
      {s.groupIds.length === 0 ? (
        <p class="muted small">{t("routing.order.empty")}</p>
      ) : (
        <ol class="order">
          {s.groupIds.map((id, i) => (
            <li data-testid="site-group" data-group={id}>
              <span class="order-pos">{i + 1}.</span>
              <span class="order-name">{name.get(id) ?? id}</span>
              <ActionButton action={action} token={d.csrfToken} values={{ op: "up", group: id }} label="↑" title={t("routing.order.up")} disabled={i === 0} testid="order-up" />
              <ActionButton action={action} token={d.csrfToken} values={{ op: "down", group: id }} label="↓" title={t("routing.order.down")} disabled={i === s.groupIds.length - 1} testid="order-down" />
              <ActionButton action={action} token={d.csrfToken} values={{ op: "remove", group: id }} label="×" title={t("routing.order.remove")} testid="order-remove" danger />
            </li>
          ))}
        </ol>
      )}
      {d.groups.length === 0 ? (
        <p class="muted small">{t("routing.order.no_groups")}</p>
      ) : (
        addable.length > 0 && (
          <form method="post" action={action} hx-post={action} class="inline-edit">
            <Csrf token={d.csrfToken} />
            <input type="hidden" name="op" value="add" />
            <select name="group" aria-label={t("routing.order.add_label", { site: s.name })} data-testid="order-add-choice">
              {addable.map((g) => (
                <option value={g.id}>{g.name}</option>
              ))}
            </select>
            <button type="submit" class="small-button" data-testid="order-add">
              {t("routing.order.add")}
            </button>
          </form>
        )
      )}
    </article>
  );
}

/** The part every action replaces: groups and routing order depend on each other (a deleted group leaves every order). */
export function GroupsSection(d: GroupsData) {
  const t = d.t;
  return (
    <section id="groups" {...swapsSection("groups")}>
      <Flash error={d.error} notice={d.notice} />
      {d.groups.length === 0 && <p class="muted">{t("routing.groups.none")}</p>}
      {d.groups.map((g) => (
        <GroupCard g={g} d={d} />
      ))}
      <form method="post" action="/admin/groups" hx-post="/admin/groups" class="card form-row add-form" data-testid="add-group">
        <Csrf token={d.csrfToken} />
        <label>
          {t("routing.groups.name")}
          <input name="name" value={d.name ?? ""} maxLength={80} required />
        </label>
        <button type="submit" class="primary">
          {t("routing.groups.add_button")}
        </button>
      </form>
      <h2 class="section-title">{t("routing.order.title")}</h2>
      <p class="muted small">{t("routing.order.intro")}</p>
      {d.sites.map((s) => (
        <SiteOrder s={s} d={d} />
      ))}
    </section>
  );
}

export function GroupsPage(d: GroupsData & { user: NavUser }) {
  return (
    <RoutingPage t={d.t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/groups" title={d.t("routing.groups.title")} intro={d.t("routing.groups.intro")}>
      <GroupsSection {...d} />
    </RoutingPage>
  );
}
