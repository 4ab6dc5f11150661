// Admin → Robot → Settings: the robot's own replies to small talk (hello, thanks, bye, ok) per
// language — empty uses the built-in reply shown as the placeholder — and the optional LLM stage
// (mode, endpoint, model, key shown only by its last four characters, timeout, usage).
import { Flash } from "../../parts/flash";
import type { Language } from "../../../src/robot/language";
import type { RobotSettings, SmallTalkReplies } from "../../../src/robot/settings";
import type { SmallTalk } from "../../../src/robot/small-talk";

import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./robot-frame";

export interface RobotSettingsData extends RobotPageBase {
  languages: readonly Language[];
  kinds: readonly SmallTalk[];
  /** the longest own small-talk reply */
  smallTalkMax: number;
  /** the LLM wait's bounds, in milliseconds */
  llmTimeout: { min: number; max: number };
  smallTalk: SmallTalkReplies;
  /** the built-in reply of each kind in each language, shown as the placeholder */
  builtIn: (language: string, kind: string) => string;
  llm: Pick<RobotSettings, "llmMode" | "llmBaseUrl" | "llmModel" | "llmTimeoutMs" | "llmCalls" | "llmFailures" | "llmPromptTokens" | "llmCompletionTokens">;
  /** the stored key's last four characters; null: none stored */
  keyHint: string | null;
  notice?: string;
  error?: string;
}

export function RobotSettingsPage(d: RobotSettingsData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.settings.title")} path="/admin/robot/settings">
      <h1>{t("robot.settings.title")}</h1>
      <Flash notice={d.notice} error={d.error} />
      <form method="post" action="/admin/robot/settings/small-talk" class="card stack" data-testid="small-talk-form">
        <Csrf token={d.csrfToken} />
        <h2>{t("robot.settings.small_talk")}</h2>
        <p class="muted small">{t("robot.settings.small_talk_intro")}</p>
        {d.languages.map((language) => (
          <fieldset>
            <legend>{t(`robot.language.${language}`)}</legend>
            {d.kinds.map((kind) => (
              <label>
                {t(`robot.settings.kind.${kind}`)}
                <input
                  name={`${language}.${kind}`}
                  value={d.smallTalk[language]?.[kind] ?? ""}
                  placeholder={d.builtIn(language, kind)}
                  maxLength={d.smallTalkMax}
                  data-testid={`small-talk-${language}-${kind}`}
                />
              </label>
            ))}
          </fieldset>
        ))}
        <div>
          <button type="submit" class="primary" data-testid="small-talk-save">
            {t("robot.form.save")}
          </button>
        </div>
      </form>
      <form method="post" action="/admin/robot/settings/llm" class="card stack" data-testid="llm-form">
        <Csrf token={d.csrfToken} />
        <h2>{t("robot.settings.llm")}</h2>
        <p class="muted small">{t("robot.settings.llm_intro")}</p>
        <label>
          {t("robot.settings.llm_mode")}
          <select name="mode" data-testid="llm-mode">
            {(["off", "rerank", "answer"] as const).map((m) => (
              <option value={m} selected={d.llm.llmMode === m}>
                {t(`robot.settings.llm_mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("robot.settings.llm_base_url")}
          <input name="baseUrl" type="url" value={d.llm.llmBaseUrl} placeholder="https://api.example.com/v1" data-testid="llm-base-url" />
          <span class="muted small">{t("robot.settings.llm_base_url_hint")}</span>
        </label>
        <label>
          {t("robot.settings.llm_model")}
          <input name="model" value={d.llm.llmModel} maxLength={100} data-testid="llm-model" />
        </label>
        <label>
          {t("robot.settings.llm_key")}
          <input name="key" type="password" value="" autocomplete="off" maxLength={500} data-testid="llm-key" />
          <span class="muted small" data-testid="llm-key-hint">
            {d.keyHint ? t("robot.settings.llm_key_set", { last4: d.keyHint }) : t("robot.settings.llm_key_none")}
          </span>
        </label>
        {d.keyHint && (
          <label class="check">
            <input type="checkbox" name="clearKey" value="1" data-testid="llm-clear-key" />
            {t("robot.settings.llm_clear_key")}
          </label>
        )}
        <label>
          {t("robot.settings.llm_timeout")}
          <input name="timeoutMs" type="number" min={d.llmTimeout.min} max={d.llmTimeout.max} step={100} value={String(d.llm.llmTimeoutMs)} data-testid="llm-timeout" />
        </label>
        <p class="muted small" data-testid="llm-usage">
          {t("robot.settings.llm_usage", { calls: d.llm.llmCalls, failures: d.llm.llmFailures, prompt: d.llm.llmPromptTokens, completion: d.llm.llmCompletionTokens })}
        </p>
        <div>
          <button type="submit" class="primary" data-testid="llm-save">
            {t("robot.form.save")}
          </button>
        </div>
      </form>
    </RobotFrame>
  );
}
