// Where customers come from without an agent: a visitor's pre-chat form and the leave-a-message
// form (a lead). Each ties the visitor (and the lead) to the customer with the same email or
// phone, or makes one when they gave a way to reach them. Never fails the visitor's request.
import type { Db } from "../db/client";
import { log } from "../log";
import { customerFromContact, link } from "./customers";

export function customerFromPreChat(db: Db, enterpriseId: string, visitorId: string, values: { name?: string; email?: string }): void {
  try {
    customerFromContact(db, enterpriseId, { kind: "visitor", id: visitorId }, values);
  } catch (error) {
    log.error("customer from pre-chat form failed", { error });
  }
}

export function customerFromLead(db: Db, enterpriseId: string, lead: { id: string; visitorId: string | null; name: string; phone: string; email: string; wechat: string }): void {
  try {
    const c = customerFromContact(db, enterpriseId, { kind: "lead", id: lead.id }, lead);
    if (c && lead.visitorId) link(db, enterpriseId, c.id, "visitor", lead.visitorId);
  } catch (error) {
    log.error("customer from lead failed", { error });
  }
}
