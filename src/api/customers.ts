// /api/v1/customers: the CRM's records (F16) for the firm's own systems — list and search, read,
// create and change — through the same domain functions and checks as the Customers pages.
import { createCustomer, listCustomers, updateCustomer, validInput, type Customer } from "../customers/customers";
import { listFieldDefs } from "../customers/fields";
import { customerInputFrom, customerView } from "../customers/input";
import { customerScope, visibleCustomer } from "../customers/scope";
import type { Member } from "../accounts/data-scope";
import { UserError } from "../errors";
import { json } from "../http/respond";
import type { Req, Route } from "../http/route";
import { arr, idPath, ms, nextOffset, nullable, obj, PAGING, paging, str, textParam, V1 } from "./common";
import type { Schema } from "./doc";

const CUSTOMERS = { module: "customers" } as const;

const CUSTOMER: Schema = obj(
  {
    id: str,
    name: str,
    phone: str,
    email: str,
    wechat: str,
    company: str,
    tags: arr(str),
    fields: { type: "object", description: "custom field id → value", additionalProperties: str },
    externalId: nullable(str),
    createdAt: ms,
    updatedAt: ms,
  },
  ["id", "name", "phone", "email", "wechat", "company", "tags", "fields", "createdAt", "updatedAt"],
);
const CUSTOMER_INPUT: Schema = obj(
  { name: str, phone: str, email: str, wechat: str, company: str, tags: arr(str), fields: { type: "object", description: "custom field id → value", additionalProperties: str } },
  [],
);

const member = (req: Req) => req.user as Member;
const view = (c: Customer) => customerView(c);

function input(req: Req) {
  const defs = listFieldDefs(req.app.db, member(req).enterpriseId);
  return validInput(customerInputFrom(req.body, defs), defs);
}

export const customerApiRoutes: Route[] = [
  {
    method: "GET",
    path: `${V1}/customers`,
    access: CUSTOMERS,
    api: true,
    doc: {
      operationId: "listCustomers",
      tag: "customers",
      summary: "List customers, most recently changed first",
      query: { q: { description: "words to find (Chinese-aware; prefixes of phone numbers too)", schema: str }, tag: { description: "only those with this tag", schema: str }, ...PAGING },
      response: obj({ customers: arr(CUSTOMER), next: nullable({ type: "integer" }) }),
    },
    handle: (req) => {
      const { limit, offset } = paging(req);
      const m = member(req);
      const rows = listCustomers(req.app.db, m.enterpriseId, { q: textParam(req, "q", 100), tag: textParam(req, "tag", 60), scope: customerScope(m) }, limit + 1, offset);
      const { items, next } = nextOffset(rows, limit, offset);
      return json({ customers: items.map(view), next });
    },
  },
  {
    method: "GET",
    path: `${V1}/customers/:id`,
    access: CUSTOMERS,
    api: true,
    doc: { operationId: "getCustomer", tag: "customers", summary: "Read a customer", path: idPath("customer"), response: obj({ customer: CUSTOMER }) },
    handle: (req) => json({ customer: view(visibleCustomer(req.app.db, member(req), req.params.id ?? "")) }),
  },
  {
    method: "POST",
    path: `${V1}/customers`,
    access: CUSTOMERS,
    api: true,
    doc: { operationId: "createCustomer", tag: "customers", summary: "Create a customer (at least a name, phone, email or WeChat)", body: CUSTOMER_INPUT, status: 201, response: obj({ customer: CUSTOMER }) },
    handle: (req) => {
      const given = input(req);
      if (!given.name && !given.phone && !given.email && !given.wechat) throw new UserError("customer_empty", 422);
      return json({ customer: view(createCustomer(req.app.db, member(req).enterpriseId, given, member(req).id)) }, 201);
    },
  },
  {
    method: "PATCH",
    path: `${V1}/customers/:id`,
    access: CUSTOMERS,
    api: true,
    doc: { operationId: "updateCustomer", tag: "customers", summary: "Change the fields given (custom fields given replace those values only)", path: idPath("customer"), body: CUSTOMER_INPUT, response: obj({ customer: CUSTOMER }) },
    handle: (req) => {
      const c = visibleCustomer(req.app.db, member(req), req.params.id ?? "");
      return json({ customer: view(updateCustomer(req.app.db, c.enterpriseId, c, input(req))) });
    },
  },
];
