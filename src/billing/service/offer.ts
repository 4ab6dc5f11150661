// What opening the robot add-on costs an enterprise now (Admin → Robot shows it while the add-on
// is not paid): the monthly price, and the charge up to the common expiry when a period runs.
import { UserError } from "../../errors";
import type { ServiceContext } from "./context";
import { quotePurchase } from "./opening";
import { servicePrices } from "./prices";

export function addonOffer(ctx: ServiceContext, enterpriseId: string, now: number): { priceFen: number; now: { amountFen: number; date: string } | null } {
  const prices = servicePrices(ctx.db);
  try {
    const q = quotePurchase(ctx, enterpriseId, { seatIds: [], addon: true, months: 1 }, now, prices);
    return { priceFen: q.addonPrice, now: q.newPeriod ? null : { amountFen: q.addonFen, date: q.expiresOn } };
  } catch (e) {
    // Lapsed (renew first) or on already: the monthly price alone.
    if (e instanceof UserError) return { priceFen: prices.addonPriceFen, now: null };
    throw e;
  }
}
