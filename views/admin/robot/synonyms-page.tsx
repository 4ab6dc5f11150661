// Admin → Robot → Synonyms: the enterprise's own words (a word and what its visitors call it, such
// as 顺丰: sf, 顺丰快递), added on top of the built-in list, which is shown for reference.
import { PostButton } from "../../parts/post-button";
import { Flash } from "../../parts/flash";
import type { OwnSynonym } from "../../../src/robot/own-synonyms";

import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./robot-frame";

export interface SynonymsPageData extends RobotPageBase {
  own: OwnSynonym[];
  /** the longest word (and equivalent) */
  wordMax: number;
  /** the built-in lines: the word, then the words read as it */
  builtIn: string[][];
  values?: { word: string; equivalents: string };
  notice?: string;
  error?: string;
}

export function SynonymsPage(d: SynonymsPageData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.synonyms.title")} path="/admin/robot/synonyms">
      <h1>{t("robot.synonyms.title")}</h1>
      <p class="muted">{t("robot.synonyms.intro")}</p>
      <Flash notice={d.notice} error={d.error} />
      <form method="post" action="/admin/robot/synonyms" class="card stack" data-testid="synonym-form">
        <Csrf token={d.csrfToken} />
        <label>
          {t("robot.synonyms.word")}
          <input name="word" value={d.values?.word ?? ""} maxLength={d.wordMax} required data-testid="synonym-word" />
        </label>
        <label>
          {t("robot.synonyms.equivalents")}
          <input name="equivalents" value={d.values?.equivalents ?? ""} required data-testid="synonym-equivalents" />
          <span class="muted small">{t("robot.synonyms.equivalents_hint")}</span>
        </label>
        <div>
          <button type="submit" class="primary" data-testid="synonym-save">
            {t("robot.synonyms.save")}
          </button>
        </div>
      </form>
      {d.own.length === 0 ? (
        <p class="muted" data-testid="synonyms-empty">
          {t("robot.synonyms.empty")}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("robot.synonyms.word")}</th>
              <th>{t("robot.synonyms.equivalents")}</th>
              <th aria-label={t("robot.kb.col.actions")}></th>
            </tr>
          </thead>
          <tbody>
            {d.own.map((s) => (
              <tr data-testid="synonym" data-id={s.id}>
                <td>{s.word}</td>
                <td>{s.equivalents.join(", ")}</td>
                <td>
                  <PostButton action={`/admin/robot/synonyms/${s.id}/delete`} csrfToken={d.csrfToken} testId="synonym-delete">
                    {t("robot.kb.delete")}
                  </PostButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details class="card">
        <summary>{t("robot.synonyms.built_in", { count: d.builtIn.length })}</summary>
        <table class="table small">
          <tbody>
            {d.builtIn.map(([word, ...rest]) => (
              <tr>
                <td>{word}</td>
                <td>{rest.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </RobotFrame>
  );
}
