// Sign-in: the password step, and (for people with two-step sign-in on) the code step after it.
import { Csrf } from "./parts/csrf-field";
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from "../common/limits";
import type { Locale, Translate } from "../src/i18n";
import { Layout } from "./layout";

export interface LoginProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  /** "code": the password was right; the code from the authenticator app (or a recovery code) is asked */
  step?: "password" | "code";
  email?: string;
  error?: string;
  next?: string;
  notice?: string;
  /** platform mode: a link to sign a new firm up */
  signup?: boolean;
}

export function LoginPage(p: LoginProps) {
  const code = p.step === "code";
  const title = p.t(code ? "team.login.code_title" : "common.login.title");
  return (
    <Layout t={p.t} locale={p.locale} title={title} bare path={code ? "/login/code" : "/login"}>
      <main class="card narrow">
        <h1>{title}</h1>
        {code && <p class="muted">{p.t("team.login.code_intro")}</p>}
        {p.notice && <p class="notice">{p.notice}</p>}
        {p.error && (
          <p class="error" role="alert" data-testid="login-error">
            {p.error}
          </p>
        )}
        <form method="post" action={code ? "/login/code" : "/login"} class="stack">
          <Csrf token={p.csrfToken} />
          {p.next && <input type="hidden" name="next" value={p.next} />}
          {code ? (
            <label>
              {p.t("team.login.code")}
              <input name="code" required autocomplete="one-time-code" inputMode="numeric" maxLength={16} data-testid="login-code" autofocus />
            </label>
          ) : (
            <>
              <label>
                {p.t("common.login.email")}
                <input type="email" name="email" required maxLength={MAX_EMAIL_LENGTH} autocomplete="username" value={p.email ?? ""} data-testid="login-email" autofocus />
              </label>
              <label>
                {p.t("common.login.password")}
                <input type="password" name="password" required maxLength={MAX_PASSWORD_LENGTH} autocomplete="current-password" data-testid="login-password" />
              </label>
            </>
          )}
          <button type="submit" class="primary" data-testid={code ? "login-code-submit" : "login-submit"}>
            {p.t("common.login.submit")}
          </button>
        </form>
        {p.signup && !code && (
          <p class="muted small">
            {p.t("platform.signup.no_account")} <a href="/signup" data-testid="signup-link">{p.t("platform.signup.title")}</a>
          </p>
        )}
      </main>
    </Layout>
  );
}
