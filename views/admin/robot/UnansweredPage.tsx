// Admin → Robot → Unanswered (the learning loop): what visitors asked that the robot could not
// answer, one line per question however often it was asked, most frequent first. One click opens
// the entry form with the question filled in.
import type { UnansweredGroup } from "../../../src/robot/learning";
import { formatTime } from "../team/AdminFrame";
import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./RobotFrame";

export interface UnansweredPageData extends RobotPageBase {
  groups: UnansweredGroup[];
}

export function UnansweredPage(d: UnansweredPageData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.unanswered.title")} path="/admin/robot/unanswered">
      <h1>{t("robot.unanswered.title")}</h1>
      <p class="muted">{t("robot.unanswered.intro")}</p>
      {d.groups.length === 0 ? (
        <p class="muted" data-testid="unanswered-empty">
          {t("robot.unanswered.empty")}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("robot.unanswered.col.question")}</th>
              <th>{t("robot.unanswered.col.count")}</th>
              <th>{t("robot.unanswered.col.last")}</th>
              <th aria-label={t("robot.kb.col.actions")}></th>
            </tr>
          </thead>
          <tbody>
            {d.groups.map((g) => (
              <tr data-testid="unanswered-item" data-id={g.id}>
                <td>{g.example}</td>
                <td class="robot-number" data-testid="unanswered-count">
                  {g.count}
                </td>
                <td class="small">{formatTime(d.locale, g.lastAskedAt)}</td>
                <td>
                  <div class="row-actions">
                    <a class="button primary small-button" href={`/admin/robot/kb/new?from=${encodeURIComponent(g.id)}`} data-testid="unanswered-make-entry">
                      {t("robot.unanswered.make_entry")}
                    </a>
                    <form method="post" action={`/admin/robot/unanswered/${g.id}/dismiss`} hx-post={`/admin/robot/unanswered/${g.id}/dismiss`} hx-target="closest tr" hx-swap="delete" class="inline">
                      <Csrf token={d.csrfToken} />
                      <button type="submit" class="small-button" data-testid="unanswered-dismiss">
                        {t("robot.unanswered.dismiss")}
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </RobotFrame>
  );
}
