// The operator console's billing pages: bank transfers to audit, payment settings (secrets are
// write-only: only "set …last 4" is shown), one enterprise's ledger with a manual adjustment, and
// recharge totals per day and channel.
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../src/i18n/index";
import type { BillingField } from "../../src/billing/settings";
import type { TransferRow } from "../../src/billing/recharge";
import type { DayTotal } from "../../src/billing/reports";
import { formatFen } from "../../src/i18n/money";

import { OperatorFrame, Pager, type OperatorPageBase } from "../operator/operator-frame";
import { LedgerFilters, LedgerPager, LedgerTable, type LedgerView } from "./admin-pages";
import { Balance } from "./wallet-panel";
import { Csrf } from "../parts/csrf-field";
import { Flash } from "../parts/flash";
import { formatDateTime } from "../../common/time-format";

type Base = OperatorPageBase;


const SUBNAV = [
  { href: "/operator/billing/transfers", label: "billing.op.nav.transfers" },
  { href: "/operator/billing/invoices", label: "billing.op.nav.invoices" },
  { href: "/operator/billing/totals", label: "billing.op.nav.totals" },
  { href: "/operator/billing/settings", label: "billing.op.nav.settings" },
];

export function BillingFrame(p: Base & { title: string; path: string; children: ComponentChildren }) {
  return (
    <OperatorFrame {...p} title={p.title} path={p.path} styles={["/static/css/billing.css"]}>
      <nav class="subnav" aria-label={p.t("billing.op.nav.label")}>
        {SUBNAV.map((s) => (
          <a href={s.href} class={p.path.startsWith(s.href) ? "active" : ""} aria-current={p.path.startsWith(s.href) ? "page" : undefined}>
            {p.t(s.label)}
          </a>
        ))}
      </nav>
      <h1>{p.title}</h1>
      <Flash error={p.error} notice={p.notice} />
      {p.children}
    </OperatorFrame>
  );
}

export function TransfersPage(p: Base & { rows: TransferRow[]; page: number; pages: number }) {
  const t = p.t;
  return (
    <BillingFrame {...p} title={t("billing.op.transfers.title")} path="/operator/billing/transfers">
      {p.rows.length === 0 ? (
        <p class="muted" data-testid="transfers-empty">
          {t("billing.op.transfers.empty")}
        </p>
      ) : (
        <table class="table" data-testid="transfer-queue">
          <thead>
            <tr>
              <th>{t("billing.recharge.created")}</th>
              <th>{t("platform.account.name")}</th>
              <th class="num">{t("billing.recharge.amount")}</th>
              <th>{t("billing.bank.payer")}</th>
              <th>{t("billing.bank.date")}</th>
              <th>{t("billing.op.transfers.receipt")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr data-testid="transfer-item" data-id={r.order.id}>
                <td>
                  {formatDateTime(r.order.createdAt, p.locale)}
                  <div class="small">
                    <code>{r.order.referenceCode}</code>
                  </div>
                </td>
                <td>
                  <a href={`/operator/billing/enterprises/${r.order.enterpriseId}`}>{r.enterpriseName}</a>
                  <div class="small">
                    <code>{r.displayId}</code>
                  </div>
                </td>
                <td class="num">{formatFen(r.order.amount)}</td>
                <td>{r.order.payer}</td>
                <td>{r.order.transferDate}</td>
                <td>
                  {r.order.receiptStored ? (
                    <a href={`/operator/billing/transfers/${r.order.id}/receipt`} target="_blank" rel="noopener">
                      {r.order.receiptName}
                    </a>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td>
                  <form method="post" action={`/operator/billing/transfers/${r.order.id}/approve`} class="inline">
                    <Csrf token={p.csrfToken} />
                    <button type="submit" class="primary" data-testid="operator-transfer-approve">
                      {t("billing.op.transfers.approve")}
                    </button>
                  </form>
                  <RejectWithReason t={t} csrfToken={p.csrfToken} action={`/operator/billing/transfers/${r.order.id}/reject`} testId="operator-transfer-reject" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager t={t} page={p.page} pages={p.pages} href={(n) => `/operator/billing/transfers?page=${n}`} />
    </BillingFrame>
  );
}

/** The settings form: plain fields show their value, secrets only whether they are set. */
export function BillingSettingsPage(p: Base & { view: Record<BillingField, string>; secrets: readonly BillingField[]; ready: { bank: boolean; wechat: boolean; alipay: boolean }; notifyUrls: { wechat: string; alipay: string } }) {
  const t = p.t;
  const field = (f: BillingField, opts: { area?: boolean } = {}) => {
    const secret = p.secrets.includes(f);
    const label = t(`billing.op.settings.field.${f}`);
    if (secret)
      return (
        <label>
          {label}{" "}
          <span class="muted small" data-testid={`secret-${f}`}>
            {p.view[f] ? t("billing.op.settings.secret_set", { hint: p.view[f] }) : t("billing.op.settings.secret_unset")}
          </span>
          {opts.area ? <textarea name={f} rows={3} autocomplete="off" spellcheck={false} placeholder={t("billing.op.settings.secret_keep")}></textarea> : <input name={f} type="password" autocomplete="new-password" placeholder={t("billing.op.settings.secret_keep")} />}
          {p.view[f] && (
            <span class="check small">
              <input type="checkbox" name="clear" value={f} /> {t("billing.op.settings.secret_clear")}
            </span>
          )}
        </label>
      );
    return (
      <label>
        {label}
        {opts.area ? <textarea name={f} rows={3} spellcheck={false}>{p.view[f]}</textarea> : <input name={f} value={p.view[f]} spellcheck={false} />}
      </label>
    );
  };
  return (
    <BillingFrame {...p} title={t("billing.op.settings.title")} path="/operator/billing/settings">
      <form method="post" action="/operator/billing/settings" class="stack" data-testid="billing-settings">
        <Csrf token={p.csrfToken} />
        <fieldset class="card stack">
          <legend>{t("billing.op.settings.general")}</legend>
          {field("minRechargeFen")}
          {field("bankAccount", { area: true })}
          <p class="muted small">{t(p.ready.bank ? "billing.op.settings.ready" : "billing.op.settings.not_ready")}</p>
        </fieldset>
        <fieldset class="card stack">
          <legend>{t("billing.channel.wechat")}</legend>
          {field("wechat.appId")}
          {field("wechat.mchId")}
          {field("wechat.serialNo")}
          {field("wechat.privateKey", { area: true })}
          {field("wechat.platformPublicKey", { area: true })}
          {field("wechat.platformSerial")}
          {field("wechat.apiV3Key")}
          {field("wechat.baseUrl")}
          <p class="muted small">
            {t("billing.op.settings.notify_url")} <code>{p.notifyUrls.wechat}</code>
          </p>
          <p class="muted small" data-testid="wechat-ready">
            {t(p.ready.wechat ? "billing.op.settings.ready" : "billing.op.settings.not_ready")}
          </p>
        </fieldset>
        <fieldset class="card stack">
          <legend>{t("billing.channel.alipay")}</legend>
          {field("alipay.appId")}
          {field("alipay.privateKey", { area: true })}
          {field("alipay.publicKey", { area: true })}
          {field("alipay.sellerId")}
          {field("alipay.gatewayUrl")}
          <input type="hidden" name="alipay.pagePay" value="0" />
          <label class="check">
            <input type="checkbox" name="alipay.pagePay" value="1" checked={p.view["alipay.pagePay"] === "1"} /> {t("billing.op.settings.field.alipay.pagePay")}
          </label>
          <p class="muted small">
            {t("billing.op.settings.notify_url")} <code>{p.notifyUrls.alipay}</code>
          </p>
          <p class="muted small" data-testid="alipay-ready">
            {t(p.ready.alipay ? "billing.op.settings.ready" : "billing.op.settings.not_ready")}
          </p>
        </fieldset>
        <button type="submit" class="primary" data-testid="billing-settings-save">
          {t("billing.op.settings.save")}
        </button>
      </form>
    </BillingFrame>
  );
}

export function EnterpriseLedgerPage(p: Base & { formKey: string; enterpriseId: string; enterpriseName: string; displayId: string; balanceFen: number; l: LedgerView; values?: { direction?: string; amount?: string; reason?: string } }) {
  const t = p.t;
  const base = `/operator/billing/enterprises/${p.enterpriseId}`;
  const v = p.values ?? {};
  return (
    <BillingFrame {...p} title={t("billing.op.enterprise.title", { name: p.enterpriseName })} path={base}>
      <p>
        <a href={`/operator/enterprises/${p.enterpriseId}`}>{p.enterpriseName}</a> <code>{p.displayId}</code> · {t("billing.wallet.balance")} <Balance t={t} fen={p.balanceFen} />
      </p>
      <form method="post" action={`${base}/adjust`} class="card stack" data-testid="operator-adjust">
        <h2>{t("billing.op.adjust.title")}</h2>
        <p class="muted small">{t("billing.op.adjust.intro")}</p>
        <Csrf token={p.csrfToken} />
        <input type="hidden" name="key" value={p.formKey} />
        <label>
          {t("billing.op.adjust.direction")}
          <select name="direction">
            <option value="credit" selected={v.direction !== "debit"}>
              {t("billing.op.adjust.credit")}
            </option>
            <option value="debit" selected={v.direction === "debit"}>
              {t("billing.op.adjust.debit")}
            </option>
          </select>
        </label>
        <label>
          {t("billing.recharge.amount_yuan")}
          <input name="amount" required inputmode="decimal" value={v.amount ?? ""} />
        </label>
        <label>
          {t("billing.op.adjust.reason")}
          <input name="reason" required maxLength={500} value={v.reason ?? ""} />
        </label>
        <button type="submit" class="primary" data-testid="operator-adjust-submit">
          {t("billing.op.adjust.submit")}
        </button>
      </form>
      <LedgerFilters t={t} l={p.l} action={base} />
      <LedgerTable t={t} locale={p.locale} entries={p.l.entries} />
      <LedgerPager t={t} l={p.l} href={(page) => `${base}?page=${page}`} />
    </BillingFrame>
  );
}

export function TotalsPage(p: Base & { days: DayTotal[]; from: string; to: string }) {
  const t = p.t;
  const sum = (k: "wechat" | "alipay" | "bank") => p.days.reduce((n, d) => n + d[k], 0);
  return (
    <BillingFrame {...p} title={t("billing.op.totals.title")} path="/operator/billing/totals">
      <form method="get" action="/operator/billing/totals" class="filters">
        <label>
          {t("billing.ledger.from")}
          <input type="date" name="from" value={p.from} />
        </label>
        <label>
          {t("billing.ledger.to")}
          <input type="date" name="to" value={p.to} />
        </label>
        <button type="submit">{t("billing.ledger.filter")}</button>
      </form>
      <p class="muted small">{t("billing.op.totals.explain")}</p>
      <table class="table" data-testid="recharge-totals">
        <thead>
          <tr>
            <th>{t("billing.op.totals.day")}</th>
            <th class="num">{t("billing.channel.wechat")}</th>
            <th class="num">{t("billing.channel.alipay")}</th>
            <th class="num">{t("billing.channel.bank")}</th>
            <th class="num">{t("billing.op.totals.total")}</th>
          </tr>
        </thead>
        <tbody>
          {p.days.map((d) => (
            <tr data-testid="totals-day" data-day={d.day}>
              <td>{d.day}</td>
              <td class="num">{formatFen(d.wechat)}</td>
              <td class="num">{formatFen(d.alipay)}</td>
              <td class="num">{formatFen(d.bank)}</td>
              <td class="num">{formatFen(d.wechat + d.alipay + d.bank)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t("billing.op.totals.total")}</th>
            <th class="num">{formatFen(sum("wechat"))}</th>
            <th class="num">{formatFen(sum("alipay"))}</th>
            <th class="num">{formatFen(sum("bank"))}</th>
            <th class="num" data-testid="totals-sum">
              {formatFen(sum("wechat") + sum("alipay") + sum("bank"))}
            </th>
          </tr>
        </tfoot>
      </table>
    </BillingFrame>
  );
}

/** The operator refuses a transfer or an invoice request: a reason is required and shown to the enterprise. */
export function RejectWithReason(p: { t: Translate; csrfToken: string; action: string; testId: string }) {
  return (
    <form method="post" action={p.action} class="inline stack">
      <Csrf token={p.csrfToken} />
      <input name="reason" required maxLength={500} placeholder={p.t("billing.op.transfers.reason")} aria-label={p.t("billing.op.transfers.reason")} />
      <button type="submit" class="danger" data-testid={p.testId}>
        {p.t("billing.op.transfers.reject")}
      </button>
    </form>
  );
}
