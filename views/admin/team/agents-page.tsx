// Admin → Team → Agents (工号管理, F3): the seats in the viewer's scope with their state, role, groups
// and chat cap; adding an agent creates an invited seat and shows its personal verification link.
import { Csrf } from "../../parts/csrf-field";
import { PostButton } from "../../parts/post-button";
import { listOf, type Locale, type Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { AdminFrame, swapsSection } from "./admin-frame";
import { ServiceExpiry, type SeatServiceState } from "../../billing/service/service-pages";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export type SeatState = "invited" | "verified" | "active" | "disabled";

export interface SeatRow {
  id: string;
  name: string;
  email: string;
  roleId: string;
  roleName: string;
  state: SeatState;
  cap: number;
  /** group names; null when the enterprise has no groups */
  groups: string[] | null;
  /** until when the seat's open verification link works */
  linkUntil: number | null;
  self: boolean;
  /** the viewer may act on this seat (its role is within theirs, and it is not their own) */
  manageable: boolean;
  /** platform mode: the seat's service (F15); null in company mode, where every seat is served */
  service?: SeatServiceState | null;
}

export interface SeatsData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  rows: SeatRow[];
  /** the roles the viewer may hand out */
  roles: { id: string; name: string }[];
  /** the enterprise's groups (empty: no groups column choice in the form) */
  groups: { id: string; name: string }[];
  /** a link just created: shown once */
  link?: { url: string; name: string; until: number; reset: boolean };
  error?: string;
  notice?: string;
  /** platform mode: the common expiry of seat service (null before the first opening); undefined in company mode */
  serviceExpiry?: string | null;
  /** the add form's values after a refused add */
  values?: { name?: string; email?: string; cap?: string; role?: string };
}


function RowActions(p: { row: SeatRow; d: SeatsData }) {
  const { row, d } = p;
  const t = d.t;
  if (!row.manageable) return null;
  const action = (path: string, label: string, testid: string, confirm?: string, primary = false) => (
    <PostButton
      action={`/admin/agents/${row.id}${path}`}
      hx={{ "hx-post": `/admin/agents/${row.id}${path}`, ...(confirm ? { "hx-confirm": confirm } : {}) }}
      csrfToken={d.csrfToken}
      testId={testid}
      kind={primary ? "primary" : undefined}
    >
      {label}
    </PostButton>
  );
  return (
    <div class="row-actions">
      {row.state === "invited" && action("/link", t("team.agents.reissue"), "reissue-link")}
      {row.state === "invited" && row.linkUntil && action("/link/revoke", t("team.agents.revoke"), "revoke-link")}
      {row.state === "verified" && action("/activate", t("team.agents.activate"), "activate-seat", undefined, true)}
      {row.state === "disabled" && action("/activate", t("team.agents.enable"), "activate-seat", undefined, true)}
      {row.state === "active" && row.service === "none" && (
        <PostButton action="/admin/service/quote" csrfToken={d.csrfToken} fields={{ seat: row.id }} kind="primary" testId="open-service">
          {t("service.open.button")}
        </PostButton>
      )}
      {(row.state === "active" || row.state === "verified") && action("/disable", t("team.agents.disable"), "disable-seat", t("team.agents.confirm_disable"))}
      {row.state !== "invited" && action("/reset", t("team.agents.reset"), "reset-password", t("team.agents.confirm_reset"))}
    </div>
  );
}

function RoleAndCap(p: { row: SeatRow; d: SeatsData }) {
  const { row, d } = p;
  if (!row.manageable) return <>{row.roleName}</>;
  const formId = `seat-${row.id}`;
  return (
    <form id={formId} method="post" action={`/admin/agents/${row.id}`} hx-post={`/admin/agents/${row.id}`} class="inline seat-edit">
      <Csrf token={d.csrfToken} />
      <select name="role" aria-label={d.t("team.agents.role")} data-testid="seat-role">
        {d.roles.map((r) => (
          <option value={r.id} selected={r.id === row.roleId}>
            {r.name}
          </option>
        ))}
      </select>
      <input type="number" name="cap" min={1} max={100} value={String(row.cap)} aria-label={d.t("team.agents.cap")} class="cap" />
      <button type="submit" class="small-button">
        {d.t("team.agents.save")}
      </button>
    </form>
  );
}

/** The part htmx actions replace: feedback, the add form, the table. */
export function SeatsSection(d: SeatsData) {
  const t = d.t;
  const v = d.values ?? {};
  return (
    <section id="seats" {...swapsSection("seats")}>
      <Flash error={d.error} notice={d.notice} />
      {d.link && (
        <div class="card link-card" data-testid="verification-link-card">
          <p>{t(d.link.reset ? "team.agents.link_reset" : "team.agents.link_for", { name: d.link.name, date: formatDateTime(d.link.until, d.locale) })}</p>
          <p>
            <span class="muted small">{t("team.agents.link_label")}: </span>
            <a href={d.link.url} id="verification-link" data-testid="verification-link" rel="noreferrer">
              {d.link.url}
            </a>
          </p>
          <button type="button" class="primary" data-copy="#verification-link" data-copied={t("team.agents.copied")}>
            {t("team.agents.copy")}
          </button>
        </div>
      )}
      {d.serviceExpiry !== undefined && (
        <p data-testid="seats-service">
          {t("service.expiry")}: <ServiceExpiry t={t} date={d.serviceExpiry} /> · <a href="/admin/service">{t("service.agents.manage")}</a>
        </p>
      )}
      <table class="table seats" data-testid="seats">
        <thead>
          <tr>
            <th>{t("team.agents.col.name")}</th>
            <th>{t("team.agents.col.email")}</th>
            <th>
              {t("team.agents.col.role")} · {t("team.agents.col.cap")}
            </th>
            <th>{t("team.agents.col.groups")}</th>
            <th>{t("team.agents.col.state")}</th>
            <th>{t("team.agents.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r) => (
            <tr data-testid="seat-row" data-seat={r.id} data-email={r.email} data-state={r.state}>
              <td>
                {r.name}
                {r.self && <span class="muted small"> ({t("team.agents.you")})</span>}
              </td>
              <td>{r.email}</td>
              <td>
                <RoleAndCap row={r} d={d} />
              </td>
              <td>{r.groups && r.groups.length ? listOf(d.locale, r.groups) : t("team.agents.none_groups")}</td>
              <td>
                <span class={`seat-state ${r.state}`} data-testid="seat-state">
                  {t(`team.state.${r.state}`)}
                </span>
                {r.service && (
                  <div class="muted small" data-testid="seat-service" data-service={r.service}>
                    {t(`service.state.${r.service}`)}
                  </div>
                )}
                {r.state === "invited" && (
                  <div class="muted small">{r.linkUntil ? t("team.agents.link_open", { date: formatDateTime(r.linkUntil, d.locale) }) : t("team.agents.link_none")}</div>
                )}
              </td>
              <td>
                <RowActions row={r} d={d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/agents" hx-post="/admin/agents" class="card stack add-seat" data-testid="add-seat">
        <h2>{t("team.agents.add")}</h2>
        <Csrf token={d.csrfToken} />
        <div class="form-row">
          <label>
            {t("team.agents.name")}
            <input name="name" required maxLength={80} value={v.name ?? ""} data-testid="seat-name" />
          </label>
          <label>
            {t("team.agents.email")}
            <input type="email" name="email" required value={v.email ?? ""} data-testid="seat-email" />
          </label>
          <label>
            {t("team.agents.cap")}
            <input type="number" name="cap" min={1} max={100} value={v.cap ?? "5"} class="cap" data-testid="seat-cap" />
          </label>
          <label>
            {t("team.agents.role")}
            <select name="role" data-testid="seat-new-role">
              {d.roles.map((r) => (
                <option value={r.id} selected={r.id === (v.role ?? "agent")}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {d.groups.length > 0 && (
          <fieldset class="checks">
            <legend>{t("team.agents.groups")}</legend>
            {d.groups.map((g) => (
              <label class="check">
                <input type="checkbox" name="groups" value={g.id} /> {g.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" class="primary" data-testid="add-seat-submit">
          {t("team.agents.submit")}
        </button>
      </form>
    </section>
  );
}

export function AgentsPage(p: SeatsData & { user: NavUser }) {
  return (
    <AdminFrame t={p.t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={p.t("team.agents.title")} path="/admin/agents">
      <h1>{p.t("team.agents.title")}</h1>
      <p class="muted">{p.t("team.agents.intro")}</p>
      <SeatsSection {...p} />
    </AdminFrame>
  );
}
