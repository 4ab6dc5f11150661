// A customer as forms and the API send it and as pages and the API show it: one reading of the
// input (standard fields, tags as text or a list, custom fields as f_<id> form fields or a `fields`
// object) and one view of a record, for the Customers pages, the workspace's panel and /api/v1.
import type { CustomerView } from "../../views/customers/customer-detail";
import { parseFieldValues, parseTags, tagsFromText, type Customer, type CustomerInput } from "./customers";
import type { FieldDef } from "./fields";
import { str } from "../http/request";


export function customerView(c: Customer): CustomerView {
  return { id: c.id, name: c.name, phone: c.phone, email: c.email, wechat: c.wechat, company: c.company, tags: parseTags(c.tags), fields: parseFieldValues(c.fields), externalId: c.externalId, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** What an edit form, the panel's JSON or an API call sends; validInput (customers.ts) checks it. */
export function customerInputFrom(body: Record<string, unknown>, defs: FieldDef[]): CustomerInput {
  const input: CustomerInput = {};
  for (const k of ["name", "phone", "email", "wechat", "company"] as const) if (typeof body[k] === "string") input[k] = str(body[k], 1000);
  if (typeof body.tags === "string") input.tags = tagsFromText(str(body.tags, 1000));
  else if (Array.isArray(body.tags)) input.tags = body.tags.filter((t): t is string => typeof t === "string").slice(0, 100);
  const given = body.fields && typeof body.fields === "object" && !Array.isArray(body.fields) ? (body.fields as Record<string, unknown>) : {};
  const fields: Record<string, string> = {};
  for (const d of defs) {
    const v = body[`f_${d.id}`] ?? given[d.id];
    if (typeof v === "string") fields[d.id] = str(v, 1000);
  }
  if (Object.keys(fields).length) input.fields = fields;
  return input;
}
