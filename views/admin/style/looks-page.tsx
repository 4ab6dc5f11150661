// Admin → Style → Button and window (按钮样式, 聊天窗口样式): one device's choices at a time
// (desktop or mobile; the other's ride along in hidden fields), a live preview of both devices
// drawn by the real widget (widget/style-page/preview-frame.tsx), and the embed code.
import { Csrf } from "../../parts/csrf-field";
import type { Locale, Translate } from "../../../src/i18n/index";
import { contrastRatio, readableTextColor } from "../../../common/colors";
import type { SiteStyle } from "../../../src/sites/style";
import { BUTTONS, DEVICES, LOOKS_FIELDS, POSITIONS, WINDOWS, type Device } from "../../../common/style-options";
import type { NavUser } from "../../layout";
import { Flash } from "../../parts/flash";
import { StyleFrame, type SiteRef } from "./parts";

export interface LooksData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  sites: SiteRef[];
  site: SiteRef;
  style: SiteStyle;
  /** the device whose choices the form shows */
  device: Device;
  /** the contract snippet (sites.ts embedCode) */
  snippet: string;
  /** the launcher text when left empty, per language */
  defaultLabel: Record<Locale, string>;
  notice?: string;
  error?: string;
}

export function LooksPage(p: LooksData & { user: NavUser }) {
  const { t } = p;
  return (
    <StyleFrame {...p} path="/admin/styles" title={t("style.looks.title")} intro={t("style.looks.intro")} scripts={[{ src: "/static/build/style-page.js" }]}>
      <div class="style-grid">
        <LooksSection {...p} />
        <Previews t={t} site={p.site} />
      </div>
    </StyleFrame>
  );
}

/** The form and the embed code: what a save swaps. */
export function LooksSection(p: LooksData) {
  const { t, style, device } = p;
  const d = style[device];
  const Choice = (c: { name: string; value: string; checked: boolean; testid: string; label: string; pic?: boolean }) => (
    <label class="choice">
      <input type="radio" name={c.name} value={c.value} checked={c.checked} data-testid={c.testid} />
      {c.pic && <span class={`pic pic-${c.name}-${c.value}`} aria-hidden="true" />}
      <span>{c.label}</span>
    </label>
  );
  return (
    <section id="style-section" class="style-form">
      <Flash notice={p.notice} error={p.error} live testIds={{ error: "style-error", notice: "style-saved" }} />
      <form id="style-form" method="post" action="/admin/styles" hx-post="/admin/styles" hx-target="#style-section" hx-swap="outerHTML" class="stack" data-lang={p.locale}>
        <Csrf token={p.csrfToken} />
        <input type="hidden" name="site" value={p.site.id} />
        {DEVICES.map((x) => LOOKS_FIELDS.map((f) => <input type="hidden" name={`${x}.${f}`} value={f.startsWith("label.") ? style[x].label[f.slice(6) as Locale] : style[x][f as "button"]} />))}
        <fieldset class="card devices">
          <legend>{t("style.device.legend")}</legend>
          <div class="seg">
            {DEVICES.map((x) => (
              <Choice name="device" value={x} checked={x === device} testid={`style-device-${x}`} label={t(`style.device.${x}`)} />
            ))}
          </div>
        </fieldset>
        <fieldset class="card">
          <legend>{t("style.button.legend")}</legend>
          <div class="choices">
            {BUTTONS.map((b) => (
              <Choice name="button" value={b} checked={d.button === b} testid={`style-button-${b}`} label={t(`style.button.${b}`)} pic />
            ))}
          </div>
          <div class="seg" role="group" aria-label={t("style.position.legend")}>
            <span class="seg-label">{t("style.position.legend")}</span>
            {POSITIONS.map((x) => (
              <Choice name="position" value={x} checked={d.position === x} testid={`style-position-${x}`} label={t(`style.position.${x}`)} />
            ))}
          </div>
          <div class="labels">
            {(["zh-CN", "en"] as const).map((l) => (
              <label>
                {`${t("style.label.legend")} · ${t(`style.lang.${l}`)}`}
                <input type="text" name={`label.${l}`} value={d.label[l]} maxLength={30} placeholder={p.defaultLabel[l]} data-testid={`style-label-${l}`} />
              </label>
            ))}
          </div>
          <p class="muted small">{t("style.label.hint", { default: p.defaultLabel[p.locale] })}</p>
        </fieldset>
        <fieldset class="card">
          <legend>{t("style.window.legend")}</legend>
          <div class="choices">
            {WINDOWS.map((w) => (
              <Choice name="window" value={w} checked={d.window === w} testid={`style-window-${w}`} label={t(`style.window.${w}`)} pic />
            ))}
          </div>
          <p class="muted small">{t("style.window.mobile_note")}</p>
        </fieldset>
        <fieldset class="card">
          <legend>{t("style.color.legend")}</legend>
          <label class="color">
            <input type="color" name="color" value={d.color} data-testid="style-color" aria-describedby="style-contrast" />
            <span>{t("style.color.hint")}</span>
          </label>
          <p id="style-contrast" class="muted small" data-white={t("style.color.white")} data-dark={t("style.color.dark")} data-template={t("style.color.contrast")}>
            {contrastText(t, d.color)}
          </p>
        </fieldset>
        <div>
          <button type="submit" class="primary" data-testid="style-save">
            {t("style.save")}
          </button>
        </div>
      </form>
      <section class="card" aria-labelledby="embed-title">
        <h2 id="embed-title">{t("style.embed.title")}</h2>
        <p class="muted small">{t("style.embed.intro")}</p>
        <pre class="code code--snippet" data-testid="embed-code" id="embed-code" tabIndex={0} data-summary={t("style.embed.summary")} data-snippet={p.snippet}>
          {`${embedComment(t, style)}\n${p.snippet}`}
        </pre>
        <button type="button" class="primary" data-copy="#embed-code" data-copied={t("admin.embed.copied")}>
          {t("admin.embed.copy")}
        </button>
      </section>
    </section>
  );
}

/** "Text on it: white (contrast 5.2:1)": the text colour the widget will use on the theme colour. */
function contrastText(t: Translate, color: string): string {
  const text = readableTextColor(color);
  return t("style.color.contrast", { text: t(text === "#ffffff" ? "style.color.white" : "style.color.dark"), ratio: contrastRatio(color, text).toFixed(1) });
}

/** The comment line above the snippet that says what it will show (the page's script keeps it current). */
export function embedComment(t: Translate, s: SiteStyle): string {
  const line = (x: Device) =>
    t("style.embed.summary", {
      device: t(`style.device.${x}`),
      button: t(`style.button.${s[x].button}`),
      position: t(`style.position.${s[x].position}`),
      window: t(`style.window.${s[x].window}`),
      color: s[x].color,
    });
  return `<!-- Parley · ${line("desktop")} · ${line("mobile")} -->`;
}

/** Four frames: desktop and phone, the button alone and the window open. */
function Previews(p: { t: Translate; site: SiteRef }) {
  const { t } = p;
  const frame = (device: "desktop" | "mobile", open: boolean) => {
    const what = `${t(`style.preview.${device}`)} · ${t(open ? "style.preview.open" : "style.preview.closed")}`;
    return (
      <figure class={`pv pv-${device}`}>
        <div class="pv-box">
          <iframe
            class="pv-frame"
            src={`/admin/styles/preview?site=${p.site.id}&open=${open ? 1 : 0}`}
            title={t("style.preview.frame", { what })}
            width={device === "desktop" ? 1366 : 390}
            height={device === "desktop" ? 768 : 844}
            tabIndex={-1}
            data-testid={`style-preview-${device}-${open ? "open" : "closed"}`}
          />
        </div>
        <figcaption>{what}</figcaption>
      </figure>
    );
  };
  return (
    <aside class="style-previews" aria-label={t("style.preview.title")}>
      <h2>{t("style.preview.title")}</h2>
      <div class="pv-row">
        {frame("desktop", false)}
        {frame("desktop", true)}
      </div>
      <div class="pv-row">
        {frame("mobile", false)}
        {frame("mobile", true)}
      </div>
    </aside>
  );
}
