// Company mode → platform mode (docs/platform.md, "Upgrade"; issue 13 item 7: the upgraded
// enterprise keeps its seats open). An enterprise company mode made (no platform_accounts row) and
// never billed (no service_accounts row) gets, the first time the renewal job runs in platform
// mode, service for every active seat free for one month: the common expiry is one month after
// that moment, auto-renew is on, and from then on it renews and pays like any other enterprise.
import { audit } from "../../accounts/audit";
import { serviceAccounts, seatServices, users } from "../../db/schema";
import { newId } from "../../db/ids";
import { scoped } from "../../db/scope";
import { transaction } from "../../db/transaction";
import { eq } from "drizzle-orm";
import { addMonths, localDate, localTime } from "./calendar";
import type { ServiceContext } from "./context";
import type { ServicePrices } from "./prices";
import { foundingSeatId } from "./state";

/** Gives each company-made, never-billed enterprise its free month; returns how many. */
export function grantUpgrades(ctx: ServiceContext, now: number, prices: ServicePrices): number {
  const { db } = ctx;
  const ids = db.$client
    .query("select e.id from enterprises e where not exists (select 1 from platform_accounts p where p.enterprise_id = e.id) and not exists (select 1 from service_accounts s where s.enterprise_id = e.id)")
    .all() as { id: string }[];
  for (const { id } of ids) {
    transaction(db, () => {
      const s = scoped(db, id);
      const expiresAt = addMonths(now, 1, prices.timeZone);
      s.insert(serviceAccounts, { expiresAt, anchorDay: localTime(now, prices.timeZone).day, autoRenew: true, seatPrice: prices.seatPriceFen, addonPrice: prices.addonPriceFen, robotAddon: false, upgradeGrantAt: now, updatedAt: now }).run();
      const founder = foundingSeatId(db, id);
      const seats = s.select(users, eq(users.seatState, "active")).all().filter((u) => u.id !== founder);
      for (const u of seats) s.insert(seatServices, { id: newId("svc"), userId: u.id, openedAt: now, closedAt: null }).run();
      audit(db, { id: null, name: "upgrade", enterpriseId: id }, "service.upgrade_grant", { type: "service", id }, { seats: seats.length, expiresOn: localDate(expiresAt, prices.timeZone) });
    });
  }
  return ids.length;
}

