// WeChat Pay and Alipay: the admin's online recharge (an order and its QR code, polled) and the
// gateways' notifications. (Filled in with the gateways.)
import type { WalletData } from "../../views/billing/WalletPanel";
import type { Req, Route } from "../http/route";

/** Where the gateways send their notifications: the configured public URL, else the operator's own origin. */
export function notifyUrls(req: Req): { wechat: string; alipay: string } {
  const origin = req.app.config.publicUrl || req.origin;
  return { wechat: `${origin}/billing/notify/wechat`, alipay: `${origin}/billing/notify/alipay` };
}

export function onlineRoutes(_rechargePage: (req: Req, extra?: Partial<WalletData>, status?: number) => Response): Route[] {
  return [];
}
