// Invoices over HTTP: the admin's requests under /admin/settings/account/invoices (and the issued
// file, to that enterprise only), the operator's queue under /operator/billing/invoices.
import { h } from "preact";
import { InvoiceQueuePage, InvoicesPage } from "../../views/billing/invoice-pages";
import { UserError } from "../errors";
import { FORM_OVERHEAD } from "../http/body";
import { page, redirect } from "../http/respond";
import { refusalShown } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { fileResponse } from "../files/store";
import { INVOICE_FILE_MAX_BYTES, invoiceById, invoiceFile, invoiceable, invoicesOf, issueInvoice, ownInvoice, pendingInvoices, rejectInvoice, requestInvoice } from "./invoices";
import { str } from "../http/request";

const SETTINGS = { module: "settings" } as const;
const OPERATOR = "operator" as const;
const MB = INVOICE_FILE_MAX_BYTES / 1024 / 1024;
const me = (req: Req) => ({ id: req.operator!.operator.id, name: req.operator!.operator.name });

function adminPage(req: Req, extra: { values?: Record<string, string>; error?: string; notice?: string } = {}, status = 200): Response {
  if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
  const eid = req.user!.enterpriseId;
  return page(h(InvoicesPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, invoices: invoicesOf(req.app.db, eid), availableFen: invoiceable(req.app.db, eid), fileMaxMb: MB, ...extra }), status);
}

function queuePage(req: Req, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  return page(h(InvoiceQueuePage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name, ...pendingInvoices(req.app.db, Number(req.query.page ?? 1) || 1), fileMaxMb: MB, ...extra }), status);
}

export const invoiceRoutes: Route[] = [
  { method: "GET", path: "/admin/settings/account/invoices", access: SETTINGS, handle: (req) => adminPage(req, { notice: req.query.requested ? req.t("billing.invoice.requested") : undefined }) },
  {
    method: "POST",
    path: "/admin/settings/account/invoices",
    access: SETTINGS,
    handle: (req) => {
      const values = { kind: str(req.body.kind), title: str(req.body.title).slice(0, 200), taxId: str(req.body.taxId).slice(0, 40), details: str(req.body.details).slice(0, 600), amount: str(req.body.amount).slice(0, 40) };
      return refusalShown(
        req,
        () => {
          if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
          requestInvoice(req.app.db, req.user!, values);
          return redirect("/admin/settings/account/invoices?requested=1");
        },
        (error, status) => adminPage(req, { values, error }, status),
      );
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account/invoices/:id/file",
    access: SETTINGS,
    handle: async (req) => {
      const inv = ownInvoice(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      const bytes = inv && (await invoiceFile(req.app.config.dataDir, inv));
      if (!inv || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, inv.fileType, inv.fileName, { "cache-control": "private, no-store" });
    },
  },
  {
    method: "GET",
    path: "/operator/billing/invoices",
    access: OPERATOR,
    handle: (req) => queuePage(req, { notice: req.query.done ? req.t(req.query.done === "issue" ? "billing.op.invoices.done_issue" : "billing.op.invoices.done_reject") : undefined }),
  },
  {
    method: "POST",
    path: "/operator/billing/invoices/:id/issue",
    access: OPERATOR,
    maxBody: INVOICE_FILE_MAX_BYTES + FORM_OVERHEAD,
    handle: (req) =>
      refusalShown(
        req,
        async () => {
          await issueInvoice(req.app, me(req), req.params.id ?? "", req.body.file);
          return redirect("/operator/billing/invoices?done=issue");
        },
        (error, status) => queuePage(req, { error }, status),
      ),
  },
  {
    method: "POST",
    path: "/operator/billing/invoices/:id/reject",
    access: OPERATOR,
    handle: (req) =>
      refusalShown(
        req,
        () => {
          rejectInvoice(req.app.db, me(req), req.params.id ?? "", req.body.reason);
          return redirect("/operator/billing/invoices?done=reject");
        },
        (error, status) => queuePage(req, { error }, status),
      ),
  },
  {
    method: "GET",
    path: "/operator/billing/invoices/:id/file",
    access: OPERATOR,
    handle: async (req) => {
      const inv = invoiceById(req.app.db, req.params.id ?? "");
      const bytes = inv && (await invoiceFile(req.app.config.dataDir, inv));
      if (!inv || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, inv.fileType, inv.fileName, { "cache-control": "private, no-store" });
    },
  },
];
