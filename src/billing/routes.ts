// The wallet's HTTP wiring (platform mode only): the admin's recharge forms, orders, ledger (page
// and CSV) and receipts under /admin/settings/account; the operator's transfer queue, payment
// settings, enterprise ledgers with adjustments and totals under /operator/billing; the payment
// gateways' notifications (src/billing/gateway-routes.ts).
import { h } from "preact";
import { eq } from "drizzle-orm";
import { LedgerPage, OrderPage, OrderStatus, ReceiptPage, RechargePage, type LedgerView } from "../../views/billing/admin-pages";
import { BillingSettingsPage, EnterpriseLedgerPage, TotalsPage, TransfersPage } from "../../views/billing/operator-pages";
import type { WalletData } from "../../views/billing/wallet-panel";
import { enterprises } from "../db/schema";
import { randomToken } from "../db/ids";
import { UserError } from "../errors";
import { FORM_OVERHEAD } from "../http/body";
import { page, redirect } from "../http/respond";
import { refusalOf, refusalShown } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { fileResponse } from "../files/store";
import { operatorAudit } from "../platform/operator-audit";
import { accountOf, ensureAccount } from "../platform/standing";
import { balanceOf, ledgerPage, ledgerRows, type LedgerFilter, type LedgerKind } from "./ledger";
import { LEDGER_KINDS } from "./schema";
import { ledgerCsv } from "./ledger-csv";
import { decideTransfer, ownOrder, orderById, pendingTransfers, receiptBytes, RECEIPT_MAX_BYTES, recordBankTransfer } from "./recharge";
import { adjustBalance, chinaDay, chinaDayStart, rechargeTotals } from "./reports";
import { BILLING_FIELDS, billingSettings, channelsReady, isSecret, publicView, saveBillingSettings } from "./settings";
import { walletData } from "./wallet";
import { onlineRoutes, notifyUrls } from "./gateway-routes";
import { invoiceRoutes } from "./invoice-routes";
import { str } from "../http/request";
import { DAY_MS } from "../../common/time";

const SETTINGS = { module: "settings" } as const;
const OPERATOR = "operator" as const;
const pageNo = (req: Req) => Number(req.query.page ?? 1) || 1;
const platformOnly = (req: Req) => {
  if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
};
const me = (req: Req) => ({ id: req.operator!.operator.id, name: req.operator!.operator.name });
const opBase = (req: Req) => ({ t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name });
const adminBase = (req: Req) => ({ t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken });

/** The wallet on its own page, with a recharge form's error or notice. */
export function rechargePage(req: Req, extra: Partial<WalletData> = {}, status = 200): Response {
  platformOnly(req);
  ensureAccount(req.app.db, req.user!.enterpriseId);
  const w = walletData(req.app, req.user!.enterpriseId, extra)!;
  return page(h(RechargePage, { ...adminBase(req), w }), status);
}

/** The ledger's filter from a query: kind, and days (China time) from and to, inclusive. */
function ledgerFilter(req: Req): LedgerFilter & { view: Pick<LedgerView, "kind" | "from" | "to"> } {
  const kind = LEDGER_KINDS.includes(req.query.kind as LedgerKind) ? (req.query.kind as LedgerKind) : undefined;
  const from = chinaDayStart(str(req.query.from));
  const to = chinaDayStart(str(req.query.to));
  return {
    kind,
    from: Number.isNaN(from) ? undefined : from,
    to: Number.isNaN(to) ? undefined : to + DAY_MS,
    view: { kind: kind ?? "", from: Number.isNaN(from) ? "" : str(req.query.from), to: Number.isNaN(to) ? "" : str(req.query.to) },
  };
}

function ledgerView(req: Req, enterpriseId: string): LedgerView {
  const f = ledgerFilter(req);
  return { ...ledgerPage(req.app.db, enterpriseId, { ...f, page: pageNo(req) }), ...f.view, kinds: LEDGER_KINDS };
}

function enterpriseName(req: Req, id: string): string | undefined {
  return req.app.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, id)).get()?.name;
}

function enterpriseLedgerPage(req: Req, id: string, extra: { error?: string; notice?: string; values?: Record<string, string> } = {}, status = 200): Response {
  const name = enterpriseName(req, id);
  if (name === undefined) throw new UserError("not_found", 404);
  return page(
    h(EnterpriseLedgerPage, { ...opBase(req), formKey: randomToken(20), enterpriseId: id, enterpriseName: name, displayId: accountOf(req.app.db, id)?.displayId ?? "", balanceFen: balanceOf(req.app.db, id), l: ledgerView(req, id), ...extra }),
    status,
  );
}

function settingsPage(req: Req, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const s = billingSettings(req.app.db);
  return page(h(BillingSettingsPage, { ...opBase(req), view: publicView(s), secrets: BILLING_FIELDS.filter(isSecret), ready: channelsReady(s), notifyUrls: notifyUrls(req), ...extra }), status);
}

function transfersPage(req: Req, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  return page(h(TransfersPage, { ...opBase(req), ...pendingTransfers(req.app.db, pageNo(req)), ...extra }), status);
}

const adminRoutes: Route[] = [
  { method: "GET", path: "/admin/settings/account/recharge", access: SETTINGS, handle: (req) => rechargePage(req, { notice: req.query.recorded ? req.t("billing.recharge.recorded") : undefined }) },
  {
    method: "POST",
    path: "/admin/settings/account/recharges/bank",
    access: SETTINGS,
    maxBody: RECEIPT_MAX_BYTES + FORM_OVERHEAD,
    handle: async (req) => {
      platformOnly(req);
      const values = { amount: str(req.body.amount).slice(0, 40), payer: str(req.body.payer).slice(0, 200), date: str(req.body.date).slice(0, 20) };
      try {
        await recordBankTransfer(req.app, req.user!, { ...values, receipt: req.body.receipt });
        return redirect("/admin/settings/account/recharge?recorded=1");
      } catch (e) {
        const { error, status } = refusalOf(req, e);
        return rechargePage(req, { values, error }, status);
      }
    },
  },
  ...onlineRoutes(rechargePage),
  {
    method: "GET",
    path: "/admin/settings/account/recharges/:id/receipt",
    access: SETTINGS,
    handle: (req) => {
      platformOnly(req);
      const eid = req.user!.enterpriseId;
      const order = ownOrder(req.app.db, eid, req.params.id ?? "");
      if (!order) throw new UserError("not_found", 404);
      return page(h(ReceiptPage, { t: req.t, locale: req.locale, order, enterpriseName: enterpriseName(req, eid) ?? "", displayId: accountOf(req.app.db, eid)?.displayId ?? "", platformName: req.t("billing.receipt.platform") }));
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account/recharges/:id/file",
    access: SETTINGS,
    handle: async (req) => {
      const order = ownOrder(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      const bytes = order && (await receiptBytes(req.app.config.dataDir, order));
      if (!order || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, order.receiptType, order.receiptName, { "cache-control": "private, no-store" });
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account/ledger",
    access: SETTINGS,
    handle: (req) => {
      platformOnly(req);
      const eid = req.user!.enterpriseId;
      return page(h(LedgerPage, { ...adminBase(req), l: ledgerView(req, eid), balanceFen: balanceOf(req.app.db, eid), base: "/admin/settings/account/ledger", backHref: "/admin/settings/account", backLabel: req.t("platform.account.title") }));
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account/ledger.csv",
    access: SETTINGS,
    handle: (req) => {
      platformOnly(req);
      const f = ledgerFilter(req);
      return ledgerCsv(req.locale, req.t, ledgerRows(req.app.db, req.user!.enterpriseId, f), `ledger-${chinaDay(Date.now())}.csv`);
    },
  },
];

const operatorRoutes: Route[] = [
  { method: "GET", path: "/operator/billing", access: OPERATOR, handle: () => redirect("/operator/billing/transfers", 302) },
  {
    method: "GET",
    path: "/operator/billing/transfers",
    access: OPERATOR,
    handle: (req) => transfersPage(req, { notice: req.query.done ? req.t(`billing.op.transfers.done_${req.query.done === "approve" ? "approve" : "reject"}`) : undefined }),
  },
  ...(["approve", "reject"] as const).map(
    (decision): Route => ({
      method: "POST",
      path: `/operator/billing/transfers/:id/${decision}`,
      access: OPERATOR,
      handle: (req) =>
        refusalShown(
          req,
          () => {
            decideTransfer(req.app.db, me(req), req.params.id ?? "", decision, req.body.reason);
            return redirect(`/operator/billing/transfers?done=${decision}`);
          },
          (error, status) => transfersPage(req, { error }, status),
        ),
    }),
  ),
  {
    method: "GET",
    path: "/operator/billing/transfers/:id/receipt",
    access: OPERATOR,
    handle: async (req) => {
      const order = orderById(req.app.db, req.params.id ?? "");
      const bytes = order && (await receiptBytes(req.app.config.dataDir, order));
      if (!order || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, order.receiptType, order.receiptName, { "cache-control": "private, no-store" });
    },
  },
  { method: "GET", path: "/operator/billing/settings", access: OPERATOR, handle: (req) => settingsPage(req) },
  {
    method: "POST",
    path: "/operator/billing/settings",
    access: OPERATOR,
    handle: (req) =>
      refusalShown(
        req,
        () => {
          const clear = ([] as unknown[]).concat(req.body.clear ?? []).filter((v): v is string => typeof v === "string");
          const changed = saveBillingSettings(req.app.db, req.body, clear);
          // Names only: a secret's value never reaches the log.
          if (changed.length) operatorAudit(req.app.db, me(req), "billing.settings_updated", { type: "settings", id: "billing" }, { changed });
          return settingsPage(req, { notice: req.t("billing.op.settings.saved") });
        },
        (error, status) => settingsPage(req, { error }, status),
      ),
  },
  { method: "GET", path: "/operator/billing/enterprises/:id", access: OPERATOR, handle: (req) => enterpriseLedgerPage(req, req.params.id ?? "", { notice: req.query.adjusted ? req.t("billing.op.adjust.done") : undefined }) },
  {
    method: "POST",
    path: "/operator/billing/enterprises/:id/adjust",
    access: OPERATOR,
    handle: (req) => {
      const id = req.params.id ?? "";
      const values = { direction: str(req.body.direction), amount: str(req.body.amount).slice(0, 40), reason: str(req.body.reason).slice(0, 600) };
      return refusalShown(
        req,
        () => {
          if (enterpriseName(req, id) === undefined) throw new UserError("not_found", 404);
          adjustBalance(req.app.db, me(req), id, { ...values, key: req.body.key });
          return redirect(`/operator/billing/enterprises/${id}?adjusted=1`);
        },
        (error, status) => enterpriseLedgerPage(req, id, { error, values }, status),
      );
    },
  },
  {
    method: "GET",
    path: "/operator/billing/totals",
    access: OPERATOR,
    handle: (req) => {
      const today = chinaDay(Date.now());
      const to = Number.isNaN(chinaDayStart(str(req.query.to))) ? today : str(req.query.to);
      const from = Number.isNaN(chinaDayStart(str(req.query.from))) ? chinaDay(chinaDayStart(to) - 29 * DAY_MS + 12 * 3600_000) : str(req.query.from);
      return page(h(TotalsPage, { ...opBase(req), days: rechargeTotals(req.app.db, from, to), from, to }));
    },
  },
];

export const billingRoutes: Route[] = [...adminRoutes, ...operatorRoutes, ...invoiceRoutes];
