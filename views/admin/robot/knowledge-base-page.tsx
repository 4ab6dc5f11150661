// Admin → Robot → Knowledge base (知识库): every entry with its keywords, searchable and filtered by
// category; switch entries off and on, delete them, open one to edit.
import { PostButton } from "../../parts/post-button";
import { Flash } from "../../parts/flash";
import type { RobotEntry } from "../../../src/robot/entries";
import type { Translate } from "../../../src/i18n/index";

import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./robot-frame";

export interface KbFilter {
  q: string;
  category: string;
}

export interface KbResultsData {
  t: Translate;
  csrfToken: string;
  entries: RobotEntry[];
  /** entries matching the filter (more than shown when the list is cut) */
  total: number;
  filter: KbFilter;
}

export interface KbPageData extends RobotPageBase, KbResultsData {
  categories: string[];
  notice?: string;
}

export const entryPath = (key: string) => `/admin/robot/kb/${encodeURIComponent(key)}`;

export function EntryRow(p: { t: Translate; csrfToken: string; entry: RobotEntry }) {
  const { t, entry: e } = p;
  return (
    <tr data-testid="kb-entry" data-key={e.key} class={e.enabled ? "" : "robot-off"}>
      <td>
        <a href={entryPath(e.key)} data-testid="kb-entry-question">
          {e.question}
        </a>
        <div class="robot-tags">
          {e.keywords.map((k) => (
            <span class="tag">{k}</span>
          ))}
        </div>
        {e.similar.length > 0 && (
          <div class="muted small" data-testid="kb-entry-similar" title={e.similar.join("\n")}>
            {t("robot.kb.similar_count", { count: e.similar.length })}
          </div>
        )}
      </td>
      <td>{e.category}</td>
      <td>
        <span class={e.enabled ? "seat-state active" : "seat-state disabled"}>{t(e.enabled ? "robot.kb.enabled" : "robot.kb.disabled")}</span>
      </td>
      <td class="robot-number">{e.hits}</td>
      <td>
        <div class="row-actions">
          <PostButton
            action={`${entryPath(e.key)}/enabled`}
            hx={{ "hx-post": `${entryPath(e.key)}/enabled`, "hx-target": "closest tr", "hx-swap": "outerHTML" }}
            csrfToken={p.csrfToken}
            fields={{ enabled: e.enabled ? "0" : "1" }}
            testId="kb-entry-toggle"
          >
            {t(e.enabled ? "robot.kb.disable" : "robot.kb.enable")}
          </PostButton>
          <form
            method="post"
            action={`${entryPath(e.key)}/delete`}
            hx-post={`${entryPath(e.key)}/delete`}
            hx-target="closest tr"
            hx-swap="delete"
            hx-confirm={t("robot.kb.delete_confirm")}
            class="inline"
          >
            <Csrf token={p.csrfToken} />
            <button type="submit" class="small-button danger" data-testid="kb-entry-delete">
              {t("robot.kb.delete")}
            </button>
          </form>
        </div>
      </td>
    </tr>
  );
}

export function KbResults(d: KbResultsData) {
  const t = d.t;
  return (
    <div id="kb-results">
      <p class="muted small" data-testid="kb-count">
        {d.total > d.entries.length ? t("robot.kb.count_cut", { shown: d.entries.length, total: d.total }) : t("robot.kb.count", { total: d.total })}
      </p>
      {d.entries.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th>{t("robot.kb.col.question")}</th>
              <th>{t("robot.kb.col.category")}</th>
              <th>{t("robot.kb.col.state")}</th>
              <th>{t("robot.kb.col.hits")}</th>
              <th aria-label={t("robot.kb.col.actions")}></th>
            </tr>
          </thead>
          <tbody>
            {d.entries.map((e) => (
              <EntryRow t={t} csrfToken={d.csrfToken} entry={e} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function KnowledgeBasePage(d: KbPageData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.kb.title")} path="/admin/robot/kb">
      <div class="robot-head">
        <h1>{t("robot.kb.title")}</h1>
        <div class="row-actions">
          <a class="button primary" href="/admin/robot/kb/new" data-testid="kb-add">
            {t("robot.kb.add")}
          </a>
          <a class="button" href="/admin/robot/kb/import">
            {t("robot.kb.import_export")}
          </a>
        </div>
      </div>
      <Flash notice={d.notice} />
      <form method="get" action="/admin/robot/kb" class="filters" role="search" hx-get="/admin/robot/kb" hx-target="#kb-results" hx-swap="outerHTML" hx-trigger="submit, input delay:300ms, change">
        <label>
          {t("robot.kb.search")}
          <input type="search" name="q" value={d.filter.q} maxLength={100} data-testid="kb-search" />
        </label>
        <label>
          {t("robot.kb.category")}
          <select name="category" data-testid="kb-category">
            <option value="">{t("robot.kb.all_categories")}</option>
            {d.categories.map((c) => (
              <option value={c} selected={c === d.filter.category}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="small-button">
          {t("robot.kb.filter")}
        </button>
      </form>
      <KbResults {...d} />
    </RobotFrame>
  );
}
