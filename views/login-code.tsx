// Sign-in, second step: the code from the authenticator app (or a recovery code).
import type { Locale, Translate } from "../src/i18n";
import { Layout } from "./layout";

export interface LoginCodeProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  error?: string;
  next?: string;
}

export function LoginCodePage(p: LoginCodeProps) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("team.login.code_title")} bare path="/login/code">
      <main class="card narrow">
        <h1>{p.t("team.login.code_title")}</h1>
        <p class="muted">{p.t("team.login.code_intro")}</p>
        {p.error && (
          <p class="error" role="alert" data-testid="login-error">
            {p.error}
          </p>
        )}
        <form method="post" action="/login/code" class="stack">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.next && <input type="hidden" name="next" value={p.next} />}
          <label>
            {p.t("team.login.code")}
            <input name="code" required autocomplete="one-time-code" inputMode="numeric" maxLength={16} data-testid="login-code" autofocus />
          </label>
          <button type="submit" class="primary" data-testid="login-code-submit">
            {p.t("common.login.submit")}
          </button>
        </form>
      </main>
    </Layout>
  );
}
