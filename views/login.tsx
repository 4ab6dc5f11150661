import type { Locale, Translate } from "../src/i18n";
import { Layout } from "./layout";

export interface LoginProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  email?: string;
  error?: string;
  next?: string;
  notice?: string;
}

export function LoginPage(p: LoginProps) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("common.login.title")} bare path="/login">
      <main class="card narrow">
        <h1>{p.t("common.login.title")}</h1>
        {p.notice && <p class="notice">{p.notice}</p>}
        {p.error && (
          <p class="error" role="alert" data-testid="login-error">
            {p.error}
          </p>
        )}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.next && <input type="hidden" name="next" value={p.next} />}
          <label>
            {p.t("common.login.email")}
            <input type="email" name="email" required autocomplete="username" value={p.email ?? ""} data-testid="login-email" autofocus />
          </label>
          <label>
            {p.t("common.login.password")}
            <input type="password" name="password" required autocomplete="current-password" data-testid="login-password" />
          </label>
          <button type="submit" class="primary" data-testid="login-submit">
            {p.t("common.login.submit")}
          </button>
        </form>
      </main>
    </Layout>
  );
}
