// What the wallet panel on the account page shows (views/billing/wallet-panel.tsx): the balance,
// whether and how the enterprise may recharge, and its latest recharges. Company mode has no wallet.
import type { AppContext } from "../http/app-context";
import type { WalletData } from "../../views/billing/wallet-panel";
import { accountOf, standingOf } from "../platform/standing";
import { balanceOf } from "./ledger";
import { ordersOf, RECEIPT_MAX_BYTES } from "./recharge";
import { billingSettings, channelsReady } from "./settings";

export function walletData(app: AppContext, enterpriseId: string, extra: Partial<WalletData> = {}): WalletData | undefined {
  if (app.config.mode !== "platform") return undefined;
  const db = app.db;
  const s = billingSettings(db);
  const standing = standingOf(db, enterpriseId);
  const closedReason = standing.suspended ? "billing.closed.suspended" : standing.state !== "verified" ? `billing.closed.${standing.state}` : null;
  return {
    balanceFen: balanceOf(db, enterpriseId),
    closedReason,
    minRechargeFen: s.minRechargeFen,
    channels: channelsReady(s),
    bankAccount: s.bankAccount,
    remark: accountOf(db, enterpriseId)?.displayId ?? "",
    recent: ordersOf(db, enterpriseId, 1, 10).rows,
    receiptMaxMb: RECEIPT_MAX_BYTES / 1024 / 1024,
    ...extra,
  };
}
