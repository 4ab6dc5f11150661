// The signed-in user's own account: change password (which signs out every other session), and the
// optional second factor (TOTP): set up with a secret shown as text, confirm with a code, turn off.
import { Csrf } from "./parts/csrf-field";
import type { Locale, Translate } from "../src/i18n";
import { Layout, type NavUser } from "./layout";
import { newPasswordInput, PasswordRule } from "./password-rule";
import { formatDateTime } from "../common/time-format";

/** A device on which the person turned alerts on (src/push/subscriptions.ts). */
export interface AccountDevice {
  id: string;
  /** browser · system, in the reader's language; empty: unknown */
  label: string;
  createdAt: number;
  lastSentAt: number | null;
}

export type Theme = "system" | "light" | "dark";

export interface AccountProps {
  t: Translate;
  locale: Locale;
  user: NavUser & { email: string; theme?: Theme };
  csrfToken: string;
  error?: string;
  notice?: string;
  secondFactor?: "on" | "pending" | "off";
  recoveryLeft?: number;
  /** while enrolling: the secret in base32 and the otpauth:// URI */
  enrolment?: { secret: string; uri: string };
  /** just after enabling: shown once */
  recoveryCodes?: string[];
  devices?: AccountDevice[];
}

export function AccountPage(p: AccountProps) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("common.account.title")} user={p.user} csrfToken={p.csrfToken} path="/account" scripts={[{ src: "/static/build/push-enable.js", module: true }]}>
      <main class="card narrow">
        <h1>{t("common.account.title")}</h1>
        <p class="muted">{p.user.email}</p>
        {p.error && (
          <p class="error" role="alert">
            {p.error}
          </p>
        )}
        {p.notice && <p class="notice">{p.notice}</p>}
        <form method="post" action="/account/password" class="stack">
          <Csrf token={p.csrfToken} />
          <label>
            {t("common.account.current")}
            <input type="password" name="current" required autocomplete="current-password" />
          </label>
          <label>
            {t("common.account.new")}
            <input type="password" name="password" required {...newPasswordInput} data-testid="account-new-password" />
          </label>
          <PasswordRule t={t} />
          <button type="submit" class="primary">
            {t("common.account.change")}
          </button>
        </form>
        <SecondFactor {...p} />
        <ThemeChoice {...p} />
        <Devices {...p} />
        <EmailNotices t={p.t} />
      </main>
    </Layout>
  );
}

function SecondFactor(p: AccountProps) {
  const t = p.t;
  const csrf = <Csrf token={p.csrfToken} />;
  return (
    <section class="stack totp" aria-labelledby="totp-title" data-testid="totp" data-state={p.secondFactor ?? "off"}>
      <h2 id="totp-title">{t("team.totp.title")}</h2>
      {p.recoveryCodes && (
        <div class="notice">
          <p>{t("team.totp.recovery_intro")}</p>
          <pre class="code" data-testid="totp-recovery-codes">
            {p.recoveryCodes.join("\n")}
          </pre>
        </div>
      )}
      {p.secondFactor === "on" && (
        <>
          <p>{t("team.totp.on", { left: p.recoveryLeft ?? 0 })}</p>
          <form method="post" action="/account/totp/disable" class="stack">
            {csrf}
            <label>
              {t("common.account.current")}
              <input type="password" name="password" required autocomplete="current-password" />
            </label>
            <button type="submit">{t("team.totp.disable")}</button>
          </form>
        </>
      )}
      {p.secondFactor === "pending" && p.enrolment && (
        <>
          <p>{t("team.totp.scan")}</p>
          <p class="small">
            {t("team.totp.secret")}: <code data-testid="totp-secret">{p.enrolment.secret}</code>
          </p>
          <pre class="code small" data-testid="totp-uri">
            {p.enrolment.uri}
          </pre>
          <form method="post" action="/account/totp/confirm" class="stack">
            {csrf}
            <label>
              {t("team.login.code")}
              <input name="code" required autocomplete="one-time-code" inputMode="numeric" pattern="[0-9 ]{6,7}" data-testid="totp-code" />
            </label>
            <button type="submit" class="primary" data-testid="totp-confirm">
              {t("team.totp.confirm")}
            </button>
          </form>
        </>
      )}
      {(p.secondFactor ?? "off") === "off" && (
        <>
          <p class="muted">{t("team.totp.off")}</p>
          <form method="post" action="/account/totp/start">
            {csrf}
            <button type="submit" data-testid="totp-start">
              {t("team.totp.start")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** Light, dark, or as the system says: every page of Parley (workspace and console) follows it. */
function ThemeChoice(p: AccountProps) {
  const t = p.t;
  const current = p.user.theme ?? "system";
  return (
    <section class="stack" aria-labelledby="theme-title" data-testid="theme">
      <h2 id="theme-title">{t("common.theme.title")}</h2>
      <form method="post" action="/account/theme" class="stack">
        <Csrf token={p.csrfToken} />
        <fieldset class="theme-choices">
          <legend class="sr-only">{t("common.theme.title")}</legend>
          {(["system", "light", "dark"] as const).map((v) => (
            <label class="inline-label">
              <input type="radio" name="theme" value={v} checked={current === v} data-testid={`theme-${v}`} />
              {t(`common.theme.${v}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" data-testid="theme-save">
          {t("common.theme.save")}
        </button>
      </form>
    </section>
  );
}

/** Which mails Parley sends this person (missed chats, new leads): chosen on their own page. */
function EmailNotices(p: { t: AccountProps["t"] }) {
  return (
    <section class="stack" aria-labelledby="email-notices-title" data-testid="email-notices">
      <h2 id="email-notices-title">{p.t("email.prefs.title")}</h2>
      <p>
        <a href="/account/email">{p.t("email.prefs.intro")}</a>
      </p>
    </section>
  );
}

/** The devices that get alerts, each removable; the button turns them on for this one (static/build/push-enable.js). */
function Devices(p: AccountProps) {
  const t = p.t;
  const devices = p.devices ?? [];
  const name = (d: AccountDevice) => d.label || t("push.devices.unknown");
  return (
    <section class="stack" aria-labelledby="devices-title" data-testid="push-devices">
      <h2 id="devices-title">{t("push.devices.title")}</h2>
      <p class="muted">{t("push.devices.intro")}</p>
      {devices.length === 0 ? (
        <p>{t("push.devices.none")}</p>
      ) : (
        <ul class="devices">
          {devices.map((d) => (
            <li data-testid="push-device" data-device-id={d.id}>
              <span>
                <strong>{name(d)}</strong>
                <span class="muted small">
                  {" · "}
                  {t("push.devices.added", { date: formatDateTime(d.createdAt, p.locale) })}
                  {d.lastSentAt ? ` · ${t("push.devices.lastSent", { date: formatDateTime(d.lastSentAt, p.locale) })}` : ""}
                </span>
              </span>
              <form method="post" action={`/account/devices/${encodeURIComponent(d.id)}/remove`} class="inline">
                <Csrf token={p.csrfToken} />
                <button type="submit" class="link" aria-label={t("push.devices.removeLabel", { device: name(d) })}>
                  {t("push.devices.remove")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <p>
        <button
          type="button"
          data-testid="push-enable"
          data-push-enable
          data-enabled={t("push.devices.enabled")}
          data-denied={t("push.devices.denied")}
          data-unsupported={t("push.devices.unsupported")}
          data-failed={t("push.devices.failed")}
        >
          {t("push.devices.enable")}
        </button>
      </p>
      <p class="small" role="status" data-push-status></p>
    </section>
  );
}
