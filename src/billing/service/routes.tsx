// Seat service's routes (F15): Admin → Seat service and its actions (module "billing"), and the
// operator's page (/operator/service). Opening always passes through a confirmation page showing the
// exact charge; the charge happens on its submit. Platform mode only: company mode has no billing
// (the admin page says every seat is served; the actions answer 404).
import { h } from "preact";
import { ConfirmPage, OperatorServicePage, ServicePage } from "../../../views/billing/service/service-pages";
import type { AuditActor } from "../../accounts/audit";
import { randomToken } from "../../db/ids";
import { UserError } from "../../errors";
import { page } from "../../http/respond";
import { refusalOf } from "../../http/refusal";
import type { Req, Route } from "../../http/route";
import { operatorAudit } from "../../platform/operator-audit";
import { balanceOf } from "../ledger";
import { fenToYuan, formatFen } from "../money";
import { closeAddon, closeSeatService, purchase, quotePurchase, setAutoRenew, type PurchaseInput } from "./opening";
import { adminOverview, operatorOverview } from "./overview";
import { parsePricesForm, saveServicePrices, servicePrices } from "./prices";
import { renewByHand } from "./renewal";
import { actorOf } from "../../http/request";

const BILLING = { module: "billing" } as const;
const OPERATOR = "operator" as const;

const now = (req: Req) => req.app.chat.clock.now();
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v ? [v] : []);
const platformOnly = (req: Req) => {
  if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
};
const nonce = () => randomToken(18).replace(/[^A-Za-z0-9_-]/g, "").slice(0, 24).padEnd(16, "0");

function servicePage(req: Req, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const base = { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, ...extra };
  if (req.app.config.mode !== "platform") {
    const none = { platform: false, expiresOn: null, lapsedOn: null, autoRenew: false, renewDaysBefore: 0, balanceFen: 0, seats: [], upcoming: null, warning: null, addon: { on: true, priceFen: 0 }, history: [], page: 1, pages: 1, renewNonce: "" };
    return page(h(ServicePage, { ...base, d: none }), status);
  }
  const d = adminOverview(req.app, req.user!.enterpriseId, now(req), Number(req.query.page ?? 1) || 1);
  return page(h(ServicePage, { ...base, d: { platform: true, ...d, renewNonce: nonce() } }), status);
}

function purchaseInput(req: Req): PurchaseInput {
  return { seatIds: list(req.body.seat), addon: req.body.addon === "1", months: typeof req.body.months === "string" ? req.body.months : 1 };
}

/** The confirmation page: the exact charge now, and a fresh key for the purchase. */
function confirmPage(req: Req, input: PurchaseInput, extra: { error?: string } = {}, status = 200): Response {
  const q = quotePurchase(req.app, req.user!.enterpriseId, input, now(req));
  const c = { seats: q.seats, addon: q.addon, newPeriod: q.newPeriod, months: q.months, seatPriceFen: q.seatPrice, addonPriceFen: q.addonPrice, seatFen: q.seatFen, addonFen: q.addonFen, totalFen: q.totalFen, expiresOn: q.expiresOn, balanceFen: balanceOf(req.app.db, req.user!.enterpriseId), nonce: nonce() };
  return page(h(ConfirmPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, c, ...extra }), status);
}

/** Runs an action; a refusal shows the service page with the reason (402/409/400 as the error says). */
function act(req: Req, fn: () => string): Response {
  platformOnly(req);
  try {
    return servicePage(req, { notice: fn() });
  } catch (e) {
    const { error, status } = refusalOf(req, e);
    return servicePage(req, { error }, status);
  }
}

export const serviceRoutes: Route[] = [
  { method: "GET", path: "/admin/service", access: BILLING, handle: (req) => servicePage(req) },
  {
    method: "POST",
    path: "/admin/service/quote",
    access: BILLING,
    handle: (req) => {
      platformOnly(req);
      try {
        return confirmPage(req, purchaseInput(req));
      } catch (e) {
        const { error, status } = refusalOf(req, e);
        return servicePage(req, { error }, status);
      }
    },
  },
  {
    method: "POST",
    path: "/admin/service/open",
    access: BILLING,
    handle: (req) => {
      platformOnly(req);
      const input = purchaseInput(req);
      try {
        const done = purchase(req.app, actorOf(req), { ...input, nonce: typeof req.body.nonce === "string" ? req.body.nonce : "", confirmFen: Number(req.body.confirmFen), confirmPrices: { seat: Number(req.body.confirmSeatPrice), addon: Number(req.body.confirmAddonPrice) } }, now(req));
        if (!done.quote) return servicePage(req, { notice: req.t("service.opened_again") });
        return servicePage(req, { notice: req.t("service.opened", { amount: formatFen(done.quote.totalFen), date: done.quote.expiresOn }) });
      } catch (e) {
        const { error, status, code } = refusalOf(req, e);
        // A changed amount or a short balance: the confirmation again, with the amount of now and why.
        if (code === "service_price_changed" || code === "insufficient_balance") {
          try {
            return confirmPage(req, input, { error }, status);
          } catch (again) {
            refusalOf(req, again);
          }
        }
        return servicePage(req, { error }, status);
      }
    },
  },
  {
    method: "POST",
    path: "/admin/service/seats/:id/close",
    access: BILLING,
    handle: (req) => act(req, () => req.t("service.closed", { amount: formatFen(closeSeatService(req.app, actorOf(req), req.params.id ?? "", now(req)).refundFen) })),
  },
  {
    method: "POST",
    path: "/admin/service/addon/close",
    access: BILLING,
    handle: (req) => act(req, () => req.t("service.addon.closed", { amount: formatFen(closeAddon(req.app, actorOf(req), now(req)).refundFen) })),
  },
  {
    method: "POST",
    path: "/admin/service/auto-renew",
    access: BILLING,
    handle: (req) =>
      act(req, () => {
        setAutoRenew(req.app, actorOf(req), req.body.on === "1", now(req));
        return "";
      }),
  },
  {
    method: "POST",
    path: "/admin/service/renew",
    access: BILLING,
    handle: (req) =>
      act(req, () => {
        const { replayed } = renewByHand(req.app, actorOf(req), { months: req.body.months, nonce: typeof req.body.nonce === "string" ? req.body.nonce : "" }, now(req));
        if (replayed) return req.t("service.opened_again");
        return req.t("service.renew.done", { date: adminOverview(req.app, req.user!.enterpriseId, now(req)).expiresOn ?? "" });
      }),
  },

  // ---- the operator's ----------------------------------------------------------------
  {
    method: "GET",
    path: "/operator/service",
    access: OPERATOR,
    handle: (req) => operatorPage(req),
  },
  {
    method: "POST",
    path: "/operator/service/settings",
    access: OPERATOR,
    handle: (req) => {
      try {
        const changed = saveServicePrices(req.app.db, parsePricesForm(req.body));
        const op = req.operator!.operator;
        if (Object.keys(changed).length) operatorAudit(req.app.db, { id: op.id, name: op.name }, "service.prices_updated", { type: "settings", id: "service" }, changed);
        return operatorPage(req, { notice: req.t("service.op.saved") });
      } catch (e) {
        const { error, status } = refusalOf(req, e);
        return operatorPage(req, { error }, status);
      }
    },
  },
];

function operatorPage(req: Req, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const p = servicePrices(req.app.db);
  const o = operatorOverview(req.app, now(req), Number(req.query.page ?? 1) || 1);
  const d = { prices: { seatPrice: fenToYuan(p.seatPriceFen), addonPrice: fenToYuan(p.addonPriceFen), timeZone: p.timeZone, renewDaysBefore: p.renewDaysBefore }, ...o };
  return page(h(OperatorServicePage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name, d, ...extra }), status);
}

