// Invoices (发票): the admin's requests and form (amount up to what has been spent), and the
// operator's queue, where each request is fulfilled by attaching the invoice file or rejected.
import type { Locale, Translate } from "../../src/i18n/index";
import type { InvoiceRequest, InvoiceRow } from "../../src/billing/invoices";
import { fenToYuan, formatFen } from "../../src/i18n/money";
import type { NavUser } from "../layout";
import { AdminFrame } from "../admin/team/admin-frame";
import { BillingFrame, RejectWithReason } from "./operator-pages";
import { Pager } from "../operator/operator-frame";
import { Csrf } from "../parts/csrf-field";
import { Flash } from "../parts/flash";
import { formatDateTime } from "../../common/time-format";


function InvoiceState(p: { t: Translate; inv: InvoiceRequest }) {
  return (
    <span class={`badge invoice-${p.inv.state}`} data-testid="invoice-state" data-state={p.inv.state}>
      {p.t(`billing.invoice.state.${p.inv.state}`)}
    </span>
  );
}

export function InvoicesPage(p: {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  invoices: InvoiceRequest[];
  availableFen: number;
  values?: Record<string, string>;
  error?: string;
  notice?: string;
  fileMaxMb: number;
}) {
  const t = p.t;
  const v = p.values ?? {};
  return (
    <AdminFrame t={t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={t("billing.invoice.title")} path="/admin/settings/account" styles={["/static/css/platform.css", "/static/css/billing.css"]}>
      <p>
        <a href="/admin/settings/account">← {t("platform.account.title")}</a>
      </p>
      <h1>{t("billing.invoice.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      <p data-testid="invoice-available" data-fen={p.availableFen}>
        {t("billing.invoice.available", { amount: formatFen(p.availableFen) })}
      </p>
      {p.availableFen > 0 && (
        <form method="post" action="/admin/settings/account/invoices" class="card stack" data-testid="invoice-form">
          <Csrf token={p.csrfToken} />
          <fieldset class="row">
            <legend>{t("billing.invoice.kind")}</legend>
            <label class="check">
              <input type="radio" name="kind" value="normal" checked={v.kind !== "special"} /> {t("billing.invoice.kind_normal")}
            </label>
            <label class="check">
              <input type="radio" name="kind" value="special" checked={v.kind === "special"} /> {t("billing.invoice.kind_special")}
            </label>
          </fieldset>
          <label>
            {t("billing.invoice.invoice_title")}
            <input name="title" required maxLength={120} value={v.title ?? ""} />
          </label>
          <label>
            {t("billing.invoice.tax_id")}
            <input name="taxId" required minLength={18} maxLength={24} value={v.taxId ?? ""} autocomplete="off" spellcheck={false} />
          </label>
          <label>
            {t("billing.invoice.details")}
            <textarea name="details" rows={3} maxLength={500}>
              {v.details ?? ""}
            </textarea>
          </label>
          <label>
            {t("billing.recharge.amount_yuan")}
            <input name="amount" required inputmode="decimal" value={v.amount ?? fenToYuan(p.availableFen)} />
          </label>
          <button type="submit" class="primary" data-testid="invoice-submit">
            {t("billing.invoice.submit")}
          </button>
        </form>
      )}
      {p.invoices.length > 0 && (
        <table class="table" data-testid="invoice-list">
          <thead>
            <tr>
              <th>{t("billing.recharge.created")}</th>
              <th>{t("billing.invoice.kind")}</th>
              <th>{t("billing.invoice.invoice_title")}</th>
              <th class="num">{t("billing.recharge.amount")}</th>
              <th>{t("billing.recharge.state")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.invoices.map((inv) => (
              <tr data-testid="invoice-row" data-id={inv.id} data-state={inv.state}>
                <td>{formatDateTime(inv.createdAt, p.locale)}</td>
                <td>{t(`billing.invoice.kind_${inv.kind}`)}</td>
                <td>
                  {inv.title}
                  <div class="small">
                    <code>{inv.taxId}</code>
                  </div>
                </td>
                <td class="num">{formatFen(inv.amount)}</td>
                <td>
                  <InvoiceState t={t} inv={inv} />
                  {inv.reason && <div class="small">{t("billing.recharge.reason", { reason: inv.reason })}</div>}
                </td>
                <td>
                  {inv.state === "issued" && (
                    <a href={`/admin/settings/account/invoices/${inv.id}/file`} data-testid="invoice-download">
                      {t("billing.invoice.download")}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}

export function InvoiceQueuePage(p: { t: Translate; locale: Locale; csrfToken: string; operatorName: string; error?: string; notice?: string; rows: InvoiceRow[]; page: number; pages: number; fileMaxMb: number }) {
  const t = p.t;
  return (
    <BillingFrame {...p} title={t("billing.op.invoices.title")} path="/operator/billing/invoices">
      {p.rows.length === 0 ? (
        <p class="muted" data-testid="invoices-empty">
          {t("billing.op.invoices.empty")}
        </p>
      ) : (
        <table class="table" data-testid="invoice-queue">
          <thead>
            <tr>
              <th>{t("billing.recharge.created")}</th>
              <th>{t("platform.account.name")}</th>
              <th>{t("billing.invoice.kind")}</th>
              <th>{t("billing.invoice.invoice_title")}</th>
              <th class="num">{t("billing.recharge.amount")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr data-testid="invoice-item" data-id={r.invoice.id}>
                <td>{formatDateTime(r.invoice.createdAt, p.locale)}</td>
                <td>
                  <a href={`/operator/billing/enterprises/${r.invoice.enterpriseId}`}>{r.enterpriseName}</a>
                  <div class="small">
                    <code>{r.displayId}</code>
                  </div>
                </td>
                <td>{t(`billing.invoice.kind_${r.invoice.kind}`)}</td>
                <td>
                  {r.invoice.title}
                  <div class="small">
                    <code>{r.invoice.taxId}</code>
                  </div>
                  {r.invoice.details && <pre class="small bank-account">{r.invoice.details}</pre>}
                </td>
                <td class="num">{formatFen(r.invoice.amount)}</td>
                <td>
                  <form method="post" action={`/operator/billing/invoices/${r.invoice.id}/issue`} enctype="multipart/form-data" class="stack">
                    <Csrf token={p.csrfToken} />
                    <input type="file" name="file" required accept="application/pdf,image/png,image/jpeg" aria-label={t("billing.op.invoices.file", { max: p.fileMaxMb })} />
                    <button type="submit" class="primary" data-testid="operator-invoice-issue">
                      {t("billing.op.invoices.issue")}
                    </button>
                  </form>
                  <RejectWithReason t={t} csrfToken={p.csrfToken} action={`/operator/billing/invoices/${r.invoice.id}/reject`} testId="operator-invoice-reject" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager t={t} page={p.page} pages={p.pages} href={(n) => `/operator/billing/invoices?page=${n}`} />
    </BillingFrame>
  );
}
