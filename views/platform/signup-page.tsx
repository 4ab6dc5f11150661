// Sign-up (注册, platform mode): a firm registers itself; the enterprise starts on trial.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout } from "../layout";

export interface SignupValues {
  company?: string;
  name?: string;
  email?: string;
  phone?: string;
}

export function SignupPage(p: { t: Translate; locale: Locale; csrfToken: string; values?: SignupValues; error?: string }) {
  const t = p.t;
  const v = p.values ?? {};
  return (
    <Layout t={t} locale={p.locale} title={t("platform.signup.title")} bare path="/signup">
      <main class="card narrow">
        <h1>{t("platform.signup.title")}</h1>
        <p class="muted">{t("platform.signup.intro")}</p>
        {p.error && (
          <p class="error" role="alert" data-testid="signup-error">
            {p.error}
          </p>
        )}
        <form method="post" action="/signup" class="stack" data-testid="signup-form">
          <Csrf token={p.csrfToken} />
          <label>
            {t("platform.signup.company")}
            <input name="company" required maxLength={120} value={v.company ?? ""} autocomplete="organization" />
          </label>
          <label>
            {t("platform.signup.name")}
            <input name="name" required maxLength={80} value={v.name ?? ""} autocomplete="name" />
          </label>
          <label>
            {t("common.login.email")}
            <input type="email" name="email" required maxLength={254} value={v.email ?? ""} autocomplete="username" />
          </label>
          <label>
            {t("common.login.password")}
            <input type="password" name="password" required minLength={8} autocomplete="new-password" />
          </label>
          <label>
            {t("platform.signup.phone")}
            <input type="tel" name="phone" required maxLength={25} value={v.phone ?? ""} autocomplete="tel" />
          </label>
          <button type="submit" class="primary" data-testid="signup-submit">
            {t("platform.signup.submit")}
          </button>
        </form>
        <p class="muted small">
          {t("platform.signup.have_account")} <a href="/login">{t("common.login.title")}</a>
        </p>
      </main>
    </Layout>
  );
}
