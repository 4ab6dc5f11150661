// Customers (F16): the /customers pages, the workspace visitor panel's JSON, custom fields (Admin →
// Settings), the embed page's identity secret and the widget's Parley.identify endpoint. Every
// route declares its module; records outside the person's data scope are answered 404.
import { eq } from "drizzle-orm";
import { h } from "preact";
import { CustomerDetailPage } from "../../views/customers/customer-detail";
import { customerInputFrom, customerView } from "./input";
import { CustomerFieldsPage } from "../../views/customers/customer-fields-page";
import { CustomerResults, CustomersPage, type CustomerFilterValues, type CustomerRow, type ImportOutcome } from "../../views/customers/customers-page";
import { audit } from "../accounts/audit";
import type { Member } from "../accounts/data-scope";
import { isValidVisitorId, visitorKey } from "../chat/visitors";
import { conversations } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { fragment, json, page, redirect } from "../http/respond";
import { refusalOf } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { WindowLimit } from "../leads/window-limit";
import { onePer } from "../one-per";
import { getSite, siteByKey } from "../sites/sites";
import { resolveLocale, t } from "../i18n";
import type { AppContext } from "../http/app-context";
import { decodeUpload } from "../files/text";
import { customersCsv, importCustomers, IMPORT_MAX_BYTES } from "./csv";
import {
  addNote,
  countCustomers,
  createCustomer,
  customerOfRef,
  findMatch,
  getCustomer,
  link,
  linksOf,
  listCustomers,
  notesOf,
  parseTags,
  tagsInUse,
  updateCustomer,
  validInput,
  type Customer,
  type CustomerFilter,
  type CustomerInput,
} from "./customers";
import { addFieldDef, deleteFieldDef, listFieldDefs, type FieldDef } from "./fields";
import { identifyVisitor, MAX_EXTERNAL_ID, rotateIdentitySecret, identitySecret, validSignature } from "./identity";
import { mergeCustomers } from "./merge";
import { customerScope, visibleCustomer } from "./scope";
import { visitorsInScope } from "../chat/visibility";
import { timelineOf } from "./timeline";
import { isBlocked } from "../blocking/blocks";
import { actorOf, isHtmx, str } from "../http/request";

const CUSTOMERS = { module: "customers" } as const;
const PAGE_SIZE = 50;

const member = (req: Req) => req.user as Member;

function readFilters(req: Req): { values: CustomerFilterValues; filter: CustomerFilter; query: string; page: number } {
  const q = req.query;
  const values: CustomerFilterValues = { q: str(q.q, 100), tag: str(q.tag, 60), field: str(q.field, 40), value: str(q.value, 100) };
  const filter: CustomerFilter = {
    q: values.q,
    tag: values.tag || undefined,
    field: values.field && values.value ? { id: values.field, value: values.value } : undefined,
    scope: customerScope(member(req)),
  };
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
  const p = Math.max(1, Math.min(10_000, Math.floor(Number(q.page) || 1)));
  return { values, filter, query, page: p };
}

function identifiedIds(list: Customer[]): Set<string> {
  return new Set(list.filter((c) => c.externalId !== null).map((c) => c.id));
}

function listPage(req: Req, imported?: ImportOutcome, status = 200): Response {
  const m = member(req);
  const db = req.app.db;
  const { values, filter, query, page: p } = readFilters(req);
  const list = listCustomers(db, m.enterpriseId, filter, PAGE_SIZE, (p - 1) * PAGE_SIZE);
  const ids = identifiedIds(list);
  const rows: CustomerRow[] = list.map((c) => ({ id: c.id, name: c.name, phone: c.phone, email: c.email, wechat: c.wechat, company: c.company, tags: parseTags(c.tags), identified: ids.has(c.id), updatedAt: c.updatedAt }));
  const results = { t: req.t, locale: req.locale, rows, total: countCustomers(db, m.enterpriseId, filter), page: p, pageSize: PAGE_SIZE, query };
  if (isHtmx(req) && !imported) return fragment(h(CustomerResults, results));
  const defs = listFieldDefs(db, m.enterpriseId);
  return page(h(CustomersPage, { ...results, user: m, csrfToken: req.csrfToken, filters: values, tags: tagsInUse(db, m.enterpriseId), fieldDefs: defs, imported }), status);
}

function detailPage(req: Req, c: Customer, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const m = member(req);
  const db = req.app.db;
  return page(
    h(CustomerDetailPage, {
      t: req.t,
      locale: req.locale,
      user: m,
      csrfToken: req.csrfToken,
      customer: customerView(c),
      defs: listFieldDefs(db, m.enterpriseId),
      notes: notesOf(db, m.enterpriseId, c.id),
      timeline: timelineOf(db, m, c.id),
      ...extra,
    }),
    status,
  );
}

/** Runs a change and answers the detail page with the refusal's message (422) instead of an error page. */
function detailAction(req: Req, fn: (c: Customer) => { to: Customer; notice?: string } | void): Response {
  const c = visibleCustomer(req.app.db, member(req), req.params.id ?? "");
  try {
    const r = fn(c);
    return redirect(`/customers/${(r?.to ?? c).id}`);
  } catch (e) {
    const { error, status } = refusalOf(req, e);
    return detailPage(req, getCustomer(req.app.db, c.enterpriseId, c.id) ?? c, { error }, status);
  }
}

/** The visitor of a conversation the person can see (the workspace panel's visitor), or 404. */
function visibleVisitor(req: Req): string {
  const m = member(req);
  const id = req.params.visitorId ?? "";
  // A conversation of that visitor within the person's scope (for enterprise scope: any at all).
  const conv = scoped(req.app.db, m.enterpriseId).select(conversations, eq(conversations.visitorId, id)).limit(1).get();
  if (!conv || !visitorsInScope(req.app.db, m, [id]).has(id)) throw new UserError("not_found", 404);
  return id;
}

function panelJson(req: Req, visitorId: string, status = 200): Response {
  const m = member(req);
  const c = customerOfRef(req.app.db, m.enterpriseId, "visitor", visitorId);
  const verified = c ? linksOf(req.app.db, m.enterpriseId, c.id).some((l) => l.kind === "visitor" && l.refId === visitorId && l.verified) : false;
  return json({ customer: c ? { ...customerView(c), verified } : null, fields: listFieldDefs(req.app.db, m.enterpriseId) }, status);
}

/** Identify calls per address per minute: every page load of a signed-in user makes one. */
export const identifyLimit = onePer((_app: AppContext) => new WindowLimit(120, 60_000));

export const customerRoutes: Route[] = [
  { method: "GET", path: "/customers", access: CUSTOMERS, handle: (req) => listPage(req) },
  {
    method: "GET",
    path: "/customers/export.csv",
    access: CUSTOMERS,
    handle: (req) => {
      const m = member(req);
      const { filter } = readFilters(req);
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
      return new Response(customersCsv(req.app.db, m.enterpriseId, filter, listFieldDefs(req.app.db, m.enterpriseId), req.locale), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="customers-${day}.csv"`, "cache-control": "no-store" },
      });
    },
  },
  {
    method: "POST",
    path: "/customers/import",
    access: CUSTOMERS,
    maxBody: IMPORT_MAX_BYTES + 64 * 1024,
    handle: async (req) => {
      const m = member(req);
      const file = req.body.file;
      // Over the limit is refused, never cut: a cut last row could still pass (a phone short of digits).
      const size = file instanceof Blob ? file.size : str(req.body.csv).length;
      if (size > IMPORT_MAX_BYTES) return listPage(req, { ok: false, message: req.t("common.error.upload_too_large", { max: IMPORT_MAX_BYTES / 1024 / 1024 }), rejected: [] }, 413);
      const text = file instanceof Blob ? decodeUpload(await file.bytes()) : str(req.body.csv);
      if (text === null) return listPage(req, { ok: false, message: req.t("common.error.upload_encoding"), rejected: [] }, 422);
      const r = importCustomers(req.app.db, m.enterpriseId, text, listFieldDefs(req.app.db, m.enterpriseId), m.id, req.locale, customerScope(m));
      if (r.ok) {
        audit(req.app.db, actorOf(req), "customers.imported", { type: "customers", id: "-" }, { created: r.created, updated: r.updated });
        return listPage(req, { ok: true, message: req.t("customers.import.done", { created: r.created, updated: r.updated }), rejected: [] });
      }
      return listPage(req, { ok: false, message: r.error ?? req.t("customers.import.rejected", { count: r.rejected.length }), rejected: r.rejected.slice(0, 200) }, 422);
    },
  },
  {
    method: "POST",
    path: "/customers",
    access: CUSTOMERS,
    handle: (req) => {
      const m = member(req);
      const input = validInput(customerInputFrom(req.body, listFieldDefs(req.app.db, m.enterpriseId)), listFieldDefs(req.app.db, m.enterpriseId));
      if (!input.name && !input.phone && !input.email && !input.wechat) throw new UserError("customer_empty", 422);
      const c = createCustomer(req.app.db, m.enterpriseId, input, m.id);
      return redirect(`/customers/${c.id}`);
    },
  },
  { method: "GET", path: "/customers/:id", access: CUSTOMERS, handle: (req) => detailPage(req, visibleCustomer(req.app.db, member(req), req.params.id ?? "")) },
  {
    method: "POST",
    path: "/customers/:id",
    access: CUSTOMERS,
    handle: (req) =>
      detailAction(req, (c) => {
        const defs = listFieldDefs(req.app.db, c.enterpriseId);
        return { to: updateCustomer(req.app.db, c.enterpriseId, c, validInput(customerInputFrom(req.body, defs), defs)) };
      }),
  },
  {
    method: "POST",
    path: "/customers/:id/notes",
    access: CUSTOMERS,
    handle: (req) => detailAction(req, (c) => addNote(req.app.db, c.enterpriseId, c.id, { id: req.user!.id, name: req.user!.name }, str(req.body.note, 10_000))),
  },
  {
    method: "POST",
    path: "/customers/:id/merge",
    access: CUSTOMERS,
    handle: (req) =>
      detailAction(req, (c) => {
        const m = member(req);
        const other = str(req.body.other, 254).trim();
        // The other record by its id, or by its email or phone; it too must be within the person's scope.
        const found = (other.startsWith("cus_") ? getCustomer(req.app.db, m.enterpriseId, other) : findMatch(req.app.db, m.enterpriseId, { email: other, phone: other })) ?? null;
        if (!found) throw new UserError("customer_merge_unknown", 422);
        const gone = visibleCustomerOr422(req, found.id);
        const defs = listFieldDefs(req.app.db, m.enterpriseId);
        const merged = mergeCustomers(req.app.db, m.enterpriseId, c.id, gone.id, m, {
          merged: (from, values) => req.t(values ? "customers.merge.note" : "customers.merge.noteSame", { from, values }),
          label: (f) => defs.find((d) => d.id === f)?.label ?? req.t(`customers.field.${f}`),
        });
        audit(req.app.db, actorOf(req), "customer.merged", { type: "customer", id: c.id, name: c.name }, { from: gone.id });
        return { to: merged };
      }),
  },
  {
    method: "GET",
    path: "/api/customers/visitor/:visitorId",
    access: CUSTOMERS,
    api: true,
    handle: (req) => panelJson(req, visibleVisitor(req)),
  },
  {
    method: "POST",
    path: "/api/customers/visitor/:visitorId",
    access: CUSTOMERS,
    api: true,
    handle: (req) => {
      const m = member(req);
      const visitorId = visibleVisitor(req);
      const db = req.app.db;
      const defs = listFieldDefs(db, m.enterpriseId);
      const input = validInput(customerInputFrom(req.body, defs), defs);
      const linked = customerOfRef(db, m.enterpriseId, "visitor", visitorId);
      if (linked) updateCustomer(db, m.enterpriseId, linked, input);
      else {
        if (!input.name && !input.phone && !input.email && !input.wechat) throw new UserError("customer_empty", 422);
        // An agent filling in a visitor's details: the customer with that email or phone is theirs, or a new one.
        // Only a customer within the person's scope: typing a phone or email must not pull another's record in (nor change it).
        const match = findMatch(db, m.enterpriseId, input, customerScope(m));
        const c = match ? updateCustomer(db, m.enterpriseId, match, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== "")) as CustomerInput) : createCustomer(db, m.enterpriseId, input, m.id);
        link(db, m.enterpriseId, c.id, "visitor", visitorId);
      }
      return panelJson(req, visitorId);
    },
  },
  {
    method: "GET",
    path: "/admin/customer-fields",
    access: { module: "settings" },
    handle: (req) => page(h(CustomerFieldsPage, { t: req.t, locale: req.locale, user: member(req), csrfToken: req.csrfToken, defs: listFieldDefs(req.app.db, req.user!.enterpriseId) })),
  },
  {
    method: "POST",
    path: "/admin/customer-fields",
    access: { module: "settings" },
    handle: (req) => {
      const eid = req.user!.enterpriseId;
      try {
        const d = addFieldDef(req.app.db, eid, { label: req.body.label, type: req.body.type, options: req.body.options });
        audit(req.app.db, actorOf(req), "customer_field.created", { type: "customer_field", id: d.id, name: d.label }, { type: d.type });
        return redirect("/admin/customer-fields");
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return page(h(CustomerFieldsPage, { t: req.t, locale: req.locale, user: member(req), csrfToken: req.csrfToken, defs: listFieldDefs(req.app.db, eid), error: req.t(`common.error.${e.code}`, e.params) }), e.status);
      }
    },
  },
  {
    method: "POST",
    path: "/admin/customer-fields/:id/delete",
    access: { module: "settings" },
    handle: (req) => {
      const d = deleteFieldDef(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      audit(req.app.db, actorOf(req), "customer_field.deleted", { type: "customer_field", id: d.id, name: d.label });
      return redirect("/admin/customer-fields");
    },
  },
  {
    method: "POST",
    path: "/admin/embed/identity/:siteId/rotate",
    access: { module: "styles" },
    handle: (req) => {
      const site = getSite(req.app.db, req.user!.enterpriseId, req.params.siteId ?? "");
      if (!site) throw new UserError("not_found", 404);
      rotateIdentitySecret(req.app.db, site.enterpriseId, site.id);
      audit(req.app.db, actorOf(req), "site.identity_secret_rotated", { type: "site", id: site.id, name: site.name });
      return redirect("/admin/embed");
    },
  },
  {
    // Parley.identify from the host page: a valid signature ties this visitor to the host's user.
    // An invalid or missing one changes nothing (the visitor chats on, unidentified).
    method: "POST",
    path: "/api/widget/identify",
    access: "public",
    api: true,
    crossSite: true,
    maxBody: 4096,
    handle: (req) => {
      const wait = identifyLimit(req.app).hit(req.ip);
      if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
      const site = siteByKey(req.app.db, str(req.body.site, 100));
      if (!site || !isValidVisitorId(req.body.vid)) throw new UserError("not_found", 404);
      const visitorId = visitorKey(site.enterpriseId, req.body.vid);
      // A blocked visitor's widget is refused everything, this too (src/blocking).
      if (isBlocked(req.app.db, site.enterpriseId, visitorId, req.ip, req.app.chat.clock.now())) throw new UserError("blocked", 403);
      const id = str(req.body.id, MAX_EXTERNAL_ID + 1).trim();
      if (!id || id.length > MAX_EXTERNAL_ID) throw new UserError("bad_request", 400, { reason: "id" });
      if (!validSignature(identitySecret(req.app.db, site.enterpriseId, site.id), id, req.body.signature)) throw new UserError("invalid_signature", 403);
      identifyVisitor(req.app.db, site.enterpriseId, visitorId, { id, name: str(req.body.name, 200), email: str(req.body.email, 300), phone: str(req.body.phone, 64) });
      return json({ ok: true }, 200);
    },
  },
];

function visibleCustomerOr422(req: Req, id: string): Customer {
  try {
    return visibleCustomer(req.app.db, member(req), id);
  } catch {
    throw new UserError("customer_merge_unknown", 422);
  }
}


