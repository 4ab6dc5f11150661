// Admin → Style → Leave a message (留言设置): which fields the widget's message form shows, which are
// required, the admin's custom fields and the intro text.
import { Csrf } from "../parts/csrf-field";
import type { CustomFieldSetting, LeaveMessageSettings } from "../../src/leads/settings";
import type { Locale, Translate } from "../../src/i18n";
import { Layout, type NavUser } from "../layout";
import { AdminNav } from "./admin-nav";

export interface LeaveMessageSettingsProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  settings: LeaveMessageSettings;
  maxCustom: number;
  /** the intro visitors see when the admin leaves it empty, per language */
  defaultIntro: Record<Locale, string>;
  notice?: string;
  error?: string;
}

function Check(p: { name: string; checked: boolean; label: string; testid: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={p.name} value="1" checked={p.checked} data-testid={p.testid} />
      <span class="sr-only">{p.label}</span>
    </label>
  );
}

export function LeaveMessageSettingsPage(p: LeaveMessageSettingsProps) {
  const { t, settings: s } = p;
  const blank: CustomFieldSetting = { key: "", label: { "zh-CN": "", en: "" }, type: "text", enabled: true, required: false };
  const custom = s.custom.length < p.maxCustom ? [...s.custom, blank] : s.custom;
  return (
    <Layout t={t} locale={p.locale} title={t("leads.settings.title")} user={p.user} csrfToken={p.csrfToken} path="/admin/leave-message" styles={["/static/css/leads.css"]}>
      <div class="admin">
        <AdminNav t={t} grant={p.user.grant} active="/admin/leave-message" />
        <main class="admin-main">
          <h1>{t("leads.settings.title")}</h1>
          <p class="muted">{t("leads.settings.intro")}</p>
          {p.notice && (
            <p class="notice" role="status" data-testid="settings-saved">
              {p.notice}
            </p>
          )}
          {p.error && (
            <p class="error" role="alert">
              {p.error}
            </p>
          )}
          <form method="post" action="/admin/leave-message" class="stack" data-testid="leave-message-settings">
            <Csrf token={p.csrfToken} />
            <section class="card">
              <label class="check-line">
                <input type="checkbox" name="offer" value="1" checked={s.offer} data-testid="leave-message-offer" />
                <span>
                  {t("leads.settings.offer")}
                  <span class="muted small"> {t("leads.settings.offerHint")}</span>
                </span>
              </label>
            </section>
            <section class="card">
              <h2>{t("leads.settings.fields")}</h2>
              <table class="settings-table">
                <thead>
                  <tr>
                    <th scope="col">{t("leads.settings.field")}</th>
                    <th scope="col">{t("leads.settings.show")}</th>
                    <th scope="col">{t("leads.settings.required")}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.standard.map((f) => (
                    <tr>
                      <th scope="row">{t(`leads.field.${f.key}`)}</th>
                      <td>
                        <input type="hidden" name={`std.${f.key}.key`} value={f.key} />
                        <Check name={`std.${f.key}.enabled`} checked={f.enabled} label={t("leads.settings.show")} testid={`field-${f.key}-enabled`} />
                      </td>
                      <td>
                        <Check name={`std.${f.key}.required`} checked={f.required} label={t("leads.settings.required")} testid={`field-${f.key}-required`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section class="card">
              <h2>{t("leads.settings.custom")}</h2>
              <p class="muted small">{t("leads.settings.customHint", { max: p.maxCustom })}</p>
              <table class="settings-table">
                <thead>
                  <tr>
                    <th scope="col">{t("leads.settings.labelZh")}</th>
                    <th scope="col">{t("leads.settings.labelEn")}</th>
                    <th scope="col">{t("leads.settings.type")}</th>
                    <th scope="col">{t("leads.settings.show")}</th>
                    <th scope="col">{t("leads.settings.required")}</th>
                  </tr>
                </thead>
                <tbody>
                  {custom.map((f, i) => (
                    <tr data-testid="custom-field-row">
                      <td>
                        <input type="hidden" name={`custom.${i}.key`} value={f.key} />
                        <input name={`custom.${i}.label.zh-CN`} value={f.label["zh-CN"]} maxLength={40} aria-label={t("leads.settings.labelZh")} />
                      </td>
                      <td>
                        <input name={`custom.${i}.label.en`} value={f.label.en} maxLength={40} aria-label={t("leads.settings.labelEn")} />
                      </td>
                      <td>
                        <select name={`custom.${i}.type`} aria-label={t("leads.settings.type")}>
                          <option value="text" selected={f.type === "text"}>
                            {t("leads.settings.type.text")}
                          </option>
                          <option value="textarea" selected={f.type === "textarea"}>
                            {t("leads.settings.type.textarea")}
                          </option>
                        </select>
                      </td>
                      <td>
                        <Check name={`custom.${i}.enabled`} checked={f.enabled} label={t("leads.settings.show")} testid={`custom-${i}-enabled`} />
                      </td>
                      <td>
                        <Check name={`custom.${i}.required`} checked={f.required} label={t("leads.settings.required")} testid={`custom-${i}-required`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section class="card stack">
              <h2>{t("leads.settings.introText")}</h2>
              {(["zh-CN", "en"] as const).map((l) => (
                <label>
                  {t(l === "zh-CN" ? "leads.settings.introZh" : "leads.settings.introEn")}
                  <textarea name={`intro.${l}`} rows={2} maxLength={500} lang={l}>
                    {s.intro[l]}
                  </textarea>
                  <span class="muted small">{t("leads.settings.introDefault", { text: p.defaultIntro[l] })}</span>
                </label>
              ))}
            </section>
            <p>
              <button type="submit" class="primary" data-testid="leave-message-save">
                {t("leads.settings.save")}
              </button>
            </p>
          </form>
        </main>
      </div>
    </Layout>
  );
}
