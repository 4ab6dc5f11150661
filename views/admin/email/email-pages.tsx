// Email pages: the mail server form (an enterprise's on Admin → Settings → Email, the platform's in
// the operator console), the outbox (what was sent, what waits, what failed), and an agent's own
// choices on /account/email. The password is never shown back: the form says whether one is set.
import type { OutboxView } from "../../../src/email/outbox";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { Layout } from "../../layout";
import { OperatorFrame } from "../../operator/operator-frame";
import { Csrf } from "../routing/parts";
import { AdminFrame } from "../team/admin-frame";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export interface SmtpView {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  passwordSet: boolean;
  fromAddress: string;
  fromName: string;
}

/** A mail of the outbox as the page lists it (src/email/outbox.ts recentMail). */
export type MailRow = Omit<OutboxView, "sentAt">;

function SmtpFields(p: { t: Translate; smtp: SmtpView | null }) {
  const t = p.t;
  const s = p.smtp;
  return (
    <>
      <label>
        {t("email.host")}
        <input name="host" value={s?.host ?? ""} maxLength={253} placeholder="smtp.example.com" data-testid="email-host" />
      </label>
      <label>
        {t("email.port")}
        <input name="port" type="number" min={1} max={65535} value={String(s?.port ?? 587)} data-testid="email-port" />
      </label>
      <label>
        {t("email.security")}
        <select name="security" data-testid="email-security">
          {(["starttls", "tls", "none"] as const).map((v) => (
            <option value={v} selected={(s?.security ?? "starttls") === v}>
              {t(`email.security.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("email.username")}
        <input name="username" value={s?.username ?? ""} maxLength={254} autocomplete="off" data-testid="email-username" />
      </label>
      <label>
        {t("email.password")}
        <input name="password" type="password" value="" autocomplete="new-password" placeholder={s?.passwordSet ? t("email.password_set") : ""} data-testid="email-password" />
      </label>
      <label>
        {t("email.from_address")}
        <input name="fromAddress" type="email" value={s?.fromAddress ?? ""} maxLength={254} data-testid="email-from" />
      </label>
      <label>
        {t("email.from_name")}
        <input name="fromName" value={s?.fromName ?? ""} maxLength={100} data-testid="email-from-name" />
      </label>
    </>
  );
}

function Outbox(p: { t: Translate; locale: Locale; mail: MailRow[] }) {
  const t = p.t;
  if (p.mail.length === 0) return <p class="muted">{t("email.outbox.none")}</p>;
  return (
    <table class="list" data-testid="email-outbox">
      <thead>
        <tr>
          <th>{t("email.outbox.created")}</th>
          <th>{t("email.outbox.kind")}</th>
          <th>{t("email.outbox.to")}</th>
          <th>{t("email.outbox.subject")}</th>
          <th>{t("email.outbox.status")}</th>
        </tr>
      </thead>
      <tbody>
        {p.mail.map((m) => (
          <tr data-testid="email-outbox-item" data-status={m.status}>
            <td>{formatDateTime(m.createdAt, p.locale)}</td>
            <td>{t(`email.kind.${m.kind}`)}</td>
            <td>{m.toAddress}</td>
            <td>{m.subject}</td>
            <td>
              {t(`email.status.${m.status}`)}
              {m.status === "pending" && m.attempts > 0 ? ` (${t("email.next_try", { time: formatDateTime(m.nextAt, p.locale), tries: m.attempts })})` : ""}
              {m.lastError && m.status !== "sent" ? ` — ${m.lastError}` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Feedback {
  notice?: string;
  error?: string;
}

export interface EmailSettingsData extends Feedback {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
  smtp: SmtpView | null;
  /** platform mode: the platform's server sends when the enterprise has none */
  platformFallback: "none" | "available" | "unavailable";
  transcriptOnClose: boolean;
  mail: MailRow[];
}

export function EmailSettingsPage(d: EmailSettingsData) {
  const t = d.t;
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("email.title")} path="/admin/email">
      <h1>{t("email.title")}</h1>
      <p class="muted">{t("email.intro")}</p>
      {d.platformFallback !== "none" && <p class="muted">{t(d.platformFallback === "available" ? "email.platform_fallback" : "email.platform_none")}</p>}
      <Flash error={d.error} notice={d.notice} />
      <form method="post" action="/admin/email" class="card stack" data-testid="email-form">
        <Csrf token={d.csrfToken} />
        <SmtpFields t={t} smtp={d.smtp} />
        <label class="inline-label">
          <input type="checkbox" name="transcriptOnClose" value="1" checked={d.transcriptOnClose} data-testid="email-transcripts" /> {t("email.transcripts")}
        </label>
        <p>
          <button type="submit" class="primary" data-testid="email-save">
            {t("email.save")}
          </button>{" "}
          {d.smtp && (
            <button type="submit" formaction="/admin/email/clear" class="danger" data-testid="email-clear">
              {t("email.clear")}
            </button>
          )}
        </p>
      </form>
      <form method="post" action="/admin/email/test" class="card stack" data-testid="email-test-form">
        <Csrf token={d.csrfToken} />
        <p>{t("email.test_intro")}</p>
        <p>
          <button type="submit" data-testid="email-test">
            {t("email.test")}
          </button>
        </p>
      </form>
      <h2>{t("email.outbox")}</h2>
      <Outbox t={t} locale={d.locale} mail={d.mail} />
      <p>
        <a href="/account/email">{t("email.own_choices")}</a>
      </p>
    </AdminFrame>
  );
}

export interface OperatorEmailData extends Feedback {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  operatorName: string;
  smtp: SmtpView | null;
}

export function OperatorEmailPage(d: OperatorEmailData) {
  const t = d.t;
  return (
    <OperatorFrame t={t} locale={d.locale} csrfToken={d.csrfToken} operatorName={d.operatorName} title={t("email.platform_title")} path="/operator/settings/email">
      <main class="operator-main">
        <h1>{t("email.platform_title")}</h1>
        <p class="muted">{t("email.platform_intro")}</p>
        <Flash error={d.error} notice={d.notice} />
        <form method="post" action="/operator/settings/email" class="card stack" data-testid="email-form">
          <Csrf token={d.csrfToken} />
          <SmtpFields t={t} smtp={d.smtp} />
          <p>
            <button type="submit" class="primary" data-testid="email-save">
              {t("email.save")}
            </button>{" "}
            <button type="submit" formaction="/operator/settings/email/test" data-testid="email-test">
              {t("email.test")}
            </button>
          </p>
        </form>
      </main>
    </OperatorFrame>
  );
}

export interface PreferencesData extends Feedback {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
  missedChats: boolean;
  newLeads: boolean;
}

export function EmailPreferencesPage(d: PreferencesData) {
  const t = d.t;
  return (
    <Layout t={t} locale={d.locale} title={t("email.prefs.title")} user={d.user} csrfToken={d.csrfToken} path="/account/email">
      <main class="narrow">
        <h1>{t("email.prefs.title")}</h1>
        <p class="muted">{t("email.prefs.intro")}</p>
        <Flash error={d.error} notice={d.notice} />
        <form method="post" action="/account/email" class="card stack" data-testid="email-prefs">
          <Csrf token={d.csrfToken} />
          <label class="inline-label">
            <input type="checkbox" name="missedChats" value="1" checked={d.missedChats} data-testid="email-pref-missed" /> {t("email.prefs.missed")}
          </label>
          <label class="inline-label">
            <input type="checkbox" name="newLeads" value="1" checked={d.newLeads} data-testid="email-pref-leads" /> {t("email.prefs.leads")}
          </label>
          <p>
            <button type="submit" class="primary" data-testid="email-prefs-save">
              {t("email.save")}
            </button>
          </p>
        </form>
        <p>
          <a href="/account">{t("email.prefs.back")}</a>
        </p>
      </main>
    </Layout>
  );
}
