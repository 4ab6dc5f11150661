// The operator console's pages: the verification queue and one submission, enterprises and one
// enterprise, the operators' audit log, and the platform settings.
import type { Locale, Translate } from "../../src/i18n/index";
import type { DirectoryRow } from "../../src/platform/directory";
import type { OperatorAuditEntry } from "../../src/platform/operator-audit";
import type { PlatformSettings } from "../../src/platform/settings";
import type { PendingRow, Verification } from "../../src/platform/verification";

import { StateBadge, VerificationTable } from "../platform/account-page";
import { OperatorFrame, Pager, type OperatorPageBase } from "./operator-frame";
import { Csrf } from "../parts/csrf-field";
import { Flash } from "../parts/flash";
import { AuditTable } from "../parts/audit-table";
import { formatDateTime } from "../../common/time-format";

type Base = OperatorPageBase;


export function QueuePage(p: Base & { rows: PendingRow[]; page: number; pages: number }) {
  const t = p.t;
  return (
    <OperatorFrame {...p} title={t("platform.op.queue.title")} path="/operator/verifications">
      <h1>{t("platform.op.queue.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      {p.rows.length === 0 ? (
        <p class="muted" data-testid="queue-empty">
          {t("platform.op.queue.empty")}
        </p>
      ) : (
        <table class="table" data-testid="verification-queue">
          <thead>
            <tr>
              <th>{t("platform.verify.submitted")}</th>
              <th>{t("platform.account.name")}</th>
              <th>{t("platform.account.id")}</th>
              <th>{t("platform.verify.legal_name")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr data-testid="queue-item" data-id={r.verification.id}>
                <td>{formatDateTime(r.verification.submittedAt, p.locale)}</td>
                <td>{r.enterpriseName}</td>
                <td>
                  <code>{r.displayId}</code>
                </td>
                <td>{r.verification.legalName}</td>
                <td>
                  <a href={`/operator/verifications/${r.verification.id}`} data-testid="queue-open">
                    {t("platform.op.queue.review")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager t={t} page={p.page} pages={p.pages} href={(n) => `/operator/verifications?page=${n}`} />
    </OperatorFrame>
  );
}

export function ReviewPage(p: Base & { v: Verification; enterprise: DirectoryRow }) {
  const t = p.t;
  const v = p.v;
  const licence = `/operator/verifications/${v.id}/licence`;
  return (
    <OperatorFrame {...p} title={t("platform.op.review.title")} path={`/operator/verifications/${v.id}`}>
      <h1>{t("platform.op.review.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      <dl class="card facts" data-testid="review">
        <dt>{t("platform.account.name")}</dt>
        <dd>
          <a href={`/operator/enterprises/${p.enterprise.id}`}>{p.enterprise.name}</a> · <code>{p.enterprise.displayId ?? ""}</code>
        </dd>
        <dt>{t("platform.verify.legal_name")}</dt>
        <dd>{v.legalName}</dd>
        <dt>{t("platform.verify.credit_code")}</dt>
        <dd>
          <code>{v.creditCode}</code>
        </dd>
        <dt>{t("platform.verify.contact")}</dt>
        <dd>{v.contact}</dd>
        <dt>{t("platform.verify.submitted")}</dt>
        <dd>{formatDateTime(v.submittedAt, p.locale)}</dd>
        <dt>{t("platform.verify.outcome")}</dt>
        <dd data-testid="review-state" data-state={v.state}>
          {t(`platform.verify.state_${v.state}`)}
          {v.reason && ` · ${v.reason}`}
        </dd>
      </dl>
      <p>
        <a href={licence} target="_blank" rel="noopener" data-testid="licence-link">
          {t("platform.op.review.licence")} ({v.licenceName})
        </a>
      </p>
      {v.licenceType.startsWith("image/") && <img src={licence} alt={t("platform.op.review.licence")} class="licence-preview" />}
      {v.state === "pending" && (
        <div class="stack">
          <form method="post" action={`/operator/verifications/${v.id}/approve`} class="inline">
            <Csrf token={p.csrfToken} />
            <button type="submit" class="primary" data-testid="operator-approve">
              {t("platform.op.review.approve")}
            </button>
          </form>
          <form method="post" action={`/operator/verifications/${v.id}/reject`} class="card stack">
            <Csrf token={p.csrfToken} />
            <label>
              {t("platform.op.review.reason")}
              <textarea name="reason" required maxLength={500} data-testid="reject-reason"></textarea>
            </label>
            <button type="submit" class="danger" data-testid="operator-reject">
              {t("platform.op.review.reject")}
            </button>
          </form>
        </div>
      )}
    </OperatorFrame>
  );
}

export function EnterprisesPage(p: Base & { q: string; rows: DirectoryRow[]; page: number; pages: number }) {
  const t = p.t;
  return (
    <OperatorFrame {...p} title={t("platform.op.enterprises.title")} path="/operator/enterprises">
      <h1>{t("platform.op.enterprises.title")}</h1>
      <form method="get" action="/operator/enterprises" class="filters" data-testid="enterprise-search">
        <input name="q" value={p.q} maxLength={100} placeholder={t("platform.op.enterprises.search")} aria-label={t("platform.op.enterprises.search")} />
        <button type="submit" class="primary">
          {t("platform.op.enterprises.find")}
        </button>
      </form>
      {p.rows.length === 0 ? (
        <p class="muted">{t("platform.op.enterprises.none")}</p>
      ) : (
        <table class="table" data-testid="enterprises">
          <thead>
            <tr>
              <th>{t("platform.account.name")}</th>
              <th>{t("platform.account.id")}</th>
              <th>{t("platform.op.enterprises.admin")}</th>
              <th>{t("platform.account.state")}</th>
              <th>{t("platform.op.enterprises.seats")}</th>
              <th>{t("platform.op.enterprises.created")}</th>
              <th>{t("platform.op.enterprises.last_active")}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr data-testid="enterprise-item" data-id={r.id}>
                <td>
                  <a href={`/operator/enterprises/${r.id}`}>{r.name}</a>
                </td>
                <td>
                  <code>{r.displayId ?? "—"}</code>
                </td>
                <td>{r.adminEmail ?? ""}</td>
                <td>
                  <StateBadge t={t} state={r.state} />
                  {r.suspended && <span class="badge danger"> {t("platform.op.enterprises.suspended")}</span>}
                </td>
                <td>{r.seats}</td>
                <td>{formatDateTime(r.createdAt, p.locale)}</td>
                <td>{r.lastActiveAt ? formatDateTime(r.lastActiveAt, p.locale) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager t={t} page={p.page} pages={p.pages} href={(n) => `/operator/enterprises?q=${encodeURIComponent(p.q)}&page=${n}`} />
    </OperatorFrame>
  );
}

export function EnterprisePage(p: Base & { e: DirectoryRow; suspendReason: string; history: Verification[]; log: OperatorAuditEntry[] }) {
  const t = p.t;
  const e = p.e;
  return (
    <OperatorFrame {...p} title={e.name} path={`/operator/enterprises/${e.id}`}>
      <h1>{e.name}</h1>
      <Flash error={p.error} notice={p.notice} />
      <dl class="card facts">
        <dt>{t("platform.account.id")}</dt>
        <dd>
          <code>{e.displayId ?? "—"}</code>
        </dd>
        <dt>{t("platform.account.state")}</dt>
        <dd>
          <StateBadge t={t} state={e.state} />
        </dd>
        <dt>{t("platform.op.enterprises.admin")}</dt>
        <dd>{e.adminEmail ?? ""}</dd>
        <dt>{t("platform.op.enterprises.seats")}</dt>
        <dd>{e.seats}</dd>
        <dt>{t("platform.op.enterprises.created")}</dt>
        <dd>{formatDateTime(e.createdAt, p.locale)}</dd>
        <dt>{t("platform.op.enterprises.last_active")}</dt>
        <dd>{e.lastActiveAt ? formatDateTime(e.lastActiveAt, p.locale) : "—"}</dd>
        <dt>{t("platform.op.enterprises.service")}</dt>
        <dd data-testid="suspension" data-suspended={e.suspended ? "yes" : "no"}>
          {e.suspended ? t("platform.op.enterprises.suspended_because", { reason: p.suspendReason }) : t("platform.op.enterprises.running")}
        </dd>
      </dl>
      <p>
        <a href={`/operator/billing/enterprises/${e.id}`} data-testid="enterprise-ledger-link">
          {t("billing.op.enterprise.link")}
        </a>
      </p>
      <form method="post" action={`/operator/enterprises/${e.id}/${e.suspended ? "resume" : "suspend"}`} class="card stack">
        <Csrf token={p.csrfToken} />
        <label>
          {t("platform.op.review.reason")}
          <input name="reason" required maxLength={500} data-testid="suspension-reason" />
        </label>
        <button type="submit" class={e.suspended ? "primary" : "danger"} data-testid={e.suspended ? "operator-resume" : "operator-suspend"}>
          {t(e.suspended ? "platform.op.enterprises.resume" : "platform.op.enterprises.suspend")}
        </button>
      </form>
      <h2>{t("platform.verify.history")}</h2>
      {p.history.length === 0 ? (
        <p class="muted">{t("platform.op.enterprises.no_submissions")}</p>
      ) : (
        <VerificationTable t={t} locale={p.locale} rows={p.history} licenceHref={(id) => `/operator/verifications/${id}/licence`} />
      )}
      <h2>{t("platform.op.audit.title")}</h2>
      <OperatorAudit t={t} locale={p.locale} entries={p.log} />
    </OperatorFrame>
  );
}

function OperatorAudit(p: { t: Translate; locale: Locale; entries: OperatorAuditEntry[] }) {
  if (p.entries.length === 0) return <p class="muted">{p.t("platform.op.audit.empty")}</p>;
  const rows = p.entries.map((e) => ({ at: e.at, action: e.action, who: e.operatorName, target: e.targetName || e.targetId, details: e.details }));
  return <AuditTable t={p.t} locale={p.locale} testId="operator-audit" rowTestId="operator-audit-entry" rows={rows} showCode />;
}

export function OperatorAuditPage(p: Base & { entries: OperatorAuditEntry[]; page: number; pages: number }) {
  const t = p.t;
  return (
    <OperatorFrame {...p} title={t("platform.op.audit.title")} path="/operator/audit">
      <h1>{t("platform.op.audit.title")}</h1>
      <OperatorAudit t={t} locale={p.locale} entries={p.entries} />
      <Pager t={t} page={p.page} pages={p.pages} href={(n) => `/operator/audit?page=${n}`} />
    </OperatorFrame>
  );
}

export function PlatformSettingsPage(p: Base & { settings: PlatformSettings; smtp: boolean }) {
  const t = p.t;
  return (
    <OperatorFrame {...p} title={t("platform.op.settings.title")} path="/operator/settings">
      <h1>{t("platform.op.settings.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      <form method="post" action="/operator/settings" class="card stack" data-testid="platform-settings">
        <Csrf token={p.csrfToken} />
        <label class="check">
          <input type="checkbox" name="signupOpen" value="1" checked={p.settings.signupOpen} />
          {t("platform.op.settings.signup_open")}
        </label>
        <label class="check">
          <input type="checkbox" name="emailConfirmation" value="1" checked={p.settings.emailConfirmation} disabled={!p.smtp} />
          {t("platform.op.settings.email_confirmation")}
        </label>
        {!p.smtp && <p class="muted small">{t("platform.op.settings.no_smtp")}</p>}
        <button type="submit" class="primary">
          {t("platform.op.settings.save")}
        </button>
      </form>
      <p>
        <a href="/operator/settings/email" data-testid="email-settings-link">
          {t("platform.op.settings.email_link")}
        </a>
      </p>
      <p>
        <a href="/operator/billing/settings" data-testid="billing-settings-link">
          {t("billing.op.settings.link")}
        </a>
      </p>
      <p>
        <a href="/operator/service" data-testid="service-settings-link">
          {t("service.op.prices")} · {t("service.op.title")}
        </a>
      </p>
    </OperatorFrame>
  );
}
