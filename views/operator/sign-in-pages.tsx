// The operator's sign-in (password, then the TOTP code) and a fresh platform's first-run set-up,
// which creates the first operator and shows their TOTP secret once.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout } from "../layout";

export function OperatorLoginPage(p: { t: Translate; locale: Locale; csrfToken: string; step: "password" | "code"; next?: string; email?: string; error?: string; notice?: string }) {
  const t = p.t;
  const code = p.step === "code";
  return (
    <Layout t={t} locale={p.locale} title={t("platform.op.login.title")} bare path="/operator/login">
      <main class="card narrow">
        <h1>{t("platform.op.login.title")}</h1>
        {code && <p class="muted">{t("platform.op.login.code_intro")}</p>}
        {p.notice && <p class="notice">{p.notice}</p>}
        {p.error && (
          <p class="error" role="alert" data-testid="login-error">
            {p.error}
          </p>
        )}
        <form method="post" action={code ? "/operator/login/code" : "/operator/login"} class="stack">
          <Csrf token={p.csrfToken} />
          {p.next && <input type="hidden" name="next" value={p.next} />}
          {code ? (
            <label>
              {t("platform.op.login.code")}
              <input name="code" required autocomplete="one-time-code" inputMode="numeric" maxLength={8} data-testid="operator-code" autofocus />
            </label>
          ) : (
            <>
              <label>
                {t("common.login.email")}
                <input type="email" name="email" required autocomplete="username" value={p.email ?? ""} data-testid="operator-email" autofocus />
              </label>
              <label>
                {t("common.login.password")}
                <input type="password" name="password" required autocomplete="current-password" data-testid="operator-password" />
              </label>
            </>
          )}
          <button type="submit" class="primary" data-testid="operator-login-submit">
            {t("common.login.submit")}
          </button>
        </form>
      </main>
    </Layout>
  );
}

export function OperatorSetupPage(p: { t: Translate; locale: Locale; csrfToken: string; values?: { email?: string; name?: string }; error?: string; created?: { email: string; secret: string; grouped: string; uri: string } }) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("platform.op.setup.title")} bare path="/operator/setup">
      <main class="card narrow">
        <h1>{t("platform.op.setup.title")}</h1>
        {p.created ? (
          <div class="stack" data-testid="operator-created">
            <p class="notice">{t("platform.op.setup.created", { email: p.created.email })}</p>
            <p>{t("platform.op.setup.secret_intro")}</p>
            <p>
              <code data-testid="totp-secret" data-secret={p.created.secret}>
                {p.created.grouped}
              </code>
            </p>
            <p class="small muted">
              <code>{p.created.uri}</code>
            </p>
            <p class="muted">{t("platform.op.setup.secret_once")}</p>
            <a class="button primary" href="/operator/login">
              {t("platform.op.setup.continue")}
            </a>
          </div>
        ) : (
          <>
            <p class="muted">{t("platform.op.setup.intro")}</p>
            {p.error && (
              <p class="error" role="alert">
                {p.error}
              </p>
            )}
            <form method="post" action="/operator/setup" class="stack" data-testid="operator-setup-form">
              <Csrf token={p.csrfToken} />
              <label>
                {t("platform.op.setup.name")}
                <input name="name" maxLength={80} value={p.values?.name ?? ""} />
              </label>
              <label>
                {t("common.login.email")}
                <input type="email" name="email" required value={p.values?.email ?? ""} />
              </label>
              <label>
                {t("common.login.password")}
                <input type="password" name="password" required minLength={8} autocomplete="new-password" />
              </label>
              <button type="submit" class="primary">
                {t("platform.op.setup.submit")}
              </button>
            </form>
          </>
        )}
      </main>
    </Layout>
  );
}
