// Admin → Robot → Overview: the robot's switch per site, and how it is doing (the share of its
// conversations no person had to take, the questions it could not answer).
import { PostButton } from "../../parts/post-button";
import { Flash } from "../../parts/flash";
import type { ResolvedShare } from "../../../src/robot/learning";
import { swapsSection } from "../team/admin-frame";
import { RobotFrame, type RobotPageBase } from "./robot-frame";
import { RobotAddonOffer } from "../../billing/service/service-pages";

export interface RobotSiteRow {
  id: string;
  name: string;
  robotEnabled: boolean;
}

export interface RobotSitesData extends Omit<RobotPageBase, "user" | "locale"> {
  sites: RobotSiteRow[];
  /** the enterprise has the robot (always in company mode; a paid add-on in platform mode) */
  allowed: boolean;
  /** platform mode without the add-on: what opening it costs (F15), shown with a button to open it */
  addonOffer?: { priceFen: number; now: { amountFen: number; date: string } | null };
  notice?: string;
}

export interface OverviewData extends RobotPageBase, RobotSitesData {
  share: ResolvedShare;
  days: number;
  entries: { total: number; enabled: number };
  unanswered: number;
}

export function RobotSitesSection(d: RobotSitesData) {
  const t = d.t;
  return (
    <section id="robot-sites" class="card" {...swapsSection("robot-sites")}>
      <h2>{t("robot.sites.title")}</h2>
      <p class="muted small">{t("robot.sites.intro")}</p>
      <Flash notice={d.notice} />
      {!d.allowed && (
        <p class="error" role="note" data-testid="robot-not-allowed">
          {t("robot.sites.not_allowed")}
        </p>
      )}
      {!d.allowed && d.addonOffer && <RobotAddonOffer t={t} csrfToken={d.csrfToken} priceFen={d.addonOffer.priceFen} now={d.addonOffer.now} />}
      <table class="table">
        <tbody>
          {d.sites.map((s) => (
            <tr data-testid="robot-site" data-site={s.id}>
              <td>{s.name}</td>
              <td>
                <span class={s.robotEnabled && d.allowed ? "seat-state active" : "seat-state disabled"} data-testid="robot-site-state">
                  {t(s.robotEnabled ? "robot.sites.on" : "robot.sites.off")}
                </span>
              </td>
              <td>
                <PostButton action={`/admin/robot/sites/${s.id}`} hx={{ "hx-post": `/admin/robot/sites/${s.id}` }} csrfToken={d.csrfToken} fields={{ enabled: s.robotEnabled ? "0" : "1" }} disabled={!d.allowed} testId="robot-site-switch">
                  {t(s.robotEnabled ? "robot.sites.turn_off" : "robot.sites.turn_on")}
                </PostButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RobotOverviewPage(d: OverviewData) {
  const t = d.t;
  const percent = d.share.share === null ? "—" : `${Math.round(d.share.share * 100)} %`;
  return (
    <RobotFrame {...d} title={t("robot.overview.title")} path="/admin/robot">
      <h1>{t("robot.overview.title")}</h1>
      <p class="muted">{t("robot.overview.intro")}</p>
      <div class="robot-figures">
        <section class="card robot-figure" data-testid="robot-resolved">
          <h2>{t("robot.overview.resolved", { days: d.days })}</h2>
          <p class="robot-big" data-testid="robot-resolved-share">
            {percent}
          </p>
          <p class="muted small">{t("robot.overview.resolved_detail", { resolved: d.share.resolved, conversations: d.share.conversations })}</p>
        </section>
        <section class="card robot-figure">
          <h2>{t("robot.overview.entries")}</h2>
          <p class="robot-big">{d.entries.enabled}</p>
          <p class="muted small">
            {t("robot.overview.entries_detail", { total: d.entries.total })} · <a href="/admin/robot/kb">{t("robot.nav.kb")}</a>
          </p>
        </section>
        <section class="card robot-figure">
          <h2>{t("robot.overview.unanswered")}</h2>
          <p class="robot-big">{d.unanswered}</p>
          <p class="muted small">
            <a href="/admin/robot/unanswered">{t("robot.overview.unanswered_link")}</a>
          </p>
        </section>
      </div>
      <RobotSitesSection {...d} />
    </RobotFrame>
  );
}
