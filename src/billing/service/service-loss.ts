// What happens when seats lose service (the expiry passed unpaid, or the admin closed a seat's
// service): their agents are set offline and told why (a status frame and the error the workspace
// explains), routing forgets them, and their open conversations go where an agent going offline
// sends them: to another served seat of the site's groups, or the queue — and with nobody served
// left the widget offers the message form. Nothing is deleted.
import { inArray } from "drizzle-orm";
import { setAgentStatus } from "../../accounts/users";
import { users } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { ServiceContext } from "./context";

export function seatsLostService(ctx: ServiceContext, enterpriseId: string, userIds: readonly string[]): void {
  if (userIds.length === 0) return;
  // Stored offline first: a seat reconnecting now comes back offline.
  const seats = ctx.db
    .select({ id: users.id, status: users.status })
    .from(users)
    .where(ownedBy(users, enterpriseId, inArray(users.id, [...userIds])))
    .all();
  for (const u of seats) if (u.status !== "offline") setAgentStatus(ctx.db, enterpriseId, u.id, "offline");
  // The live part (presence, sockets, routing, handing conversations on) is the chat core's.
  ctx.chat?.seatsLostService(enterpriseId, userIds);
}

/** Seats given service again (paid): routing reads them again; waiting visitors may be served once they go online. */
export function seatsGainedService(ctx: ServiceContext, enterpriseId: string): void {
  ctx.chat?.capacityChanged(enterpriseId);
}

