// Admin → Robot → Settings: the robot's own replies to small talk (hello, thanks, bye, ok) per
// language — empty uses the built-in reply shown as the placeholder.
import { LANGUAGES } from "../../../src/robot/language";
import { SMALL_TALK_MAX, type SmallTalkReplies } from "../../../src/robot/settings";
import { SMALL_TALK_KINDS } from "../../../src/robot/small-talk";
import { Flash } from "../team/AdminFrame";
import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./RobotFrame";

export interface RobotSettingsData extends RobotPageBase {
  smallTalk: SmallTalkReplies;
  /** the built-in reply of each kind in each language, shown as the placeholder */
  builtIn: (language: string, kind: string) => string;
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
        {LANGUAGES.map((language) => (
          <fieldset>
            <legend>{t(`robot.language.${language}`)}</legend>
            {SMALL_TALK_KINDS.map((kind) => (
              <label>
                {t(`robot.settings.kind.${kind}`)}
                <input
                  name={`${language}.${kind}`}
                  value={d.smallTalk[language]?.[kind] ?? ""}
                  placeholder={d.builtIn(language, kind)}
                  maxLength={SMALL_TALK_MAX}
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
    </RobotFrame>
  );
}
