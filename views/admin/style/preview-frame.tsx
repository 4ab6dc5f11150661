// The page inside a preview frame of the style page: a stand-in for the customer's website, and
// the real widget (launcher and window) drawn from the site's config by style-preview.js, which
// also follows the admin's unsaved choices (postMessage from the style page).
import type { WidgetConfig } from "../../../common/protocol";
import type { Locale, Translate } from "../../../src/i18n/index";

export function PreviewFrame(p: { t: Translate; locale: Locale; config: WidgetConfig; open: boolean }) {
  const { t } = p;
  return (
    <html lang={p.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("style.preview.title")}</title>
        <link rel="stylesheet" href="/static/css/style.css" />
        <script src="/static/build/style-preview.js" defer></script>
      </head>
      <body
        class="pv-site"
        data-open={p.open ? "1" : "0"}
        data-visitor={t("style.preview.visitor")}
        data-agent={t("style.preview.agent")}
        data-agent-name={t("style.preview.agent_name")}
      >
        <header class="pv-site-head">{t("style.preview.page")}</header>
        <div class="pv-site-body">
          <i />
          <i />
          <i />
          <i />
          <i />
          <i />
        </div>
        {/* JSON with "<" escaped, so no value can end the script element */}
        <script type="application/json" id="parley-config" dangerouslySetInnerHTML={{ __html: JSON.stringify(p.config).replace(/</g, "\\u003c") }} />
      </body>
    </html>
  );
}
