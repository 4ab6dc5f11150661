// Admin → Style → Texts and branding: the window's title, the agents' name, the greeting and the
// offline text per language; the logo and the agents' avatar (uploaded images); and the window's
// optional parts (pre-chat form, rating, attachments).
import { Csrf } from "../../parts/csrf-field";
import type { Locale, Translate } from "../../../src/i18n/index";
import { FIELD_MODES } from "../../../common/style-options";
import type { Localised, SiteStyle } from "../../../src/sites/style";
import type { NavUser } from "../../layout";
import { Flash } from "../../parts/flash";
import { StyleFrame, type SiteRef } from "./parts";

export interface BrandingData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  sites: SiteRef[];
  site: SiteRef;
  style: SiteStyle;
  assetUrl: (name: string) => string;
  /** what the window says when a text is left empty, per language */
  defaults: { greeting: Localised; offline: Localised };
  maxImageKb: number;
  notice?: string;
  error?: string;
}

const LANGS = ["zh-CN", "en"] as const;

export function BrandingPage(p: BrandingData & { user: NavUser }) {
  return (
    <StyleFrame {...p} path="/admin/branding" title={p.t("style.branding.title")} intro={p.t("style.branding.intro")}>
      <BrandingSection {...p} />
    </StyleFrame>
  );
}

export function BrandingSection(p: BrandingData) {
  const { t, style } = p;
  const b = style.branding;
  const f = style.features;
  const texts = (key: "name" | "agentName" | "greeting" | "offline", max: number, area: boolean, hint?: string) => (
    <div class="texts">
      <span class="texts-title">{t(`style.branding.${key}`)}</span>
      {LANGS.map((l) => {
        const placeholder = key === "greeting" || key === "offline" ? p.defaults[key][l] : key === "name" ? p.site.name : "";
        const common = { name: `${key}.${l}`, value: b[key][l], maxLength: max, placeholder, "data-testid": `branding-${key}-${l}` };
        return (
          <label>
            {t(`style.lang.${l}`)}
            {area ? <textarea rows={2} {...common} /> : <input type="text" {...common} />}
          </label>
        );
      })}
      {hint && <p class="muted small">{hint}</p>}
    </div>
  );
  const image = (key: "logo" | "avatar") => (
    <div class="image-field">
      <span class="texts-title">{t(`style.branding.${key}`)}</span>
      {b[key] ? <img src={p.assetUrl(b[key]!)} alt={t(`style.branding.${key}`)} class="brand-img" data-testid={`branding-${key}-image`} /> : <span class="muted small">{t("style.branding.none")}</span>}
      <input type="file" name={key} accept="image/png,image/jpeg,image/gif,image/webp" aria-label={t(`style.branding.${key}`)} data-testid={`branding-${key}`} />
      {b[key] && (
        <label class="check-line">
          <input type="checkbox" name={`remove_${key}`} value="1" data-testid={`branding-remove-${key}`} />
          {t("style.branding.remove")}
        </label>
      )}
    </div>
  );
  const mode = (field: "name" | "email") => (
    <label>
      {t(`style.features.${field}`)}
      <select name={`preChat.${field}`} data-testid={`prechat-${field}-mode`}>
        {FIELD_MODES.map((m) => (
          <option value={m} selected={f.preChat[field] === m}>
            {t(`style.features.${m}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section id="branding-section">
      <Flash notice={p.notice} error={p.error} live testIds={{ error: "style-error", notice: "style-saved" }} />
      <form
        method="post"
        action="/admin/branding"
        enctype="multipart/form-data"
        hx-post="/admin/branding"
        hx-encoding="multipart/form-data"
        hx-target="#branding-section"
        hx-swap="outerHTML"
        class="stack"
        data-testid="branding-form"
      >
        <Csrf token={p.csrfToken} />
        <input type="hidden" name="site" value={p.site.id} />
        <fieldset class="card">
          <legend>{t("style.branding.texts")}</legend>
          {texts("name", 60, false, t("style.branding.name_hint", { site: p.site.name }))}
          {texts("agentName", 60, false, t("style.branding.agentName_hint"))}
          {texts("greeting", 500, true)}
          {texts("offline", 500, true)}
        </fieldset>
        <fieldset class="card">
          <legend>{t("style.branding.images")}</legend>
          <div class="images">
            {image("logo")}
            {image("avatar")}
          </div>
          <p class="muted small">{t("style.branding.image_hint", { kb: p.maxImageKb })}</p>
        </fieldset>
        <fieldset class="card">
          <legend>{t("style.features.legend")}</legend>
          <div class="texts">
            <span class="texts-title">{t("style.features.preChat")}</span>
            {mode("name")}
            {mode("email")}
          </div>
          <label class="check-line">
            <input type="checkbox" name="rating" value="1" checked={f.rating} data-testid="feature-rating" />
            {t("style.features.rating")}
          </label>
          <label class="check-line">
            <input type="checkbox" name="attachments" value="1" checked={f.attachments} data-testid="feature-attachments" />
            {t("style.features.attachments")}
          </label>
          <label>
            {t("style.features.scheme")}
            <select name="scheme" data-testid="feature-scheme">
              {(["auto", "light", "dark"] as const).map((s) => (
                <option value={s} selected={f.scheme === s}>
                  {t(`style.features.scheme.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <div>
          <button type="submit" class="primary" data-testid="branding-save">
            {t("style.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
