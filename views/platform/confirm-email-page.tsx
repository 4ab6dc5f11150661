// Email confirmation at sign-up (platform mode, docs/platform.md): "check your mail" — shown for
// every console page until the admin has used the link — and the page the link opens, whose button
// uses it (opening the link alone uses nothing, so a mail scanner cannot spend it).
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout } from "../layout";

export function CheckMailPage(p: { t: Translate; locale: Locale; csrfToken: string; email: string; notice?: string; error?: string }) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("platform.confirm.check_title")} bare path="/signup">
      <main class="card narrow" data-testid="check-mail">
        <h1>{t("platform.confirm.check_title")}</h1>
        <p>{t("platform.confirm.check_text", { email: p.email })}</p>
        {p.notice && (
          <p class="notice" role="status" data-testid="confirm-notice">
            {p.notice}
          </p>
        )}
        {p.error && (
          <p class="error" role="alert" data-testid="confirm-error">
            {p.error}
          </p>
        )}
        <form method="post" action="/account/email-confirmation/resend" class="stack">
          <Csrf token={p.csrfToken} />
          <button type="submit" data-testid="confirm-resend">
            {t("platform.confirm.resend")}
          </button>
        </form>
        <form method="post" action="/logout">
          <Csrf token={p.csrfToken} />
          <button type="submit" class="link">
            {t("platform.confirm.sign_out")}
          </button>
        </form>
      </main>
    </Layout>
  );
}

export function ConfirmLinkPage(p: { t: Translate; locale: Locale; csrfToken: string; token: string; live: boolean }) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("platform.confirm.link_title")} bare path="/signup">
      <main class="card narrow" data-testid="confirm-link">
        <h1>{t("platform.confirm.link_title")}</h1>
        {p.live ? (
          <form method="post" action={`/signup/confirm/${encodeURIComponent(p.token)}`} class="stack">
            <Csrf token={p.csrfToken} />
            <button type="submit" class="primary" data-testid="confirm-submit">
              {t("platform.confirm.submit")}
            </button>
          </form>
        ) : (
          <p class="error" role="alert" data-testid="confirm-error">
            {t("platform.confirm.link_dead")}
          </p>
        )}
        <p>
          <a href="/login">{t("platform.confirm.to_login")}</a>
        </p>
      </main>
    </Layout>
  );
}
