// WeChat Pay and Alipay over HTTP: the admin starts an online recharge (an order and its QR code),
// the order's page polls its state (and asks the gateway itself now and then, should the
// notification be late), and the gateways post their notifications here (public, no cookies, no
// CSRF: they are believed only by their signatures, src/billing/gateways.ts).
import { h } from "preact";
import { OrderPage, OrderStatus } from "../../views/billing/admin-pages";
import type { WalletData } from "../../views/billing/wallet-panel";
import { UserError } from "../errors";
import { readLimited } from "../http/body";
import { fragment, page, redirect } from "../http/respond";
import { refusalOf } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { alipayPageUrl, handleAlipayNotification, handleWechatNotification, POLL_QUERY_EVERY_MS, qrDataUri, recoverOrder, startOnlineRecharge, type GatewayAnswer } from "./gateways";
import { balanceOf } from "./ledger";
import { ownOrder, type RechargeOrder } from "./recharge";
import { str } from "../http/request";

const SETTINGS = { module: "settings" } as const;
/** A notification is a few kilobytes; nothing larger is read. */
const NOTIFY_MAX_BODY = 16 * 1024;

/** Where the gateways send their notifications: the configured public URL, else the address the request came to. */
export function notifyUrls(req: Req): { wechat: string; alipay: string } {
  const origin = notifyBase(req);
  return { wechat: `${origin}/billing/notify/wechat`, alipay: `${origin}/billing/notify/alipay` };
}

const notifyBase = (req: Req) => req.app.config.publicUrl || req.origin;

function answer(a: GatewayAnswer): Response {
  return new Response(a.status === 204 ? null : a.body, { status: a.status, headers: a.status === 204 ? {} : { "content-type": `${a.contentType}; charset=utf-8` } });
}

/** The order as its page shows it; a pending one is asked about at the gateway when the last look is old enough. */
async function freshOrder(req: Req): Promise<RechargeOrder> {
  const order = ownOrder(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
  if (!order || order.channel === "bank") throw new UserError("not_found", 404);
  const now = Date.now();
  if (order.state === "pending" && now - (order.checkedAt ?? order.createdAt) >= POLL_QUERY_EVERY_MS) return recoverOrder(req.app, order, now);
  return order;
}

async function statusProps(req: Req, order: RechargeOrder) {
  const pending = order.state === "pending";
  // An Alipay order without a QR code was made for page pay: the payer goes to Alipay's page.
  const pagePayUrl = pending && order.channel === "alipay" && !order.codeUrl ? alipayPageUrl(req.app, order, notifyBase(req), `${notifyBase(req)}/admin/settings/account/recharges/${order.id}`) : undefined;
  return { t: req.t, order, qrSvgDataUri: pending && order.codeUrl ? await qrDataUri(order.codeUrl) : "", balanceFen: balanceOf(req.app.db, order.enterpriseId), pagePayUrl };
}

export function onlineRoutes(rechargePage: (req: Req, extra?: Partial<WalletData>, status?: number) => Response): Route[] {
  return [
    {
      method: "POST",
      path: "/admin/settings/account/recharges/online",
      access: SETTINGS,
      handle: async (req) => {
        if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
        const values = { amount: str(req.body.amount).slice(0, 40) };
        try {
          const order = await startOnlineRecharge(req.app, req.user!, req.body.channel, values.amount, notifyBase(req));
          return redirect(`/admin/settings/account/recharges/${order.id}`);
        } catch (e) {
          const { error, status } = refusalOf(req, e);
          return rechargePage(req, { values, error }, status);
        }
      },
    },
    {
      method: "GET",
      path: "/admin/settings/account/recharges/:id",
      access: SETTINGS,
      handle: async (req) => {
        const order = await freshOrder(req);
        const props = await statusProps(req, order);
        return page(h(OrderPage, { ...props, locale: req.locale, user: req.user!, csrfToken: req.csrfToken }));
      },
    },
    {
      method: "GET",
      path: "/admin/settings/account/recharges/:id/status",
      access: SETTINGS,
      handle: async (req) => fragment(h(OrderStatus, await statusProps(req, await freshOrder(req)))),
    },
    {
      method: "POST",
      path: "/billing/notify/wechat",
      access: "public",
      crossSite: true,
      rawBody: true,
      maxBody: NOTIFY_MAX_BODY,
      handle: async (req) => {
        if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
        const body = new TextDecoder().decode(await readLimited(req.request, NOTIFY_MAX_BODY));
        return answer(handleWechatNotification(req.app, req.request.headers, body));
      },
    },
    {
      method: "POST",
      path: "/billing/notify/alipay",
      access: "public",
      crossSite: true,
      rawBody: true,
      maxBody: NOTIFY_MAX_BODY,
      handle: async (req) => {
        if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
        const text = new TextDecoder().decode(await readLimited(req.request, NOTIFY_MAX_BODY));
        const form: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(text)) form[k] = v;
        return answer(handleAlipayNotification(req.app, form));
      },
    },
  ];
}
