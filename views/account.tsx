// The signed-in user's own account: change password (which signs out every other session).
import type { Locale, Translate } from "../src/i18n";
import { Layout, type NavUser } from "./layout";

export interface AccountProps {
  t: Translate;
  locale: Locale;
  user: NavUser & { email: string };
  csrfToken: string;
  error?: string;
  notice?: string;
}

export function AccountPage(p: AccountProps) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("common.account.title")} user={p.user} csrfToken={p.csrfToken} path="/account">
      <main class="card narrow">
        <h1>{p.t("common.account.title")}</h1>
        <p class="muted">{p.user.email}</p>
        {p.error && (
          <p class="error" role="alert">
            {p.error}
          </p>
        )}
        {p.notice && <p class="notice">{p.notice}</p>}
        <form method="post" action="/account/password" class="stack">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <label>
            {p.t("common.account.current")}
            <input type="password" name="current" required autocomplete="current-password" />
          </label>
          <label>
            {p.t("common.account.new")}
            <input type="password" name="password" required minLength={8} autocomplete="new-password" />
          </label>
          <button type="submit" class="primary">
            {p.t("common.account.change")}
          </button>
        </form>
      </main>
    </Layout>
  );
}
