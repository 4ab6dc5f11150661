// The wallet on Admin → Settings → Account (账户充值): the balance, why recharging is not open yet
// (trial, pending, rejected, suspended), the bank transfer form with the platform's account and the
// reference to write on the transfer, WeChat Pay and Alipay, and the latest recharges.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import type { RechargeOrder } from "../../src/billing/recharge";
import { formatFen, fenToYuan } from "../../src/i18n/money";
import { formatDateTime } from "../../common/time-format";


export interface WalletData {
  balanceFen: number;
  /** null when the enterprise may recharge; else the catalogue key saying why not */
  closedReason: string | null;
  minRechargeFen: number;
  channels: { bank: boolean; wechat: boolean; alipay: boolean; alipayPage?: boolean };
  bankAccount: string;
  /** what the payer writes in the transfer's remark (附言): the 企业ID */
  remark: string;
  recent: RechargeOrder[];
  receiptMaxMb: number;
  values?: { amount?: string; payer?: string; date?: string };
  /** an error from a recharge form, shown beside the forms */
  error?: string;
  notice?: string;
}

export function Balance(p: { t: Translate; fen: number }) {
  return (
    <strong class="balance" data-testid="balance" data-fen={p.fen}>
      {formatFen(p.fen)}
    </strong>
  );
}

export function OrderState(p: { t: Translate; order: RechargeOrder }) {
  return (
    <span class={`badge recharge-${p.order.state}`} data-testid="recharge-state" data-state={p.order.state}>
      {p.t(`billing.state.${p.order.channel === "bank" && p.order.state === "pending" ? "waiting_audit" : p.order.state}`)}
    </span>
  );
}

export function RechargeTable(p: { t: Translate; locale: Locale; rows: RechargeOrder[] }) {
  const t = p.t;
  return (
    <table class="table" data-testid="recharge-list">
      <thead>
        <tr>
          <th>{t("billing.recharge.created")}</th>
          <th>{t("billing.recharge.reference")}</th>
          <th>{t("billing.recharge.channel")}</th>
          <th class="num">{t("billing.recharge.amount")}</th>
          <th>{t("billing.recharge.state")}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((o) => (
          <tr data-testid="recharge-row" data-id={o.id} data-state={o.state}>
            <td>{formatDateTime(o.createdAt, p.locale)}</td>
            <td>
              <code>{o.referenceCode}</code>
            </td>
            <td>{t(`billing.channel.${o.channel}`)}</td>
            <td class="num">{formatFen(o.amount)}</td>
            <td>
              <OrderState t={t} order={o} />
              {o.reason && <div class="small">{t("billing.recharge.reason", { reason: o.reason })}</div>}
            </td>
            <td>
              {o.state === "pending" && o.channel !== "bank" ? (
                <a href={`/admin/settings/account/recharges/${o.id}`}>{t("billing.recharge.pay_now")}</a>
              ) : (
                <a href={`/admin/settings/account/recharges/${o.id}/receipt`} data-testid="recharge-receipt-link">
                  {t("billing.receipt.link")}
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WalletPanel(p: { t: Translate; locale: Locale; csrfToken: string; w: WalletData }) {
  const t = p.t;
  const w = p.w;
  const v = w.values ?? {};
  const min = fenToYuan(w.minRechargeFen);
  return (
    <section class="wallet" id="wallet" data-testid="wallet">
      <h2>{t("billing.wallet.title")}</h2>
      <p>
        {t("billing.wallet.balance")} <Balance t={t} fen={w.balanceFen} />{" "}
        <a href="/admin/settings/account/ledger" data-testid="ledger-link">
          {t("billing.ledger.link")}
        </a>{" "}
        · <a href="/admin/settings/account/invoices" data-testid="invoices-link">
          {t("billing.invoice.link")}
        </a>
      </p>
      {w.error && (
        <p class="error" role="alert" data-testid="recharge-error">
          {w.error}
        </p>
      )}
      {w.notice && (
        <p class="notice" role="status" data-testid="recharge-notice">
          {w.notice}
        </p>
      )}
      {w.closedReason ? (
        <p class="muted" data-testid="recharge-closed">
          {t(w.closedReason)}
        </p>
      ) : (
        <>
          <p class="muted">{t("billing.recharge.minimum", { min: formatFen(w.minRechargeFen) })}</p>
          {(w.channels.wechat || w.channels.alipay) && (
            <form method="post" action="/admin/settings/account/recharges/online" class="card stack" data-testid="recharge-online">
              <h3>{t("billing.recharge.online_title")}</h3>
              <Csrf token={p.csrfToken} />
              <label>
                {t("billing.recharge.amount_yuan")}
                <input name="amount" required inputmode="decimal" pattern="[0-9]+([.][0-9]{1,2})?" placeholder={min} value={v.amount ?? ""} />
              </label>
              <div class="row">
                {w.channels.wechat && (
                  <button type="submit" name="channel" value="wechat" class="primary" data-testid="recharge-wechat">
                    {t("billing.channel.wechat")}
                  </button>
                )}
                {w.channels.alipay && (
                  <button type="submit" name="channel" value="alipay" class="primary" data-testid="recharge-alipay">
                    {t("billing.channel.alipay")}
                  </button>
                )}
                {w.channels.alipayPage && (
                  <button type="submit" name="channel" value="alipay_page" data-testid="recharge-alipay-page">
                    {t("billing.channel.alipay_page")}
                  </button>
                )}
              </div>
            </form>
          )}
          {w.channels.bank ? (
            <form method="post" action="/admin/settings/account/recharges/bank" enctype="multipart/form-data" class="card stack" data-testid="recharge-bank">
              <h3>{t("billing.bank.title")}</h3>
              <p class="muted">{t("billing.bank.intro")}</p>
              <pre class="bank-account" data-testid="bank-account">
                {w.bankAccount}
              </pre>
              <p>
                {t("billing.bank.remark")} <code data-testid="transfer-remark">{w.remark}</code>
              </p>
              <Csrf token={p.csrfToken} />
              <label>
                {t("billing.recharge.amount_yuan")}
                <input name="amount" required inputmode="decimal" pattern="[0-9]+([.][0-9]{1,2})?" placeholder={min} value={v.amount ?? ""} />
              </label>
              <label>
                {t("billing.bank.payer")}
                <input name="payer" required maxLength={120} value={v.payer ?? ""} />
              </label>
              <label>
                {t("billing.bank.date")}
                <input name="date" type="date" required value={v.date ?? ""} />
              </label>
              <label>
                {t("billing.bank.receipt", { max: w.receiptMaxMb })}
                <input type="file" name="receipt" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" />
              </label>
              <button type="submit" class="primary" data-testid="recharge-bank-submit">
                {t("billing.bank.submit")}
              </button>
            </form>
          ) : (
            !w.channels.wechat && !w.channels.alipay && <p class="muted">{t("billing.recharge.none_configured")}</p>
          )}
        </>
      )}
      {w.recent.length > 0 && (
        <>
          <h3>{t("billing.recharge.recent")}</h3>
          <RechargeTable t={t} locale={p.locale} rows={w.recent} />
        </>
      )}
    </section>
  );
}
