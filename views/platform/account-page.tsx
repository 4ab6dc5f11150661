// Admin → Settings → Account (账户管理): the enterprise's name, its 企业ID and its state; the
// verification form (企业认证) while on trial or after a rejection; the submissions so far.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import type { EnterpriseState } from "../../src/platform/standing";
import type { Verification } from "../../src/platform/verification";
import type { NavUser } from "../layout";
import { AdminFrame } from "../admin/team/admin-frame";
import { WalletPanel, type WalletData } from "../billing/wallet-panel";
import { Flash } from "../parts/flash";
import { formatDateTime } from "../../common/time-format";

export interface AccountData {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  platform: boolean;
  name: string;
  displayId: string;
  state: EnterpriseState;
  suspendReason: string | null;
  history: Verification[];
  /** the latest decision, shown once as a notice */
  outcome?: Verification;
  values?: { legalName?: string; creditCode?: string; contact?: string };
  error?: string;
  notice?: string;
  licenceMaxMb: number;
  /** the wallet (balance, recharge: views/billing/wallet-panel.tsx); absent in company mode */
  wallet?: WalletData;
}

export function StateBadge(p: { t: Translate; state: EnterpriseState }) {
  return (
    <span class={`badge state-${p.state}`} data-testid="enterprise-state" data-state={p.state}>
      {p.t(`platform.state.${p.state}`)}
    </span>
  );
}

export function AccountPage(d: AccountData) {
  const t = d.t;
  const open = d.platform && (d.state === "trial" || d.state === "rejected");
  const latest = d.history[0];
  const v = d.values ?? {};
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("platform.account.title")} path="/admin/settings/account" styles={["/static/css/platform.css", "/static/css/billing.css"]}>
      <section data-testid="account-page">
        <h1>{t("platform.account.title")}</h1>
        <Flash error={d.error} notice={d.notice} />
        {d.outcome && (
          <p class={d.outcome.state === "approved" ? "notice" : "error"} role="status" data-testid="verification-notice">
            {d.outcome.state === "approved" ? t("platform.account.approved_notice") : t("platform.account.rejected_notice", { reason: d.outcome.reason })}
          </p>
        )}
        {d.suspendReason !== null && (
          <p class="error" role="alert" data-testid="suspended-notice">
            {t("common.error.enterprise_suspended", { reason: d.suspendReason })}
          </p>
        )}
        <dl class="card facts">
          <dt>{t("platform.account.name")}</dt>
          <dd>{d.name}</dd>
          <dt>{t("platform.account.id")}</dt>
          <dd>
            <code data-testid="enterprise-id">{d.displayId}</code>
          </dd>
          <dt>{t("platform.account.state")}</dt>
          <dd>
            <StateBadge t={t} state={d.state} />
          </dd>
        </dl>
        <p class="muted">{t(`platform.account.explain_${d.state}`)}</p>
        {d.state === "rejected" && latest?.state === "rejected" && (
          <p class="error" data-testid="rejection-reason">
            {t("platform.account.reason", { reason: latest.reason })}
          </p>
        )}
        {d.wallet && <WalletPanel t={t} locale={d.locale} csrfToken={d.csrfToken} w={d.wallet} />}
        {open && (
          <form method="post" action="/admin/settings/account/verification" enctype="multipart/form-data" class="card stack" data-testid="verification-form">
            <h2>{t(d.state === "rejected" ? "platform.verify.resubmit" : "platform.verify.title")}</h2>
            <p class="muted">{t("platform.verify.intro")}</p>
            <Csrf token={d.csrfToken} />
            <label>
              {t("platform.verify.legal_name")}
              <input name="legalName" required maxLength={120} value={v.legalName ?? ""} />
            </label>
            <label>
              {t("platform.verify.credit_code")}
              <input name="creditCode" required minLength={18} maxLength={24} value={v.creditCode ?? ""} autocomplete="off" spellcheck={false} />
            </label>
            <label>
              {t("platform.verify.contact")}
              <input name="contact" required maxLength={120} value={v.contact ?? ""} />
            </label>
            <label>
              {t("platform.verify.licence", { max: d.licenceMaxMb })}
              <input type="file" name="licence" required accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" />
            </label>
            <button type="submit" class="primary" data-testid="verification-submit">
              {t("platform.verify.submit")}
            </button>
          </form>
        )}
        {d.history.length > 0 && (
          <>
            <h2>{t("platform.verify.history")}</h2>
            <VerificationTable t={t} locale={d.locale} rows={d.history} licenceHref={(id) => `/admin/settings/account/licence/${id}`} />
          </>
        )}
      </section>
    </AdminFrame>
  );
}

/** Submissions with their outcome; shared by the account page and the operator's enterprise page. */
export function VerificationTable(p: { t: Translate; locale: Locale; rows: Verification[]; licenceHref: (id: string) => string }) {
  const t = p.t;
  return (
    <table class="table" data-testid="verification-history">
      <thead>
        <tr>
          <th>{t("platform.verify.submitted")}</th>
          <th>{t("platform.verify.legal_name")}</th>
          <th>{t("platform.verify.credit_code")}</th>
          <th>{t("platform.verify.outcome")}</th>
          <th>{t("platform.verify.licence_short")}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr data-testid="verification-row" data-state={r.state}>
            <td>{formatDateTime(r.submittedAt, p.locale)}</td>
            <td>{r.legalName}</td>
            <td>
              <code>{r.creditCode}</code>
            </td>
            <td>
              {t(`platform.verify.state_${r.state}`)}
              {r.reviewedAt && <span class="muted small"> · {formatDateTime(r.reviewedAt, p.locale)}</span>}
              {r.reason && <div class="small">{r.reason}</div>}
            </td>
            <td>
              <a href={p.licenceHref(r.id)} target="_blank" rel="noopener">
                {r.licenceName}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
