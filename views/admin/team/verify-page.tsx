// The page behind a personal verification link: the new agent picks a display name and a password.
import { Csrf } from "../../parts/csrf-field";
import type { Locale, Translate } from "../../../src/i18n/index";
import { Layout } from "../../layout";
import { newPasswordInput, PasswordRule } from "../../password-rule";

export interface VerifyProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  token: string;
  state: "form" | "done" | "invalid";
  email?: string;
  name?: string;
  error?: string;
}

export function VerifyPage(p: VerifyProps) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("team.verify.title")} bare path={`/verify/${p.token}`}>
      <main class="card narrow" data-testid="verify" data-state={p.state}>
        <h1>{t("team.verify.title")}</h1>
        {p.state === "invalid" && (
          <p class="error" role="alert">
            {t("team.verify.invalid")}
          </p>
        )}
        {p.state === "done" && (
          <>
            <p class="notice" role="status" data-testid="verify-done">
              {t("team.verify.done")}
            </p>
            <p>
              <a href="/login">{t("team.verify.to_login")}</a>
            </p>
          </>
        )}
        {p.state === "form" && (
          <>
            <p class="muted">{t("team.verify.intro", { email: p.email ?? "" })}</p>
            {p.error && (
              <p class="error" role="alert" data-testid="verify-error">
                {p.error}
              </p>
            )}
            <form method="post" action={`/verify/${p.token}`} class="stack">
              <Csrf token={p.csrfToken} />
              <input type="email" name="email" value={p.email} autocomplete="username" hidden />
              <label>
                {t("team.verify.name")}
                <input name="name" required maxLength={80} value={p.name ?? ""} data-testid="verify-name" />
              </label>
              <label>
                {t("team.verify.password")}
                <input type="password" name="password" required {...newPasswordInput} data-testid="verify-password" />
              </label>
              <label>
                {t("team.verify.repeat")}
                <input type="password" name="repeat" required {...newPasswordInput} data-testid="verify-repeat" />
              </label>
              <PasswordRule t={t} />
              <button type="submit" class="primary" data-testid="verify-submit">
                {t("team.verify.submit")}
              </button>
            </form>
          </>
        )}
      </main>
    </Layout>
  );
}
