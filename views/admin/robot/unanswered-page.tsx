// Admin → Robot → Unanswered (the learning loop): what visitors asked that the robot could not
// answer, one line per question however often it was asked, most frequent first. One click opens
// the entry form with the question filled in; or the question becomes a similar question (相似问法)
// of an existing entry: the robot's closest entries are offered first, any other can be picked.
import { PostButton } from "../../parts/post-button";
import type { UnansweredGroup } from "../../../src/robot/learning";

import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./robot-frame";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export interface EntryRef {
  key: string;
  question: string;
}

export interface UnansweredPageData extends RobotPageBase {
  groups: (UnansweredGroup & { closest: EntryRef[] })[];
  notice?: string;
}

/** Adds the unanswered question to one entry's similar questions. */
function AddSimilarForm(p: { t: UnansweredPageData["t"]; csrfToken: string; id: string; entries: EntryRef[] }) {
  return (
    <form method="post" action={`/admin/robot/unanswered/${p.id}/similar`} class="inline" data-testid="unanswered-add-similar">
      <Csrf token={p.csrfToken} />
      <select name="key" aria-label={p.t("robot.unanswered.similar_of")} data-testid="unanswered-similar-entry">
        {p.entries.map((e) => (
          <option value={e.key}>{e.question}</option>
        ))}
      </select>{" "}
      <button type="submit" class="small-button" data-testid="unanswered-similar-save">
        {p.t("robot.unanswered.add_similar")}
      </button>
    </form>
  );
}

/** The full picker: every entry, the robot's closest first. */
export function AddSimilarPage(d: RobotPageBase & { group: UnansweredGroup; entries: EntryRef[]; error?: string }) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.unanswered.add_similar")} path="/admin/robot/unanswered">
      <p class="small">
        <a href="/admin/robot/unanswered">{t("robot.unanswered.back")}</a>
      </p>
      <h1>{t("robot.unanswered.add_similar")}</h1>
      <Flash error={d.error} />
      <p>
        <q>{d.group.example}</q>
      </p>
      <AddSimilarForm t={t} csrfToken={d.csrfToken} id={d.group.id} entries={d.entries} />
    </RobotFrame>
  );
}

export function UnansweredPage(d: UnansweredPageData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.unanswered.title")} path="/admin/robot/unanswered">
      <h1>{t("robot.unanswered.title")}</h1>
      <p class="muted">{t("robot.unanswered.intro")}</p>
      <Flash notice={d.notice} />
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
                <td class="small">{formatDateTime(g.lastAskedAt, d.locale)}</td>
                <td>
                  <div class="row-actions">
                    <a class="button primary small-button" href={`/admin/robot/kb/new?from=${encodeURIComponent(g.id)}`} data-testid="unanswered-make-entry">
                      {t("robot.unanswered.make_entry")}
                    </a>
                    {g.closest.length > 0 && <AddSimilarForm t={t} csrfToken={d.csrfToken} id={g.id} entries={g.closest} />}
                    <a class="small" href={`/admin/robot/unanswered/${encodeURIComponent(g.id)}/similar`} data-testid="unanswered-similar-other">
                      {t(g.closest.length ? "robot.unanswered.similar_other" : "robot.unanswered.add_similar_of")}
                    </a>
                    <PostButton
                      action={`/admin/robot/unanswered/${g.id}/dismiss`}
                      hx={{ "hx-post": `/admin/robot/unanswered/${g.id}/dismiss`, "hx-target": "closest tr", "hx-swap": "delete" }}
                      csrfToken={d.csrfToken}
                      testId="unanswered-dismiss"
                    >
                      {t("robot.unanswered.dismiss")}
                    </PostButton>
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
