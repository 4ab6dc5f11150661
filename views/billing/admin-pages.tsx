// The admin's wallet pages: the recharge page (the wallet panel on its own, where a recharge form's
// error is shown), a gateway order's QR code (polled until paid), the ledger with filters and CSV
// export, and a printable receipt per recharge.
import type { Locale, Translate } from "../../src/i18n/index";
import type { LedgerEntry, LedgerKind } from "../../src/billing/ledger";
import type { RechargeOrder } from "../../src/billing/recharge";
import { formatFen } from "../../src/i18n/money";
import type { NavUser } from "../layout";
import { Layout } from "../layout";
import { AdminFrame } from "../admin/team/admin-frame";
import { Balance, OrderState, RechargeTable, WalletPanel, type WalletData } from "./wallet-panel";
import { formatDateTime } from "../../common/time-format";

interface Base {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
}

const STYLES = ["/static/css/platform.css", "/static/css/billing.css"];

export function RechargePage(p: Base & { w: WalletData }) {
  return (
    <AdminFrame {...p} title={p.t("billing.wallet.title")} path="/admin/settings/account" styles={STYLES}>
      <p>
        <a href="/admin/settings/account">← {p.t("platform.account.title")}</a>
      </p>
      <WalletPanel t={p.t} locale={p.locale} csrfToken={p.csrfToken} w={p.w} />
    </AdminFrame>
  );
}

/** The part of the order page that is polled: the QR code while pending, the outcome once known. */
export function OrderStatus(p: { t: Translate; order: RechargeOrder; qrSvgDataUri: string; balanceFen: number; pagePayUrl?: string }) {
  const t = p.t;
  const o = p.order;
  const pending = o.state === "pending";
  return (
    <div id="order-status" data-testid="order-status" data-state={o.state} {...(pending ? { "hx-get": `/admin/settings/account/recharges/${o.id}/status`, "hx-trigger": "every 2s", "hx-swap": "outerHTML" } : {})}>
      <p>
        <OrderState t={t} order={o} />
      </p>
      {pending && p.qrSvgDataUri && (
        <figure class="qr">
          <img src={p.qrSvgDataUri} width={240} height={240} alt={t("billing.order.qr_alt")} data-testid="recharge-qr" data-code={o.codeUrl} />
          <figcaption>{t(o.channel === "wechat" ? "billing.order.scan_wechat" : "billing.order.scan_alipay")}</figcaption>
        </figure>
      )}
      {pending && p.pagePayUrl && (
        <p>
          <a href={p.pagePayUrl} class="button primary" data-testid="alipay-page-link" rel="noreferrer">
            {t("billing.order.go_alipay")}
          </a>
        </p>
      )}
      {o.state === "paid" && (
        <p class="notice" role="status">
          {t("billing.order.paid")} <Balance t={t} fen={p.balanceFen} />
        </p>
      )}
    </div>
  );
}

export function OrderPage(p: Base & { order: RechargeOrder; qrSvgDataUri: string; balanceFen: number; pagePayUrl?: string }) {
  const t = p.t;
  return (
    <AdminFrame {...p} title={t("billing.order.title")} path="/admin/settings/account" styles={STYLES}>
      <h1>{t("billing.order.title")}</h1>
      <dl class="card facts">
        <dt>{t("billing.recharge.reference")}</dt>
        <dd>
          <code>{p.order.referenceCode}</code>
        </dd>
        <dt>{t("billing.recharge.channel")}</dt>
        <dd>{t(`billing.channel.${p.order.channel}`)}</dd>
        <dt>{t("billing.recharge.amount")}</dt>
        <dd>{formatFen(p.order.amount)}</dd>
      </dl>
      <OrderStatus t={t} order={p.order} qrSvgDataUri={p.qrSvgDataUri} balanceFen={p.balanceFen} pagePayUrl={p.pagePayUrl} />
      <p>
        <a href="/admin/settings/account">← {t("platform.account.title")}</a>
      </p>
    </AdminFrame>
  );
}

export interface LedgerView {
  entries: LedgerEntry[];
  page: number;
  pages: number;
  total: number;
  kind: LedgerKind | "";
  from: string;
  to: string;
  kinds: readonly LedgerKind[];
}

export function LedgerTable(p: { t: Translate; locale: Locale; entries: LedgerEntry[] }) {
  const t = p.t;
  return (
    <table class="table" data-testid="ledger">
      <thead>
        <tr>
          <th>{t("billing.ledger.at")}</th>
          <th>{t("billing.ledger.kind")}</th>
          <th class="num">{t("billing.ledger.amount")}</th>
          <th class="num">{t("billing.ledger.balance_after")}</th>
          <th>{t("billing.ledger.reference")}</th>
          <th>{t("billing.ledger.actor")}</th>
        </tr>
      </thead>
      <tbody>
        {p.entries.map((e) => (
          <tr data-testid="ledger-row" data-kind={e.kind} data-amount={e.amount} data-id={e.id}>
            <td>{formatDateTime(e.at, p.locale)}</td>
            <td>{t(`billing.kind.${e.kind}`)}</td>
            <td class={`num ${e.amount < 0 ? "debit" : "credit"}`}>{formatFen(e.amount)}</td>
            <td class="num">{formatFen(e.balanceAfter)}</td>
            <td>
              <code class="small">{e.reference}</code>
              {e.memo && e.kind === "adjustment" && <div class="small">{e.memo}</div>}
            </td>
            <td class="small">{e.actorName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LedgerPage(p: Base & { l: LedgerView; balanceFen: number; base: string; backHref: string; backLabel: string }) {
  const t = p.t;
  const q = (over: Record<string, string | number>) => {
    const s = new URLSearchParams();
    const all = { kind: p.l.kind, from: p.l.from, to: p.l.to, ...over };
    for (const [k, v] of Object.entries(all)) if (v !== "" && v !== undefined) s.set(k, String(v));
    return s.toString();
  };
  return (
    <AdminFrame {...p} title={t("billing.ledger.title")} path="/admin/settings/account" styles={STYLES}>
      <p>
        <a href={p.backHref}>← {p.backLabel}</a>
      </p>
      <h1>{t("billing.ledger.title")}</h1>
      <p>
        {t("billing.wallet.balance")} <Balance t={t} fen={p.balanceFen} />
      </p>
      <LedgerFilters t={t} l={p.l} action={p.base} />
      <p>
        <a href={`${p.base}.csv?${q({})}`} data-testid="ledger-csv" download>
          {t("billing.ledger.csv")}
        </a>{" "}
        <span class="muted small">{t("billing.ledger.count", { n: p.l.total })}</span>
      </p>
      <LedgerTable t={t} locale={p.locale} entries={p.l.entries} />
      <LedgerPager t={t} l={p.l} href={(page) => `${p.base}?${q({ page })}`} />
    </AdminFrame>
  );
}

export function LedgerFilters(p: { t: Translate; l: LedgerView; action: string }) {
  const t = p.t;
  return (
    <form method="get" action={p.action} class="filters" data-testid="ledger-filters">
      <label>
        {t("billing.ledger.kind")}
        <select name="kind">
          <option value="">{t("billing.ledger.all_kinds")}</option>
          {p.l.kinds.map((k) => (
            <option value={k} selected={p.l.kind === k}>
              {t(`billing.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("billing.ledger.from")}
        <input type="date" name="from" value={p.l.from} />
      </label>
      <label>
        {t("billing.ledger.to")}
        <input type="date" name="to" value={p.l.to} />
      </label>
      <button type="submit">{t("billing.ledger.filter")}</button>
    </form>
  );
}

export function LedgerPager(p: { t: Translate; l: { page: number; pages: number }; href: (page: number) => string }) {
  if (p.l.pages <= 1) return null;
  return (
    <nav class="pager">
      {p.l.page > 1 && <a href={p.href(p.l.page - 1)}>{p.t("platform.op.newer")}</a>}
      <span class="muted small">{p.t("platform.op.page", { page: p.l.page, pages: p.l.pages })}</span>
      {p.l.page < p.l.pages && <a href={p.href(p.l.page + 1)}>{p.t("platform.op.older")}</a>}
    </nav>
  );
}

/** A printable receipt (充值凭证): the page prints on its own, without the console around it. */
export function ReceiptPage(p: { t: Translate; locale: Locale; order: RechargeOrder; enterpriseName: string; displayId: string; platformName: string }) {
  const t = p.t;
  const o = p.order;
  return (
    <Layout t={t} locale={p.locale} title={t("billing.receipt.title")} bare styles={["/static/css/billing.css"]}>
      <main class="receipt" data-testid="receipt" data-state={o.state}>
        <h1>{t("billing.receipt.title")}</h1>
        <p class="muted">{p.platformName}</p>
        <dl class="facts">
          <dt>{t("billing.recharge.reference")}</dt>
          <dd>
            <code>{o.referenceCode}</code>
          </dd>
          <dt>{t("platform.account.name")}</dt>
          <dd>{p.enterpriseName}</dd>
          <dt>{t("platform.account.id")}</dt>
          <dd>{p.displayId}</dd>
          <dt>{t("billing.recharge.channel")}</dt>
          <dd>{t(`billing.channel.${o.channel}`)}</dd>
          <dt>{t("billing.recharge.amount")}</dt>
          <dd data-testid="receipt-amount">{formatFen(o.amount)}</dd>
          <dt>{t("billing.recharge.state")}</dt>
          <dd>
            <OrderState t={t} order={o} />
          </dd>
          <dt>{t("billing.recharge.created")}</dt>
          <dd>{formatDateTime(o.createdAt, p.locale)}</dd>
          {o.decidedAt && (
            <>
              <dt>{t("billing.receipt.decided")}</dt>
              <dd>{formatDateTime(o.decidedAt, p.locale)}</dd>
            </>
          )}
          {o.payer && (
            <>
              <dt>{t("billing.bank.payer")}</dt>
              <dd>{o.payer}</dd>
            </>
          )}
          {o.transferDate && (
            <>
              <dt>{t("billing.bank.date")}</dt>
              <dd>{o.transferDate}</dd>
            </>
          )}
          {o.gatewayTradeNo && (
            <>
              <dt>{t("billing.receipt.trade_no")}</dt>
              <dd>
                <code>{o.gatewayTradeNo}</code>
              </dd>
            </>
          )}
        </dl>
        <p class="muted small">{t("billing.receipt.note")}</p>
        <p class="no-print">
          <a href="/admin/settings/account">← {t("platform.account.title")}</a>
        </p>
      </main>
    </Layout>
  );
}

export { RechargeTable };
