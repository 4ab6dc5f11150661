// Which customers a person's data scope reaches (F4 applied to F16). Enterprise scope: all of
// them. Own and group scope: a customer is theirs when it is tied to something they can see — a
// conversation of a linked visitor that is theirs (or their groups', or still waiting for anyone),
// a linked lead they (or their group) hold or that is still in the public pool — or when they (or
// a member of their groups) created it. Everything else is answered as not found.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { scopeFilter, type Member } from "../accounts/data-scope";
import type { Db } from "../db/client";
import { conversations, customerLinks, customers, leads } from "../db/schema";
import { leadScope } from "../leads/leads";
import { UserError } from "../errors";
import { getCustomer, type Customer } from "./customers";

type Viewer = Pick<Member, "id" | "enterpriseId" | "grant" | "reach">;

/** The scope as a condition on `customers` rows; undefined: no narrowing. */
export function customerScope(m: Viewer): SQL | undefined {
  if (m.grant.scope === "enterprise") return undefined;
  const convs = scopeFilter(m, conversations.agentId, { unownedVisible: true, group: conversations.groupId });
  const claimed = leadScope(m);
  const creators = m.grant.scope === "group" ? [...m.reach.memberIds] : [m.id];
  return or(
    inArray(customers.createdBy, creators),
    sql`exists (select 1 from ${customerLinks} join ${conversations} on ${conversations.enterpriseId} = ${customerLinks.enterpriseId} and ${conversations.visitorId} = ${customerLinks.refId}
      where ${customerLinks.customerId} = ${customers.id} and ${customerLinks.kind} = 'visitor' and ${convs})`,
    sql`exists (select 1 from ${customerLinks} join ${leads} on ${leads.id} = ${customerLinks.refId} and ${leads.enterpriseId} = ${customerLinks.enterpriseId}
      where ${customerLinks.customerId} = ${customers.id} and ${customerLinks.kind} = 'lead' and ${claimed})`,
  );
}

/** Is this customer within the person's scope? */
export function seesCustomer(db: Db, m: Viewer, id: string): boolean {
  const scope = customerScope(m);
  if (!scope) return !!getCustomer(db, m.enterpriseId, id);
  return !!db.select({ id: customers.id }).from(customers).where(and(eq(customers.enterpriseId, m.enterpriseId), eq(customers.id, id), scope)).get();
}

/** The customer, or 404 when it does not exist or is outside the person's scope. */
export function visibleCustomer(db: Db, m: Viewer, id: string): Customer {
  const c = getCustomer(db, m.enterpriseId, id);
  if (!c || !seesCustomer(db, m, id)) throw new UserError("not_found", 404);
  return c;
}
