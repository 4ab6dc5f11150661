import { MAX_EMAIL_LENGTH } from "../common/limits";
import { Csrf } from "./parts/csrf-field";
import type { Locale, Translate } from "../src/i18n";
import { Layout } from "./layout";
import { newPasswordInput, PasswordRule } from "./password-rule";

export interface SetupProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  values?: { company?: string; name?: string; email?: string };
  error?: string;
}

export function SetupPage(p: SetupProps) {
  const v = p.values ?? {};
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("common.setup.title")} bare path="/setup">
      <main class="card narrow">
        <h1>{p.t("common.setup.title")}</h1>
        <p class="muted">{p.t("common.setup.intro")}</p>
        {p.error && (
          <p class="error" role="alert">
            {p.error}
          </p>
        )}
        <form method="post" action="/setup" class="stack">
          <Csrf token={p.csrfToken} />
          <label>
            {p.t("common.setup.company")}
            <input name="company" required maxLength={120} value={v.company ?? ""} data-testid="setup-company" />
          </label>
          <label>
            {p.t("common.setup.name")}
            <input name="name" maxLength={80} value={v.name ?? ""} data-testid="setup-name" />
          </label>
          <label>
            {p.t("common.login.email")}
            <input type="email" name="email" required maxLength={MAX_EMAIL_LENGTH} value={v.email ?? ""} data-testid="setup-email" />
          </label>
          <label>
            {p.t("common.login.password")}
            <input type="password" name="password" required {...newPasswordInput} data-testid="setup-password" />
          </label>
          <PasswordRule t={p.t} />
          <button type="submit" class="primary" data-testid="setup-submit">
            {p.t("common.setup.submit")}
          </button>
        </form>
      </main>
    </Layout>
  );
}
