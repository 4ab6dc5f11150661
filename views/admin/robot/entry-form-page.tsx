// Admin → Robot → Knowledge base → add or edit one entry: question, similar questions (one per line),
// answer (links allowed, with a preview), keywords as a comma list, related questions picked from
// the other entries, category, language (detected unless chosen).
import { Flash } from "../../parts/flash";
import { ROBOT_ENTRY_LIMITS as LIMITS } from "../../../common/limits";
import type { Language } from "../../../src/robot/language";

import { Csrf } from "../routing/parts";
import { AnswerText } from "./answer-text";
import { entryPath } from "./knowledge-base-page";
import { RobotFrame, type RobotPageBase } from "./robot-frame";

/** The form's values, as stored or as the admin typed them. */
export interface EntryFormValues {
  key: string;
  question: string;
  answer: string;
  /** comma list */
  keywords: string;
  related: string[];
  category: string;
  enabled: boolean;
  /** "" (detected from the text), "zh" or "en" */
  language: string;
  /** similar questions, one per line */
  similar: string;
}

export interface EntryFormData extends RobotPageBase {
  /** the key of the entry being edited; null: a new entry */
  editing: string | null;
  values: EntryFormValues;
  /** other entries, to pick related questions from */
  others: { key: string; question: string }[];
  categories: string[];
  /** the language the text reads as, shown beside "detected" */
  detected: Language;
  /** the languages an entry may have */
  languages: readonly Language[];
  /** the unanswered question this entry is made from (removed from that list once saved) */
  from?: string;
  error?: string;
}

export function AnswerPreview(p: { text: string; empty: string }) {
  return <div id="answer-preview">{p.text.trim() ? <AnswerText text={p.text} /> : <p class="muted small">{p.empty}</p>}</div>;
}

export function EntryFormPage(d: EntryFormData) {
  const t = d.t;
  const v = d.values;
  const action = d.editing === null ? "/admin/robot/kb" : entryPath(d.editing);
  const title = t(d.editing === null ? "robot.form.title_new" : "robot.form.title_edit");
  return (
    <RobotFrame {...d} title={title} path="/admin/robot/kb">
      <p class="small">
        <a href="/admin/robot/kb">{t("robot.form.back")}</a>
      </p>
      <h1>{title}</h1>
      <Flash error={d.error} />
      <form method="post" action={action} class="card stack" data-testid="kb-form">
        <Csrf token={d.csrfToken} />
        {d.from && <input type="hidden" name="from" value={d.from} />}
        {d.editing === null ? (
          <label>
            {t("robot.form.key")}
            <input name="key" value={v.key} maxLength={LIMITS.key} data-testid="kb-key" />
            <span class="muted small">{t("robot.form.key_hint")}</span>
          </label>
        ) : (
          <p class="muted small">
            {t("robot.form.key")}: <code data-testid="kb-key">{d.editing}</code>
          </p>
        )}
        <label>
          {t("robot.form.question")}
          <input name="question" value={v.question} maxLength={LIMITS.question} required data-testid="kb-question" />
        </label>
        <label>
          {t("robot.form.similar")}
          <textarea name="similar" rows={3} data-testid="kb-similar">
            {v.similar}
          </textarea>
          <span class="muted small">{t("robot.form.similar_hint")}</span>
        </label>
        <label>
          {t("robot.form.answer")}
          <textarea name="answer" rows={6} maxLength={LIMITS.answer} required data-testid="kb-answer">
            {v.answer}
          </textarea>
          <span class="muted small">{t("robot.form.answer_hint")}</span>
        </label>
        <div>
          <button type="button" class="small-button" hx-post="/admin/robot/preview" hx-target="#answer-preview" hx-swap="outerHTML" data-testid="kb-preview">
            {t("robot.form.preview")}
          </button>
          <AnswerPreview text={v.answer} empty={t("robot.form.preview_empty")} />
        </div>
        <label>
          {t("robot.form.keywords")}
          <input name="keywords" value={v.keywords} required data-testid="kb-keywords" />
          <span class="muted small">{t("robot.form.keywords_hint")}</span>
        </label>
        <label>
          {t("robot.form.related")}
          <select name="related" multiple size={Math.min(8, Math.max(3, d.others.length))} data-testid="kb-related">
            {d.others.map((o) => (
              <option value={o.key} selected={v.related.includes(o.key)}>
                {o.question}
              </option>
            ))}
          </select>
          <span class="muted small">{t("robot.form.related_hint")}</span>
        </label>
        <label>
          {t("robot.form.category")}
          <input name="category" value={v.category} maxLength={LIMITS.category} list="robot-categories" data-testid="kb-category-input" />
          <datalist id="robot-categories">
            {d.categories.map((c) => (
              <option value={c} />
            ))}
          </datalist>
        </label>
        <label>
          {t("robot.form.language")}
          <select name="language" data-testid="kb-language">
            <option value="" selected={!v.language}>
              {t("robot.form.language_auto", { detected: t(`robot.language.${d.detected}`) })}
            </option>
            {d.languages.map((l) => (
              <option value={l} selected={v.language === l}>
                {t(`robot.language.${l}`)}
              </option>
            ))}
          </select>
          <span class="muted small">{t("robot.form.language_hint")}</span>
        </label>
        <label class="check">
          <input type="checkbox" name="enabled" value="1" checked={v.enabled} data-testid="kb-enabled" />
          {t("robot.form.enabled")}
        </label>
        <div>
          <button type="submit" class="primary" data-testid="kb-save">
            {t("robot.form.save")}
          </button>
        </div>
      </form>
    </RobotFrame>
  );
}
