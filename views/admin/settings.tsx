// Admin → Settings → Basic settings (基础设置, F12): when conversations close by themselves, the
// agents' grace period, and when a long queue offers the message form instead.
import { Flash } from "../parts/flash";
import type { Locale, Translate } from "../../src/i18n";
import type { NavUser } from "../layout";
import { swapsSection } from "./team/admin-frame";
import { Csrf, RoutingPage } from "./routing/parts";

export const SETTING_FIELDS = ["idleCloseMinutes", "visitorLeftCloseMinutes", "graceSeconds", "leaveMessageQueueLength"] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

export interface SettingsData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  /** the form's values: as stored, or as typed when refused */
  values: Record<SettingField, string>;
  limits: Record<SettingField, readonly [number, number]>;
  /** a refused field and its range */
  invalid?: { field: string; min: number; max: number };
  notice?: string;
  error?: string;
}

export function SettingsSection(d: SettingsData) {
  const t = d.t;
  return (
    <section id="settings" {...swapsSection("settings")}>
      <Flash error={d.error} notice={d.notice} />
      <form method="post" action="/admin/settings" hx-post="/admin/settings" class="card stack settings-form" data-testid="basic-settings" noValidate>
        <Csrf token={d.csrfToken} />
        {SETTING_FIELDS.map((f) => {
          const [min, max] = d.limits[f];
          const bad = d.invalid?.field === f;
          const optional = f === "leaveMessageQueueLength";
          return (
            <label>
              {t(`routing.settings.${f}`)}
              <input
                type="number"
                name={f}
                id={`setting-${f}`}
                value={d.values[f]}
                min={min}
                max={max}
                step={1}
                required={!optional}
                placeholder={optional ? t("routing.settings.never") : undefined}
                aria-invalid={bad ? "true" : undefined}
                aria-describedby={`setting-${f}-hint${bad ? ` setting-${f}-error` : ""}`}
                data-testid={`setting-${f}`}
              />
              {bad && (
                <span class="field-error" id={`setting-${f}-error`} role="alert" data-testid="setting-error">
                  {t("routing.settings.invalid", { min, max })}
                </span>
              )}
              <span class="muted small" id={`setting-${f}-hint`}>
                {t(`routing.settings.${f}.hint`)}
              </span>
            </label>
          );
        })}
        <p>
          <button type="submit" class="primary" data-testid="settings-save">
            {t("routing.settings.save")}
          </button>
        </p>
      </form>
    </section>
  );
}

export function SettingsPage(d: SettingsData & { user: NavUser }) {
  return (
    <RoutingPage t={d.t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/settings" title={d.t("routing.settings.title")} intro={d.t("routing.settings.intro")}>
      <SettingsSection {...d} />
    </RoutingPage>
  );
}
